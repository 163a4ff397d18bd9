"""One decoder for the crawl and ``zwgk extract``: GBK pages whose HTTP charset lies, crawled
over a real server into SQLite, read the same both ways and stored so they decode back.

The fixture portal is built here, in the shape of a TRS county portal (a list page with a
``createPageHTML`` script, ``./YYYYMM/tYYYYMMDD_ID.html`` details with an 信息公开 table): its
text sits in this file and each page's bytes are made by an explicit ``.encode``, so nothing is
decoded as UTF-8 on the way to the server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from sqlalchemy import create_engine, select

from ground.store.models import Document, Listing, PageFetch
from ground.store.snapshots import load_snapshot
from tests.conftest import crawl_json, run_zwgk

SITE_ID = "shandong_ceshi"
LIST_PATH = "/xxgk/zcwj/index.html"


@dataclass(frozen=True)
class Served:
    """A page of the fixture portal: what its server says, what its bytes are."""

    path: str
    title: str
    content_type: str  # the header the server sends (it lies about the charset)
    charset: str  # what the <meta> declares
    codec: str  # what the bytes really are

    @property
    def body(self) -> bytes:
        return detail_page(self).encode(self.codec)


DETAILS = (
    Served(
        "/xxgk/zcwj/202301/t20230105_1001.html",
        "冠县人民政府关于印发冠县城乡环境综合整治实施方案的通知",
        "text/html; charset=utf-8",  # the web server's default
        "gb2312",
        "gbk",
    ),
    Served(
        "/xxgk/zcwj/202302/t20230210_1002.html",
        "冠县人民政府办公室关于做好2023年春季农业生产工作的通知",
        "text/html; charset=ISO-8859-1",  # Tomcat's default
        "gbk",
        "gbk",
    ),
    Served(
        "/xxgk/zcwj/202303/t20230315_1003.html",
        "冠县教育和体育局关于公开征求《冠县中小学课后服务实施办法》意见的公告",
        "text/html",  # no charset: Scrapy believes the <meta>, which lies
        "gbk",
        "utf-8",
    ),
)
LIST_TYPE = "text/html; charset=utf-8"
ENCODING_READ = {"gbk": "gb18030", "utf-8": "utf-8"}  # GBK is read as its GB18030 superset


def detail_page(page: Served) -> str:
    day = page.path.split("/t")[1][:8]
    day = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    return f"""<!DOCTYPE html>
<html><head><meta charset="{page.charset}"><title>{page.title}_冠县人民政府</title></head>
<body><div class="position">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<table class="xxgk-table"><tbody>
<tr><th>索引号：</th><td>11371525004302117P/{day[:4]}-0000{page.path[-6]}</td>
<th>主题分类：</th><td>综合政务</td></tr>
<tr><th>发文机关：</th><td>冠县人民政府</td><th>成文日期：</th><td>{day}</td></tr>
<tr><th>标　　题：</th><td colspan="3">{page.title}</td></tr>
<tr><th>发文字号：</th><td>冠政发〔{day[:4]}〕{page.path[-6]}号</td>
<th>发布日期：</th><td>{day}</td></tr>
</tbody></table>
<h1 class="article-title">{page.title}</h1>
<div class="TRS_Editor"><p>各乡镇人民政府、街道办事处，县政府各部门：现将有关事项通知如下。</p>
</div>
</body></html>"""


def list_page() -> str:
    rows = "".join(
        f'<li><a href=".{p.path.removeprefix("/xxgk/zcwj")}" title="{p.title}" target="_blank">'
        f"{p.title}</a><span>2023-01-01</span></li>"
        for p in DETAILS
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>政策文件_冠县人民政府</title></head>
<body><div class="position">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<ul class="list">{rows}</ul>
<script type="text/javascript">createPageHTML(1, 0, "index", "html");</script>
</body></html>"""


