"""How every page of a report is sealed and written: its Content-Security-Policy, and a write
that a reader never sees half done. The report page, the task pages and the unit notices share
both, so a change to either holds for all of them."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path


def hash_source(text: str) -> str:
    """A CSP source that allows exactly this inline ``<style>`` or ``<script>`` text.

    >>> hash_source("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def page_csp(*, style: str, script: str | None = None) -> str:
    """The policy of a report page: nothing from the network, only its own inline stylesheet
    and (when it has one) its own inline script, both by hash.

    >>> page_csp(style="").split("; ")[:2]
    ["default-src 'none'", "script-src 'none'"]
    """
    scripts = hash_source(script) if script is not None else "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src {hash_source(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never opens half a page.

    ``errors="replace"``: a page decoded with ``surrogateescape`` must not stop the report.
    """
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", errors="replace")
    tmp.replace(path)
