"""The labelled 信息公开 metadata block, read in whatever layout the CMS draws it.

Real portals draw it as th/td or td/td pairs (several per row), dl/dt/dd, li or div rows with
``<span>label：</span>value``, several ``label：value`` pairs on one line, or labels padded with
spaces (``发 布 机 构``). A block is a "table" when at least three different fields are
labelled close together (in one table, list or dl, or within two levels of divs).

Labels inside the body container are ignored unless they form such a block: a 解读 quotes the
policy it explains ("文号：冠政办发〔2023〕7号") and those are not its own fields. An isolated
``label：value`` line outside the body (``发布时间：2023-03-15 10:20``) counts, after any block.

A value is what a reader sees: the text of scripts and styles is never part of it. TRS and
Hanweb templates write some values in the browser (有效性 computed from a 废止日期 by
``document.write`` in the cell, a cell filled through its id by an inline script): a label
whose place holds nothing but such a script, or an empty element a script names, is reported
as script-filled (``Labelled.scripted``), so a check can say 未能核验, never 未标注.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree  # lxml ships no stubs

from crawler.extract.caches import CACHE_SIZE
from crawler.extract.dates import iso_date
from crawler.extract.elements import (
    BLOCK_TAGS,
    SKIP_TAGS,
    clean,
    is_empty,
    is_inside,
    text,
    tokens,
    visible_text,
)
from crawler.extract.js_boxes import script_refs
from crawler.extract.labels import LABEL_INFO, VALUE_MAX, label_matches, starts_with_label
from crawler.extract.page import Page
from ground.text.doc_numbers import normalise_doc_number

# A cell of a table, dl or list is counted with the other cells of that structure.
_STRUCTURE_OF = {
    "td": ("table",),
    "th": ("table",),
    "dt": ("dl",),
    "dd": ("dl",),
    "li": ("ul", "ol"),
}
_STRUCTURE_CELLS = frozenset({"td", "th", "dt", "dd", "li", "div"})
_PLACEHOLDERS = frozenset(
    {"", "无", "暂无", "-", "--", "—", "/", "－", "空", "null", "none", "无文号"}
)
# A 主题分类 of 无 is what the office filed (the document was given no topic), not a blank
# cell: kept, so a check can tell it from a table without the row.
_WORDS_NONE = frozenset({"无", "暂无"})
_TABLE_MIN_FIELDS = 3
_CLUSTER_LEVELS = 2
# Stands in a cell's line where a script (or an empty element a script names) sits, so that a
# label with nothing but it for a value is told from a blank one. A str.split separator, so
# ``clean`` drops it from every value.
_SCRIPT_MARK = "\x1e"


@dataclass(slots=True)
class _Pair:
    """One label and its value; ``field`` is None for a stop label, ``order`` is page order."""

    field: str | None
    rank: int
    value: str
    cell: etree._Element
    order: int
    scripted: bool = False  # no value in the HTML: a script writes it (``value`` is "")


@dataclass(slots=True)
class Labelled:
    """The labelled fields: field → (value, "table" or "body"), and the fields whose only
    labelled place is filled by a script, in page order (none of them in ``values``)."""

    values: dict[str, tuple[str, str]]
    scripted: tuple[str, ...]


def labelled_fields(page: Page, label_cells: list[etree._Element]) -> Labelled:
    """The labelled fields from the cells that hold labels, in page order."""
    refs = script_refs(page.scripts) if page.scripts else frozenset()
    pairs: list[_Pair] = []
    for cell in label_cells:
        pairs.extend(_pairs_in_cell(cell, len(pairs), refs))
    return _choose_pairs(page, pairs)


def _cell_lines(cell: etree._Element, refs: frozenset[str]) -> list[str | etree._Element]:
    """The cell's inline content as lines (``\\x1f`` marks element boundaries, _SCRIPT_MARK
    a script or an empty element that ``refs`` names); block children stand as themselves, to
    be read only if a label needs them as its value."""
    if len(cell) == 0:  # most label cells: <th>索引号</th>
        return [cell.text] if cell.text else []
    items: list[str | etree._Element] = []
    buf: list[str] = [cell.text] if cell.text else []
    _walk_lines(cell, items, buf, refs)
    if buf:
        items.append("".join(buf))
    return items


def _walk_lines(
    el: etree._Element, items: list[str | etree._Element], buf: list[str], refs: frozenset[str]
) -> None:
    """_cell_lines' walk: inline children join the current line (``buf``) between marks."""
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in SKIP_TAGS:
            if tag == "br" or tag in BLOCK_TAGS:
                if buf:
                    items.append("".join(buf))
                    buf.clear()
                if tag != "br":
                    items.append(child)
            else:
                buf.append("\x1f")
                if refs and refs.intersection(tokens(child)) and is_empty(child):
                    buf.append(_SCRIPT_MARK)  # <span id="yxx"></span>, filled by its id
                if child.text:
                    buf.append(child.text)
                if len(child):
                    _walk_lines(child, items, buf, refs)
                buf.append("\x1f")
        elif tag == "script":
            buf.append(_SCRIPT_MARK)
        if child.tail:
            buf.append(child.tail)


