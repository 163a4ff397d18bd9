"""The extractor's fast paths give exactly what the plain code they replace gives.

Each fast path (a trie regex, the relative-URL resolver, the attachment test, the XSLT body
text, the memos) is checked against the straightforward version on generated input, so a
change to either side that breaks the equivalence fails here and not silently in a crawl.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree
from parsel.selector import create_root_node

from crawler.extract import document as d
from crawler.extract.decode import decode_page

WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def alternation(words: object) -> str:
    """The pattern the tries replace: every word, gaps allowed, longest first."""
    return "|".join(d._spaced(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


def label_strings(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    words = [*d._LABEL_INFO, *d._SCAN_WORDS, "项目", "教育", "党", "x", "1", "中"]
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
        rf"(?P<label>{alternation(d._LABEL_INFO)})"
        rf"(?P<after>{d._GAP}[】\]］]?{d._GAP}(?:[:：]{d._GAP})?)"
    )

    def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str, str]]:
        return [(m.start(), m.end(), m["label"], m["after"]) for m in pattern.finditer(text)]

    for text in label_strings(1, 30_000):
        assert spans(d._LABEL_RE, text) == spans(reference, text), text


def test_scan_trie_finds_what_the_full_word_list_finds() -> None:
    reference = re.compile(alternation(d._SCAN_WORDS))
    for text in label_strings(2, 30_000):
        assert bool(d._SCAN_RE.search(text)) == bool(reference.search(text)), text


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
        resolve = d._relative_resolver(urlsplit(base))
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
        match = d._ATTACHMENT_RE.search(url)
        return match.group(1).lower() if match else None

    extensions = [*sorted(d._ATTACHMENT_TYPES), "html", "htm", "jsp", "pd", "docxx", "PDF"]
    extensions += ["Docx", "wpſ", "jpeg", "jpg", "ſ", "ET"]
    tails = ["", "?a=1", "#top", "&x", "\n", "/", "?f=a.pdf", ".html"]
    rnd = random.Random(4)
    for _ in range(30_000):
        url = "http://a.gov.cn/" + "/".join(
            rnd.choice(["x", "附件", "a.b", "T1"]) + "." + rnd.choice(extensions)
            for _ in range(rnd.randint(1, 2))
        )
        url += rnd.choice(tails)
        assert d._attachment_type(url) == reference(url), url
    for ext in d._ATTACHMENT_TYPES:
        assert reference(f"http://a/b.{ext}") == ext


def test_lines_agree_with_line_by_line_cleaning() -> None:
    def reference(text: str) -> str:
        lines = (" ".join(line.split()) for line in text.split("\n"))
        return "\n".join(line for line in lines if line)

    alphabet = [*WHITESPACE, "\n", "\n", " ", "a", "中", "“", "—", "\U0001f600", "b"]
    rnd = random.Random(5)
    for _ in range(30_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert d._lines(text) == reference(text), repr(text)


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
    fast = d._body_text(d._Page(html, "http://a.gov.cn/x.html"))
    page = d._Page(html, "http://a.gov.cn/x.html")
    assert fast == d._lines(d._body_text_in_tree(page.container))


def test_body_text_with_control_characters() -> None:
    """Control characters reach the tree as text (libxml2 keeps them); the tree rewrite could
    not put them back (lxml refuses them in .text) and raised, the XSLT reads them as they are:
    the whitespace ones collapse like any space."""
    html = '<div class="TRS_Editor"><p>a\x1fb\x0bc\x01d</p><p>e\x1ef</p></div>'
    page = d._Page(html, "http://a.gov.cn/x.html")
    assert d._body_text(page) == "a b c\x01d\ne f"
    with pytest.raises(ValueError, match="XML compatible"):
        d._body_text_in_tree(d._Page(html, "http://a.gov.cn/x.html").container)


def test_text_helpers_agree_with_itertext() -> None:
    html = "".join(BODIES) + '<a href="x">l<!--zz-->i<?pi x?>nk<img alt="t"></a><div> </div>'
    root = create_root_node(f"<html><body>{html}</body></html>", etree.HTMLParser)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parts = list(el.itertext())
        assert d._text(el) == " ".join("".join(parts).split())
        assert d._has_text(el) == any(not t.isspace() for t in parts)


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


def test_memos_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages extracted with every memo empty, then again with the memos filled by the other
    pages (and by themselves), then with memos emptied again and again, give the same
    documents."""
    memos = [
        "_TEXT_ROLES",
        "_PLAIN_TEXTS",
        "_LINE_LABELS",
        "_LABEL_STARTS",
        "_FIELD_VALUES",
        "_LINKS_SEEN",
        "_SCRIPT_REFS",
        "_BOX_NAMES",
        "_NAMED_XPATHS",
        "_ATTACHMENT_MEMO",
    ]
    source = Path(d.__file__).read_text(encoding="utf-8")
    declared = re.findall(r"^(_[A-Z_]+): (?:dict|set)\[.*\] = (?:\{\}|set\(\))", source, re.M)
    assert sorted(set(declared) - {"_LABEL_INFO"}) == sorted(memos)  # a new one is reset too
    for name in memos:
        monkeypatch.setattr(d, name, type(getattr(d, name))())
    pages = saved_pages()
    assert len(pages) > 30
    cold = [d.extract_document(html, url).to_json_dict() for html, url in pages]
    assert [d.extract_document(html, url).to_json_dict() for html, url in pages] == cold
    monkeypatch.setattr(d, "_MEMO_SIZE", 3)  # every memo emptied again and again
    assert [d.extract_document(html, url).to_json_dict() for html, url in pages] == cold
