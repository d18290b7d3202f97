"""What a printed form says at its head: the title and the print hints filled with the workbook's
values. Shared by the printout (perfdesk.pdf) and the form's 校验码 (perfdesk.domain.print_code)."""
from __future__ import annotations

import string

from .model import Form, Workbook


class _Blank(dict):
    def __missing__(self, key):
        return ""


def fill(template: str, workbook: Workbook, form: Form) -> str:
    """A print hint such as "{unit_code}{unit}" or "{year}年度" with the workbook's values."""
    if not template:
        return ""
    values = _Blank(form.fields)
    values.update(unit=workbook.unit, unit_code=workbook.unit_code, year=workbook.year)
    try:
        return string.Formatter().vformat(template, (), values)
    except (ValueError, IndexError):
        return template


def form_title(workbook: Workbook, form: Form) -> str:
    return form.title.strip() or fill(form.definition.default_title, workbook, form) or form.definition.name
