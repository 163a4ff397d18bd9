"""What one document page yields: the fields checks read, its links and the diagnostics.

These are plain records, filled in by the readers of this package and stored by the pipeline.
The field order of ``FIELDS`` is the order the JSON form and the store use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELDS = (
    "title",
    "doc_number",
    "index_number",
    "issuing_agency",
    "written_date",
    "publish_date",
    "topic",
    "validity",
)


# Not frozen: a frozen dataclass's __init__ is several times slower, and a page has hundreds.
@dataclass(slots=True)
class Link:
    """A link of the page, with the related-links box it sits in."""

    href: str  # absolute
    text: str
    context: str = ""  # title of the related-links box it sits in (相关解读, 关联稿件 …) or ""


@dataclass(slots=True)
class Attachment:
    """A linked file (by its extension), named by its link text or else its file name."""

    name: str
    href: str  # absolute
    type: str  # lowercased extension: pdf, docx, wps, ofd, jpg …


@dataclass(slots=True)
class ExtractedDocument:
    """Everything read from one document page; ``sources`` says where each field came from."""

    title: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    issuing_agency: str | None = None
    written_date: str | None = None  # YYYY-MM-DD
    publish_date: str | None = None  # YYYY-MM-DD
    topic: str | None = None
    validity: str | None = None
    # 来源 as the page shows it (label or ContentSource): who posted or first printed the
    # article, kept apart from the issuer. Stored (document.source) for attributing findings to a
    # unit; FIELDS and the JSON form of `zwgk extract` omit it.
    source: str | None = None
    body_text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    feedback_window: str | None = None  # excerpt of the 政策咨询、建议与评价 window
    # Boxes present but filled by script only; a metadata field whose cell a script fills, by
    # its name (有效性, 发布日期 …: labels.SCRIPTED_FIELD_NAMES), when no source gave its value.
    js_boxes: list[str] = field(default_factory=list)
    # field → meta|table|body|url|title|doc_number (an issuer read from the 文号's 代字)
    sources: dict[str, str] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form: the stored fields first, in a fixed order, then the diagnostics."""
        out: dict[str, Any] = {name: getattr(self, name) for name in FIELDS}
        out["body_text"] = self.body_text
        out["attachments"] = [
            {"href": a.href, "text": a.name, "type": a.type} for a in self.attachments
        ]
        out["links"] = [{"href": k.href, "text": k.text, "context": k.context} for k in self.links]
        out["feedback_window"] = self.feedback_window
        out["js_boxes"] = list(self.js_boxes)
        out["sources"] = dict(self.sources)
        return out
