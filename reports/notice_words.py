"""What a 整改通知 says (``reports.notices``): its words, and the sentences every notice of one
report shares (what was audited, by whom, the date, 整改期限, the contact).

The notice speaks to a unit, in the register of an office's own notice (你单位, 请于…前完成整改),
which the report does not, so its words live here rather than in ``reports.vocabulary``; its
templates hold no Chinese text of their own and print these as ``N``. Shared words (punctuation,
《》) still come from ``reports.vocabulary.LABELS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType

from checks.catalog import Catalog
from checks.records import RunRecord
from ground.deadlines import rectify_by
from reports.gaps import report_date as run_date
from reports.vocabulary import LABELS

#: The notice's own words (templates hold no Chinese text: ``tests/reports`` checks that).
#: Sentences with ``{…}`` are filled in by ``reports.notices`` and reach templates as plain text.
NOTICE_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "title": "关于政务公开工作问题整改的通知",
        "number_open": "〔",
        "number_close": "〕",
        "number_suffix": "号",
        "addressee_colon": "：",
        "intro": "根据{basis}要求，{office}于{run_date}对{portal}政务公开情况进行了核查。"
        "经核查，你单位负责的工作存在以下问题，现通知如下，请认真整改。",
        "basis_with_source": "《{title}》（{citation}）",
        "basis_plain": "《{title}》",
        "intro_office_fallback": "我们",
        "portal_fallback": "本级政府门户网站",
        "gaps_heading": "一、存在的问题",
        "gaps_count": "共{n}项",
        "gaps_count_fail": "不符合{n}项",
        "gaps_count_unverified": "未能核验{n}项",
        "full_stop": "。",
        "no_gaps": "经核查，未发现你单位负责工作中的不符合项。",
        "nothing_heading": "二、未发现相关公开信息的任务",
        "nothing_intro": "以下任务在门户网站上未检索到你单位的相关公开信息"
        "（检索未发现不等于未公开），请逐项核实。",
        "requirements_heading_3": "三、整改要求",
        "requirements_heading_2": "二、整改要求",
        "req_deadline": "请于{rectify}完成整改，填写回执（附后）报送{office}。",
        "req_deadline_no_office": "请于{rectify}完成整改，填写回执（附后）报送。",
        "req_unverified": "标注“未能核验”的问题，系核查时相关网页未能访问或未能读取所致，"
        "请核实网页能否正常访问；确已公开的，在回执中注明网址。",
        "req_nothing": "未发现相关公开信息的任务，已公开的请在回执中注明网址，"
        "未公开的请按要求补充公开。",
        "req_cannot": "确实无法按期完成的，请在回执中说明原因和计划完成时间。",
        "contact": "联系人",
        "phone": "联系电话",
        "email": "电子邮箱",
        "contact_sep": "；",
        "attachment": "附件：",
        "reply_title": "政务公开问题整改情况回执",
        "reply_label": "附件",
        "reply_unit": "单位",
        "reply_status": "整改情况",
        "reply_status_hint": "请按通知中的问题序号逐项说明整改措施、完成时间及整改后的网址。",
        "reply_person": "负责人",
        "reply_phone": "联系电话",
        "reply_date": "日期",
        "reply_date_blank": "年　　月　　日",
        "reply_seal": "（盖章）",
        "reply_send": "请于{rectify}报送{office}。",
        "reply_send_no_office": "请于{rectify}报送。",
        "col_no": "序号",
        "col_task": "任务",
        "col_requirement": "具体要求",
        "col_problem": "问题",
        "col_evidence": "证据",
        "col_rectify": "整改期限",
        "col_search": "检索情况",
        "row_deadline": "完成时限",
        "rectify_short": "{date}前",
        "no_evidence": "无",
        "cross_ref": "同第{n}项",
        "rows_in_short": "任务表第{seqs}项（共{n}项）",
        "see_table": "见任务表",
        "overdue": "已逾期",
        "index_title": "整改通知一览",
        "index_intro": "每个责任单位一份整改通知，列出其负责任务中的问题和整改期限，"
        "可直接打印转交。",
        "index_unit": "责任单位",
        "index_fail": "不符合",
        "index_unverified": "未能核验",
        "index_nothing": "未发现相关公开信息",
        "index_none": "本次核查没有需要发出整改通知的单位。",
        "index_unassigned": "另有{n}项问题未能对应到责任单位，未发通知，"
        "请在核验报告中查看并指定单位。",
        "back_to_index": "返回整改通知一览",
        "back_to_report": "返回核验报告",
        "print_hint": "打印：使用浏览器的打印功能（Ctrl+P），纸张A4纵向。",
        "column_suffix": "栏目",
        "evidence_of": "{title}的{label}",
    }
)


@dataclass(frozen=True, slots=True)
class NoticeMeta:
    """What every notice of one report shares."""

    intro: str
    office: str
    date: str  # the notice's date: 2026年11月21日
    rectify: str  # 整改期限 in full: 2026年12月4日前（10个工作日）
    rectify_short: str
    contact: tuple[tuple[str, str], ...]  # (label, value) of the contact fields that are set
    failed_note: str  # the run failed: the notice is for reference only


def _chinese_date(day: dt.date) -> str:
    """A date as a notice signs it (GB/T 9704: Arabic numerals, no leading zeros).

    >>> _chinese_date(dt.date(2026, 3, 5))
    '2026年3月5日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def notice_meta(catalog: Catalog, run: RunRecord, report_date: dt.date, portal: str) -> NoticeMeta:
    """The sentences, office, dates and contact every notice of this report prints."""
    n = NOTICE_LABELS
    office = catalog.notice.office or catalog.source.office
    # The source's 文号, office and date; never its ``note`` (an editor's remark on the table,
    # not something a notice cites).
    source = catalog.source
    citation = LABELS["comma"].join(p for p in (source.number, source.office, source.date) if p)
    basis = (n["basis_with_source"] if citation else n["basis_plain"]).format(
        title=catalog.title, citation=citation
    )
    run_day = run_date(run.started_at) if run.started_at else report_date
    due = rectify_by(report_date, catalog.notice.rectify_workdays)
    contact = tuple(
        (n[name], value)
        for name, value in (
            ("contact", catalog.notice.contact),
            ("phone", catalog.notice.phone),
            ("email", catalog.notice.email),
        )
        if value
    )
    return NoticeMeta(
        intro=n["intro"].format(
            basis=basis,
            office=office or n["intro_office_fallback"],
            run_date=_chinese_date(run_day),
            portal=portal or n["portal_fallback"],
        ),
        office=office,
        date=_chinese_date(report_date),
        rectify=due.label(),
        rectify_short=n["rectify_short"].format(date=_chinese_date(due.date)),
        contact=contact,
        failed_note=LABELS["failed_unit_note"] if run.outcome == "failed" else "",
    )


def reply_send(meta: NoticeMeta) -> str:
    """The reply slip's last line: when and to whom it goes back."""
    key = "reply_send" if meta.office else "reply_send_no_office"
    return NOTICE_LABELS[key].format(rectify=meta.rectify, office=meta.office)
