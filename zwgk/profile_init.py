"""``zwgk profile init URL [--out FILE] [--force]``: a draft site profile from a portal's pages.

A newcomer's first step on a portal without a profile. The home page (or the 政府信息公开 page)
is fetched as a crawl fetches it (the crawler's User-Agent, timeout and page decoder); from the
home page the link named 政府信息公开 / 信息公开 / 政务公开 is followed. The 专栏 navigation of
both pages gives the columns: each link whose name says a role (指南, 制度, 年报, 政策文件,
规范性文件, 解读, 意见征集 …) is a column of that role, and each link under a 部门信息公开 /
乡镇信息公开 heading is a unit's own column. Every column's list page is then fetched once: its
``ColumnType`` / ``ColumnName`` meta tags (the 发展指引 tag set) correct the role, and its
scripts tell the CMS family (TRS ``createPageHTML``, Hanweb ``<datastore>`` / ``dataproxy.jsp``,
a single-page app's list config) and whether the list is filled by script.

The draft is a starting point for a person, never a finished profile: it is validated by
``ground.profiles.schema`` before it is written, its header lists what to review, and every
guess that needs a look carries a comment. An existing file is never overwritten without
``--force``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawler.extract.decode import decode_page
from ground.errors import PageInputError, ProfileError
from ground.profiles.schema import PROFILE_ID, config_folder, parse_profile
from zwgk.extract_page import check_bytes, check_markup, fetch

# Link texts that lead from a home page to the 政府信息公开 专栏, best first.
SECTION_NAMES = ("政府信息公开", "信息公开", "政务公开")
# A column's name → its role: the first pattern found in the name wins, so the specific ones
# (指南, 年报, 规范性文件) come before the words they contain (信息公开, 文件).
ROLE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"指南", "信息公开指南"),
    (r"年报|年度报告", "年度报告"),
    (r"公开制度|工作制度|^制度", "信息公开制度"),
    (r"规范性文件", "规范性文件"),
    (r"解读", "政策解读"),
    (r"意见征集|征求意见|征集", "意见征集"),
    (r"法定主动公开", "法定主动公开内容"),
    (r"依申请", "依申请公开"),
    (r"部门(?:信息|政务)公开|部门目录|部门公开", "部门信息公开"),
    (r"(?:乡镇|镇街|街道)(?:（街道）|\(街道\))?(?:信息|政务)公开|乡镇目录", "乡镇信息公开"),
    (r"重点领域|重点项目|重大项目|重大建设项目|财政预决算|公共资源配置|社会公益", "重点领域"),
    (r"政策文件|文件库|政府文件|政策法规|^文件$", "政策文件"),
    (r"工作动态|政务动态|部门动态|工作信息", "工作动态"),
)
UNIT_GROUP_ROLES = frozenset({"部门信息公开", "乡镇信息公开"})
# Column names are short labels; a longer text, or one with book-title marks or sentence
# punctuation, is an article title ("《…办法》政策解读"), not a column.
MAX_NAME = 16
ARTICLE_MARKS = re.compile(r"[《》“”，。：？！]|关于")
FAMILY_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hanweb", re.compile(r"<datastore>|dataproxy\.jsp|/module/web/|jpaas|hanweb", re.I)),
    ("trs", re.compile(r"createPageHTML|TRS_[A-Za-z]|\btrs\b|\.trs\.", re.I)),
    ("spa", re.compile(r"gkmlpt|__LIST_CONFIG__|window\._CONFIG", re.I)),
)
SPA_CONFIG = re.compile(r"__LIST_CONFIG__\s*=\s*(\{.*?\})\s*;", re.S)
HANWEB_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[\s*<a[^>]+href=\"([^\"]+)\"", re.I)
DEFAULT_DELAY = 0.5  # seconds between list pages: a county server is small


@dataclass
class DraftColumn:
    """One column as guessed: the name on the navigation, the role, the unit, and notes."""

    id: str
    name: str
    role: str
    url: str  # absolute
    unit: str = ""
    fetch: str = "static"
    wait_for: str = ""
    api: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """What ``profile init`` found: enough to write the profile and to say what to review."""

    source: str
    section_url: str
    base_url: str
    name: str
    cms: str
    columns: list[DraftColumn]
    units: list[str]
    family_votes: Counter[str]
    review: list[str] = field(default_factory=list)


def role_of(name: str) -> str:
    """The role a column name says, or "" when it says none.

    >>> [role_of(n) for n in ("政府信息公开指南", "政府信息公开年报", "政策文件库", "政务服务")]
    ['信息公开指南', '年度报告', '政策文件', '']
    """
    for pattern, role in ROLE_PATTERNS:
        if re.search(pattern, name):
            return role
    return ""


def looks_like_column(name: str) -> bool:
    """A short label, not an article title.

    >>> looks_like_column("政策解读"), looks_like_column("《盐亭县财务管理办法》政策解读")
    (True, False)
    """
    return 0 < len(name) <= MAX_NAME and not ARTICLE_MARKS.search(name)


def _text(node: Selector) -> str:
    title = (node.attrib.get("title") or "").strip()
    text = re.sub(r"\s+", "", "".join(node.css("::text").getall()))
    # A cut-off label ("…") is completed by its title attribute.
    return title if title and (not text or text.endswith(("…", "..."))) else text


def _group_label(link: Selector) -> str:
    """The heading a navigation link stands under: the label of the list item its list hangs
    from (a nested menu), or the heading just before its list (a titled block)."""
    # parsel returns ancestors in document order: the nearest list is the last.
    for holder in reversed(link.xpath("ancestor::*[self::ul or self::ol or self::dl]")[-3:]):
        parent_label = holder.xpath("parent::li/*[self::a or self::span][1]")
        if parent_label:
            return _text(parent_label[0])
        heading = holder.xpath(
            "preceding-sibling::*[1][self::h1 or self::h2 or self::h3 or self::h4 or self::h5"
            " or contains(@class,'hd') or contains(@class,'title')]"
        )
        if heading:
            return _text(heading[0])
    return ""


@dataclass(frozen=True)
class NavLink:
    name: str
    url: str
    group: str  # the role of the heading it stands under ("" for none)


def nav_links(html: str, page_url: str) -> list[NavLink]:
    """Every same-host link of a page with a column-like name, and the role of its heading."""
    host = urlsplit(page_url).netloc
    found = []
    for link in Selector(text=html).css("a[href]"):
        href = (link.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(page_url, href).split("#", 1)[0]
        name = _text(link)
        if urlsplit(url).netloc != host or not looks_like_column(name):
            continue
        found.append(NavLink(name, url, role_of(_group_label(link))))
    return found


def section_link(html: str, page_url: str) -> str:
    """The URL of the 政府信息公开 专栏 linked from a page, or "" when none is."""
    links = [(link.name, link.url) for link in nav_links(html, page_url)]
    for wanted in SECTION_NAMES:
        for name, url in links:
            if name == wanted and url.rstrip("/") != page_url.rstrip("/"):
                return url
    return ""


def guess_columns(pages: list[tuple[str, str]]) -> list[DraftColumn]:
    """The columns named on the pages ``(html, url)``: a link whose name says a role, or a link
    under a 部门 / 乡镇信息公开 heading (a unit's own column). First seen wins per URL."""
    columns: dict[str, DraftColumn] = {}
    skip = {url.rstrip("/") for _, url in pages}
    for html, url in pages:
        for link in nav_links(html, url):
            if link.url.rstrip("/") in skip or link.url in columns:
                continue
            role = role_of(link.name)
            if link.name in SECTION_NAMES:
                continue
            if link.group in UNIT_GROUP_ROLES and role in ("", link.group):
                column = DraftColumn("", link.name, link.group, link.url, unit=link.name)
            elif role and role not in UNIT_GROUP_ROLES:
                column = DraftColumn("", link.name, role, link.url)
            else:
                continue
            columns[link.url] = column
    return list(columns.values())


def column_ids(columns: list[DraftColumn]) -> None:
    """Give each column a short unique id from its URL (``xxgk/zcwj/index.html`` → zcwj)."""
    used: set[str] = set()
    for column in columns:
        parts = [p for p in urlsplit(column.url).path.split("/") if p]
        folders = [p for p in parts if "." not in p] or [Path(parts[-1]).stem if parts else "col"]
        base = re.sub(r"[^a-z0-9_]", "_", folders[-1].lower()).strip("_") or "col"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        column.id = candidate


def family_of(html: str) -> str:
    """The CMS family a page's markup points to, or "" when it says nothing.

    >>> family_of('<script>createPageHTML(4, 0, "index", "html");</script>')
    'trs'
    >>> family_of('<script type="text/xml"><datastore><nextgroup>'), family_of("<p>x</p>")
    ('hanweb', '')
    """
    for family, marker in FAMILY_MARKERS:
        if marker.search(html):
            return family
    return ""


def read_list_page(column: DraftColumn, html: str) -> str:
    """Correct ``column`` from its own list page; return the family the page points to."""
    page = Selector(text=html)
    for meta in ("ColumnType", "ColumnName"):
        declared = (page.css(f'meta[name="{meta}"]::attr(content)').get() or "").strip()
        role = role_of(declared)
        if role and role != column.role and not (column.unit and role in UNIT_GROUP_ROLES):
            column.notes.append(f'角色按页面 <meta name="{meta}" content="{declared}"> 定为{role}')
            column.role = role
            break
        if role:
            break
    config = SPA_CONFIG.search(html)
    if config:
        _spa_column(column, page, config.group(1))
    nextgroup = HANWEB_NEXTGROUP.search(html)
    if nextgroup:
        query = dict(
            part.split("=", 1)
            for part in urlsplit(nextgroup.group(1)).query.split("&")
            if "=" in part
        )
        column.api = {k: query[k] for k in ("webid", "columnid", "unitid") if query.get(k)}
    elif not config and page.xpath("//*[self::ul or self::ol][not(*)][@id]") and "<script" in html:
        # An empty list container beside scripts: rows may arrive by script only.
        column.notes.append(
            '列表页有空的列表容器：可能由脚本填充，请用浏览器确认（fetch = "browser"）'
        )
    return family_of(html)


def _spa_column(column: DraftColumn, page: Selector, raw: str) -> None:
    """A single-page app's list: crawl its JSON API; the empty container is what a browser
    waits for (``fetch = "browser"`` is the alternative)."""
    try:
        config = json.loads(raw)
    except json.JSONDecodeError:
        column.notes.append("列表由脚本填充（配置无法读取）：请人工填写 fetch/api")
        return
    endpoint = str(config.get("api") or config.get("endpoint") or "").lstrip("/")
    if not endpoint:
        column.notes.append("列表由脚本填充，未见接口地址：请人工填写 fetch/api")
        return
    column.fetch = "api"
    column.api = {"endpoint": endpoint}
    if isinstance(config.get("size"), int):
        column.api["size"] = config["size"]
    empty = page.xpath("//*[self::ul or self::ol][@id][not(*)]/@id").get()
    if empty:
        column.wait_for = f"#{empty} li"
    column.notes.append(
        '列表由脚本填充：按接口抓取（fetch = "api"），或改用浏览器（fetch = "browser"）'
    )


def load_html(url: str) -> tuple[str, str]:
    """(decoded text, final URL) of an HTML page; ``PageInputError`` in one line otherwise."""
    page = fetch(url)
    check_bytes(url, page)
    text, _ = decode_page(page.body, page.content_type)
    check_markup(url, text)
    return text, page.url


def site_name(html: str) -> str:
    page = Selector(text=html)
    name = (page.css('meta[name="SiteName"]::attr(content)').get() or "").strip()
    if name:
        return name
    title = re.split(r"[_\-|－—]", page.css("title::text").get() or "")
    return title[-1].strip() if title else ""


def build_draft(url: str, *, delay: float = DEFAULT_DELAY) -> Draft:
    """Fetch ``url`` (a home or 政府信息公开 page), follow it to the 专栏, and guess the profile."""
    first, first_url = load_html(url)
    pages = [(first, first_url)]
    section = section_link(first, first_url)
    if section:
        pages.append(load_html(section))
    # The 专栏's own navigation first: its order and names are the section's; the home page
    # adds what only it links (a 部门信息公开 block on the home page).
    columns = guess_columns(pages[::-1])
    if not columns:
        raise PageInputError(
            f"no 政府信息公开 columns found on {url} (nor on the page it links as 政府信息公开): "
            "give the URL of the portal's 政府信息公开 page"
        )
    column_ids(columns)
    votes: Counter[str] = Counter(f for f in (family_of(html) for html, _ in pages) if f)
    for column in columns:
        time.sleep(delay)
        try:
            html, _ = load_html(column.url)
        except PageInputError as exc:
            column.notes.append(f"列表页未能访问（{exc}）：请人工确认地址")
            continue
        family = read_list_page(column, html)
        if family:
            votes[family] += 1
    parts = urlsplit(first_url)
    cms = votes.most_common(1)[0][0] if votes else "generic"
    units = list(dict.fromkeys(c.unit for c in columns if c.unit))
    draft = Draft(
        source=url,
        section_url=pages[-1][1],
        base_url=f"{parts.scheme}://{parts.netloc}/",
        name=site_name(pages[-1][0]) or site_name(first) or parts.netloc,
        cms=cms,
        columns=columns,
        units=units,
        family_votes=votes,
    )
    draft.review = review_points(draft)
    return draft


def review_points(draft: Draft) -> list[str]:
    """What a person must check before the first crawl."""
    points = [
        "id 与文件名：改为 <省>_<县> 的小写拼音（如 shandong_guanxian）",
        "units：按任务表（责任单位）的写法改写单位名称，并同步修改各栏目的 unit",
        "每个栏目的 role：按栏目实际内容确认；无关栏目删除，遗漏栏目补上",
    ]
    if draft.cms == "generic":
        points.append("cms：未识别出 CMS 家族（trs、hanweb、spa），按 generic 抓取，请确认")
    if len(draft.family_votes) > 1:
        seen = "、".join(f"{f} {n}" for f, n in draft.family_votes.most_common())
        points.append(f"cms：页面特征不一致（{seen}），请确认")
    missing = {"信息公开指南", "年度报告", "政策文件", "政策解读"} - {c.role for c in draft.columns}
    if missing:
        points.append(f"未找到以下角色的栏目：{'、'.join(sorted(missing))}（可用文件夹地址补充）")
    if any(c.notes for c in draft.columns):
        points.append("带 # 注释的栏目：见注释")
    return points


def _toml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _inline(table: dict[str, object]) -> str:
    return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in table.items()) + " }"


