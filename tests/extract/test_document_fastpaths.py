"""The extractor's fast paths give exactly what the plain code they replace gives.

Each fast path (a trie regex, the relative-URL resolver, the attachment test, the XSLT body
text, the caches) is checked against the straightforward version on generated input, so a
change to either side that breaks the equivalence fails here and not silently in a crawl.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree
from parsel.selector import create_root_node

import crawler.extract
from crawler.extract import body_text, elements, labels, roles, urls
from crawler.extract.decode import decode_page
from crawler.extract.document import extract_document
from crawler.extract.page import Page
from crawler.extract.word_trie import GAP

WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def spaced(word: str) -> str:
    """One word as a pattern, gaps allowed between its characters (发 布 机 构)."""
    return GAP.join(re.escape(ch) for ch in word)


def alternation(words: Iterable[str]) -> str:
    """The pattern the tries replace: every word, gaps allowed, longest first."""
    return "|".join(spaced(w) for w in sorted(words, key=len, reverse=True))


def label_strings(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    words = [*labels.LABEL_INFO, *roles.SCAN_WORDS, "项目", "教育", "党", "x", "1", "中"]
    seps = ["", " ", "\x1f", "\u3000", "：", ":", "】", " ：", "\n", "  ", "\xa0"]
    out = []
    for _ in range(count):
        text = ""
        for _ in range(rnd.randint(1, 4)):
            word = rnd.choice(words)
            if rnd.random() < 0.3:
                word = rnd.choice(seps[:4]).join(word)  # 发 布 机 构
            text += word + rnd.choice(seps)
        out.append(text)
    return out


def test_label_trie_matches_like_the_sorted_alternation() -> None:
    reference = re.compile(
        rf"(?P<label>{alternation(labels.LABEL_INFO)})"
        rf"(?P<after>{GAP}[】\]］]?{GAP}(?:[:：]{GAP})?)"
    )

    def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str, str]]:
        return [(m.start(), m.end(), m["label"], m["after"]) for m in pattern.finditer(text)]

    for text in label_strings(1, 30_000):
        assert spans(labels.LABEL_RE, text) == spans(reference, text), text


def test_scan_trie_finds_what_the_full_word_list_finds() -> None:
    reference = re.compile(alternation(roles.SCAN_WORDS))
    for text in label_strings(2, 30_000):
        assert bool(roles.SCAN_RE.search(text)) == bool(reference.search(text)), text


def test_relative_resolver_agrees_with_urljoin() -> None:
    bases = [
        "http://www.a.gov.cn/xxgk/col1/202301/t1.html",
        "http://www.a.gov.cn/xxgk/col1/",
        "https://a.b:8080/x/y/z?q=1#f",
        "http://a.b",
        "http://a.b/",
        "HTTP://A.B/x/y?q",
        "http://u@a.b/x//y/../z",
        "http://a.b/x/./y/",
        "http://a.b/..",
        "http://a.b/x;p/y",
        "ftp://a.b/x",
        "file:///x/y",
    ]
    pieces = ["a", "b.html", ".", "..", "/", "//", "?", "#", "=", "&", "%20", "中", "\\", ":"]
    pieces += [";", " ", "\x01", "~", "@", "P01.pdf", "./", "../", "x y"]
    rnd = random.Random(3)
    checked = 0
    for _ in range(60_000):
        href = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 7))).strip()
        base = rnd.choice(bases)
        resolve = urls.relative_resolver(urlsplit(base))
        if not href or resolve is None:
            continue
        got = resolve(href)
        if got is None:  # not a plain relative path: urljoin's job
            continue
        checked += 1
        assert got == urljoin(base, href), (base, href)
    assert checked > 10_000


def test_attachment_type_agrees_with_the_pattern() -> None:
    def reference(url: str) -> str | None:
        match = urls.ATTACHMENT_RE.search(url)
        return match.group(1).lower() if match else None

    extensions = [*sorted(urls.ATTACHMENT_TYPES), "html", "htm", "jsp", "pd", "docxx", "PDF"]
    extensions += ["Docx", "wpſ", "jpeg", "jpg", "ſ", "ET"]
    tails = ["", "?a=1", "#top", "&x", "\n", "/", "?f=a.pdf", ".html"]
    rnd = random.Random(4)
    for _ in range(30_000):
        url = "http://a.gov.cn/" + "/".join(
            rnd.choice(["x", "附件", "a.b", "T1"]) + "." + rnd.choice(extensions)
            for _ in range(rnd.randint(1, 2))
        )
        url += rnd.choice(tails)
        assert urls.attachment_type(url) == reference(url), url
    for ext in urls.ATTACHMENT_TYPES:
        assert reference(f"http://a/b.{ext}") == ext


def test_lines_agree_with_line_by_line_cleaning() -> None:
    def reference(text: str) -> str:
        lines = (" ".join(line.split()) for line in text.split("\n"))
        return "\n".join(line for line in lines if line)

    alphabet = [*WHITESPACE, "\n", "\n", " ", "a", "中", "“", "—", "\U0001f600", "b"]
    rnd = random.Random(5)
    for _ in range(30_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert body_text.lines(text) == reference(text), repr(text)


BODIES = [
    "<p>第一条\u3000\u3000为了</p><p>第二条 <b>加粗</b>\n文字<br>换行</p>",
    "<table><tr><td>发文字号</td><td>冠政发〔2023〕5号</td></tr><tr><th>a</th><td>b</td></tr>"
    "</table>",
    "<p>a<script>var x = 1;</script>b<style>p {}</style>c<!-- 注释 -->d<?php echo 1 ?>e</p>",
    "<div>x<div>y<p>z</p>w</div>v</div><ul><li>一</li><li>二<br/>三</li></ul>",
    "<p>a&nbsp;&nbsp;b\xa0\u2003c</p><o:p>word</o:p><p>\t \n</p>",
    "<p><textarea>不算</textarea>尾<select><option>选</option></select>巴</p><hr>后",
    "text only, no block",
    "<p>" + "深" * 5000 + "</p>" + "<div><span>嵌</span>" * 40 + "</div>" * 40,
]


@pytest.mark.parametrize("body", BODIES)
def test_xslt_body_text_is_the_tree_rewrite(body: str) -> None:
    html = f'<html><body><div class="TRS_Editor">{body}</div><p>页脚</p></body></html>'
    fast = body_text.body_text(Page(html, "http://a.gov.cn/x.html"))
    page = Page(html, "http://a.gov.cn/x.html")
    assert fast == body_text.lines(body_text.body_text_in_tree(page.container))


def test_body_text_with_control_characters() -> None:
    """Control characters reach the tree as text (libxml2 keeps them); the tree rewrite could
    not put them back (lxml refuses them in .text) and raised, the XSLT reads them as they are:
    the whitespace ones collapse like any space."""
    html = '<div class="TRS_Editor"><p>a\x1fb\x0bc\x01d</p><p>e\x1ef</p></div>'
    page = Page(html, "http://a.gov.cn/x.html")
    assert body_text.body_text(page) == "a b c\x01d\ne f"
    with pytest.raises(ValueError, match="XML compatible"):
        body_text.body_text_in_tree(Page(html, "http://a.gov.cn/x.html").container)


def test_text_helpers_agree_with_itertext() -> None:
    html = "".join(BODIES) + '<a href="x">l<!--zz-->i<?pi x?>nk<img alt="t"></a><div> </div>'
    root = create_root_node(f"<html><body>{html}</body></html>", etree.HTMLParser)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parts = list(el.itertext())
        assert elements.text(el) == " ".join("".join(parts).split())
        assert elements.has_text(el) == any(not t.isspace() for t in parts)


def saved_pages() -> list[tuple[str, str]]:
    """The saved test pages and a spread of the fixture portals' pages, as (html, url)."""
    root = Path(__file__).resolve().parents[2]
    files = sorted((root / "tests/extract/pages").glob("*.html"))
    files += sorted((root / "fixtures/html").rglob("*.html"))[::15]
    return [
        (
            decode_page(f.read_bytes(), None)[0],
            f"http://www.example.gov.cn/{f.parent.name}/{f.name}",
        )
        for f in files
    ]


