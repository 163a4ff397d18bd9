"""``zwgk extract FILE_OR_URL [--url URL] [--json]``: show what the extractor reads on one page.

Written for profile writers: every field with its value and where it came from, and 未识别
where nothing was found, so a page the extractor does not understand is visible at once.
"""

from __future__ import annotations

import json
import sys
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from crawler.extract.decode import decode_page
from crawler.extract.document import FIELDS, ExtractedDocument, extract_document

FETCH_TIMEOUT = 20  # seconds; county portals are slow, but a CLI user should not wait forever
USER_AGENT = "Mozilla/5.0 (compatible; zwgk-audit extract)"
NOT_FOUND = "未识别"

_FIELD_NAMES = {
    "title": "标题",
    "doc_number": "文号",
    "index_number": "索引号",
    "issuing_agency": "发布机构",
    "written_date": "成文日期",
    "publish_date": "发布日期",
    "topic": "主题分类",
    "validity": "有效性",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fetch(url: str) -> tuple[bytes, str | None, str]:
    """Body, Content-Type and final URL (after redirects) of an http(s) page."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    # The scheme was checked by the caller: only http and https reach here.
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
        return response.read(), response.headers.get("Content-Type"), response.geturl()


def render_table(doc: ExtractedDocument, url: str, encoding: str) -> str:
    """The human-readable report of one extracted page."""
    rows = [("字段 field", "值 value", "来源 source")]
    for name in FIELDS:
        value = getattr(doc, name)
        rows.append(
            (
                f"{_FIELD_NAMES[name]} {name}",
                _short(value) if value else NOT_FOUND,
                doc.sources.get(name, "-"),
            )
        )
    body = f"{len(doc.body_text)} 字：{_short(doc.body_text, 40)}" if doc.body_text else NOT_FOUND
    rows.append(("正文 body_text", body, "-"))
    rows.append(("咨询窗口 feedback_window", doc.feedback_window or NOT_FOUND, "-"))
    rows.append(("脚本填充 js_boxes", "、".join(doc.js_boxes) or "无", "-"))
    first = max(_width(r[0]) for r in rows) + 2
    second = max(_width(r[1]) for r in rows) + 2
    lines = [f"URL: {url}", f"编码 encoding: {encoding}", ""]
    lines += [_pad(a, first) + _pad(b, second) + c for a, b, c in rows]
    lines.append("")
    lines.append(f"附件 attachments: {len(doc.attachments)}")
    lines += [f"  [{a.type}] {a.name}  {a.href}" for a in doc.attachments]
    contexts = Counter(link.context for link in doc.links if link.context)
    boxes = "，".join(f"{name} {count}" for name, count in contexts.items())
    lines.append(f"链接 links: {len(doc.links)}" + (f"（{boxes}）" if boxes else ""))
    lines += [f"  [{link.context}] {link.text}  {link.href}" for link in doc.links if link.context]
    return "\n".join(lines)


def extract_command(source: str, url: str | None = None, as_json: bool = False) -> int:
    """Extract one saved file or live URL and print the result; return the exit code.

    A FILE is read as bytes and its encoding detected; ``url`` is the address to resolve its
    links against (default: the file's ``file://`` URL). An http(s) URL is fetched and its
    Content-Type used for decoding. Exit code 2 means the input could not be read.
    """
    if source.startswith(("http://", "https://")):
        try:
            body, content_type, final_url = _fetch(source)
        except urllib.error.HTTPError as exc:
            print(f"错误 error: {source} answered HTTP {exc.code} ({exc.reason})", file=sys.stderr)
            return 2
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            print(f"错误 error: cannot fetch {source}: {reason}", file=sys.stderr)
            return 2
        page_url = url or final_url
    else:
        path = Path(source)
        if not path.is_file():
            print(f"错误 error: no such file: {source}", file=sys.stderr)
            return 2
        try:
            body = path.read_bytes()
        except OSError as exc:
            print(f"错误 error: cannot read {source}: {exc.strerror}", file=sys.stderr)
            return 2
        content_type = None
        page_url = url or path.resolve().as_uri()

    text, encoding = decode_page(body, content_type)
    doc = extract_document(text, page_url)
    if as_json:
        print(json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_table(doc, page_url, encoding))
    return 0