def render_draft(draft: Draft, profile_id: str) -> str:
    """The draft as a profile TOML file, header and comments included."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Draft profile written by `zwgk profile init {draft.source}` on {now}.",
        f"# 政府信息公开 page: {draft.section_url}",
        "# A person must review it before the first crawl (docs/profiles.md):",
        *[f"# - {point}" for point in draft.review],
        f"id = {_toml(profile_id)}",
        f"name = {_toml(draft.name)}",
        f"base_url = {_toml(draft.base_url)}",
        f"cms = {_toml(draft.cms)}",
        f"units = {_toml(draft.units)}",
    ]
    for column in draft.columns:
        lines += ["", "[[column]]", *[f"# {note}" for note in column.notes]]
        lines += [
            f"id = {_toml(column.id)}",
            f"name = {_toml(column.name)}",
            f"role = {_toml(column.role)}",
            f"url = {_toml(relative(column.url, draft.base_url))}",
        ]
        if column.unit:
            lines.append(f"unit = {_toml(column.unit)}")
        if column.fetch != "static":
            lines.append(f"fetch = {_toml(column.fetch)}")
        if column.wait_for:
            lines.append(f"wait_for = {_toml(column.wait_for)}")
        if column.api:
            lines.append(f"api = {_inline(column.api)}")
    return "\n".join(lines) + "\n"


def relative(url: str, base_url: str) -> str:
    """A column URL relative to the profile's base (what a profile file writes).

    >>> relative("http://www.a.gov.cn/xxgk/zcwj/index.html", "http://www.a.gov.cn/")
    'xxgk/zcwj/index.html'
    """
    return url[len(base_url) :] if url.startswith(base_url) else url


def draft_id(url: str) -> str:
    """A valid placeholder id from the host (``www.guanxian.gov.cn`` → ``draft_guanxian``)."""
    labels = [p for p in urlsplit(url).netloc.split(":")[0].split(".") if p.isalpha()]
    place = next((p for p in labels if p not in {"www", "gov", "cn", "com", "net", "org"}), "")
    return f"draft_{place.lower() or 'portal'}"


def default_out(profile_id: str) -> Path:
    """``$ZWGK_CONFIG/profiles/<id>.toml`` for a deployment, else ``./<id>.toml``."""
    folder = config_folder("profiles")
    return (folder if folder is not None else Path()) / f"{profile_id}.toml"


def init_profile(url: str, out: Path | None, *, force: bool, delay: float = DEFAULT_DELAY) -> Path:
    """Write the draft profile of the portal at ``url``; return the file written."""
    if not url.startswith(("http://", "https://")):
        raise PageInputError(f"not an http(s) URL: {url}")
    if out is not None and not PROFILE_ID.match(out.stem):
        raise ProfileError(
            f"{out}: the file name is the profile id and must be lowercase pinyin "
            "<province>_<place>.toml (e.g. shandong_guanxian.toml)"
        )
    if out is not None and out.exists() and not force:
        raise ProfileError(f"{out}: already exists (use --force to overwrite it)")
    draft = build_draft(url, delay=delay)
    target = out if out is not None else default_out(draft_id(draft.base_url))
    if target.exists() and not force:
        raise ProfileError(f"{target}: already exists (use --out FILE, or --force to overwrite)")
    text = render_draft(draft, target.stem)
    # Validated as the crawler will validate it, before anything is written.
    parse_profile(tomllib.loads(text), target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target
