"""The stamp and signature block of a form, resolved to the lines a printout or a sheet shows."""
from __future__ import annotations

from .model import Form, Workbook


def signature_lines(workbook: Workbook, form: Form) -> list[tuple[str, str]]:
    """(label, text) for each item of the form's block, in order; text "" means signed by hand."""
    out = []
    for item in form.definition.signature_block.items:
        out.append((item.label, resolve(workbook, form, item.value)))
    return out


def resolve(workbook: Workbook, form: Form, source: str) -> str:
    if not source:
        return ""
    if source == "unit":
        return workbook.unit.strip()
    if source.startswith("field:"):
        return (form.fields.get(source[6:]) or "").strip()
    return (getattr(workbook.signature, source, "") or "").strip()
