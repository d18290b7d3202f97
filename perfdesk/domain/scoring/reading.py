"""Reading a form's indicator tree for checking and scoring: rows with their paths, categories,
and the Excel date serials that leak into date cells."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator

import msgspec

from ..model import Form, IndicatorNode
from ..values import IndicatorValue, Kind, decimal_text

EXCEL_EPOCH = dt.date(1899, 12, 30)          # the 1900 date system (Excel and WPS on Windows)
SERIAL_MIN, SERIAL_MAX = 20000, 80000        # 1954-10-03 … 2119-01-10: plausible years only
DATE_WORDS = ("时间", "日期", "时限", "期限", "完成时")


class Row(msgspec.Struct, frozen=True):
    path: tuple[int, ...]
    node: IndicatorNode
    ancestors: tuple[IndicatorNode, ...]

    @property
    def level(self) -> int:
        return len(self.path)

    @property
    def level1(self) -> str:
        return (self.ancestors[0] if self.ancestors else self.node).name

    @property
    def level2(self) -> str:
        if self.level == 2:
            return self.node.name
        return self.ancestors[1].name if len(self.ancestors) > 1 else ""

    @property
    def is_leaf(self) -> bool:
        return self.level >= 2 and not self.node.children


def rows(form: Form) -> Iterator[Row]:
    """Every indicator node with its path of row numbers, in reading order."""

    def visit(nodes, path, ancestors):
        for i, node in enumerate(nodes):
            yield Row(path + (i,), node, ancestors)
            yield from visit(node.children, path + (i,), ancestors + (node,))

    yield from visit(form.indicators, (), ())


def scored_rows(form: Form) -> Iterator[Row]:
    """The rows that carry a weight: leaves below level 1 (as figures.scored_rows)."""
    return (r for r in rows(form) if r.is_leaf)


def leaf_weight(node: IndicatorNode, column: str = "weight") -> Decimal:
    """The weights of the scored rows under a node (the node's own, if it is one), added up."""
    if not node.children:
        w = node.cells.get(column)
        return w if isinstance(w, Decimal) else Decimal(0)
    return sum((leaf_weight(c, column) for c in node.children), Decimal(0))


def is_cost(level2_name: str) -> bool:
    return "成本" in level2_name


def is_timeliness(level2_name: str) -> bool:
    return "时效" in level2_name


def excel_serial(value: IndicatorValue | None) -> int | None:
    """A bare whole number in the range of Excel date serials (45503), else None."""
    if value is None or value.kind is not Kind.QUANTITATIVE or value.unit or value.explicit_op:
        return None
    n = value.number
    if n != n.to_integral_value() or not SERIAL_MIN <= n <= SERIAL_MAX:
        return None
    return int(n)


def serial_date(serial: int) -> dt.date:
    return EXCEL_EPOCH + dt.timedelta(days=serial)


def is_date_context(name: str, target: IndicatorValue | None) -> bool:
    """A row whose value is a date: its target is a date or deadline, or its name says so."""
    if target is not None and target.kind in (Kind.DEADLINE, Kind.DATE, Kind.PERIOD):
        return True
    return any(w in name for w in DATE_WORDS)


def leaked_date(name: str, value: IndicatorValue | None, target: IndicatorValue | None) -> dt.date | None:
    """The date an Excel serial stands for, where a date belongs (45503 → 2024-07-30)."""
    serial = excel_serial(value)
    if serial is None or not is_date_context(name, target):
        return None
    return serial_date(serial)


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def num(d: Decimal | None) -> str:
    """A number as a person writes it: 24.02, 100, 1.5 (blank for none)."""
    return "" if d is None else decimal_text(d)
