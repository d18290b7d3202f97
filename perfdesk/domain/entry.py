"""What an officer types into a cell, turned into a cell value, and a cell value shown back.

Amounts are Decimal; typed text may carry thousands separators, full-width digits and spaces.
Anything that is not a number is refused with a message saying what is expected.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .definition import ColumnDef
from .model import CellValue
from .values import IndicatorValue, Kind, Notation, decimal_text, parse_value


class EntryError(ValueError):
    """Typed text that does not fit the cell; the message is for the user."""


_AMOUNT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_amount(text: str | None, decimals: int | None = None) -> Decimal | None:
    """"1,234.56", "１２３４.５", " 85 " → Decimal; blank → None; anything else is refused."""
    s = unicodedata.normalize("NFKC", text or "").strip().replace("，", ",").replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if not s:
        return None
    if "," in s:
        if not _GROUPED.match(s):
            raise EntryError(f"“{text.strip()}” 的千分位逗号位置不对，请输入如 1,234.56 的数字")
        s = s.replace(",", "")
    if not _AMOUNT.match(s):
        raise EntryError(f"“{text.strip()}” 不是数字，请输入如 1234.56 的数字")
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise EntryError(f"“{text.strip()}” 不是数字") from None
    if decimals is not None and value.as_tuple().exponent < -decimals:
        raise EntryError(f"“{text.strip()}” 的小数超过 {decimals} 位")
    return value


def format_amount(value: Decimal | None, decimals: int) -> str:
    """Thousands separators and the form's decimals: 14,268,915.71."""
    if value is None:
        return ""
    places = amount_places(value, decimals)
    return f"{value.quantize(Decimal(1).scaleb(-places)):,.{places}f}"


def amount_places(value: Decimal, decimals: int) -> int:
    """Decimals an amount is shown with: the form's, or more where the figure has more (89.974
    on a two-decimal form stays 89.974: an official figure is never rounded for show)."""
    exponent = value.normalize().as_tuple().exponent
    own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return max(decimals, own, 0)


def format_number(value: Decimal | None) -> str:
    """Weights and scores as written: 10, 9.97, 1.5 (no forced decimals)."""
    return "" if value is None else decimal_text(value)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def parse_date(text: str | None) -> dt.date | None:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if not s:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise EntryError(f"“{text.strip()}” 不是日期，请输入如 2024-07-30 或 2024年7月30日")


def format_date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


_TYPED_OPERATORS = ((">=", "≥"), ("<=", "≤"))


def typed_value_text(text: str | None) -> str:
    """A value as typed, tidied at entry (so the cell then shows what is stored): a number's
    stray spaces go (≥ 98 % → ≥98%) and >= / <= become ≥ / ≤. Words are kept as typed."""
    s = (text or "").strip()
    if parse_value(s).kind not in (Kind.QUANTITATIVE, Kind.DEADLINE, Kind.DATE):
        return s
    s = re.sub(r"\s+", "", s)
    for typed, sign in _TYPED_OPERATORS:
        if s.startswith(typed):
            s = sign + s[len(typed):]
    return s


def cell_from_text(column: ColumnDef, text: str) -> CellValue:
    """A cell value for a column from typed text (blank → None); EntryError when it does not fit."""
    if column.type == "value":
        value = parse_value(typed_value_text(text))
        return None if value.is_empty else value
    if column.type == "number":
        return parse_amount(text)
    if column.type == "date":
        return parse_date(text)
    cleaned = (text or "").strip()
    return cleaned or None


def cell_display(value: CellValue, notation: Notation | None = None) -> str:
    """A cell as shown, printed and exported: values exactly as typed (the form's notation is
    applied only by the explicit 规范指标值写法), numbers as written, dates in Chinese.
    `notation` is accepted for callers that have one and does not change the text."""
    if value is None:
        return ""
    if isinstance(value, IndicatorValue):
        return value.shown
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def cell_edit_text(value: CellValue, notation: Notation | None = None) -> str:
    """The text an editor opens with: what is shown, so that committing unchanged changes nothing."""
    return cell_display(value, notation)


def same_cell(a: CellValue, b: CellValue) -> bool:
    """Equal as stored: an indicator value retyped the same way is no change."""
    if isinstance(a, IndicatorValue) and isinstance(b, IndicatorValue):
        # what is typed is what prints: ≥95百分比 retyped as ≥95% is a change the user sees
        return a.shown == b.shown and a.parts == b.parts
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b and decimal_text(a) == decimal_text(b)
    return a == b
