"""Crawler settings for tests/faults/test_kill.py: the project's, with a batch of a few rows, so
a crawl killed half way has committed several batches (SCRAPY_SETTINGS_MODULE points here)."""

from crawler.settings import *  # noqa: F403 (the project's settings, one changed below)

ZWGK_STORE_BATCH = 4
