"""A findings.json as recorded in ``tests/data/findings/<site>.json``: what stays the same from one
audit of a fixture portal to the next.

What changes between two audits of the same pages is left out: timestamps, run and page ids
(pages are stored in the order a concurrent crawl fetched them), the fixture server's port, and
the order of findings, evidence and errors (that same crawl order). What is left is compared
exactly: every finding with its verdict, message and evidence, every row with its verdict and
the findings it cites, the counts and the run's columns and errors.

A change that means to alter the findings (a new check, a new verdict) rewrites the recording:

    .venv/bin/python -m tests.findings_golden REPORT_DIR SITE
    # writes tests/data/findings/SITE.json from REPORT_DIR/findings.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "data" / "findings"
_VOLATILE = frozenset({"fetched_at", "started_at", "finished_at", "first_seen"})
# Lists whose order is the order pages happened to be fetched in.
_CRAWL_ORDERED = frozenset({"evidence", "errors"})
_LOCAL_HOST = re.compile(r"http://127\.0\.0\.1:\d+/")


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in _VOLATILE:
                continue
            if key in {"page_id", "archive"}:
                out[key] = item is not None and item != ""  # archived or not, not where
                continue
            out[key] = _stable(item)
            if key in _CRAWL_ORDERED:
                out[key] = sorted(out[key], key=_key)
        return out
    if isinstance(value, list):
        return [_stable(item) for item in value]
    if isinstance(value, str):
        return _LOCAL_HOST.sub("http://fixture/", value)
    return value


def _key(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def _cite(finding: dict[str, Any]) -> str:
    return f"{finding['check']} {finding['subject']} {finding['verdict']}"


def stable_findings(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of a findings.json that two audits of the same pages share."""
    findings = [_stable({k: v for k, v in f.items() if k != "index"}) for f in data["findings"]]
    rows = []
    for row in data["rows"]:
        cited = sorted(_cite(findings[i]) for i in row["findings"])
        rows.append({**_stable({k: v for k, v in row.items() if k != "findings"}), "cited": cited})
    run = _stable({k: v for k, v in data["run"].items() if k != "id"})
    return {
        "profile_name": data["profile_name"],
        "catalog": data["catalog"],
        "run": run,
        "counts": data["counts"],
        "rows": rows,
        "findings": sorted(findings, key=_key),
    }


def golden(site: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{site}.json").read_text(encoding="utf-8"))


def main(report_dir: str, site: str) -> None:
    data = json.loads((Path(report_dir) / "findings.json").read_text(encoding="utf-8"))
    GOLDEN.mkdir(parents=True, exist_ok=True)
    text = json.dumps(stable_findings(data), ensure_ascii=False, indent=1, sort_keys=True)
    (GOLDEN / f"{site}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
