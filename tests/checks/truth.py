"""Shared record builders and helpers of the truth tables (``test_truth_*.py``).

Records are built in code: ``doc`` for a DocRecord, ``column`` for a ColumnRecord, ``run`` for a
RunRecord with one column per role (政策文件, 规范性文件, 政策解读, 意见征集, 年度报告). A check
is called as the engine calls it, its parameters validated by its model (``judge``) and its verdicts
are compared exactly, as ``(subject, verdict)`` lists: "not judged" is the empty list, which the
engine turns into one 未能核验 row finding (``test_truth_engine.py``).

Dates are chosen around the 2023 国庆 holiday: 09-29 to 10-06 were holidays, and the Saturday
10-07 and the Sunday 10-08 were make-up working days (调休).

A plain module, not a conftest: it holds builders, not fixtures, and the tables import what they
use by name.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from checks.catalog import Catalog, InterpretationScope, parse_catalog
from checks.context import CheckContext
from checks.findings import Finding, Verdict
from checks.records import (
    AttachmentRecord,
    ColumnRecord,
    DocRecord,
    FetchFailure,
    LinkRecord,
    RunRecord,
)
from checks.rules import all_checks
from ground.profiles.schema import load_profile

D = dt.date
PASS, FAIL, UNVERIFIED, MANUAL = (
    Verdict.PASS,
    Verdict.FAIL,
    Verdict.UNVERIFIED,
    Verdict.MANUAL,
)
BASE = "http://www.guanxian.gov.cn/xxgk/"
PROFILE = load_profile("shandong_guanxian")
WINDOW = "政策咨询、建议与评价 我要咨询 我要建议 我要评价"

# The 冠县 scope in small: a 规范性文件 column, the county's own 文号, a policy form in the title;
# out again for 任免/批复/函/会议 titles and 函-series 文号.
SCOPE = InterpretationScope(
    include_roles=("规范性文件",),
    include_doc_number=("^冠政发", "^冠政办发"),
    include_title=("实施方案|办法|意见|若干措施",),
    exclude_title=("任免|免职|批复|函|会议", "征求意见", "解读"),
    exclude_doc_number=("函",),
)
COLUMN_OF_ROLE = {
    "政策文件": "zcwj",
    "规范性文件": "gfxwj",
    "政策解读": "zcjd",
    "意见征集": "yjzj",
    "年度报告": "gknb",
}
_ids = itertools.count(1)
# Default dates of the factories below (module constants: ruff's B008 forbids calls in defaults).
PUBLISHED_ON = D(2023, 5, 10)
WRITTEN_ON = D(2023, 5, 8)
INTERPRETED_ON = D(2023, 5, 11)
LISTED_ON = D(2023, 10, 16)


# ---------------------------------------------------------------------------------------------
# Record factories


def column(
    role: str,
    *,
    column_id: str = "",
    unit: str = "",
    reached: bool = True,
    entries: int = 1,
    error: str = "",
) -> ColumnRecord:
    column_id = column_id or COLUMN_OF_ROLE[role]
    return ColumnRecord(
        id=column_id,
        name=f"{unit}{role}",
        role=role,
        unit=unit,
        url=f"{BASE}{column_id}/index.html",
        reached=reached,
        pages=1 if reached else 0,
        entries=entries if reached else 0,
        error=error,
    )


def doc(
    title: str,
    *,
    roles: Sequence[str] = ("政策文件",),
    published: dt.date | None = PUBLISHED_ON,
    written: dt.date | None = WRITTEN_ON,
    number: str | None = None,
    agency: str | None = "冠县人民政府",
    validity: str | None = "有效",
    window: str | None = WINDOW,
    links: Sequence[LinkRecord] = (),
    js_boxes: Sequence[str] = (),
    body: str = "",
    attachments: Sequence[AttachmentRecord] = (),
    columns: Sequence[str] = (),
    units: Sequence[str] = ("",),
) -> DocRecord:
    """A stored document; listed in the columns of ``roles`` unless ``columns`` says otherwise."""
    doc_id = next(_ids)
    columns = tuple(columns) or tuple(COLUMN_OF_ROLE[r] for r in roles)
    day = (published or D(2023, 1, 1)).strftime("%Y%m%d")
    return DocRecord(
        id=doc_id,
        url=f"{BASE}{columns[0]}/{day[:6]}/t{day}_{doc_id}.html",
        title=title,
        doc_number=number,
        issuing_agency=agency,
        written_date=written,
        publish_date=published,
        validity=validity,
        body_text=body,
        links=tuple(links),
        attachments=tuple(attachments),
        columns=columns,
        roles=tuple(roles),
        units=tuple(units),
        feedback_window=window,
        js_boxes=tuple(js_boxes),
        fetched_at="2024-01-05T08:00:00+00:00",
    )


def interp(
    title: str,
    *,
    published: dt.date | None = INTERPRETED_ON,
    of: DocRecord | None = None,
    links: Sequence[LinkRecord] = (),
    **changes: Any,
) -> DocRecord:
    """An interpretation (政策解读 column); with ``of`` it links that document (原文链接)."""
    if of:
        links = (LinkRecord(of.url, of.title, "原文链接"), *links)
    return doc(
        title,
        roles=("政策解读",),
        published=published,
        written=None,
        validity=None,
        window=None,
        links=links,
        **changes,
    )


def linking(source: DocRecord, target: DocRecord, context: str = "相关解读") -> DocRecord:
    """``source`` with one more link, to ``target``, in a box titled ``context``."""
    return replace(source, links=(*source.links, LinkRecord(target.url, target.title, context)))


def failure(
    title: str,
    *,
    role: str = "政策文件",
    listed: dt.date | None = LISTED_ON,
    status: int = 503,
) -> FetchFailure:
    column_id = COLUMN_OF_ROLE[role]
    return FetchFailure(
        url=f"{BASE}{column_id}/202310/t20231016_{next(_ids)}.html",
        column_id=column_id,
        status=status,
        error=f"HTTP {status}",
        title=title,
        list_date=listed,
    )


def run(
    *documents: DocRecord,
    unreached: dict[str, str] | None = None,
    extra_columns: Sequence[ColumnRecord] = (),
    without: Sequence[str] = (),
    failures: Sequence[FetchFailure] = (),
    outcome: str = "succeeded",
    errors: Sequence[str] = (),
) -> RunRecord:
    """A run with one column per role; ``unreached`` maps a role to why its column failed."""
    unreached = unreached or {}
    columns = [
        column(role, reached=role not in unreached, error=unreached.get(role, ""))
        for role in COLUMN_OF_ROLE
        if role not in without
    ]
    return RunRecord(
        id=1,
        profile="shandong_guanxian",
        started_at="2024-01-05T08:00:00+00:00",
        finished_at="2024-01-05T08:10:00+00:00",
        outcome=outcome,
        errors=tuple(errors),
        columns=(*columns, *extra_columns),
        documents=documents,
        failures=tuple(failures),
    )


def catalog(*rows: dict[str, Any], year: int = 2023) -> Catalog:
    """A catalog parsed (and so validated) from row tables, with the ``SCOPE`` above."""
    data = {
        "id": f"shandong_guanxian_{year}",
        "profile": "shandong_guanxian",
        "year": year,
        "title": "测试任务表",
        "source": {
            "number": "冠政办发〔2023〕15号",
            "office": "冠县人民政府办公室",
            "year": year,
            "published": "测试",
        },
        "interpretation_scope": {
            "include_roles": list(SCOPE.include_roles),
            "include_doc_number": list(SCOPE.include_doc_number),
            "include_title": list(SCOPE.include_title),
            "exclude_title": list(SCOPE.exclude_title),
            "exclude_doc_number": list(SCOPE.exclude_doc_number),
        },
        "row": list(rows),
    }
    return parse_catalog(data, Path("test-catalog"))


def row(
    row_id: str,
    *checks: dict[str, Any],
    manual: str = "",
    note: str = "",
    units: Sequence[str] = ("县直各部门（单位）",),
) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": row_id,
        "seq": row_id,
        "section": "加强政策发布解读信息公开",
        "task": "推进政策精细化高质量解读",
        "requirement": f"第{row_id}项要求",
        "units": list(units),
        "deadline": "全年",
    }
    if checks:
        table["check"] = list(checks)
    if manual:
        table["manual"] = manual
    if note:
        table["note"] = note
    return table


def context(run_record: RunRecord, spec: dict[str, Any], *, year: int = 2023) -> CheckContext:
    """The context the engine gives the check of ``spec`` on a one-row catalog."""
    units = tuple(spec.get("units", ("县直各部门（单位）",)))
    ctx = CheckContext(
        run=run_record, profile=PROFILE, catalog=catalog(row("t", spec, units=units), year=year)
    )
    ctx.row_id = "t"
    return ctx


def judge(
    name: str, params: dict[str, Any], run_record: RunRecord, *, year: int = 2023
) -> list[Finding]:
    """The findings of the registered check ``name`` over ``run_record``."""
    ctx = context(run_record, {"name": name, **params}, year=year)
    return all_checks()[name].run(ctx, params)


def verdicts(findings: Sequence[Finding]) -> list[tuple[str, Verdict]]:
    return [(f.subject, f.verdict) for f in findings]


# Documents used across tables.
def greening(**changes: Any) -> DocRecord:
    """A 规范性文件 with a 冠政发 文号: it needs a 解读."""
    fields: dict[str, Any] = {
        "roles": ("政策文件", "规范性文件"),
        "number": "冠政发〔2023〕8号",
        "published": D(2023, 9, 28),
        "written": D(2023, 9, 20),
    }
    fields.update(changes)
    return doc("冠县人民政府关于印发冠县城市绿化管理办法的通知", **fields)


def greening_interp(of: DocRecord | None, **changes: Any) -> DocRecord:
    changes.setdefault("published", D(2023, 10, 9))
    return interp("《冠县城市绿化管理办法》政策解读", of=of, **changes)


def linked_pair(
    document: DocRecord, interpretation_title: str, *, forward: bool, back: bool, **changes: Any
) -> tuple[DocRecord, DocRecord]:
    """A document and its interpretation, linked each way as asked. Without a forward link the
    pair is found by the document's 文号 in the interpretation's title (the linker's decisive
    title evidence)."""
    title = interpretation_title
    if not forward:
        title = f"{interpretation_title}（{document.doc_number}）"
    interpretation = interp(title, of=document if forward else None, **changes)
    if back:
        document = linking(document, interpretation)
    return document, interpretation
