"""zwgk-audit, the application: the command line and the audit flow (crawl → check → report)."""
