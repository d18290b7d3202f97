"""Blank forms and workbooks made from the form definitions: a new workbook starts with the
title its definition gives, the unit's details filled in, and the fixed level-1 and level-2
categories of the indicator table already in place (officers then add the level-3 rows)."""
from __future__ import annotations

import string

from .definition import FormDefinition
from .kinds import WORKBOOK_LINKS, kind_of, link_fields, workbook_value
from .model import Form, IndicatorNode, Workbook


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render_title(definition: FormDefinition, workbook: Workbook, fields: dict[str, str]) -> str:
    """The definition's title template ({unit}, {year}, {project_name} …, and any field id) filled in."""
    values = _Blank(fields)
    for role in ("project_name", "project_code"):
        linked = next((fields[f] for f in link_fields(definition, role) if fields.get(f)), "")
        if linked:
            values.setdefault(role, linked)
    values.update(unit=workbook.unit, unit_code=workbook.unit_code, year=str(workbook.year))
    try:
        return string.Formatter().vformat(definition.default_title, (), values)
    except (ValueError, IndexError):   # a malformed template prints as written
        return definition.default_title


def next_form_id(workbook: Workbook, definition: FormDefinition) -> str:
    kind = kind_of(definition)
    base = kind.prefix
    used = {f.id for f in workbook.forms}
    if kind.per_project:   # numbered: project_01, project_02 …
        n = 1
        while f"{base}_{n:02d}" in used:
            n += 1
        return f"{base}_{n:02d}"
    if base not in used:
        return base
    n = 2
    while f"{base}_{n}" in used:
        n += 1
    return f"{base}_{n}"


def new_form(definition: FormDefinition, workbook: Workbook, form_id: str | None = None) -> Form:
    """A blank form of a definition for this workbook (not added to it)."""
    form = Form(id=form_id or next_form_id(workbook, definition), definition=definition, title="")
    # header fields that repeat what the workbook already knows (the kind's links)
    fill = {f: role for role in WORKBOOK_LINKS for f in link_fields(definition, role)}
    for f in definition.fields:
        value = workbook_value(workbook, fill[f.id]) if f.id in fill else ""
        if value:
            form.fields[f.id] = value
    form.title = render_title(definition, workbook, form.fields)
    if definition.indicators is not None:
        form.indicators = [IndicatorNode(b.name, children=[IndicatorNode(name) for name in b.level2])
                           for b in definition.indicators.level1]
    return form


def new_workbook(unit: str, unit_code: str, year: int, forms: list[tuple[FormDefinition, int]]) -> Workbook:
    """A workbook with `count` blank forms of each definition, in the order given."""
    workbook = Workbook(unit=unit, unit_code=unit_code, year=year)
    for definition, count in forms:
        for _ in range(count):
            workbook.forms.append(new_form(definition, workbook))
    return workbook
