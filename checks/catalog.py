"""Task catalogs: a county's annual 政务公开 task table as data (``checks/catalogs/*.toml``).

Interface fixed here; loading and validation are implemented below the dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATALOG_DIR = Path(__file__).parent / "catalogs"


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One automated check attached to a row, with its parameters (thresholds live here)."""

    name: str  # a name registered in checks.registry
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One requirement row of the task table, in the table's own order and numbering."""

    id: str  # stable id, the table's own numbering where it has one ("3", "3.2", "二.(一).4")
    seq: str  # 序号 as the report shows it
    section: str  # 一级 heading / 工作任务
    task: str  # 任务名称 / 二级 task
    requirement: str  # 具体要求, verbatim
    units: tuple[str, ...]  # 责任单位 as written in the table
    deadline: str  # 完成时限 as written
    checks: tuple[CheckSpec, ...] = ()
    manual: str = ""  # why only a person can judge it; exclusive with checks


@dataclass(frozen=True, slots=True)
class InterpretationScope:
    """Which published documents need a 解读 (seed rule: 政策文件不解读不运转).

    A document is in scope when its column role is in ``include_roles`` or its 文号 matches one of
    ``include_doc_number``; it is then taken out again when its title or 文号 matches an exclusion
    (任免, 批复, 函, 会议通知 …). Each decision is recorded with the pattern that made it.
    """

    include_roles: tuple[str, ...] = ()
    include_doc_number: tuple[str, ...] = ()  # regexes over the normalised 文号
    exclude_title: tuple[str, ...] = ()  # regexes over the title
    exclude_doc_number: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalog:
    id: str  # "<profile>_<year>"
    profile: str
    year: int
    title: str
    source: str  # the issuing document, e.g. 冠政办发〔2023〕15号
    seed: str  # file name under shared/seeds/ it was transcribed from
    rows: tuple[CatalogRow, ...]
    interpretation_scope: InterpretationScope
    path: Path
    settings: dict[str, Any] = field(default_factory=dict)  # catalog-wide parameters
