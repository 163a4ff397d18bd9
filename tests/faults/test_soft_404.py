"""A portal's "页面不存在" page answered with HTTP 200 (a soft 404, common after a portal moves its
columns): a list answered so is a column not read, a detail answered so is a page not fetched;
neither is an empty column or a document, so nothing is judged absent because of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.faults.crawl import crawl
from tests.faults.portal import routes, write_profile
from tests.faults.server import html, serve
from zwgk.audit import check_run

CATALOG = "shandong_guanxian_2023"
NAVIGATION = "".join(
    f'<li><a href="/col{i}/index.html">第{i}个政务公开专栏</a></li>' for i in range(30)
)
NOT_FOUND = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>冠县人民政府</title></head>
<body><div class="head">冠县人民政府 欢迎访问 无障碍 长者模式</div>
<ul class="menu">{NAVIGATION}</ul>
<div class="main"><h2>抱歉，您访问的页面不存在或已删除！</h2>
<p>请检查网址是否正确，或返回首页。</p></div>
<div class="footer">主办：冠县人民政府办公室 承办：冠县大数据中心 网站标识码3715250001
鲁ICP备05003461号 版权所有 冠县人民政府 建议使用1366*768分辨率浏览</div></body></html>"""


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The faulty portal whose 政策解读 list answers the not-found page."""
    folder: Path = tmp_path_factory.mktemp("soft404")
    served = routes()
    served["/zcjd/index.html"] = html(NOT_FOUND)
    with serve(served) as portal:
        profile = write_profile(folder, portal.base)
        crawl(profile, folder / "z.sqlite3")
    return check_run(
        str(profile), db=f"sqlite:///{folder / 'z.sqlite3'}", run_id=None, catalog_id=CATALOG
    )


def test_a_list_answered_by_the_not_found_page_is_a_column_not_read(audited: Any) -> None:
    [column] = [c for c in audited.run.columns if c.id == "zcjd"]
    assert (column.reached, column.complete) == (False, False)
    assert "页面不存在（软 404，HTTP 200）" in column.error


def test_no_document_lacks_a_解读_a_not_found_list_may_hold(audited: Any) -> None:
    published = [f for f in audited.findings if f.check == "interpretation_published"]
    assert published
    assert [f.subject for f in published if f.verdict.value == "不符合"] == []
