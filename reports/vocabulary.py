"""Every Chinese word the reader sees in the report and the workbook, in one place.

Templates hold no Chinese text of their own (``tests/reports`` checks that): they print labels
from :data:`LABELS`, passed to every template as ``L``. A clerk who wants a word changed changes it
here, and the HTML report and the 工作台账 workbook change together.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from checks.findings import Status, Verdict

#: The order verdicts are shown in: summary cards, legend, filters, counts.
VERDICT_DISPLAY_ORDER: tuple[Verdict, ...] = (
    Verdict.PASS,
    Verdict.FAIL,
    Verdict.UNVERIFIED,
    Verdict.MANUAL,
)

#: One line per verdict saying what it means, for the legend and the 说明 sheet.
VERDICT_HINTS: MappingProxyType[Verdict, str] = MappingProxyType(
    {
        Verdict.PASS: "已在网站上找到应公开的内容",
        Verdict.FAIL: "应公开的内容缺失或不规范，附证据",
        Verdict.UNVERIFIED: "所需页面未能抓取，无法判定，不等于符合",
        Verdict.MANUAL: "自动核验无法判断，需人工查看",
    }
)

#: What is known about a task (``reports.tasks.task_status``), in the order the summary counts
#: them: problems first, then what could not be verified, then what passed, then manual only.
TASK_STATUSES: tuple[str, ...] = ("problem", "unverified", "pass", "manual")
TASK_STATUS_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "problem": "有问题",
        "unverified": "未能核验",
        "pass": "全部符合",
        "manual": "仅需人工核验",
    }
)
#: One line per task status, for the 说明 block.
TASK_STATUS_HINTS: MappingProxyType[str, str] = MappingProxyType(
    {
        "problem": "自动核验发现至少一个“不符合”的问题",
        "unverified": "有内容未能抓取或无从判定，不等于符合",
        "pass": "自动核验的各项均符合（如有需人工核验的部分，另行注明）",
        "manual": "该任务只能由人工判断，自动核验未作结论",
    }
)

#: Check names (``CheckSpec.name``) as the reader knows them. Unknown names show as themselves.
CHECK_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "manual": "需人工判断的内容",
        "interpretation_published": "政策文件已发布解读",
        "interpretation_linked_both_ways": "解读与政策原文双向关联",
        "interpretation_timely": "解读与文件同步发布",
        "interpretation_forms": "多元化解读",
        "feedback_window_present": "政策咨询、建议与评价窗口",
        "validity_marked": "行政规范性文件标注有效性",
        "publication_timely": "二十个工作日内主动公开",
        "column_has_content": "栏目有内容",
        "annual_report_published": "年度报告按时公开",
        "consultation_feedback_published": "意见征集结果反馈",
        "unit_disclosure": "责任单位相关信息公开",
        "disclosure_count": "责任单位公开次数",
    }
)

#: ``RunRecord.outcome`` values. Unknown values show as themselves.
OUTCOME_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "running": "进行中",
        "succeeded": "成功",
        "partial": "部分完成",
        "failed": "失败",
        "interrupted": "中断",
    }
)

#: One line per history status (``checks.history.Status``), for the legend and the 说明 sheet.
STATUS_HINTS: MappingProxyType[Status, str] = MappingProxyType(
    {
        Status.NEW: "上次核查没有、本次新发现的问题",
        Status.PERSISTING: "上次核查已有、本次仍存在的问题，注明首次发现日期和持续天数",
        Status.FIXED: "上次核查发现、本次已符合或已不存在的问题（本次已读取相关页面）",
        Status.UNKNOWN: "上次核查发现、本次未能读取相关页面的问题：不等于已整改",
    }
)

#: Columns of the 全部任务 sheet, in order (the county's own task-table headings).
TASK_SHEET_COLUMNS: tuple[str, ...] = (
    "序号",
    "任务",
    "具体要求",
    "责任单位",
    "完成时限",
    "核验结果",
    "问题清单",
    "证据链接",
)

#: Columns of each responsible unit's sheet: one line per gap, ready to forward.
UNIT_SHEET_COLUMNS: tuple[str, ...] = (
    "序号",
    "任务",
    "核验项",
    "核验结果",
    "标题",
    "文号",
    "日期",
    "问题说明",
    "证据链接",
    "责任单位",
    "变化",
    "首次发现",
)

TASK_SHEET_NAME = "全部任务"
NOTES_SHEET_NAME = "说明"
ORPHAN_SHEET_NAME = "未匹配任务"

#: Every other label, by the name templates and the workbook use (``L.<name>`` in templates).
LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        # punctuation, so templates stay free of Chinese characters
        "colon": "：",
        "comma": "，",
        "enum_sep": "、",
        "title_open": "《",
        "title_close": "》",
        "bracket_open": "【",
        "bracket_close": "】",
        "paren_open": "（",
        "paren_close": "）",
        "dot": "·",
        # page
        "report_title": "政务公开核验报告",
        "basis": "核验依据",
        "catalog_id": "任务表编号",
        "profile": "网站配置",
        "skip_to_tasks": "跳到逐项核验结果",
        "nav_summary": "核验概况",
        "nav_tasks": "逐项核验结果",
        "nav_units": "责任单位",
        # the office's report (issue 13): tasks by status, gaps, deadlines, notices
        "report_date": "报告日期",
        "nav_label": "报告导航",
        "nav_legend": "说明",
        "task_status_problem": "有问题",
        "task_status_unverified": "未能核验",
        "task_status_pass": "全部符合",
        "task_status_manual": "仅需人工核验",
        "gaps_unit": "个问题",
        "units_to_act": "需整改单位",
        "units_unit": "个",
        "gaps_counted_note": "问题按文件（或栏目）计：一个文件涉及多项任务只计一次",
        "rectify_by": "整改期限",
        "legend_title": "说明",
        "legend_tasks": (
            "任务状态：有问题＝发现“不符合”；未能核验＝有内容未能抓取或无从判定；"
            "全部符合＝自动核验各项均符合（另有需人工核验的部分时注明）；"
            "仅需人工核验＝只能由人工判断。逾期＝问题未整改且已过任务完成时限；"
            "临近时限＝30天内到期。"
        ),
        "filter_status": "任务状态",
        "headline_manual_prefix": "另有",
        "headline_manual_suffix": "项需人工核验",
        "headline_manual_only": "需人工核验",
        "headline_nothing": "本次抓取未产生核验结果",
        "no_deadline": "任务表未写完成时限",
        "overdue": "逾期",
        "due_soon": "临近时限",
        "fix_unit": "整改单位",
        "also_in": "另见任务",
        "units_groups_prefix": "（表中写作：",
        "units_groups_suffix": "）",
        "units_unresolved": "未能对应的单位",
        "more_gaps_prefix": "另有",
        "more_gaps_suffix": "个问题，见本任务详情页",
        "manual_items": "需人工核验",
        "more_passes_prefix": "另有",
        "more_passes_suffix": "条符合项，见本任务详情页",
        "task_page_link": "本任务全部核验明细",
        "fail_gaps": "不符合",
        "unverified_gaps": "未能核验",
        "notice": "整改通知",
        "notice_link_prefix": "",
        "notice_link_suffix": "整改通知",
        "no_gaps_at_all": "本次核验未发现需整改的问题。",
        "back_to_report": "返回核验报告",
        # summary
        "summary": "核验概况",
        "tasks_counted": "任务",
        "findings_counted": "核验明细",
        "total": "合计",
        "tasks_unit": "项任务",
        "findings_unit": "条",
        "items_unit": "项",
        "run_info": "本次抓取",
        "run_id": "抓取编号",
        "started_at": "开始时间",
        "finished_at": "结束时间",
        "not_finished": "尚未结束",
        "pages_fetched": "抓取页面数",
        "error_count": "错误数",
        "outcome": "结果",
        "columns_reached": "栏目抓取",
        "columns_reached_of": "已抓取",
        "time_zone_note": "时间均为北京时间",
        "chart_title": "各任务板块核验结果",
        "chart_desc": "按任务板块统计各核验结果的任务数",
        "legend": "图例",
        # banners
        "banner_failed": (
            "本次抓取失败，自动核验结果不能作为定论，涉及自动核验的任务一律显示为“未能核验”。"
        ),
        "banner_partial": (
            "本次抓取不完整：有栏目或页面未能抓取，涉及的核验结果为“未能核验”，不等于符合。"
        ),
        "banner_interrupted": (
            "本次抓取被中断，未读完的栏目和页面无法核验，涉及的核验结果为“未能核验”。"
        ),
        "banner_incomplete": "未读完的栏目",
        "banner_failed_pages": "未能抓取的页面",
        "banner_list_pages_prefix": "有",
        "banner_list_pages_suffix": "个列表页未能读取",
        "banner_more_urls_prefix": "另有",
        "banner_more_urls_suffix": "个页面未列出，全部见 findings.json。",
        "banner_unverified_prefix": "因上述抓取问题，有",
        "banner_unverified_middle": "条核验明细为“未能核验”（本次“未能核验”共",
        "banner_unverified_suffix": "条）。",
        "banner_running": "本次抓取尚未结束，报告内容不完整。",
        "banner_errors": "错误信息",
        "banner_unreached": "未能抓取的栏目",
        "failed_row_note": "本次抓取失败，本任务未能核验；下列问题仅供参考。",
        "failed_unit_note": "本次抓取失败，以下问题仅供参考，请待重新抓取后再转交。",
        # history: what changed since the previous checked run
        "history_title": "与上次核查比较",
        "history_first": "首次核查：没有上次核查结果可比较，以下问题均为本次发现。",
        "history_compared_prefix": "比较对象：抓取编号",
        "history_compared_at": "开始时间",
        "history_none": "没有上次核查结果可比较",
        "status": "变化",
        "first_seen": "首次发现",
        "days_unit": "天",
        "persisting_for": "已持续",
        "was_gap": "上次不符合",
        "fixed_title": "已整改",
        "lost_title": "上次发现、本次未能核验的问题",
        "changes_unit": "条",
        # filters
        "filters": "筛选",
        "filter_verdict": "核验结果",
        "filter_unit": "责任单位",
        "filter_section": "任务板块",
        "filter_all": "全部",
        "filter_reset": "重置",
        "shown": "显示",
        "of": "/",
        "no_match": "没有符合筛选条件的任务。",
        # task sections
        "tasks_title": "逐项核验结果",
        "seq": "序号",
        "section": "任务板块",
        "task": "任务",
        "requirement": "具体要求",
        "units": "责任单位",
        "deadline": "完成时限",
        "verdict": "核验结果",
        "issues": "问题清单",
        "evidence": "证据链接",
        "checks": "核验项",
        "manual_prefix": "需人工核验：",
        "no_findings": "本次抓取未产生该任务的核验结果，无法判定。",
        "no_issues": "未发现问题。",
        "no_checks": "任务表未为该任务配置自动核验项。",
        "passed_items": "符合项",
        # a gap and its evidence
        "doc_title": "标题",
        "doc_number": "文号",
        "date": "日期",
        "message": "问题说明",
        "live_page": "原网页",
        "archive": "存档",
        "fetched_at": "抓取时间",
        "excerpt": "摘录",
        "evidence_default": "证据",
        "no_link": "（非网页地址，未设链接）",
        "more_errors_prefix": "另有",
        "more_errors_suffix": "条错误信息未列出，全部错误见 findings.json。",
        # units
        "units_title": "责任单位与整改通知",
        "units_intro": "需整改的单位及其问题数；每个单位的整改通知可单独打开、打印或转交。",
        "unit_index": "责任单位一览",
        "unit": "责任单位",
        "gap_count": "问题数",
        "print_unit": "打印此单位清单",
        "no_unit": "未明确责任单位",
        "no_gaps": "本单位负责的任务未发现问题。",
        "back_to_task": "查看任务",
        # orphans
        "orphans_title": "未匹配任务的核验结果",
        "orphans_intro": "以下核验结果所属的任务编号不在本任务表中，请检查任务表与核验配置。",
        "row_id": "任务编号",
        # archive page
        "archive_page": "存档页面",
        "archive_note": "以下为抓取时保存的页面原文，页面中的脚本已被禁止运行。",
        "archive_title": "存档",
        # footer
        "generated_by": "本报告由 zwgk-audit 根据抓取记录自动生成；“未能核验”不等于符合。",
        # workbook 说明 sheet
        "sheet_notes_title": "说明",
        "sheet_item": "项目",
        "sheet_warning": "警示",
        "sheet_value": "内容",
        "sheet_portal": "核验对象",
        "sheet_catalog": "任务表",
        "sheet_source": "依据文件",
        "sheet_verdict_meanings": "核验结果含义",
        "sheet_row_counts": "任务数",
        "sheet_finding_counts": "核验明细数",
        "sheet_change_counts": "与上次核查比较",
        "sheet_status_meanings": "变化含义",
        "sheet_how_to_read": "阅读方法",
        "sheet_more_prefix": "……另有",
        "sheet_more_suffix": "条未列出（单元格已满），详见各责任单位工作表或 findings.json。",
        "sheet_unit_fallback": "单位",
        "sheet_how_to_read_text": (
            "“全部任务”表按任务表顺序逐项列出；各责任单位一张表，列出其负责的全部问题，"
            "可直接转交。证据链接为原网页地址，第一条可点击打开。"
        ),
    }
)


def check_label(name: str) -> str:
    """The Chinese description of a check, or the name itself when it has none.

    >>> check_label("validity_marked")
    '行政规范性文件标注有效性'
    >>> check_label("some_new_check")
    'some_new_check'
    """
    return CHECK_LABELS.get(name, name)


def outcome_label(outcome: str) -> str:
    """The Chinese word for a run outcome, or the raw value when it is unknown.

    >>> outcome_label("failed")
    '失败'
    """
    return OUTCOME_LABELS.get(outcome, outcome)


#: A check's internal name standing in running text (a catalog note, a message), with the
#: spaces that set it apart from the Chinese around it.
_CHECK_NAME = re.compile(
    r"\s?(?<![A-Za-z0-9_])("
    + "|".join(sorted(map(re.escape, CHECK_LABELS), key=len, reverse=True))
    + r")(?![A-Za-z0-9_])\s?"
)


def plain_text(text: str) -> str:
    """Text for a reader: a check's internal name becomes its Chinese description.

    >>> plain_text("解读是否及时由第 18 行的 interpretation_timely 统一核验。")
    '解读是否及时由第 18 行的“解读与文件同步发布”统一核验。'
    >>> plain_text("validity_marked_x 不变")
    'validity_marked_x 不变'
    """
    return _CHECK_NAME.sub(lambda m: f"“{CHECK_LABELS[m[1]]}”", text)
