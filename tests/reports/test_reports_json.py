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
