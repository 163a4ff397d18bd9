"""Text normalisers that extraction and linking share (文号, titles, URLs, full-width forms)."""
