"""Rendered-page rate through Chromium beside the static rate, over the same synthetic portal.

    .venv/bin/python bench/render_rate.py [--docs 300]

Generates a synthetic TRS portal (bench/crawl_throughput.py's generator), then crawls it twice
with the real ``portal`` spider and storage, each in its own process: once as static HTML, once
with every list and detail page rendered in Debian's Chromium through scrapy-playwright. Prints
pages/s of each and the ratio. Chromium is found by ZWGK_CHROMIUM (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawl_throughput import FULL_RUNNER, child, generate


def browser_profile(static_profile: Path) -> Path:
    """The same portal with every column (lists and details) rendered in Chromium."""
    text = static_profile.read_text(encoding="utf-8")
    text = text.replace(
        'role = "政策文件"\n',
        'role = "政策文件"\nfetch = "browser"\nwait_for = "ul.list li"\n'
        'detail_fetch = "browser"\ndetail_wait_for = "div.TRS_Editor"\n',
    )
    path = static_profile.parent / "rendered" / static_profile.name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()

    from zwgk.fixture_server import serve_fixture

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        static_profile = generate(root, args.docs, gbk_share=0.2)
        rendered_profile = browser_profile(static_profile)
        with serve_fixture(root / "site") as base:
            static = child(
                FULL_RUNNER, str(static_profile), base, f"sqlite:///{root / 's.sqlite3'}"
            )
            rendered = child(
                FULL_RUNNER, str(rendered_profile), base, f"sqlite:///{root / 'r.sqlite3'}"
            )
    for name, run in (("static HTML", static), ("Chromium-rendered", rendered)):
        print(
            f"{name:18}: {run['pages']} pages in {run['seconds']:.1f}s = "
            f"{run['pages'] / run['seconds']:.1f} pages/s, {run['documents']} documents, "
            f"outcome {run['outcome']}, peak RSS of the crawl process {run['peak_rss_mb']:.0f} MB"
        )
    ratio = (static["pages"] / static["seconds"]) / (rendered["pages"] / rendered["seconds"])
    print(f"static rate / rendered rate: {ratio:.1f}x")
    print(
        json.dumps(
            {
                "static_pages_per_s": static["pages"] / static["seconds"],
                "rendered_pages_per_s": rendered["pages"] / rendered["seconds"],
            }
        )
    )


if __name__ == "__main__":
    main()