def _value_text(item: str | etree._Element) -> str | None:
    """A neighbouring line or element as a label's value (None if it is another label, or too
    long to be one: the next element may be the whole body)."""
    if isinstance(item, str):
        content = item
    else:
        content = text(item)
        if len(content) > 4 * VALUE_MAX:
            return None
        if len(item) and next(item.iterdescendants(*SKIP_TAGS), None) is not None:
            # What a reader sees: a cell's <script>document.write('有效')</script> is no value.
            content = visible_text(item)
    if starts_with_label(content):
        return None
    value = clean(content)
    return value if len(value) <= VALUE_MAX else None


def _next_cell(cell: etree._Element) -> tuple[etree._Element | None, bool]:
    """The element after the cell; for a label wrapped alone in a cell (``<td><p>文号：</p></td>``)
    the element after that cell. And whether a ``<script>`` stands between (it may write the
    value there: ``<span>有效性：</span><script>document.write(…)</script>``)."""
    node: etree._Element | None = cell
    passed_script = False
    for _ in range(3):
        if node is None:
            return None, passed_script
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag not in SKIP_TAGS:
                return sibling, passed_script
            passed_script = passed_script or sibling.tag == "script"
        node = node.getparent()
        if node is None or node.tag not in _STRUCTURE_CELLS or text(node) != text(cell):
            return None, passed_script
    return None, passed_script


def _script_fills(el: etree._Element, refs: frozenset[str]) -> bool:
    """Whether an element shows nothing and a script writes into it: it holds a ``<script>``,
    or it (or an element in it) is one that an inline script names (``refs``)."""
    if not is_empty(el):
        return False
    if next(el.iter("script"), None) is not None:
        return True
    return bool(refs) and any(refs.intersection(tokens(node)) for node in el.iter())


def _pairs_in_cell(cell: etree._Element, order: int, refs: frozenset[str]) -> list[_Pair]:
    """Every label in the cell and its value: the text up to the next label on the line, or
    for a label that ends its line, the next line or the next cell. A label whose value is
    written by a script gives a ``scripted`` pair."""
    pairs: list[_Pair] = []
    items = _cell_lines(cell, refs)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            continue
        matches = label_matches(item)
        for i, match in enumerate(matches):
            label = "".join(match["label"].split())
            field_name, rank = LABEL_INFO[label]
            end = matches[i + 1].start() if i + 1 < len(matches) else len(item)
            value: str | None = clean(item[match.end() : end])
            # From the end of the label: the gap after it may hold the mark.
            scripted = _SCRIPT_MARK in item[match.end("label") : end]
            if not value and i + 1 == len(matches) and field_name is not None:
                # The value is the next line of the cell, else the next cell (td, dd, div).
                following = [x for x in items[index + 1 :] if not isinstance(x, str) or clean(x)]
                nxt, passed = (following[0], False) if following else _next_cell(cell)
                value = _value_text(nxt) if nxt is not None else None
                scripted = scripted or passed
                if not value and not scripted and nxt is not None and not isinstance(nxt, str):
                    scripted = _script_fills(nxt, refs)
            if value and len(value) <= VALUE_MAX:
                pairs.append(_Pair(field_name, rank, value, cell, order + len(pairs)))
            elif not value and scripted and field_name is not None:
                pairs.append(_Pair(field_name, rank, "", cell, order + len(pairs), scripted=True))
    return pairs


