"""The marks that content is written by a script in the browser, not served in the HTML.

Real portals fill their 相关解读, 原文链接 and 政策咨询 boxes, and whole column lists, in three
ways, and each leaves a mark in the HTML a crawler reads:

- a framework template: an element repeated over script data (avalon ``ms-for``, used by TRS
  WCM's 2024–2025 front ends; Vue ``v-for``; Angular ``ng-repeat``; Alpine ``x-for``), with
  ``{{ }}`` placeholders for its text and a script-bound href (``ms-attr``, ``:href``);
- a ``<script type="text/html">`` template (art-template, underscore) rendered into a container;
- an empty container whose id an inline script names, next to a call that fetches the data
  (``$.ajax``, ``$.getJSON``, ``fetch``, ``XMLHttpRequest``, ``axios``).

A placeholder or a bound href is never a link: ``{{el.titleO}}`` is no title and
``href="{{item.url}}"`` leads nowhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree  # lxml ships no stubs

# Attributes that repeat their element over script data.
LOOP_ATTRS = ("ms-for", "ms-repeat", "ms-each", "v-for", "ng-repeat", "x-for")
# Types of <script> whose text is a template for HTML, not code.
TEMPLATE_TYPES = frozenset(
    {
        "text/html",
        "text/template",
        "text/x-template",
        "text/x-handlebars-template",
        "text/x-jsrender",
        "text/x-tmpl",
        "text/x-art-template",
    }
)
_LOOP_XPATH = etree.XPath(f"//*[{' or '.join(f'@{attr}' for attr in LOOP_ATTRS)}]")  # one walk
PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# Calls that fetch data for the page after it loads.
FETCH_RE = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|\baxios\b"
    r"|\.load\s*\(\s*['\"]|\bjsonp\b",
    re.IGNORECASE,
)
# An id an inline script names: getElementById('x'), $('#x'), querySelector('#x'), el: '#x'.
_SCRIPT_ID_RE = re.compile(r"""getElementById\(\s*['"]([\w\-:.]+)['"]|['"]#([\w\-]+)['"\s\[>.]""")


def may_hold_templates(html: str) -> bool:
    """Whether the page source has any mark of a framework template (a cheap pre-test).

    >>> may_hold_templates('<li v-for="d in docs">'), may_hold_templates("<li>x</li>")
    (True, False)
    """
    # Every LOOP_ATTRS name holds one of these; plain tests, no generator: this runs per page.
    return "{{" in html or "-for=" in html or "-repeat=" in html or "ms-each=" in html


def loop_elements(root: etree._Element) -> list[etree._Element]:
    """Elements repeated over script data (``ms-for``, ``v-for`` …), in page order."""
    found: list[etree._Element] = _LOOP_XPATH(root)
    return found


def is_template(el: etree._Element) -> bool:
    """Whether the element is, or sits in, a repeated template, or shows a ``{{ }}``
    placeholder as its own text."""
    for node in (el, *el.iterancestors()):
        if any(node.get(attr) is not None for attr in LOOP_ATTRS):
            return True
    own = el.text or ""
    return "{{" in own and bool(PLACEHOLDER_RE.search(own))


def holds_template(el: etree._Element) -> bool:
    """Whether the element holds a template: a repeated element, a ``{{ }}`` placeholder in its
    text, or a ``<script type="text/html">``."""
    for node in el.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag == "script":
            if (node.get("type") or "").strip().lower() in TEMPLATE_TYPES:
                return True
            continue
        if any(node.get(attr) is not None for attr in LOOP_ATTRS):
            return True
        for content in (node.text, node.tail if node is not el else None):
            if content and "{{" in content and PLACEHOLDER_RE.search(content):
                return True
    return False


@lru_cache(maxsize=1_024)  # a site's pages share their inline scripts
def fetched_ids(scripts: str) -> frozenset[str]:
    """The ids that the inline scripts name, when they fetch data at all (else none).

    >>> sorted(fetched_ids("$.ajax({url: u, success: function (d) { $('#ywlj').html(d); }})"))
    ['ywlj']
    >>> fetched_ids("document.getElementById('hits').innerHTML = '128'")
    frozenset()
    """
    if not FETCH_RE.search(scripts):
        return frozenset()
    return frozenset(g for m in _SCRIPT_ID_RE.finditer(scripts) for g in m.groups() if g)


def scripted_list(root: etree._Element) -> bool:
    """Whether a list page without static rows has its rows written by a script: a repeated
    template, or an inline script that fetches data (a TRS 动静结合 list with 0 static rows, a
    gov.cn list filled by ``$.ajax``). An empty list is rare on a portal, a fetched one common:
    without a browser the list is unread, not empty.

    >>> from lxml import html
    >>> scripted_list(html.fromstring('<ul><li ms-for="el in @rows">{{el.t}}</li></ul>'))
    True
    >>> scripted_list(html.fromstring("<div><ul></ul><script>$('#l').html(r)</script></div>"))
    False
    >>> scripted_list(html.fromstring("<div><ul></ul><script>fetch(u)</script></div>"))
    True
    """
    if loop_elements(root):
        return True
    return any(
        el.text and not el.get("src") and FETCH_RE.search(el.text) for el in root.iter("script")
    )
