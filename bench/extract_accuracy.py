"""How well the extractor reads the template-faithful pages of real government sites.

    .venv/bin/python bench/extract_accuracy.py [--labels tests/data/templates/labels.toml]

Reads ``labels.toml`` (one ``[[page]]`` per saved page: its family, kind, the fields as the page
shows them and the boxes a script fills), decodes each page with ``decode_page`` the way a crawl
does, and runs the extractor on it: ``extract_document`` for a detail page, the CMS family's
``parse_list`` for a list page. Prints per-field accuracy overall and per family, every miss
(file, field, expected, got), and the script-filled boxes found against those labelled. Exits 0
whatever the figures: it measures; ``tests/extract/test_template_pages.py`` holds the thresholds.

Values are compared in the form the store keeps them: 文号 normalised (``〔2016〕202 号`` and
``〔2016〕202号`` are one 文号), whitespace ignored in names and titles, "" for a field the page
does not show.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.cms import family_for
from crawler.cms.base import RequestSpec
from crawler.extract.decode import decode_page
from crawler.extract.document import extract_document
from ground.profiles.schema import Profile
from ground.text.doc_numbers import normalise_doc_number

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "templates" / "labels.toml"
# The fields the threshold covers, in report order, with their Chinese names.
SCORED = {
    "title": "标题",
    "doc_number": "文号",
    "issuing_agency": "发文机关",
    "written_date": "成文日期",
    "publish_date": "发布日期",
    "index_number": "索引号",
    "validity": "有效性",
    "topic": "主题分类",
}
# A label family (the template's maker and age) → the crawler's CMS family that reads its lists.
CMS_OF = {
    "trs_old": "trs",
    "trs_new": "trs",
    "trs": "trs",
    "hanweb": "hanweb",
    "gkmlpt": "spa",
}
LIST_BOX = "list"  # the js_boxes name of a list whose rows a script writes


@dataclass(slots=True)
class Result:
    """What one labelled page gave: per field (expected, got, right) and the boxes."""

    file: str
    family: str
    kind: str
    fields: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    boxes_labelled: list[str] = field(default_factory=list)
    boxes_found: list[str] = field(default_factory=list)
    entries_labelled: int | None = None
    entries_found: int | None = None


def comparable(name: str, value: str | None) -> str:
    """A field's value in the form two readings of it are compared in."""
    if not value:
        return ""
    compact = "".join(value.split())
    if name == "doc_number":
        return normalise_doc_number(compact) or compact
    return compact


def page_url(page: dict[str, Any]) -> str:
    """The page's URL as labelled, else one on a made-up host of its family (links resolve,
    and no date can come from it)."""
    url = page.get("url")
    if url:
        return str(url)
    return f"http://{page['family'].replace('_', '-')}.example.gov.cn/{page['file']}"


def _list_profile(family: str, url: str) -> Profile:
    """A one-column profile for the family's list parser."""
    base, name = url.rsplit("/", 1)
    return Profile.model_validate(
        {
            "path": Path("bench_templates.toml"),
            "id": "bench_templates",
            "name": "模板页面",
            "base_url": base + "/",
            "cms": CMS_OF.get(family, "generic"),
            "column": [{"id": "list", "name": "列表", "role": "政策文件", "url": name}],
        }
    )


def measure_page(root: Path, page: dict[str, Any]) -> Result:
    """Run the extractor (or the list parser) on one labelled page."""
    body = (root / page["file"]).read_bytes()
    text, _ = decode_page(body, None)
    url = page_url(page)
    result = Result(page["file"], page["family"], page["kind"])
    result.boxes_labelled = list(page.get("js_boxes", []))
    if page["kind"] == "list":
        profile = _list_profile(page["family"], url)
        column = profile.columns[0]
        listed = family_for(profile.cms).parse_list(
            text, url, profile, column, RequestSpec(url=url, page=1)
        )
        result.entries_labelled = page.get("entries")
        result.entries_found = len(listed.entries)
        # Script-filled: no static row and a reason (a list read in part is not one).
        result.boxes_found = [LIST_BOX] if listed.needs_js and not listed.entries else []
        return result
    doc = extract_document(text, url)
    for name in SCORED:
        expected = comparable(name, str(page.get(name, "")))
        got = comparable(name, getattr(doc, name))
        result.fields[name] = (str(page.get(name, "")), getattr(doc, name) or "", expected == got)
    result.boxes_found = list(doc.js_boxes)
    return result


