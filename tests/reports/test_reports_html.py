"""The report page: escaped, self-contained, in the table's order, with a banner when it must."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from checks.catalog import Catalog, CatalogRow, CheckSpec
from checks.findings import Finding, Verdict
from checks.records import RunRecord
from reports.notices import notice_path
from reports.render import ReportPaths, render_report
from reports.vocabulary import LABELS, VERDICT_HINTS


def _doc(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def test_a_script_in_a_document_title_is_escaped_text(report: ReportPaths, xss_title: str) -> None:
    text = report.html.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text
    escaped = "关于&lt;script&gt;alert(1)&lt;/script&gt;&#34;双引号&#34;与&#39;单引号&#39;的通知"
    assert escaped in text
    titles = [e.text_content() for e in _doc(report.html).find_class("doc-title")]
    assert xss_title in titles


def test_the_only_script_in_the_page_is_the_report_own(report: ReportPaths) -> None:
    doc = _doc(report.html)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1
    assert scripts[0].get("src") is None
    assert 'getElementById("filters")' in scripts[0].text


def test_the_page_loads_nothing_from_the_network(report: ReportPaths) -> None:
    doc = _doc(report.html)
    assert doc.xpath("//link | //img | //iframe | //*[@src]") == []
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    assert "'unsafe-inline'" not in csp


def test_rows_appear_in_the_table_order_with_its_numbering(report: ReportPaths) -> None:
    doc = _doc(report.html)
    rows = [
        (a.get("data-row"), a.find_class("seq")[0].text_content(), a.xpath(".//h4")[0].text)
        for a in doc.xpath("//article")
    ]
    assert [(r, s) for r, s, _ in rows] == [(str(i), str(i)) for i in range(1, 7)]
    assert rows[0][2] == "政策文件与解读同步发布"


def test_task_verdicts_are_shown_as_the_model_decides(report: ReportPaths) -> None:
    verdicts = {
        a.get("data-row"): a.get("data-verdict") for a in _doc(report.html).xpath("//article")
    }
    assert verdicts == {
        "1": "不符合",
        "2": "未能核验",
        "3": "符合",
        "4": "未能核验",
        "5": "需人工核验",
        "6": "不符合",
    }


def test_a_row_with_checks_but_no_findings_says_it_could_not_be_verified(
    report: ReportPaths,
) -> None:
    row4 = _doc(report.html).xpath("//article[@data-row='4']")[0]
    assert row4.find_class("badge")[0].text_content() == "未能核验"
    assert row4.find_class("note")[0].text_content() == LABELS["no_findings"]


def test_a_manual_row_gives_the_reason(report: ReportPaths) -> None:
    row5 = _doc(report.html).xpath("//article[@data-row='5']")[0]
    assert row5.find_class("badge")[0].text_content() == "仅需人工核验"
    assert row5.find_class("note")[0].text_content().startswith("需人工核验：政务新媒体账号")


def test_each_gap_shows_title_number_date_and_evidence_links(report: ReportPaths) -> None:
    gap = _doc(report.html).xpath("//article[@data-row='1']//li[contains(@class, 'gap')]")[0]
    assert gap.find_class("doc-number")[0].text == "示政发〔2026〕5号"
    assert gap.find_class("doc-date")[0].text == "2026-03-15"
    live = gap.find_class("live")[0]
    assert (
        live.get("href") == "https://www.example-county.gov.cn/xxgk/zcwj/202603/t20260315_1001.html"
    )
    assert (live.get("target"), live.get("rel")) == ("_blank", "noopener")
    assert gap.find_class("archive")[0].get("href") == "pages/101.html"


def test_evidence_without_an_archived_copy_has_no_archive_link(report: ReportPaths) -> None:
    gap = _doc(report.html).xpath("//article[@data-row='1']//li[contains(@class, 'gap')]")[1]
    assert len(gap.find_class("live")) == 2
    assert gap.find_class("archive") == []


def test_a_failed_run_puts_the_banner_first_in_the_page(failed_report: ReportPaths) -> None:
    body = _doc(failed_report.html).body
    first = body[0]
    assert first.get("id") == "run-banner"
    text = first.text_content()
    assert LABELS["banner_failed"] in text
    assert "DNS lookup failed: www.example-county.gov.cn" in text
    assert "政策解读" in text  # the column that was not reached


def test_a_failed_run_shows_automated_rows_as_unverified(failed_report: ReportPaths) -> None:
    doc = _doc(failed_report.html)
    verdicts = {a.get("data-row"): a.get("data-verdict") for a in doc.xpath("//article")}
    assert verdicts == dict.fromkeys("12346", "未能核验") | {"5": "需人工核验"}


def test_a_successful_run_has_no_banner(report: ReportPaths) -> None:
    assert _doc(report.html).xpath("//*[@id='run-banner']") == []


def test_each_unit_with_a_gap_is_listed_with_a_link_to_its_notice(report: ReportPaths) -> None:
    rows = _doc(report.html).xpath("//table[@class='unit-index']/tbody/tr")
    listed = {r.get("data-unit-index"): r.xpath(".//a/@href") for r in rows}
    assert list(listed) == [
        "县政府办公室",
        "县发展和改革局",
        "县政务服务管理办公室",
        "未明确责任单位",
    ]
    assert listed["县发展和改革局"] == [notice_path("县发展和改革局")]
    assert listed["未明确责任单位"] == []
    for hrefs in listed.values():
        for href in hrefs:
            assert (report.html.parent / href).is_file(), href


def test_the_four_verdicts_are_defined_on_the_page(report: ReportPaths) -> None:
    legend = _doc(report.html).get_element_by_id("legend")
    terms = [dt.text_content() for dt in legend.xpath(".//dl/dt")]
    meanings = [dd.text_content() for dd in legend.xpath(".//dl/dd")]
    assert terms == ["符合", "不符合", "未能核验", "需人工核验"]
    assert meanings == [VERDICT_HINTS[Verdict(t)] for t in terms]


def test_the_summary_counts_tasks_by_what_is_known_and_gaps_once(report: ReportPaths) -> None:
    doc = _doc(report.html)
    tasks = {
        s.get("data-task-status"): s.xpath(".//strong")[0].text
        for s in doc.find_class("status-count")
    }
    assert tasks == {"problem": "2", "unverified": "2", "pass": "1", "manual": "1"}
    gaps = {
        c.get("data-verdict"): c.xpath(".//*[@data-count='gaps']")[0].text
        for c in doc.find_class("card")
        if c.get("data-verdict")
    }
    assert gaps == {"不符合": "3", "未能核验": "1"}


def test_each_task_headline_counts_its_gaps_and_passing_findings(report: ReportPaths) -> None:
    doc = _doc(report.html)
    data = json.loads(report.json.read_text(encoding="utf-8"))
    for row in data["rows"]:
        article = doc.xpath(f"//article[@data-row='{row['id']}']")[0]
        headline = article.find_class("headline")[0]
        mine = [f for f in data["findings"] if f["row"] == row["id"]]
        shown = article.xpath(".//li[contains(@class, 'gap')]")
        assert int(headline.get("data-fail")) == sum(
            1 for li in shown if li.get("data-verdict") == "不符合"
        ), row["id"]
        assert int(headline.get("data-unverified")) == sum(
            1 for li in shown if li.get("data-verdict") == "未能核验"
        ), row["id"]
        assert int(headline.get("data-pass")) == sum(1 for f in mine if f["verdict"] == "符合")


def test_a_passing_task_with_a_manual_part_says_both(
    build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord], tmp_path: Path
) -> None:
    row = CatalogRow(
        id="1",
        seq="1",
        section="一、测试",
        task="测试任务",
        requirement="要求",
        units=("县司法局",),
        deadline="全年",
        checks=(CheckSpec("validity_marked"),),
        note="是否全部标注需人工核验",
    )
    found = [
        Finding("validity_marked", "1", Verdict.PASS, f"https://x.gov.cn/{i}.html", "文件", "")
        for i in range(5)
    ]
    found.append(Finding("manual", "1", Verdict.MANUAL, "row:1", "测试任务", "需人工核验"))
    paths = render_report(build_catalog((row,)), build_run(), found, tmp_path, profile_name="示例")
    article = _doc(paths.html).xpath("//article[@data-row='1']")[0]
    assert article.get("data-task-status") == "pass"
    assert article.find_class("badge")[0].text_content() == "全部符合"
    assert " ".join(article.find_class("headline")[0].text_content().split()) == (
        "符合 5 另有 1 项需人工核验"
    )


@pytest.mark.parametrize("verdict", [Verdict.FAIL, Verdict.UNVERIFIED])
def test_every_gap_of_a_verdict_is_in_the_page(
    report: ReportPaths, findings: tuple[Finding, ...], verdict: Verdict
) -> None:
    doc = _doc(report.html)
    shown = {
        (li.get("data-row"), li.get("data-subject"))
        for li in doc.xpath(f"//article//li[contains(@class, 'gap')][@data-verdict='{verdict}']")
    }
    assert shown == {(f.row, f.subject) for f in findings if f.verdict is verdict}


def test_the_report_names_the_crawl_it_rests_on(report: ReportPaths) -> None:
    run_table = _doc(report.html).find_class("kv")[0]
    cells = {tr[0].text: tr[1].text_content() for tr in run_table.xpath(".//tr")}
    assert cells == {
        "抓取编号": "17",
        "开始时间": "2026-11-21 02:00:00",
        "结束时间": "2026-11-21 02:42:10",
        "抓取页面数": "1234",
        "错误数": "0",
        "结果": "成功",
        "栏目抓取": "已抓取 1 / 1",
    }


def test_no_template_text_is_left_unrendered(report: ReportPaths) -> None:
    assert re.search(r"\{\{|\{%|\}\}", report.html.read_text(encoding="utf-8")) is None


def test_every_task_has_its_own_page_with_every_finding(
    report: ReportPaths, findings: tuple[Finding, ...]
) -> None:
    out = report.html.parent
    index = _doc(report.html)
    for article in index.xpath("//article"):
        href = article.find_class("task-link")[0].xpath(".//a/@href")[0]
        page = _doc(out / href)
        row = article.get("data-row")
        shown = {li.get("data-subject") for li in page.xpath("//li[@data-subject]")}
        assert shown == {f.subject for f in findings if f.row == row}, row
        back = page.xpath("//nav//a/@href")[0]
        assert back == f"../index.html#{article.get('id')}"
