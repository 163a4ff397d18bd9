"""Documents about the 政务公开 work itself, which name every topic of a task table by design.

A unit's 政务公开工作要点, its 重点工作任务落实台账, the government's 任务分工 notice and the
信息公开指南 restate the table's rows (做好就业帮扶、社会救助……信息公开) without disclosing
anything on them: they are the plan, more than the evidence. Ranked by their score alone they
top many rows (on the three fixture portals they held 5 of the 10 top-3 places not labelled
relevant, ``bench/retrieval_quality.py``). So a search ranks them after every other hit: still
hits (a term is in the text, and a unit whose only page on a topic is its 工作要点 shows that
page for a person to judge), never ahead of a page on the topic; unless a query term is in the
title itself (a row about the 指南 or the 要点) or the query is about the disclosure work itself
(a term holding 公开: 公开事项目录, 政务公开专区), which such a plan is evidence of.

The 年度报告 are not among them: a 年报 reports what was published in the year, which is
evidence.
"""

from __future__ import annotations

import re

# A query term holding it is about the disclosure work itself: the plans are then on its topic.
ABOUT_DISCLOSURE = "公开"
# 政务公开 or 信息公开, then within a few characters a planning or guidance document's name.
OMNIBUS = re.compile(
    r"(?:政务公开|信息公开).{0,12}?(?:要点|任务|分工|台账|指南|实施方案|工作方案|工作计划)"
)


def is_omnibus(title: str) -> bool:
    """A title naming a 政务公开 plan, task list, ledger or guide.

    >>> [is_omnibus(t) for t in ("清泉街道2023年政务公开工作要点",
    ...     "冠县民政局2023年政务公开重点工作任务落实台账", "冠县人民政府信息公开指南",
    ...     "关于公布2023年政务公开重点工作任务分工的通知")]
    [True, True, True, True]
    >>> [is_omnibus(t) for t in ("冠县人民政府2023年政府信息公开工作年度报告",
    ...     "关于做好2023年就业帮扶工作的通知", "关于加强政务新媒体管理的实施方案")]
    [False, False, False]
    """
    return bool(OMNIBUS.search(title))