def extract_modules() -> list[ModuleType]:
    """Every module of crawler.extract, a new one included."""
    return [
        importlib.import_module(f"crawler.extract.{info.name}")
        for info in pkgutil.iter_modules(crawler.extract.__path__)
    ]


def caches() -> dict[str, Any]:
    """Every function of crawler.extract cached with functools.lru_cache, by qualified name."""
    return {
        f"{module.__name__}.{name}": value
        for module in extract_modules()
        for name, value in vars(module).items()
        if hasattr(value, "cache_clear") and value.__module__ == module.__name__
    }


def test_caches_change_nothing() -> None:
    """Pages extracted each with every cache empty, then in a row with the caches filled by
    the other pages (and by themselves), give the same documents."""
    cached = caches()
    assert len(cached) >= 8, sorted(cached)  # the caches are found: the test can fail
    pages = saved_pages()
    assert len(pages) > 30
    cold = []
    for html, url in pages:
        for function in cached.values():
            function.cache_clear()
        cold.append(extract_document(html, url).to_json_dict())
    assert [extract_document(html, url).to_json_dict() for html, url in pages] == cold
    assert [extract_document(html, url).to_json_dict() for html, url in pages] == cold


def test_no_hand_written_memo_is_left() -> None:
    """Caches are lru_cache'd pure functions (cleared above), not module-level dicts or sets
    that the test above would not know to empty."""
    memo = re.compile(r"^_?[A-Z_]+: (?:dict|set)\[.*\] = (?:\{\}|set\(\))$", re.MULTILINE)
    for module in extract_modules():
        source = Path(str(module.__file__)).read_text(encoding="utf-8")
        assert not memo.findall(source), module.__name__
