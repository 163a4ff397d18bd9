"""``zwgk extract FILE_OR_URL [--url URL] [--profile ID_OR_PATH] [--json]``: show what the
extractor reads on one page.

Written for profile writers: every field with its value and where it came from, and 未识别
where nothing was found, so a page the extractor does not understand is visible at once. The
page is read as a crawl reads it: fetched with the crawler's User-Agent and timeout, decoded by
the spider's decoder, extracted with the profile's selectors and encoding override.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from crawler.extract.decode import decode_page
from crawler.extract.document import FIELD_NAMES, FIELDS, ExtractedDocument, extract_document
from crawler.settings import DOWNLOAD_TIMEOUT, USER_AGENT
from ground.errors import PageInputError, ZwgkError
from ground.profiles.schema import Selectors, load_profile

NOT_FOUND = "未识别"
# Piped or captured output is not wrapped at rich's 80-column default: a title of 40 汉字 is
# 80 cells alone, and a row should stay on one line for grep.
PIPE_WIDTH = 200


# What a saved attachment or a wrong path usually is, by its first bytes.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx, ofd …)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (doc, xls …)"),
    (b"\x7fELF", "an executable program"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types misconfigured servers send HTML pages with: for these (and none) the bytes decide.
_SNIFFED_TYPES = frozenset({"", "text/plain", "application/octet-stream"})
# A saved detail page may be a fragment without <html> or <head>, but it has some of these.
_HTML_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|table|p|a|span|ul|h[1-6])[\s>/]", re.I
)


@dataclass(frozen=True, slots=True)
class Page:
    body: bytes
    content_type: str | None  # None for a file: its bytes decide
    url: str  # what its links resolve against


def load_page(source: str, url: str | None = None) -> Page:
    """A saved file's bytes, or an http(s) page fetched as the crawler fetches it."""
    if source.startswith(("http://", "https://")):
        page = fetch(source)
        return Page(page.body, page.content_type, url or page.url)
    path = Path(source)
    try:
        body = path.read_bytes()
    except FileNotFoundError as exc:
        raise PageInputError(f"no such file: {source}") from exc
    except OSError as exc:
        raise PageInputError(f"cannot read {source}: {exc.strerror or exc}") from exc
    return Page(body, None, url or path.resolve().as_uri())


def fetch(url: str) -> Page:
    """Body, Content-Type and final URL (after redirects) of an http(s) page, requested with
    the crawler's User-Agent (some portals' WAFs refuse others) and download timeout."""
    # Sent as UTF-8 bytes, as Scrapy sends it (the crawler's agent has Chinese in it);
    # http.client encodes header strings as Latin-1, so the bytes travel in a Latin-1 string.
    agent = USER_AGENT.encode("utf-8").decode("latin-1")
    request = urllib.request.Request(url, headers={"User-Agent": agent})  # noqa: S310
    try:
        # The scheme was checked by load_page: only http and https reach here.
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310
            return Page(response.read(), response.headers.get("Content-Type"), response.geturl())
    except urllib.error.HTTPError as exc:
        exc.close()
        raise PageInputError(f"{url} answered HTTP {exc.code} ({exc.reason})") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise PageInputError(f"cannot fetch {url}: {reason}") from exc


def check_bytes(source: str, page: Page) -> None:
    """Raise ``PageInputError`` when the bytes or the Content-Type say the page is not HTML
    (checked before decoding). Without this an attachment or a wrong path reads as a page with
    every field 未识别."""
    media = (page.content_type or "").split(";")[0].strip().lower()
    kind = next((name for magic, name in _MAGIC if page.body.startswith(magic)), "")
    if not page.body.strip():
        raise PageInputError(f"not an HTML page: {source} (it is empty)")
    if kind:
        raise PageInputError(f"not an HTML page: {source} (it is {kind})")
    if media not in _HTML_TYPES | _SNIFFED_TYPES:
        raise PageInputError(f"not an HTML page: {source} (Content-Type {media})")


def check_markup(source: str, text: str) -> None:
    """Raise ``PageInputError`` when the decoded page has no HTML markup (or is binary)."""
    if "\x00" in text[:4096] or not _HTML_MARKUP.search(text, 0, 65536):
        raise PageInputError(f"not an HTML page: {source} (no HTML markup in it)")


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_table(doc: ExtractedDocument) -> Table:
    """Every field with its value and source; 未识别 where nothing was found."""
    table = Table(box=box.SQUARE)
    table.add_column("字段 field", no_wrap=True)
    table.add_column("值 value", overflow="fold")
    table.add_column("来源 source", no_wrap=True)
    rows = [
        (
            f"{FIELD_NAMES[name]} {name}",
            _short(getattr(doc, name) or ""),
            doc.sources.get(name, "-"),
        )
        for name in FIELDS
    ]
    body = f"{len(doc.body_text)} 字：{_short(doc.body_text, 40)}" if doc.body_text else ""
    rows.append(("正文 body_text", body, "-"))
    rows.append(("咨询窗口 feedback_window", doc.feedback_window or "", "-"))
    rows.append(("脚本填充 js_boxes", "、".join(doc.js_boxes) or "无", "-"))
    for label, value, source in rows:
        shown = Text(value) if value else Text(NOT_FOUND, style="yellow")
        table.add_row(Text(label), shown, Text(source))
    return table


def print_report(console: Console, doc: ExtractedDocument, url: str, encoding: str) -> None:
    """The human-readable report of one extracted page: header, field table, attachments and
    the links found in boxes (相关解读, 关联稿件 …)."""

    def say(line: str) -> None:
        # Never read as markup: titles and URLs are printed as the page has them.
        console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)

    say(f"URL: {url}")
    say(f"编码 encoding: {encoding}")
    console.print(field_table(doc))
    say(f"附件 attachments: {len(doc.attachments)}")
    for a in doc.attachments:
        say(f"  [{a.type}] {a.name}  {a.href}")
    contexts = Counter(link.context for link in doc.links if link.context)
    boxes = "，".join(f"{name} {count}" for name, count in contexts.items())
    say(f"链接 links: {len(doc.links)}" + (f"（{boxes}）" if boxes else ""))
    for link in doc.links:
        if link.context:
            say(f"  [{link.context}] {link.text}  {link.href}")


def stdout_console() -> Console:
    console = Console()
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    return console


def extract_command(
    source: str, url: str | None = None, as_json: bool = False, profile: str | None = None
) -> int:
    """Extract one saved file or live URL and print the result; return the exit code.

    A FILE is read as bytes and its encoding detected; ``url`` is the address to resolve its
    links against (default: the file's ``file://`` URL). An http(s) URL is fetched and its
    Content-Type used for decoding. ``profile`` (an id or a TOML path) lends its selectors and
    encoding override. Exit code 2, with one line on stderr naming the input, means the input
    could not be read as an HTML page (or the profile could not be loaded).
    """
    selectors: Selectors | None = None
    try:
        override = None
        if profile:
            loaded = load_profile(profile)
            selectors, override = loaded.selectors, loaded.encoding or None
        page = load_page(source, url)
        check_bytes(source, page)
        text, encoding = decode_page(page.body, page.content_type, override=override)
        check_markup(source, text)
    except ZwgkError as exc:  # PageInputError, or a ProfileError for --profile
        print(f"错误 error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    doc = extract_document(text, page.url, selectors=selectors)
    if as_json:
        print(json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(stdout_console(), doc, page.url, encoding)
    return 0
