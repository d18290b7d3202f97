"""Cell by cell, what changed in a form between two deliveries: added, removed and changed
cells, each with its place in words and the old → new text."""
from __future__ import annotations

import msgspec

from ..codec import form_to_dict
from ..domain.model import Form

ADDED, REMOVED, CHANGED = "新增", "删除", "修改"


class CellChange(msgspec.Struct, frozen=True):
    kind: str           # ADDED | REMOVED | CHANGED
    place: str          # 中文: 资金表/年度资金总额/全年执行数
    old: str = ""
    new: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "place": self.place, "old": self.old, "new": self.new}

    def __str__(self) -> str:
        if self.kind == ADDED:
            return f"{self.place}：新增“{self.new}”"
        if self.kind == REMOVED:
            return f"{self.place}：删除“{self.old}”"
        return f"{self.place}：“{self.old}” → “{self.new}”"


class FormChange(msgspec.Struct, frozen=True):
    form_id: str
    title: str
    kind: str                              # ADDED | REMOVED | CHANGED (the form as a whole)
    cells: tuple[CellChange, ...] = ()

    def to_dict(self) -> dict:
        return {"form": self.form_id, "title": self.title, "kind": self.kind,
                "cells": [c.to_dict() for c in self.cells]}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "text" in value:    # an indicator value
        return str(value["text"])
    if isinstance(value, (dict, list)):
        return str(value)
    return str(value)


def _label(lookup, item_id: str) -> str:
    try:
        found = lookup(item_id)
    except KeyError:
        found = None
    return getattr(found, "label", None) or item_id


def cells_of(form: Form) -> dict[str, str]:
    """Every filled cell of a form: its place in words → its text."""
    d, data = form.definition, form_to_dict(form)
    out: dict[str, str] = {"标题": data["title"]}
    for fid, value in data["fields"].items():
        out[f"{_label(d.field_def, fid)}"] = _text(value)
    for sid, value in data["sections"].items():
        out[f"{_label(d.section_def, sid)}"] = _text(value)
    for tid, table in data["funds"].items():
        try:
            tdef = d.funds_table(tid)
        except KeyError:
            tdef = None
        tlabel = tdef.label if tdef else tid
        for what, rows in (("", table.get("rows", {})), ("（填报合计）", table.get("stated", {}))):
            for rid, columns in rows.items():
                rlabel = _label(tdef.row, rid) if tdef else rid
                for cid, value in columns.items():
                    clabel = _label(tdef.column, cid) if tdef else cid
                    out[f"{tlabel}/{rlabel}{what}/{clabel}"] = _text(value)
        for i, line in enumerate(table.get("lines", [])):
            for cid, value in line.get("values", {}).items():
                clabel = _label(tdef.column, cid) if tdef else cid
                out[f"{tlabel}/第 {i + 1} 行“{line.get('name', '')}”/{clabel}"] = _text(value)
            out[f"{tlabel}/第 {i + 1} 行/名称"] = line.get("name", "")
    for lid, items in data["lists"].items():
        ldef = d.list_def(lid)
        for i, item in enumerate(items):
            for cid, value in item.items():
                clabel = next((c.label for c in ldef.columns if c.id == cid), cid) if ldef else cid
                out[f"{ldef.label if ldef else lid}/第 {i + 1} 项/{clabel}"] = _text(value)
    ind = d.indicators

    def column_label(cid: str) -> str:
        column = ind.column(cid) if ind is not None else None
        if column is None and ind is not None:
            column = next((c for b in ind.level1 for c in b.level2_columns if c.id == cid), None)
        return column.label if column is not None else cid

    def visit(nodes, path):
        seen: dict[str, int] = {}
        for node in nodes:
            seen[node["name"]] = seen.get(node["name"], 0) + 1
            name = node["name"] + (f"（第 {seen[node['name']]} 个）" if seen[node["name"]] > 1 else "")
            here = path + (name,)
            out[f"指标/{'/'.join(here)}"] = "（有）"       # the row itself: added or removed rows show
            for cid, value in node["cells"].items():
                out[f"指标/{'/'.join(here)}/{column_label(cid)}"] = _text(value)
            visit(node["children"], here)

    visit(data["indicators"]["tree"], ())
    for cid, value in data["indicators"].get("stated_totals", {}).items():
        out[f"指标/合计（填报）/{column_label(cid)}"] = _text(value)
    return {k: v for k, v in out.items() if v != ""}


def form_changes(before: list[Form], after: list[Form]) -> list[FormChange]:
    """Per form (matched by form id), what changed from the older delivery to the newer one."""
    old = {f.id: f for f in before}
    new = {f.id: f for f in after}
    out: list[FormChange] = []
    for form in after:
        if form.id not in old:
            out.append(FormChange(form.id, form.title, ADDED))
            continue
        a, b = cells_of(old[form.id]), cells_of(form)
        cells = []
        for place in b:
            if place not in a:
                cells.append(CellChange(ADDED, place, "", b[place]))
            elif a[place] != b[place]:
                cells.append(CellChange(CHANGED, place, a[place], b[place]))
        cells.extend(CellChange(REMOVED, place, a[place], "") for place in a if place not in b)
        if cells:
            out.append(FormChange(form.id, form.title, CHANGED, tuple(cells)))
    out.extend(FormChange(f.id, f.title, REMOVED) for f in before if f.id not in new)
    return out
