"""A crawl of a portal that answers with WAF pages, challenges and captchas (HTTP 200 among
them): each answer is recorded as blocked, nothing it fed is 不符合, the reason reaches the
checks' messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from checks.findings import Verdict
from tests.faults.conftest import Crawled, crawl_portal
from tests.faults.portal import BLOCKED_DETAILS, FAILING_DETAILS, WHOLLY_BLOCKED
from zwgk.audit import check_run

CATALOG = "shandong_guanxian_2023"
ANSWER_REASONS = {
    "safedog.html": "安全狗 WAF 拦截页",
    "yunsuo.html": "云锁 WAF 拦截页",
    "yunsuo_cc.html": "云锁 JS 挑战页",
    "jsl521.html": "加速乐 JS 挑战页",
    "jslgo.html": "加速乐 JS 挑战页",
    "cyd.html": "创宇盾 WAF 拦截页",
    "rs202.html": "瑞数 JS 挑战页",
    "rs412.html": "瑞数 JS 挑战页",
    "captcha.html": "腾讯云 WAF 验证码页",
    "intercept.html": "WAF 拦截页",
    "aliyun.html": "阿里云盾 JS 挑战页",
    "empty.html": "空白页面",
}


def rows(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def fetch_of(crawled: Crawled, path: str) -> tuple[Any, ...]:
    """(status, error, blocked, stored body size) of the one fetch of ``path``."""
    found = [
        (status, error, blocked, size)
        for url, status, error, blocked, size in rows(
            crawled.db,
            "select f.url, f.status, f.error, f.blocked, coalesce(b.size, 0) from page_fetch f"
            " left join page_body b on b.sha256 = f.sha256",
        )
        if path_of(url) == path
    ]
    assert len(found) == 1, (path, found)
    return found[0]


def test_answer_table_covers_every_blocked_route() -> None:
    assert {p.rsplit("/", 1)[1] for p in BLOCKED_DETAILS} == set(ANSWER_REASONS)


@pytest.mark.parametrize("page", sorted(ANSWER_REASONS))
def test_blocked_detail_page_is_a_failure_with_its_reason_and_its_answer_kept(
    faulty: Crawled, page: str
) -> None:
    path = f"/gfxwj/{page}"
    status, error, blocked, size = fetch_of(faulty, path)
    expected_status = BLOCKED_DETAILS[path].status
    assert (status, blocked) == (expected_status, ANSWER_REASONS[page])
    assert error == f"访问受阻：{ANSWER_REASONS[page]}（HTTP {expected_status}）"
    assert size == len(BLOCKED_DETAILS[path].body)  # the block page itself, as evidence


def test_no_blocked_answer_is_stored_as_a_document(faulty: Crawled) -> None:
    stored = {path_of(url) for (url,) in rows(faulty.db, "select url from document")}
    assert stored.isdisjoint(BLOCKED_DETAILS)
    assert "/gfxwj/ok1.html" in stored  # the real pages beside them are


def test_list_page_answered_by_a_waf_leaves_its_column_unreached_with_the_reason(
    faulty: Crawled,
) -> None:
    status = rows(
        faulty.db, "select reached, entries, error from column_status where column_id = 'zcwj'"
    )
    assert status == [(0, 0, "访问受阻：云锁 WAF 拦截页（HTTP 200）")]
    assert fetch_of(faulty, "/zcwj/index.html")[2] == "云锁 WAF 拦截页"


def test_crawl_with_blocked_pages_is_not_reported_as_succeeded(faulty: Crawled) -> None:
    assert faulty.summary["outcome"] == "partial"
    assert "栏目 zcwj 第1页：访问受阻：云锁 WAF 拦截页（HTTP 200）" in faulty.summary["errors"]


@pytest.fixture(scope="module")
def findings(faulty: Crawled) -> list[Any]:
    return check_run(
        str(faulty.profile), db=f"sqlite:///{faulty.db}", run_id=None, catalog_id=CATALOG
    ).findings


def subjects(findings: list[Any], verdict: Verdict, check: str) -> set[str]:
    return {
        path_of(f.subject)
        for f in findings
        if f.verdict == verdict and f.check == check and f.subject.startswith("http")
    }


def test_no_finding_says_不符合_about_a_page_the_crawl_did_not_see(findings: list[Any]) -> None:
    unseen = set(BLOCKED_DETAILS) | set(FAILING_DETAILS)
    failed = {
        path_of(f.subject)
        for f in findings
        if f.verdict == Verdict.FAIL and f.subject.startswith("http")
    }
    assert failed
    assert failed.isdisjoint(unseen)


def test_every_page_not_seen_is_未能核验_with_its_reason(findings: list[Any]) -> None:
    unverified = {
        path_of(f.subject): f.message
        for f in findings
        if f.verdict == Verdict.UNVERIFIED
        and f.check == "interpretation_published"
        and f.subject.startswith("http")
    }
    for path in BLOCKED_DETAILS:
        assert path in unverified
        assert "访问受阻：" in unverified[path], unverified[path]
    for path, reason in FAILING_DETAILS.items():
        assert reason in unverified[path], unverified[path]


def test_true_gaps_beside_the_blocked_pages_are_still_不符合(findings: list[Any]) -> None:
    # Negative control: documents served as real pages without a 解读 stay 不符合, those with
    # one do not, so the tests above could fail.
    failed = subjects(findings, Verdict.FAIL, "interpretation_published")
    assert {"/gfxwj/ok2.html", "/gfxwj/2023/moved_nojd.html"} <= failed
    assert failed.isdisjoint({"/gfxwj/ok1.html", "/gfxwj/2023/moved.html"})


@pytest.fixture(scope="module")
def wholly_blocked(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """The same portal blocking the crawler outright: every column's list is a block answer."""
    return crawl_portal(tmp_path_factory.mktemp("wholly_blocked"), blocked_lists=True)


def test_portal_blocking_every_list_is_a_failed_crawl_saying_why(wholly_blocked: Crawled) -> None:
    summary = wholly_blocked.summary
    assert (summary["outcome"], summary["documents_stored"]) == ("failed", 0)
    reasons = {c["column"]: c["error"] for c in summary["unreached_columns"]}
    assert reasons == {
        "gfxwj": "访问受阻：安全狗 WAF 拦截页（HTTP 200）",
        "zcjd": "访问受阻：创宇盾 WAF 拦截页（HTTP 200）",
        "zcwj": "访问受阻：加速乐 JS 挑战页（HTTP 521）",
        "private": "访问受阻：瑞数 JS 挑战页（HTTP 412）",
    }
    assert set(reasons) == set(WHOLLY_BLOCKED)


def test_portal_blocking_every_list_gives_no_不符合(wholly_blocked: Crawled) -> None:
    findings = check_run(
        str(wholly_blocked.profile),
        db=f"sqlite:///{wholly_blocked.db}",
        run_id=None,
        catalog_id=CATALOG,
    ).findings
    assert findings
    assert [f for f in findings if f.verdict == Verdict.FAIL] == []
