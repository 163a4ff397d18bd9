"""Markup errors that would hide the rest of a page from the readers, repaired before parsing.

One unclosed ``<table>`` in an article (a pasted Word table, a CMS editor's slip) makes every
parser keep what follows inside its last cell: a ``</div>`` cannot close past an open table
(HTML's table scope), so the template's 相关解读 box and 政策咨询 window after the article land
inside the body container, where the readers take them for the document's own text, and the
crawl reports a window missing that a browser shows under the article. The author meant the
table to end where its enclosing ``<div>`` ends: that is where it is closed here.
"""

from __future__ import annotations

import re

# Tags that matter for the repair; scripts, styles and comments are skipped whole (their text
# may hold "<div" in a string).
_TAG_RE = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<(/?)(table|div)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def may_have_open_tables(html: str) -> bool:
    """A cheap test: fewer ``</table>`` than ``<table`` in the source.

    >>> may_have_open_tables("<TABLE><tr><td>x</table>"), may_have_open_tables("<table><td>")
    (False, True)
    """
    # Four counts, no lowercased copy of the page: this runs for every page.
    opened = html.count("<table") + html.count("<TABLE")
    return opened > 0 and opened > html.count("</table") + html.count("</TABLE")


def close_open_tables(html: str) -> str:
    """The source with each table left open inside a ``<div>`` closed where the div ends.

    >>> close_open_tables('<div id="zoom"><table><tr><td>1</div><div class="zczx">咨询</div>')
    '<div id="zoom"><table><tr><td>1</table></div><div class="zczx">咨询</div>'
    >>> close_open_tables("<div><table><td>1</table></div>")
    '<div><table><td>1</table></div>'
    >>> close_open_tables("<div><script>s = '<div><table>';</script></div>")
    "<div><script>s = '<div><table>';</script></div>"
    """
    stack: list[str] = []
    parts: list[str] = []
    last = 0
    for match in _TAG_RE.finditer(html):
        name = match.group(2)
        if name is None:  # a script, style or comment
            continue
        name = name.lower()
        closing = bool(match.group(1))
        if not closing:
            stack.append(name)
        elif name == "table":
            if "table" in stack:
                while stack.pop() != "table":
                    pass
        elif "div" in stack:
            open_tables = 0
            while stack[-1] != "div":
                open_tables += stack.pop() == "table"
            stack.pop()
            if open_tables:
                parts.append(html[last : match.start()])
                parts.append("</table>" * open_tables)
                last = match.start()
    if not parts:
        return html
    parts.append(html[last:])
    return "".join(parts)
