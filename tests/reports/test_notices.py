"""整改通知: one printable notice per unit with something to act on, and their index.

The notices are written by the real writer through the report's own Jinja environment, for a
small task table, a real unit registry and findings built here, then read back as HTML (lxml)
or printed by real Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html

from checks.catalog import Catalog, CatalogRow, CheckSpec, NoticeSettings
from checks.findings import Evidence, Finding, Verdict
from checks.records import RunRecord
from ground.units import UnitRegistry
from reports.notice_words import NOTICE_LABELS
from reports.notices import notice_path, write_notices
from reports.render import ENV

BASE = "https://www.example-county.gov.cn"
XSS = """关于<script>alert(1)</script>"双引号"与'单引号'的通知"""
OFFICE = "示例县政务公开工作领导小组办公室"
REPORT_DAY = dt.date(2026, 11, 23)  # a Monday: 10 working days later is 2026-12-07
GOV_OFFICE = "示例县人民政府办公室"  # the registry's one name; the table writes 县政府办公室

ROWS = (
    CatalogRow(
        id="1",
        seq="1",
        section="一、深化政策解读",
        task="政策文件与解读同步发布",
        requirement="以县政府及办公室名义印发的政策文件，应同步发布政策解读。",
        units=("县政府办公室",),
        deadline="2026年6月底前",
        checks=(CheckSpec("interpretation_published"),),
    ),
    CatalogRow(
        id="2",
        seq="2",
        section="一、深化政策解读",
        task="重要政策多元化解读",
        requirement="对重要政策文件，采用图文、视频等多种形式解读。",
        units=("县政府办公室", "县司法局"),
        deadline="全年持续推进",
        checks=(CheckSpec("interpretation_published"),),
    ),
    CatalogRow(
        id="3",
        seq="3",
        section="二、重点领域信息公开",
        task="公开就业帮扶政策",
        requirement="及时公开就业帮扶、职业技能培训政策。",
        units=("县司法局", "县委网信办"),
        deadline="2026年底前",
        checks=(CheckSpec("unit_disclosure", {"terms": ["就业帮扶"]}),),
    ),
    CatalogRow(
        id="4",
        seq="4",
        section="三、平台建设",
        task="设置政策咨询窗口",
        requirement="在政策文件页面设置政策咨询、建议与评价窗口。",
        units=("县政务服务中心",),
        deadline="2026年9月底前",
        checks=(CheckSpec("feedback_window_present"),),
    ),
)


def _ev(path: str, label: str) -> Evidence:
    return Evidence(url=f"{BASE}{path}", fetched_at="2026-11-22T18:10:00+00:00", label=label)


DOC_1 = f"{BASE}/xxgk/zcwj/202603/t20260315_1001.html"
DOC_2 = f"{BASE}/xxgk/zcwj/202604/t20260402_1002.html"

FINDINGS = (
    # One document missing its 解读, found by rows 1 and 2: one gap citing both.
    Finding(
        check="interpretation_published",
        row="1",
        verdict=Verdict.FAIL,
        subject=DOC_1,
        title=XSS,
        message="未找到该文件的政策解读。",
        doc_number="示政发〔2026〕5号",
        date="2026-03-15",
        evidence=(_ev("/xxgk/zcwj/202603/t20260315_1001.html", "政策文件"),),
    ),
    Finding(
        check="interpretation_published",
        row="2",
        verdict=Verdict.FAIL,
        subject=DOC_1,
        title=XSS,
        message="未找到该文件的政策解读。",
        doc_number="示政发〔2026〕5号",
        date="2026-03-15",
        evidence=(_ev("/xxgk/zcwj/202603/t20260315_1001.html", "政策文件"),),
    ),
    # The portal's spelling of the office: the registry knows it as an alias.
    Finding(
        check="interpretation_published",
        row="2",
        verdict=Verdict.UNVERIFIED,
        subject=DOC_2,
        title="示例县优化营商环境若干措施",
        message="解读页面未能访问（HTTP 503），无法核验。",
        unit="县政府办公室",
        doc_number="示政办发〔2026〕8号",
        date="2026-04-02",
        evidence=(
            _ev("/xxgk/zcwj/202604/t20260402_1002.html", "政策文件"),
            _ev("/xxgk/zcjd/202604/t20260403_2002.html", "解读"),
        ),
    ),
    Finding(
        check="interpretation_published",
        row="2",
        verdict=Verdict.PASS,
        subject=f"{BASE}/xxgk/zcwj/202605/t20260510_1003.html",
        title="示例县城乡供水一体化实施方案",
        message="已发布解读。",
        evidence=(_ev("/xxgk/zcjd/202605/t20260511_2003.html", "解读"),),
    ),
    Finding(
        check="unit_disclosure",
        row="3",
        verdict=Verdict.MANUAL,
        subject="unit:县司法局",
        title="县司法局",
        message="未发现相关公开信息（检索词：就业帮扶；已检索该单位12条公开信息）",
        unit="县司法局",
    ),
    Finding(
        check="unit_disclosure",
        row="3",
        verdict=Verdict.MANUAL,
        subject="unit:县委网信办",
        title="县委网信办",
        message="发现相关公开信息1条（匹配：就业帮扶），请核对是否满足本项要求",
        unit="县委网信办",
        evidence=(_ev("/xxgk/wxb/202607/t20260701_5.html", "相关公开信息"),),
    ),
    Finding(
        check="feedback_window_present",
        row="4",
        verdict=Verdict.FAIL,
        subject="column:zcjd",
        title="政策解读",
        message="政策文件页面未设置政策咨询、建议与评价窗口。",
        evidence=(_ev("/xxgk/zcjd/", "栏目"),),
    ),
    # A row id not in the table and no unit: nobody to send it to.
    Finding(
        check="column_has_content",
        row="99",
        verdict=Verdict.FAIL,
        subject="column:old",
        title="旧栏目",
        message="栏目无内容。",
    ),
)


def registry() -> UnitRegistry:
    return UnitRegistry.build(
        [GOV_OFFICE, "县司法局", "县政务服务中心", "县委网信办"],
        aliases={GOV_OFFICE: ["县政府办公室"]},
        place="示例县人民政府",
    )


def example_catalog(build_catalog: Callable[..., Catalog]) -> Catalog:
    """The table issued by the county government; its notices sent by the 政务公开 office."""
    notice = NoticeSettings(office=OFFICE, contact="张三", phone="0123-4567890", email="")
    table = build_catalog(ROWS)
    source = table.source.model_copy(update={"office": "示例县人民政府"})
    return table.model_copy(update={"notice": notice, "source": source})


@pytest.fixture
def catalog(build_catalog: Callable[..., Catalog]) -> Catalog:
    return example_catalog(build_catalog)


def write_example(
    out: Path, catalog: Catalog, run: RunRecord, findings: tuple[Finding, ...] = FINDINGS
) -> list[Path]:
    return write_notices(
        ENV,
        out,
        findings=findings,
        catalog=catalog,
        run=run,
        registry=registry(),
        report_date=REPORT_DAY,
        portal="示例县人民政府门户网站",
    )


@pytest.fixture
def notices(tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]) -> Path:
    write_example(tmp_path, catalog, build_run())
    return tmp_path


def _doc(folder: Path, unit: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((folder / notice_path(unit)).read_text(encoding="utf-8"))


def _text(element: lxml_html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _texts(doc: lxml_html.HtmlElement, xpath: str) -> list[str]:
    return [_text(e) for e in doc.xpath(xpath)]


def test_each_unit_with_something_to_act_on_gets_one_file(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    written = write_example(tmp_path, catalog, build_run())
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        f"units/{GOV_OFFICE}.html",
        "units/县司法局.html",
        "units/县政务服务中心.html",
        "units/index.html",
    ]


def test_a_unit_whose_search_found_evidence_gets_no_notice(notices: Path) -> None:
    assert not (notices / notice_path("县委网信办")).exists()


def test_the_notice_is_addressed_to_the_units_one_name(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//p[@class='addressee']") == [f"{GOV_OFFICE}："]


def test_the_unit_is_named_in_the_addressee_and_the_reply_slip_only(notices: Path) -> None:
    body = _text(_doc(notices, GOV_OFFICE).body)
    assert body.count(GOV_OFFICE) == 2
    assert "县政府办公室" not in body.replace(GOV_OFFICE, "")


def test_the_title_and_a_blank_number_field_head_the_notice(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//h1") == ["关于政务公开工作问题整改的通知"]
    assert _texts(doc, "//p[@class='doc-no']") == ["〔〕号"]


def test_the_intro_says_what_was_audited_when(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//article/p[@class='para']")[0] == (
        "根据《示例县2026年政务公开工作要点任务分解表》（示政办发〔2026〕3号，示例县人民政府）"
        f"要求，{OFFICE}于2026年11月21日对示例县人民政府门户网站政务公开情况进行了核查。"
        "经核查，你单位负责的工作存在以下问题，现通知如下，请认真整改。"
    )


def test_every_gap_is_one_line_with_its_rectify_deadline(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    lines = [
        (_text(tr.xpath("td[@class='c-no']")[0]), _text(tr.xpath("td[@class='c-rectify']")[0]))
        for tr in doc.xpath("//table[@class='gaps']/tbody/tr")
    ]
    assert lines == [("1", "2026年12月7日前"), ("2", "2026年12月7日前")]


def test_a_gap_found_by_two_rows_cites_both_tasks(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    first = doc.xpath("//table[@class='gaps']/tbody/tr")[0]
    assert _texts(first, "td[@class='c-task']/p[@class='task']") == [
        "1 政策文件与解读同步发布",
        "2 重要政策多元化解读",
    ]


def test_a_row_already_cited_refers_back_instead_of_repeating_its_requirement(
    notices: Path,
) -> None:
    doc = _doc(notices, GOV_OFFICE)
    second = doc.xpath("//table[@class='gaps']/tbody/tr")[1]
    assert _texts(second, "td[@class='c-req']/p") == ["同第1项"]


def test_each_gap_says_its_verdict_check_and_problem(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//td[@class='c-problem']") == [
        f"不符合 政策文件已发布解读 已逾期 《{XSS}》 示政发〔2026〕5号 2026-03-15 "
        "未找到该文件的政策解读。",
        "未能核验 政策文件已发布解读 《示例县优化营商环境若干措施》 示政办发〔2026〕8号 "
        "2026-04-02 解读页面未能访问（HTTP 503），无法核验。",
    ]


def test_evidence_links_are_named_by_the_document_title(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    links = [(_text(a), a.get("href")) for a in doc.xpath("//td[@class='c-evidence']//a")]
    assert links == [
        (f"《{XSS}》", DOC_1),
        ("《示例县优化营商环境若干措施》", DOC_2),
        ("《示例县优化营商环境若干措施》的解读", f"{BASE}/xxgk/zcjd/202604/t20260403_2002.html"),
    ]


def test_a_column_gap_links_the_column_by_its_name(notices: Path) -> None:
    doc = _doc(notices, "县政务服务中心")
    assert _texts(doc, "//td[@class='c-evidence']//a") == ["政策解读栏目"]


def test_a_script_in_a_title_is_escaped(notices: Path) -> None:
    page = (notices / notice_path(GOV_OFFICE)).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rows_where_the_unit_has_nothing_to_show_are_listed_apart(notices: Path) -> None:
    doc = _doc(notices, "县司法局")
    assert _texts(doc, "//table[@class='nothing']/tbody/tr/td") == [
        "1",
        "3 公开就业帮扶政策完成时限：2026年底前",
        "及时公开就业帮扶、职业技能培训政策。",
        "未发现相关公开信息（检索词：就业帮扶；已检索该单位12条公开信息）",
        "2026年12月7日前",
    ]


def test_a_unit_with_nothing_to_show_but_no_gap_is_told_so(notices: Path) -> None:
    doc = _doc(notices, "县司法局")
    assert doc.xpath("//table[@class='gaps']") == []
    assert _texts(doc, "//h2") == [
        "一、存在的问题",
        "二、未发现相关公开信息的任务",
        "三、整改要求",
        "政务公开问题整改情况回执",
    ]


def test_the_requirements_name_the_deadline_and_the_office(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//ol[@class='requirements']/li") == [
        f"请于2026年12月7日前（10个工作日）完成整改，填写回执（附后）报送{OFFICE}。",
        "标注“未能核验”的问题，系核查时相关网页未能访问或未能读取所致，请核实网页能否正常访问；"
        "确已公开的，在回执中注明网址。",
        "确实无法按期完成的，请在回执中说明原因和计划完成时间。",
    ]


def test_the_office_signs_and_dates_the_notice_with_its_contact(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//div[@class='signature']/p") == [OFFICE, "2026年11月23日"]
    assert _texts(doc, "//p[@class='contact']") == ["（联系人：张三；联系电话：0123-4567890）"]


def test_without_a_notice_office_the_table_issuer_signs(
    tmp_path: Path, build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord]
) -> None:
    write_example(tmp_path, build_catalog(ROWS), build_run())
    doc = _doc(tmp_path, GOV_OFFICE)
    assert _texts(doc, "//div[@class='signature']/p") == [GOV_OFFICE, "2026年11月23日"]
    assert doc.xpath("//p[@class='contact']") == []


def test_the_reply_slip_asks_for_unit_status_person_phone_and_date(notices: Path) -> None:
    doc = _doc(notices, GOV_OFFICE)
    assert _texts(doc, "//table[@class='reply-form']//th") == [
        "单位",
        "整改情况",
        "负责人",
        "联系电话",
        "日期",
    ]


def test_a_failed_crawl_marks_every_notice_for_reference_only(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    write_example(tmp_path, catalog, build_run("failed"))
    doc = _doc(tmp_path, "县司法局")
    assert _texts(doc, "//p[@class='warning']") == [
        "本次抓取失败，以下问题仅供参考，请待重新抓取后再转交。"
    ]


def test_a_successful_crawl_carries_no_warning(notices: Path) -> None:
    assert _doc(notices, "县司法局").xpath("//p[@class='warning']") == []


def test_the_index_lists_each_unit_with_its_counts(notices: Path) -> None:
    doc = lxml_html.fromstring((notices / "units/index.html").read_text(encoding="utf-8"))
    rows = [_texts(tr, "td|th") for tr in doc.xpath("//table[@class='units']/tbody/tr")]
    assert rows == [
        ["1", GOV_OFFICE, "1", "1", "0", "2026年12月7日前"],
        ["2", "县司法局", "0", "0", "1", "2026年12月7日前"],
        ["3", "县政务服务中心", "1", "0", "0", "2026年12月7日前"],
    ]


def test_the_index_links_each_notice_beside_it(notices: Path) -> None:
    doc = lxml_html.fromstring((notices / "units/index.html").read_text(encoding="utf-8"))
    hrefs = doc.xpath("//table[@class='units']//a/@href")
    assert hrefs == [f"{GOV_OFFICE}.html", "县司法局.html", "县政务服务中心.html"]
    assert all((notices / "units" / h).exists() for h in hrefs)


def test_the_index_counts_gaps_no_unit_can_be_found_for(notices: Path) -> None:
    doc = lxml_html.fromstring((notices / "units/index.html").read_text(encoding="utf-8"))
    assert _texts(doc, "//p[contains(@class, 'unassigned')]") == [
        "另有1项问题未能对应到责任单位，未发通知，请在核验报告中查看并指定单位。"
    ]


def test_a_unit_name_that_a_file_system_would_misread_gets_a_safe_distinct_file() -> None:
    assert notice_path("县委/县政府 督查室") != notice_path("县委_县政府_督查室")
    assert re.fullmatch(
        r"units/县委_县政府_督查室-[0-9a-f]{8}\.html", notice_path("县委/县政府 督查室")
    )


def test_every_notice_label_a_template_names_exists() -> None:
    templates = Path(__file__).resolve().parents[2] / "reports" / "templates"
    used = {
        m
        for p in templates.glob("notice*.html")
        for m in re.findall(r"\bN\.(\w+)", p.read_text(encoding="utf-8"))
    }
    assert "title" in used
    assert used - set(NOTICE_LABELS) == set()


def test_a_gap_forwarded_to_a_group_phrase_goes_to_the_rows_first_unit(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    grouped = Finding(
        check="feedback_window_present",
        row="4",
        verdict=Verdict.FAIL,
        subject="column:zcjd",
        title="政策解读",
        message="未设置窗口。",
        unit="县直各部门（单位）",
    )
    written = write_example(tmp_path, catalog, build_run(), (grouped,))
    assert [p.name for p in written] == ["县政务服务中心.html", "index.html"]


def test_a_report_written_again_keeps_no_notice_of_a_unit_with_nothing_left(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    write_example(tmp_path, catalog, build_run())
    write_example(tmp_path, catalog, build_run(), FINDINGS[6:7])
    assert sorted(p.name for p in (tmp_path / "units").iterdir()) == [
        "index.html",
        "县政务服务中心.html",
    ]


def test_a_nested_title_keeps_its_inner_title_in_angle_brackets(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    nested = Finding(
        check="interpretation_linked_both_ways",
        row="1",
        verdict=Verdict.FAIL,
        subject=f"{BASE}/xxgk/zcjd/202605/t20260511_2003.html",
        title="关于《示例县城乡供水一体化实施方案》的解读",
        message="原文页面未链接解读。",
        evidence=(_ev("/xxgk/zcjd/202605/t20260511_2003.html", "解读"),),
    )
    write_example(tmp_path, catalog, build_run(), (nested,))
    doc = _doc(tmp_path, GOV_OFFICE)
    assert _texts(doc, "//span[@class='doc-title']") == [
        "《关于〈示例县城乡供水一体化实施方案〉的解读》"
    ]


def test_a_gap_about_a_unit_does_not_name_the_unit_again_as_a_title(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    few = Finding(
        check="disclosure_count",
        row="3",
        verdict=Verdict.FAIL,
        subject="unit:县司法局",
        title="县司法局",
        message="2026-01-01至2026-12-31标题含“就业帮扶”的公开信息仅1次，少于2次",
        unit="县司法局",
    )
    write_example(tmp_path, catalog, build_run(), (few,))
    doc = _doc(tmp_path, "县司法局")
    assert doc.xpath("//span[@class='doc-title']") == []
    assert _texts(doc, "//td[@class='c-evidence']") == ["无"]


def _unreached(row: str) -> Finding:
    return Finding(
        check="unit_disclosure",
        row=row,
        verdict=Verdict.UNVERIFIED,
        subject="unit:县司法局",
        title="县司法局",
        message="未采集到该单位的公开信息",
        unit="县司法局",
    )


MANY_ROWS = tuple(
    CatalogRow(
        id=f"m{i}",
        seq=str(10 + i),
        section="四、其他",
        task=f"任务{i}",
        requirement=f"要求{i}",
        units=("县司法局",),
        deadline="2026年底前",
        checks=(CheckSpec("unit_disclosure", {"terms": ["公开"]}),),
    )
    for i in range(4)
)


def test_the_same_problem_of_a_unit_in_several_rows_is_one_line(
    tmp_path: Path, build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord]
) -> None:
    catalog = build_catalog((*ROWS, *MANY_ROWS[:2]))
    write_example(tmp_path, catalog, build_run(), (_unreached("m0"), _unreached("m1")))
    doc = _doc(tmp_path, "县司法局")
    lines = doc.xpath("//table[@class='gaps']/tbody/tr")
    assert [_texts(tr, "td[@class='c-task']/p[@class='task']") for tr in lines] == [
        ["10 任务0", "11 任务1"]
    ]


def test_a_line_citing_more_than_three_rows_names_them_by_number_only(
    tmp_path: Path, build_catalog: Callable[..., Catalog], build_run: Callable[..., RunRecord]
) -> None:
    catalog = build_catalog((*ROWS, *MANY_ROWS))
    write_example(tmp_path, catalog, build_run(), tuple(_unreached(r.id) for r in MANY_ROWS))
    doc = _doc(tmp_path, "县司法局")
    assert _texts(doc, "//table[@class='gaps']/tbody/tr/td[@class='c-task' or @class='c-req']") == [
        "任务表第10、11、12、13项（共4项）",
        "见任务表",
    ]


def test_the_intro_cites_the_table_without_its_editorial_note(
    tmp_path: Path, catalog: Catalog, build_run: Callable[..., RunRecord]
) -> None:
    source = catalog.source.model_copy(update={"number": "", "note": "文号未随附件给出"})
    write_example(tmp_path, catalog.model_copy(update={"source": source}), build_run())
    intro = _texts(_doc(tmp_path, GOV_OFFICE), "//article/p[@class='para']")[0]
    assert intro.startswith(
        "根据《示例县2026年政务公开工作要点任务分解表》（示例县人民政府）要求，"
    )
