"""Indicator rows on the clipboard: our own structure between perfdesk windows, and tab-separated
text to and from Excel/WPS laid out like the printed table (一级 | 二级 | 三级 | columns …).

Excel pastes merged cells as a value in the first row and blanks below, so a blank 一级 or 二级
cell means "the same as the row above". A split value column (指标性质 | 指标值 | 度量单位) is
three cells of text, as printed; our own format carries the three texts beside the value's text.
"""
from __future__ import annotations

import csv
import io
import json

from PySide6.QtCore import QMimeData

from ..domain.definition import ColumnDef, FormDefinition
from ..domain.entry import EntryError, cell_display, cell_from_text
from ..domain.model import Form, IndicatorNode
from ..domain.values import IndicatorValue, split_parts, value_from_parts
from ..startup import edits  # loads after the first paint (perfdesk.startup)


MIME_ROWS = "application/x-perfdesk-indicator-rows"


def tree_columns(definition: FormDefinition) -> list[ColumnDef]:
    """The columns after the name: level-2 branch columns first (as printed), then the form's."""
    ind = definition.indicators
    if ind is None:
        return []
    extra: list[ColumnDef] = []
    for branch in ind.level1:
        extra += [c for c in branch.level2_columns if c.id not in {x.id for x in extra}]
    return extra + list(ind.columns)


# ------------------------------------------------------------------------ our own structure

def node_to_data(form: Form, node: IndicatorNode, path: tuple[int, ...]) -> dict:
    notation = form.definition.notation
    data = {"name": node.name,
            "cells": {k: cell_display(v, notation) for k, v in node.cells.items()},
            "children": [node_to_data(form, c, path + (i,)) for i, c in enumerate(node.children)]}
    # values typed as 指标性质 | 指标值 | 度量单位 keep their three texts
    parts = {k: list(v.parts) for k, v in node.cells.items() if isinstance(v, IndicatorValue) and v.parts is not None}
    if parts:
        data["parts"] = parts
    return data


def node_from_data(definition: FormDefinition, data: dict) -> IndicatorNode:
    columns = {c.id: c for c in tree_columns(definition)}
    parts = data.get("parts") or {}
    cells = {}
    for key, text in (data.get("cells") or {}).items():
        column = columns.get(key)
        if column is None:
            continue
        three = parts.get(key) if isinstance(parts, dict) else None
        if column.type == "value" and isinstance(three, list) and len(three) == 3:
            value = value_from_parts(*(str(p) for p in three))
            if not value.is_empty:
                cells[key] = value
            continue
        try:
            value = cell_from_text(column, text)
        except EntryError:
            continue
        if value is not None:
            cells[key] = value
    return IndicatorNode(str(data.get("name", "")), cells,
                         [node_from_data(definition, c) for c in data.get("children") or []])


def internal_rows(form: Form, data: QMimeData) -> tuple[int, list[IndicatorNode]] | None:
    """(level of the copied rows, fresh copies of them) from our own clipboard format."""
    if not data.hasFormat(MIME_ROWS):
        return None
    try:
        payload = json.loads(bytes(data.data(MIME_ROWS)).decode("utf-8"))
        levels = set(payload["levels"])
        nodes = [node_from_data(form.definition, n) for n in payload["nodes"]]
    except (ValueError, KeyError, TypeError):
        return None
    if len(levels) != 1 or not nodes:
        return None
    return levels.pop(), nodes


# ------------------------------------------------------------------------ tab-separated text

def rows_to_tsv(form: Form, paths: list[tuple[int, ...]]) -> str:
    """The rows under the given paths, one line per leaf, as the printed table lays them out
    (level names and level-2 cells repeated on each line, which is what filters in Excel want)."""
    columns = tree_columns(form.definition)
    notation = form.definition.notation
    lines = []
    for path in paths:
        ancestors = [edits.node_at(form, path[:i]) for i in range(1, len(path))]
        for chain in _chains(edits.node_at(form, path)):
            full = ancestors + chain
            cells = {}
            for n in full[1:]:
                cells.update(n.cells)
            names = [n.name for n in full] + [""] * (3 - len(full))
            lines.append(names + [text for c in columns for text in _texts(c, cells.get(c.id), notation)])
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(lines)
    return out.getvalue()


def _texts(column: ColumnDef, value, notation) -> list[str]:
    """The cells a column takes in a table: three for a split value, else one."""
    if is_split(column):
        return list(split_parts(value if isinstance(value, IndicatorValue) else None))
    return [cell_display(value, notation)]


def is_split(column: ColumnDef) -> bool:
    return column.split and column.type == "value"


def width(columns: list[ColumnDef]) -> int:
    """How many table cells the columns take."""
    return sum(3 if is_split(c) else 1 for c in columns)


def _chains(node: IndicatorNode) -> list[list[IndicatorNode]]:
    """Each leaf under a node with the nodes leading to it."""
    if not node.children:
        return [[node]]
    return [[node] + chain for child in node.children for chain in _chains(child)]


def parse_tsv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t"))
    return [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]


def is_full_table(form: Form, rows: list[list[str]]) -> bool:
    """Rows that start with the 一级 column (a category of this form) rather than a name."""
    ind = form.definition.indicators
    level1 = {b.name for b in ind.level1} if ind else set()
    level1 |= {n.name for n in form.indicators}
    return any(r and r[0] in level1 for r in rows)


def full_rows(form: Form, rows: list[list[str]]):
    """(一级, 二级, 三级, cells) per line; blank level cells repeat the row above."""
    columns = tree_columns(form.definition)
    l1 = l2 = ""
    for r in rows:
        r = r + [""] * (3 + width(columns) - len(r))
        if r[0]:
            l1, l2 = r[0], r[1]
        elif r[1]:
            l2 = r[1]
        yield l1, l2, r[2], _cells(columns, r[3:])


def leaf_nodes(form: Form, rows: list[list[str]]) -> list[IndicatorNode]:
    """Rows of name + the form's own columns (no level columns), as level-3 rows."""
    ind = form.definition.indicators
    columns = list(ind.columns) if ind else []
    return [IndicatorNode(r[0], _cells(columns, r[1:] + [""] * width(columns))) for r in rows]


def _cells(columns: list[ColumnDef], texts: list[str]) -> dict:
    cells = {}
    at = 0
    for column in columns:
        if is_split(column):
            three = (texts[at:at + 3] + ["", "", ""])[:3]
            at += 3
            value = value_from_parts(*three)
            value = None if value.is_empty else value
        else:
            text = texts[at] if at < len(texts) else ""
            at += 1
            try:
                value = cell_from_text(column, text)
            except EntryError:
                value = None       # a number column with words in it: left empty, the rest kept
        if value is not None:
            cells[column.id] = value
    return cells


def nodes_from_mime(form: Form, data: QMimeData, level: int) -> list[IndicatorNode]:
    """Rows that fit at a level, from our format or plain name-and-values text; [] if none."""
    internal = internal_rows(form, data)
    if internal is not None:
        copied_level, nodes = internal
        return nodes if copied_level == level else []
    if data.hasText() and level == 3:
        rows = parse_tsv(data.text())
        if rows and not is_full_table(form, rows):
            return leaf_nodes(form, rows)
    return []
