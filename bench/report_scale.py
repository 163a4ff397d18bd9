"""The report at scale: how big the first page is and how fast Chromium opens it.

    .venv/bin/python bench/report_scale.py [--docs 20000] [--fail-rate 0.03] [--keep DIR]

Synthesises the findings of a portal with ``--docs`` policy documents checked against 冠县's task
table (checks/catalogs/shandong_guanxian_2023.toml): each document is checked for its 解读 by
rows 1, 5 and 18 (one gap when missing, cited by all three), for timely publication (row 15),
for its feedback window (基线1) and, one in five, for its validity mark (基线2); ``--fail-rate``
of the documents fail each check, 0.5 % could not be fetched. Renders the whole report (no
archived pages: no snapshot store) and prints the render time, the size of ``index.html`` and of
the largest task page, and, in Debian's Chromium (ZWGK_CHROMIUM, default /usr/bin/chromium),
the DOM element count of ``index.html`` and the time to its load event. The aim: the first
page opens in about a second at 20,000 documents.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from checks.catalog_files import catalog_for
from checks.findings import Evidence, Finding, Verdict
from checks.records import RunRecord
from reports.render import render_report

PORTAL = "http://www.guanxian.gov.cn"
UNITS = ("冠县人民政府办公室", "县发展和改革委员会", "县教育和体育局", "县财政局", "县卫生健康局")
#: (check, rows) per document: the 解读 check is asked by three rows, as in 冠县's table.
CHECKS = (
    ("interpretation_published", ("1", "5", "18")),
    ("publication_timely", ("15",)),
    ("feedback_window_present", ("基线1",)),
)


def synthesise(docs: int, fail_rate: float, seed: int = 13) -> list[Finding]:
    rng = random.Random(seed)
    findings: list[Finding] = []
    for i in range(docs):
        url = f"{PORTAL}/xxgk/zcwj/{2023}{1 + i % 12:02d}/t2023_{i:06d}.html"
        unit = UNITS[i % len(UNITS)]
        title = f"冠县关于第{i}号事项的实施方案"
        number = f"冠政办发〔2023〕{i}号"
        evidence = (Evidence(url, "2026-12-01T18:10:00+00:00", "", None, "政策文件"),)
        checks = CHECKS + ((("validity_marked", ("基线2",)),) if i % 5 == 0 else ())
        unreachable = rng.random() < 0.005  # a page that answered 503
        for check, rows in checks:
            if unreachable:
                verdict, message = Verdict.UNVERIFIED, "页面未能抓取（HTTP 503），无法核验"
            elif rng.random() < fail_rate:
                verdict, message = Verdict.FAIL, "未找到该文件的政策解读"
            else:
                verdict, message = Verdict.PASS, "已核验"
            findings.extend(
                Finding(
                    check, row, verdict, url, title, message, unit, number, "2023-05-01", evidence
                )
                for row in rows
            )
    return findings


def open_in_chromium(index: Path) -> tuple[int, float]:
    """(DOM elements, milliseconds from navigation start to the load event)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("ZWGK_CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=["--no-sandbox"],
        )
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(index.as_uri(), wait_until="load")
            elements = page.evaluate("document.getElementsByTagName('*').length")
            load_ms = page.evaluate(
                "(() => { const t = performance.getEntriesByType('navigation')[0];"
                " return t.loadEventEnd - t.startTime; })()"
            )
        finally:
            browser.close()
    return int(elements), float(load_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--fail-rate", type=float, default=0.03)
    parser.add_argument("--keep", type=Path, help="write the report here and keep it")
    args = parser.parse_args()
    catalog = catalog_for("shandong_guanxian")
    run = RunRecord(
        id=1,
        profile="shandong_guanxian",
        started_at="2026-12-01T18:00:00+00:00",
        finished_at="2026-12-01T20:00:00+00:00",
        outcome="succeeded",
        pages_fetched=args.docs,
    )
    findings = synthesise(args.docs, args.fail_rate)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "report"
        started = time.perf_counter()
        paths = render_report(catalog, run, findings, out, profile_name="冠县人民政府")
        rendered = time.perf_counter() - started
        tasks = sorted((out / "tasks").glob("*.html"), key=lambda p: p.stat().st_size)
        elements, load_ms = open_in_chromium(paths.html)
        print(f"documents            {args.docs}")
        print(f"findings             {len(findings)}")
        print(f"render (s)           {rendered:.1f}")
        print(f"index.html (KB)      {paths.html.stat().st_size / 1024:.0f}")
        print(f"largest task (KB)    {tasks[-1].stat().st_size / 1024:.0f}  {tasks[-1].name}")
        print(f"findings.json (MB)   {paths.json.stat().st_size / 1024 / 1024:.1f}")
        print(f"index DOM elements   {elements}")
        print(f"index load (ms)      {load_ms:.0f}")


if __name__ == "__main__":
    main()
