"""Where something is in a form: a field, a section, a funds cell, a list cell, an indicator cell.

Edits, the checker's findings and the window's "jump there" all name places with these types, so
a finding can be turned into a selected cell without knowing anything about widgets.
Places also have a short text form (`place_to_text` / `place_from_text`) for logs and tests.
"""
from __future__ import annotations

from typing import Union

import msgspec

from .model import Form


class WorkbookPlace(msgspec.Struct, frozen=True):
    """The workbook's own information: unit, unit_code, year, signature.leader …"""

    key: str


class TitlePlace(msgspec.Struct, frozen=True):
    """The form's printed title."""


class FieldPlace(msgspec.Struct, frozen=True):
    field_id: str


class SectionPlace(msgspec.Struct, frozen=True):
    section_id: str


class FundsPlace(msgspec.Struct, frozen=True):
    """A cell of a funds table's defined rows; no column means the row as a whole."""

    table_id: str
    row_id: str
    column_id: str = ""


class LinePlace(msgspec.Struct, frozen=True):
    """A cell of a funds table's per-project line; column "" is the line's name."""

    table_id: str
    index: int
    column_id: str = ""


class ListPlace(msgspec.Struct, frozen=True):
    """A cell of a list item (分项绩效目标); column "" is the item as a whole."""

    list_id: str
    index: int
    column_id: str = ""


class IndicatorPlace(msgspec.Struct, frozen=True):
    """An indicator row by its path of row numbers from the top (level = len(path));
    column "" is the indicator's name."""

    path: tuple[int, ...]
    column_id: str = ""

    @property
    def level(self) -> int:
        return len(self.path)


class IndicatorsPlace(msgspec.Struct, frozen=True):
    """The indicator table as a whole (an empty table, a missing branch)."""


class TotalPlace(msgspec.Struct, frozen=True):
    """A cell of the indicator table's 总分 (合计) row: a column's sum, or what the form stated."""

    column_id: str


Place = Union[WorkbookPlace, TitlePlace, FieldPlace, SectionPlace, FundsPlace, LinePlace, ListPlace,
              IndicatorPlace, IndicatorsPlace, TotalPlace]


def place_to_text(place: Place) -> str:
    """A short stable text: "field:project_code", "funds:budget.total.amount", "indicator:0/1/2:name", "total:weight"."""
    if isinstance(place, WorkbookPlace):
        return f"workbook:{place.key}"
    if isinstance(place, TitlePlace):
        return "title"
    if isinstance(place, IndicatorsPlace):
        return "indicators"
    if isinstance(place, TotalPlace):
        return f"total:{place.column_id}"
    if isinstance(place, FieldPlace):
        return f"field:{place.field_id}"
    if isinstance(place, SectionPlace):
        return f"section:{place.section_id}"
    if isinstance(place, FundsPlace):
        return f"funds:{place.table_id}.{place.row_id}" + (f".{place.column_id}" if place.column_id else "")
    if isinstance(place, LinePlace):
        return f"line:{place.table_id}.{place.index}" + (f".{place.column_id}" if place.column_id else "")
    if isinstance(place, ListPlace):
        return f"list:{place.list_id}.{place.index}" + (f".{place.column_id}" if place.column_id else "")
    if isinstance(place, IndicatorPlace):
        return "indicator:" + "/".join(str(i) for i in place.path) + f":{place.column_id or 'name'}"
    raise TypeError(place)


def place_from_text(text: str) -> Place:
    kind, _, rest = text.partition(":")
    if kind == "title":
        return TitlePlace()
    if kind == "indicators":
        return IndicatorsPlace()
    if kind == "workbook":
        return WorkbookPlace(rest)
    if kind == "total":
        return TotalPlace(rest)
    if kind == "field":
        return FieldPlace(rest)
    if kind == "section":
        return SectionPlace(rest)
    if kind in ("funds", "line", "list"):
        bits = rest.split(".")
        if len(bits) not in (2, 3):
            raise ValueError(f"位置 “{text}” 的格式不对")
        column = bits[2] if len(bits) == 3 else ""
        if kind == "funds":
            return FundsPlace(bits[0], bits[1], column)
        if kind == "line":
            return LinePlace(bits[0], int(bits[1]), column)
        return ListPlace(bits[0], int(bits[1]), column)
    if kind == "indicator":
        path_text, _, column = rest.partition(":")
        path = tuple(int(i) for i in path_text.split("/")) if path_text else ()
        return IndicatorPlace(path, "" if column in ("", "name") else column)
    raise ValueError(f"未知的位置 “{text}”")


def describe(form: Form, place: Place) -> str:
    """Where, in the words of the form: 预算规模及资金用途 › 预算数 › 金额."""
    from .column_labels import filled_definition     # 1-{month}月执行数 as the form shows it

    d = filled_definition(form.definition, form.fields)
    if isinstance(place, TitlePlace):
        return "标题"
    if isinstance(place, WorkbookPlace):
        return _WORKBOOK_LABELS.get(place.key, place.key)
    if isinstance(place, FieldPlace):
        f = d.field_def(place.field_id)
        return f.label if f else place.field_id
    if isinstance(place, SectionPlace):
        s = d.section_def(place.section_id)
        return s.label if s else place.section_id
    if isinstance(place, (FundsPlace, LinePlace)):
        try:
            t = d.funds_table(place.table_id)
        except KeyError:
            return place.table_id
        if isinstance(place, FundsPlace):
            try:
                parts = [t.label, t.row(place.row_id).label]
            except KeyError:
                parts = [t.label, place.row_id]
        else:
            lines = form.funds.get(place.table_id)
            name = lines.lines[place.index].name if lines and place.index < len(lines.lines) else ""
            parts = [t.label, name or f"第{place.index + 1}个项目"]
        col = next((c.label for c in t.columns if c.id == place.column_id), "")
        return " › ".join(parts + ([col] if col else []))
    if isinstance(place, ListPlace):
        ld = d.list_def(place.list_id)
        if ld is None:
            return place.list_id
        col = next((c.label for c in ld.columns if c.id == place.column_id), "")
        return " › ".join([ld.label, f"第{place.index + 1}{ld.item_label}"] + ([col] if col else []))
    if isinstance(place, IndicatorsPlace):
        return d.indicators.label if d.indicators else "绩效指标"
    if isinstance(place, TotalPlace):
        ind = d.indicators
        if ind is None:
            return "合计"
        col = ind.column(place.column_id)
        return " › ".join([ind.label, ind.total_label] + ([col.label] if col else []))
    if isinstance(place, IndicatorPlace):
        names = []
        nodes = form.indicators
        for i in place.path:
            if not 0 <= i < len(nodes):
                break
            names.append(nodes[i].name or "（未命名）")
            nodes = nodes[i].children
        col = d.indicators.column(place.column_id) if d.indicators and place.column_id else None
        return " › ".join(names + ([col.label] if col else []))
    return str(place)


_WORKBOOK_LABELS = {
    "unit": "单位名称", "unit_code": "单位编码", "year": "年度",
    "signature.leader": "单位负责人", "signature.preparer": "填报人",
    "signature.phone": "联系电话", "signature.date": "填报日期",
}


def workbook_label(key: str) -> str:
    return _WORKBOOK_LABELS.get(key, key)


WORKBOOK_KEYS = tuple(_WORKBOOK_LABELS)