def write_site(root: Path) -> tuple[Path, Path]:
    """The fixture portal and its profile under ``root``; returns (site folder, profile)."""
    site = root / "site"
    routes = [(LIST_PATH, LIST_TYPE, list_page().encode("gbk"))]
    routes += [(p.path, p.content_type, p.body) for p in DETAILS]
    headers = []
    for path, content_type, body in routes:
        file = site / path.lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(body)
        headers.append(f'[[route]]\npath = "{path}"\ncontent_type = "{content_type}"\n')
    (site / "_headers.toml").write_text("\n".join(headers), encoding="utf-8")
    profile = root / f"{SITE_ID}.toml"
    profile.write_text(
        f'id = "{SITE_ID}"\nname = "冠县人民政府（编码测试）"\n'
        'base_url = "http://www.guanxian.gov.cn/"\ncms = "trs"\n'
        '[[column]]\nid = "zcwj"\nname = "政策文件"\nrole = "政策文件"\n'
        f'url = "{LIST_PATH.lstrip("/")}"\n',
        encoding="utf-8",
    )
    return site, profile


@pytest.fixture(scope="module")
def portal(fixture_servers, tmp_path_factory) -> tuple[str, Path]:
    """(base URL, profile path) of the served fixture portal."""
    site, profile = write_site(tmp_path_factory.mktemp("lying_charsets"))
    return fixture_servers(str(site)), profile


@pytest.fixture(scope="module")
def crawled(portal) -> Path:
    base, profile = portal
    db = profile.parent / "crawl.sqlite3"
    summary = crawl_json(str(profile), base, f"sqlite:///{db}")
    assert summary["outcome"] == "succeeded", summary
    return db


def rows(db: Path, *columns: Any) -> list[Any]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        result = conn.execute(select(*columns)).all()
    engine.dispose()
    return result


def test_crawl_stores_the_chinese_title_of_every_page_whose_charset_lies(crawled):
    stored = {
        urlsplit(url).path: title for url, title in rows(crawled, Document.url, Document.title)
    }
    assert stored == {p.path: p.title for p in DETAILS}


def test_crawl_stores_the_list_titles_of_a_gbk_list_page_with_a_utf8_header(crawled):
    stored = {urlsplit(url).path: title for url, title in rows(crawled, Listing.url, Listing.title)}
    assert stored == {p.path: p.title for p in DETAILS}


def test_crawl_records_the_encoding_each_page_was_read_with(crawled):
    stored = {
        urlsplit(url).path: encoding
        for url, encoding in rows(crawled, PageFetch.final_url, PageFetch.encoding)
    }
    expected = {p.path: ENCODING_READ[p.codec] for p in DETAILS}
    assert stored == {LIST_PATH: "gb18030", **expected}


def test_stored_evidence_decodes_back_to_the_page_as_served(crawled):
    engine = create_engine(f"sqlite:///{crawled}")
    pages = {
        urlsplit(url).path: page_id
        for page_id, url in rows(crawled, PageFetch.id, PageFetch.final_url)
    }
    snapshots = {p.path: load_snapshot(engine, pages[p.path]) for p in DETAILS}
    engine.dispose()
    texts = {path: snapshot[0] if snapshot else None for path, snapshot in snapshots.items()}
    assert texts == {p.path: detail_page(p) for p in DETAILS}


@pytest.mark.parametrize("page", DETAILS, ids=lambda p: p.content_type)
def test_zwgk_extract_of_the_page_url_prints_the_same_title(portal, page):
    base, _ = portal
    result = run_zwgk("extract", base.rstrip("/") + page.path, "--json", check=True)
    assert json.loads(result.stdout)["title"] == page.title


@pytest.mark.parametrize(
    ("path", "content_type", "body", "title"),
    [(LIST_PATH, LIST_TYPE, list_page().encode("gbk"), DETAILS[0].title)]
    + [(p.path, p.content_type, p.body, p.title) for p in DETAILS],
    ids=["list", *(p.content_type for p in DETAILS)],
)
def test_scrapys_default_decoding_would_garble_these_pages(path, content_type, body, title):
    # The negative control: response.text (header charset first, then <meta>) is what the
    # spider read before; with it, every test above would fail.
    response = HtmlResponse(
        f"http://www.guanxian.gov.cn{path}", body=body, headers={"Content-Type": content_type}
    )
    assert title not in response.text
