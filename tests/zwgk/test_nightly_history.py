"""Two ``zwgk nightly`` runs over the 冠县 fixture portal, changed in between as a portal changes
from one night to the next: the second morning's report lists as 新增 and 已整改 exactly the
changes made, and nothing else.

The portal is a temporary copy served on 127.0.0.1; the deployment's profile (in a temporary
``$ZWGK_CONFIG/profiles``) points at it, as a nightly points at the real portal. Between the
nights the portal publishes two pages (a second night re-reads list pages and fetches what is
new on them):

* fixed: the 住宅小区物业管理办法 consultation, whose result (意见采纳情况) was never published,
  gets its result notice in 意见征集, two working days after the final document;
* new gap: a 若干措施 is published in 政策文件 without any 解读 (its 相关解读 box says
  暂无相关解读, as a real one of the portal does).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from ground.profiles.schema import PROFILE_DIR
from tests.conftest import run_zwgk
from zwgk.fixture_server import FIXTURE_ROOT, serve_fixture

SITE = "shandong_guanxian"
CONSULTATION = "/xxgk/yjzj/202303/t20230315_5044512.html"
RESULT_TEMPLATE = "/xxgk/yjzj/202304/t20230414_5053317.html"  # another consultation's result
RESULT = "/xxgk/yjzj/202305/t20230512_5063001.html"
UNINTERPRETED_TEMPLATE = "/xxgk/zcwj/202309/t20230911_5087733.html"  # a 若干措施 with no 解读
NEW_DOCUMENT = "/xxgk/zcwj/202311/t20231130_5101560.html"
NEW_TITLE = "冠县人民政府办公室关于印发冠县支持外贸企业稳订单拓市场若干措施的通知"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _list_first(listing: Path, href: str, title: str, date: str) -> None:
    """Put an entry at the top of a TRS list page, as the CMS does with a new page."""
    _edit(
        listing,
        '<ul class="list">\n',
        f'<ul class="list">\n<li><a href="{href}" title="{title}" target="_blank">{title}</a>'
        f"<span>{date}</span></li>\n",
    )


def _rewrite(text: str, changes: dict[str, str]) -> str:
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def publish_consultation_result(site: Path) -> None:
    """The result notice of the 物业管理办法 consultation (final document 2023-05-10)."""
    title = "关于《冠县住宅小区物业管理办法（征求意见稿）》征求意见采纳情况的说明"
    page = _rewrite(
        (site / RESULT_TEMPLATE.lstrip("/")).read_text(encoding="utf-8"),
        {
            "冠县城乡环境卫生管理办法": "冠县住宅小区物业管理办法",
            "冠县综合行政执法局": "冠县住房和城乡建设局",
            "县综合行政执法局": "县住房和城乡建设局",
            "2023年2月20日至2023年3月22日": "2023年3月15日至2023年4月14日",
            "2023年4月12日": "2023年5月10日",
            "202302/t20230220_5034018": "202303/t20230315_5044512",
            "202304/t20230414_5053317": "202305/t20230512_5063001",
            "202304%2Ft20230414_5053317": "202305%2Ft20230512_5063001",
            "2023-04-14 14:39": "2023-05-12 10:00",
            "2023/04/14": "2023/05/12",
            "2023年4月14日": "2023年5月12日",
        },
    )
    target = site / RESULT.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    _list_first(
        site / "xxgk/yjzj/index.html", "./202305/t20230512_5063001.html", title, "2023-05-12"
    )


def publish_uninterpreted_document(site: Path) -> None:
    """A new 若干措施 of the 县政府办公室, in order but for its 解读: none published."""
    page = _rewrite(
        (site / UNINTERPRETED_TEMPLATE.lstrip("/")).read_text(encoding="utf-8"),
        {
            "冠县支持服务业提速扩量若干措施": "冠县支持外贸企业稳订单拓市场若干措施",
            "冠政办字〔2023〕41号": "冠政办字〔2023〕58号",
            "202309/t20230911_5087733": "202311/t20231130_5101560",
            "2023-09-06": "2023-11-28",
            "2023-09-11": "2023-11-30",
            "2023年9月6日": "2023年11月28日",
        },
    )
    assert NEW_TITLE in page
    target = site / NEW_DOCUMENT.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    _list_first(
        site / "xxgk/zcwj/index.html", "./202311/t20231130_5101560.html", NEW_TITLE, "2023-11-30"
    )


@dataclass(frozen=True)
class Night:
    code: int
    lines: list[str]
    findings: dict[str, Any]
    page: lxml.html.HtmlElement


def nightly(config: Path, db: Path, out: Path) -> Night:
    result = run_zwgk(
        "nightly", SITE, "--db", f"sqlite:///{db}", "--out", str(out),
        env={"ZWGK_CONFIG": str(config)},
    )  # fmt: skip
    print(result.stdout, result.stderr)  # shown when a test fails
    folder = out / SITE
    return Night(
        result.returncode,
        result.stdout.splitlines(),
        json.loads((folder / "findings.json").read_text(encoding="utf-8")),
        lxml.html.document_fromstring((folder / "index.html").read_text(encoding="utf-8")),
    )


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Night, Night]]:
    """The first and the second night, into one database and one report folder."""
    root = tmp_path_factory.mktemp("nightly_history")
    site = root / SITE
    shutil.copytree(FIXTURE_ROOT / SITE, site)
    config = root / "config"
    (config / "profiles").mkdir(parents=True)
    with serve_fixture(site) as base:
        profile = (PROFILE_DIR / f"{SITE}.toml").read_text(encoding="utf-8")
        (config / "profiles" / f"{SITE}.toml").write_text(
            _rewrite(profile, {'base_url = "http://www.guanxian.gov.cn/"': f'base_url = "{base}"'}),
            encoding="utf-8",
        )
        first = nightly(config, root / "db.sqlite3", root / "reports")
        publish_consultation_result(site)
        publish_uninterpreted_document(site)
        second = nightly(config, root / "db.sqlite3", root / "reports")
    yield first, second


def _path(subject: str) -> str:
    return subject if subject.startswith(("row:", "column:")) else urlsplit(subject).path


def _with_status(data: dict[str, Any], status: str) -> set[tuple[str, str]]:
    every = [*data["findings"], *data["history"]["resolved"]]
    return {(f["check"], _path(f["subject"])) for f in every if f["status"] == status}


def test_both_nights_end_normally_with_one_line_each(nights) -> None:
    first, second = nights
    assert (first.code, second.code) == (0, 0)
    assert [n.lines[0].split("\t")[:3] for n in nights] == [
        [SITE, "运行 #1", "抓取成功"],
        [SITE, "运行 #2", "抓取成功"],
    ]


def test_the_second_report_compares_with_the_first_night(nights) -> None:
    first, second = nights
    assert first.findings["history"]["compared"] is False
    assert second.findings["history"]["compared"] is True
    assert second.findings["history"]["previous_run"] == 1


def test_新增_is_exactly_the_document_published_without_a_解读(nights) -> None:
    _, second = nights
    assert _with_status(second.findings, "新增") == {("interpretation_published", NEW_DOCUMENT)}


def test_已整改_is_exactly_the_consultation_whose_result_was_published(nights) -> None:
    _, second = nights
    assert _with_status(second.findings, "已整改") == {
        ("consultation_feedback_published", CONSULTATION)
    }


def test_every_other_gap_of_the_first_night_persists(nights) -> None:
    first, second = nights
    gaps_1 = {f["id"] for f in first.findings["findings"] if f["verdict"] == "不符合"}
    persisting = {f["id"] for f in second.findings["findings"] if f["status"] == "持续"}
    fixed = {f["id"] for f in second.findings["findings"] if f["status"] == "已整改"}
    assert len(fixed) == 1
    assert persisting == gaps_1 - fixed
    assert second.findings["history"]["resolved"] == []  # no gap lost from sight


def test_the_second_html_report_lists_the_same_新增_and_已整改(nights) -> None:
    _, second = nights
    fixed = second.page.xpath("//article//li[contains(@class, 'fixed-item')]")
    new = second.page.xpath("//article//li[contains(@class, 'gap')][@data-status='新增']")
    assert {(li.get("data-check"), _path(li.get("data-subject"))) for li in fixed} == {
        ("consultation_feedback_published", CONSULTATION)
    }
    assert {(li.get("data-check"), _path(li.get("data-subject"))) for li in new} == {
        ("interpretation_published", NEW_DOCUMENT)
    }
    assert NEW_TITLE in " ".join(li.text_content() for li in new)
