"""Small builders for checker tests: forms from the samples or from a few lines of JSON-like data."""
from __future__ import annotations

from decimal import Decimal

from perfdesk.definitions.profiles import default_profiles
from perfdesk.domain.checks import check_form
from perfdesk.domain.model import Form, IndicatorNode
from perfdesk.domain.values import IndicatorValue
from perfdesk.samples import load_sample
from perfdesk.codec import form_from_dict


def profile(profile_id: str = "national"):
    return default_profiles().get(profile_id)


def build(definition: str, **parts) -> Form:
    """A form of a definition from docs/workbook-json.md-shaped parts."""
    return form_from_dict({"id": "f", "definition": definition, "title": "测试表", **parts})


def sample(name: str, form_id: str | None = None) -> Form:
    wb = load_sample(name)
    return wb.form(form_id) if form_id else wb.forms[0]


def run(form: Form, profile_id: str | None = "national"):
    return check_form(form, profile(profile_id) if profile_id else None)


def of(findings, code: str):
    return [f for f in findings if f.code == code]


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def node(form: Form, *names: str) -> IndicatorNode:
    nodes, found = form.indicators, None
    for name in names:
        found = next(n for n in nodes if n.name == name)
        nodes = found.children
    return found


def set_value(form: Form, names: tuple[str, ...], column: str, text: str | None) -> None:
    """Type into an indicator cell, as the editor would store it."""
    n = node(form, *names)
    col = form.definition.indicators.column(column)
    if text is None:
        n.cells.pop(column, None)
    elif col.type == "value":
        n.cells[column] = IndicatorValue.parse(text)
    elif col.type == "number":
        n.cells[column] = Decimal(text)
    else:
        n.cells[column] = text


def indicator_tree(*level1) -> dict:
    """indicators JSON from (name, [(level2, [(level3, cells), …]), …]) tuples."""
    return {"tree": [
        {"name": l1, "cells": {}, "children": [
            {"name": l2, "cells": {}, "children": [
                {"name": l3, "cells": cells, "children": []} for l3, cells in l3s]}
            for l2, l3s in l2s]}
        for l1, l2s in level1]}
