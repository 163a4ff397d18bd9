"""findings.json: every finding with all its fields, in Chinese, with the run and the catalog."""

from __future__ import annotations

import dataclasses
import json

from checks.findings import Finding
from reports.render import ReportPaths


def test_findings_json_holds_every_finding_with_all_its_fields(
    report: ReportPaths, findings: tuple[Finding, ...]
) -> None:
    data = json.loads(report.json.read_text(encoding="utf-8"))
    fields = {f.name for f in dataclasses.fields(Finding)}
    assert len(data["findings"]) == len(findings)
    for stored, finding in zip(data["findings"], findings, strict=True):
        assert fields <= stored.keys()
        expected = dataclasses.asdict(finding)
        expected["verdict"] = finding.verdict.value
        assert {k: stored[k] for k in fields - {"evidence"}} == {
            k: v for k, v in expected.items() if k != "evidence"
        }
        assert [e["url"] for e in stored["evidence"]] == [e.url for e in finding.evidence]


def test_findings_json_keeps_chinese_unescaped(report: ReportPaths) -> None:
    text = report.json.read_text(encoding="utf-8")
    assert '"verdict": "不符合"' in text
    assert "\\u" not in text


def test_findings_json_names_the_run_and_the_catalog(report: ReportPaths) -> None:
    data = json.loads(report.json.read_text(encoding="utf-8"))
    assert data["catalog"]["id"] == "example_county_2026"
    assert {k: data["run"][k] for k in ("id", "outcome", "pages_fetched", "errors")} == {
        "id": 17,
        "outcome": "succeeded",
        "pages_fetched": 1234,
        "errors": [],
    }
    assert data["counts"]["rows"] == {"符合": 1, "不符合": 2, "未能核验": 2, "需人工核验": 1}


def test_findings_json_points_at_the_archived_copy(report: ReportPaths) -> None:
    data = json.loads(report.json.read_text(encoding="utf-8"))
    assert data["findings"][0]["evidence"][0]["archive"] == "pages/101.html"
    assert data["findings"][1]["evidence"][0]["archive"] is None


def test_findings_json_has_one_gap_per_document_with_who_and_by_when(report: ReportPaths) -> None:
    data = json.loads(report.json.read_text(encoding="utf-8"))
    assert data["schema_version"] == 3
    assert data["report_date"] == "2026-11-21"
    assert data["counts"]["gaps"] == {"fail": 3, "unverified": 1}
    assert data["counts"]["tasks"] == {"problem": 2, "unverified": 2, "pass": 1, "manual": 1}
    first = data["gaps"][0]
    assert {
        k: first[k] for k in ("verdict_code", "unit", "rows", "deadline", "due", "overdue")
    } == {
        "verdict_code": "fail",
        "unit": "县政府办公室",
        "rows": ["1"],
        "deadline": "全年持续推进",
        "due": "2026-12-31",
        "overdue": False,
    }
    assert first["rectify_by"] == "2026-12-04"
    by_id = {g["id"]: g for g in data["gaps"]}
    for finding in data["findings"]:
        if finding["verdict_code"] in {"fail", "unverified"}:
            assert finding["index"] in by_id[finding["gap"]]["findings"]
        else:
            assert finding["gap"] is None


def test_findings_json_rows_carry_the_requirement_and_the_deadline(report: ReportPaths) -> None:
    data = json.loads(report.json.read_text(encoding="utf-8"))
    row = data["rows"][1]
    assert {k: row[k] for k in ("requirement", "deadline", "due", "status", "gaps")} == {
        "requirement": "在政策文件页面设置政策咨询、建议与评价窗口。",
        "deadline": "2026年6月底前",
        "due": "2026-06-30",
        "status": "unverified",
        "gaps": [data["gaps"][2]["id"]],
    }