def measure(labels: Path = LABELS) -> list[Result]:
    """Every labelled page's result, in the labels' order."""
    pages = tomllib.loads(labels.read_text(encoding="utf-8")).get("page", [])
    return [measure_page(labels.parent, page) for page in pages]


def accuracy(results: list[Result]) -> dict[str, tuple[int, int]]:
    """field → (right, labelled detail pages)."""
    counts = dict.fromkeys(SCORED, (0, 0))
    for result in results:
        for name, (_, _, right) in result.fields.items():
            ok, total = counts[name]
            counts[name] = (ok + right, total + 1)
    return counts


def box_counts(results: list[Result]) -> tuple[int, int, int]:
    """(labelled boxes found, labelled boxes, boxes found that no label names)."""
    found = labelled = extra = 0
    for result in results:
        labelled += len(result.boxes_labelled)
        found += sum(b in result.boxes_found for b in result.boxes_labelled)
        extra += sum(b not in result.boxes_labelled for b in result.boxes_found)
    return found, labelled, extra


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 1)


def _ratio(ok: int, total: int) -> str:
    return f"{ok / total:.2f} ({ok}/{total})" if total else "-"


def report(results: list[Result]) -> None:
    """Print the figures."""
    details = [r for r in results if r.kind == "detail"]
    lists = [r for r in results if r.kind == "list"]
    families = sorted({r.family for r in results})
    print(f"pages: {len(results)} ({len(details)} detail, {len(lists)} list), ", end="")
    print(f"families: {len(families)}")
    print(f"\nper-field accuracy, all {len(details)} detail pages")
    overall = accuracy(details)
    for name, chinese in SCORED.items():
        print("  " + _pad(f"{chinese} {name}", 26) + _ratio(*overall[name]))
    print("\nper family (detail pages)")
    print(
        "  " + _pad("family", 10) + _pad("pages", 7) + "".join(_pad(c, 10) for c in SCORED.values())
    )
    for family in families:
        of_family = [r for r in details if r.family == family]
        counts = accuracy(of_family)
        cells = (f"{ok / total:.2f}" if total else "-" for ok, total in counts.values())
        print(
            "  "
            + _pad(family, 10)
            + _pad(str(len(of_family)), 7)
            + "".join(_pad(c, 10) for c in cells)
        )
    found, labelled, extra = box_counts(results)
    print(f"\nscript-filled boxes: {found} of {labelled} labelled found; {extra} found unlabelled")
    for r in results:
        if r.boxes_labelled or r.boxes_found:
            missed = [b for b in r.boxes_labelled if b not in r.boxes_found]
            unlabelled = [b for b in r.boxes_found if b not in r.boxes_labelled]
            mark = "ok" if not missed and not unlabelled else "MISS" if missed else "EXTRA"
            print(f"  {mark:<6}{r.file}: labelled {r.boxes_labelled}, found {r.boxes_found}")
    if lists:
        print("\nlist pages: static rows found / labelled")
        for r in lists:
            mark = "ok" if r.entries_found == r.entries_labelled else "MISS"
            print(f"  {mark:<6}{r.file}: {r.entries_found} / {r.entries_labelled}")
    misses = [(r.file, n, e, g) for r in details for n, (e, g, ok) in r.fields.items() if not ok]
    print(f"\nmisses: {len(misses)}")
    for file, name, expected, got in misses:
        print(f"  {file}  {name}: expected {expected!r}, got {got!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    try:
        results = measure(args.labels)
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        # Bad input, not a figure: one line naming it, and a non-zero exit.
        sys.exit(f"extract_accuracy: cannot read the labelled pages of {args.labels}: {exc!r}")
    report(results)


if __name__ == "__main__":
    main()