def _cluster_keys(cell: etree._Element) -> list[etree._Element]:
    """The elements whose labelled fields are counted together with this cell's: its table,
    list or dl for cells of those, else its parent and grandparent (div rows in a div)."""
    holder: etree._Element | None = cell
    for _ in range(3):  # the cell, its parent, its grandparent: <td><p>文号：</p></td> too
        if holder is None:
            break
        structure = _STRUCTURE_OF.get(holder.tag)
        if structure:
            for node in itertools.islice(holder.iterancestors(), 5):
                if node.tag in structure:
                    return [cell, node]
            return [cell]
        holder = holder.getparent()
    keys = [cell]
    node = cell.getparent()
    while node is not None and len(keys) <= _CLUSTER_LEVELS:
        keys.append(node)
        node = node.getparent()
    return keys


@lru_cache(maxsize=CACHE_SIZE)
def field_value(field_name: str, raw: str) -> str | None:
    """A labelled value in the form the field is stored in, or None for a placeholder.

    >>> field_value("written_date", "：2023年3月5日"), field_value("doc_number", "暂无")
    ('2023-03-05', None)
    >>> field_value("doc_number", "冠政发［2023］5号"), field_value("index_number", "1137 /2023")
    ('冠政发〔2023〕5号', '1137/2023')
    >>> field_value("topic", "无"), field_value("topic", "-")
    ('无', None)
    """
    # An opening bracket left at the end belongs to the next item (来源：县政府办　【字号：大】).
    value = raw.strip(" ：:|｜丨").rstrip(" 【[［(（")
    if value.lower() in _PLACEHOLDERS and not (field_name == "topic" and value in _WORDS_NONE):
        return None
    if field_name in ("written_date", "publish_date"):
        return iso_date(value)
    if field_name == "doc_number":
        return normalise_doc_number(value) or value.replace(" ", "")
    if field_name == "index_number":
        return value.replace(" ", "")
    return value


def _choose_pairs(page: Page, pairs: list[_Pair]) -> Labelled:
    """field → (value, source) from the labelled pairs: blocks before lone lines, then the
    label's rank, then page order; and the fields labelled only over a script-filled place."""
    fields_near: dict[etree._Element, set[str]] = {}
    keys_of: list[list[etree._Element]] = []
    for pair in pairs:
        keys = _cluster_keys(pair.cell)
        keys_of.append(keys)
        if pair.field and pair.field != "source":  # an info bar's 来源 makes no block
            for key in keys:
                fields_near.setdefault(key, set()).add(pair.field)
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    scripted: dict[str, None] = {}  # ordered set
    for pair, keys in zip(pairs, keys_of, strict=True):
        if pair.field is None:
            continue
        in_block = any(len(fields_near.get(k, ())) >= _TABLE_MIN_FIELDS for k in keys)
        if not in_block and is_inside(pair.cell, page.container):
            continue  # a quotation inside the document's own text
        if pair.scripted:
            scripted[pair.field] = None
            continue
        value = field_value(pair.field, pair.value)
        if value is None:
            continue
        key = (0 if in_block else 1, pair.rank, pair.order)
        current = best.get(pair.field)
        if current is None or key < current[0]:
            best[pair.field] = (key, value)
    values = {
        name: (value, "table" if key[0] == 0 else "body") for name, (key, value) in best.items()
    }
    # A value labelled elsewhere on the page was read: the script-filled place hides nothing.
    return Labelled(values, tuple(name for name in scripted if name not in values))
