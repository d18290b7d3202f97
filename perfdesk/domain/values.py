"""Indicator values (指标值): parse the notation officers type, keep the structure, print it back.

A value keeps the text as typed and what it means: a comparison (operator, number, unit), a
deadline or date, a qualitative phrase, a placeholder that states nothing (是/否), or text that
looks numeric but does not parse (kept, and marked, never thrown away).
"""
from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import msgspec


class Kind(enum.Enum):
    EMPTY = "empty"
    QUANTITATIVE = "quantitative"   # ≥ 90 %
    QUALITATIVE = "qualitative"     # 健全, 及时
    DEADLINE = "deadline"           # 2024年12月前 (≤ a date)
    DATE = "date"                   # 2024年9月29日 (an actual completion date)
    PLACEHOLDER = "placeholder"     # 是/否, XX: a target that states nothing
    NONE = "none"                   # 无: explicitly nothing (a level-2 without indicators)
    UNPARSED = "unparsed"           # has digits but matches no notation: kept as text


class Op(enum.Enum):
    GE = "≥"
    GT = ">"
    EQ = "="
    LT = "<"
    LE = "≤"

    @property
    def higher_is_better(self) -> bool:
        return self in (Op.GE, Op.GT)

    @property
    def lower_is_better(self) -> bool:
        return self in (Op.LE, Op.LT)


# Printed forms of the operators: the form's own notation decides which.
_OP_FULLWIDTH = {Op.GE: "≥", Op.GT: "＞", Op.EQ: "＝", Op.LT: "＜", Op.LE: "≤"}
_OP_SUFFIX = {Op.GE: "以上", Op.LE: "以下"}

_PLACEHOLDERS = {"是/否", "是否", "是或否", "有/无", "有无", "有或无", "xx", "xxx", "××", "×××", "待定", "-", "--", "/"}
_NONE_WORDS = {"无"}

_PREFIX_OPS = [
    ("≥", Op.GE), ("≧", Op.GE), (">=", Op.GE), ("不低于", Op.GE), ("不少于", Op.GE), ("达到", Op.GE),
    ("≤", Op.LE), ("≦", Op.LE), ("<=", Op.LE), ("不高于", Op.LE), ("不超过", Op.LE), ("不多于", Op.LE),
    (">", Op.GT), ("大于", Op.GT), ("高于", Op.GT), ("多于", Op.GT), ("超过", Op.GT),
    ("<", Op.LT), ("小于", Op.LT), ("低于", Op.LT), ("少于", Op.LT),
    ("=", Op.EQ), ("==", Op.EQ), ("等于", Op.EQ),
]
_PREFIX_OPS.sort(key=lambda p: -len(p[0]))  # longest first: ">=" before ">"

_SUFFIX_OPS = [("及以上", Op.GE), ("以上", Op.GE), ("及以下", Op.LE), ("以下", Op.LE), ("以内", Op.LE), ("内", Op.LE)]

_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)?)")
# A unit is short and has no digits or sentence punctuation: 批次, 元/人·月, 平方米, %.
_UNIT = re.compile(r"^[^\d\s，。,;；:：!?！？()（）]{0,8}$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_PERCENT_WORDS = {"百分比": "%", "%": "%", "％": "%"}
_MONEY_UNITS = {"万元", "亿元", "万人", "万户", "万亩", "万平方米"}  # 万 is part of the unit here
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}


class Notation(msgspec.Struct, frozen=True):
    """How a form prints values: ≥90% or 90%以上, % or 百分比, =100% or 100%."""

    operator: str = "symbol"   # "symbol" | "fullwidth" | "suffix"
    percent: str = "%"         # "%" | "百分比"
    exact_sign: bool = False   # print "=" before exact targets


class IndicatorValue(msgspec.Struct, frozen=True):
    text: str                            # as the user typed it
    kind: Kind
    op: Op | None = None
    number: Decimal | None = None
    unit: str = ""
    date: dt.date | None = None
    date_precision: str = ""             # "day" | "month" for deadlines and dates
    explicit_op: bool = False            # the user wrote an operator (≥, 以上 …)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | None) -> IndicatorValue:
        return parse_value(text)

    @property
    def is_quantitative(self) -> bool:
        return self.kind is Kind.QUANTITATIVE

    @property
    def is_placeholder(self) -> bool:
        return self.kind is Kind.PLACEHOLDER

    @property
    def is_empty(self) -> bool:
        return self.kind is Kind.EMPTY

    # -- printing -----------------------------------------------------------------------
    def format(self, notation: Notation | None = None) -> str:
        """The value in a form's own notation; text that carries no structure prints as typed."""
        notation = notation or Notation()
        if self.kind is Kind.QUANTITATIVE:
            return _format_quantity(self, notation)
        if self.kind is Kind.DEADLINE:
            return _format_date(self.date, self.date_precision) + "前"
        if self.kind is Kind.DATE:
            return _format_date(self.date, self.date_precision)
        return self.text.strip()

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.format()

    # -- storage ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        d: dict = {"text": self.text, "kind": self.kind.value}
        if self.op is not None:
            d["op"] = self.op.value
            d["explicit_op"] = self.explicit_op
        if self.number is not None:
            d["number"] = decimal_text(self.number)
        if self.unit:
            d["unit"] = self.unit
        if self.date is not None:
            d["date"] = self.date.isoformat()
            d["date_precision"] = self.date_precision
        return d

    @classmethod
    def from_dict(cls, d: dict | str | None) -> IndicatorValue:
        if d is None or isinstance(d, str):
            return parse_value(d)
        return cls(
            text=d.get("text", ""),
            kind=Kind(d["kind"]),
            op=Op(d["op"]) if d.get("op") else None,
            number=Decimal(d["number"]) if d.get("number") is not None else None,
            unit=d.get("unit", ""),
            date=dt.date.fromisoformat(d["date"]) if d.get("date") else None,
            date_precision=d.get("date_precision", ""),
            explicit_op=bool(d.get("explicit_op", False)),
        )


def decimal_text(d: Decimal) -> str:
    """A canonical text for a Decimal: 6.80 and 6.8 are the same amount."""
    if d == 0:
        return "0"
    t = format(d.normalize(), "f")
    return t


def _format_number(n: Decimal) -> str:
    return decimal_text(n)


def _format_quantity(v: IndicatorValue, notation: Notation) -> str:
    unit = v.unit
    if unit == "%" and notation.percent == "百分比":
        unit = "百分比"
    body = _format_number(v.number) + unit
    op = v.op
    if op is Op.EQ and not v.explicit_op and not notation.exact_sign:
        return body
    if op is Op.EQ and not v.explicit_op and notation.exact_sign:
        return "=" + body
    if notation.operator == "suffix" and op in _OP_SUFFIX:
        return body + _OP_SUFFIX[op]
    if notation.operator == "fullwidth":
        return _OP_FULLWIDTH[op] + body
    return op.value + body


def _format_date(d: dt.date | None, precision: str) -> str:
    if d is None:
        return ""
    if precision == "month":
        return f"{d.year}年{d.month}月"
    return f"{d.year}年{d.month}月{d.day}日"


def _normalise(text: str) -> str:
    # NFKC folds full-width ＜＞＝％ and digits and the small ﹦; spaces inside a value are
    # line-wrap artefacts of extracted or pasted tables.
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s)
    return s


def _date_of(m: re.Match) -> tuple[dt.date, str] | None:
    year, month = int(m.group(1)), int(m.group(2))
    day = m.group(3)
    try:
        if day:
            return dt.date(year, month, int(day)), "day"
        # a month deadline means the end of that month
        return dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    except ValueError:
        return None


def parse_value(text: str | None) -> IndicatorValue:
    """Parse one 指标值 / 实际完成值 as officers write it (DOMAIN.md §2)."""
    raw = "" if text is None else str(text)
    s = _normalise(raw)
    if not s:
        return IndicatorValue(raw, Kind.EMPTY)
    low = s.lower()
    if low in _PLACEHOLDERS or re.fullmatch(r"[xX×]+", s):
        return IndicatorValue(raw, Kind.PLACEHOLDER)
    if s in _NONE_WORDS:
        return IndicatorValue(raw, Kind.NONE)

    # Dates: 2024年12月前 (deadline), 2024年11月30日前, 2024年9月29日, 2024-09-29.
    deadline = False
    body = s
    for suffix in ("之前", "前", "以前"):
        if body.endswith(suffix) and re.match(r"^\d{4}年", body):
            body, deadline = body[: -len(suffix)], True
            break
    m = _DATE.match(body) or _ISO_DATE.match(body)
    if m:
        got = _date_of(m)
        if got:
            date, precision = got
            if deadline:
                return IndicatorValue(raw, Kind.DEADLINE, Op.LE, date=date, date_precision=precision,
                                      explicit_op=True)
            return IndicatorValue(raw, Kind.DATE, Op.EQ, date=date, date_precision=precision)
        return IndicatorValue(raw, Kind.UNPARSED)

    if not re.search(r"\d", s):
        return IndicatorValue(raw, Kind.QUALITATIVE)

    quantity = _parse_quantity(s)
    if quantity is None:
        return IndicatorValue(raw, Kind.UNPARSED)
    op, explicit, number, unit = quantity
    return IndicatorValue(raw, Kind.QUANTITATIVE, op, number, unit, explicit_op=explicit)


def _parse_quantity(s: str) -> tuple[Op, bool, Decimal, str] | None:
    op: Op | None = None
    for prefix, prefix_op in _PREFIX_OPS:
        if s.startswith(prefix):
            op, s = prefix_op, s[len(prefix):]
            break
    if op is None:
        for suffix, suffix_op in _SUFFIX_OPS:
            if s.endswith(suffix) and len(s) > len(suffix):
                op, s = suffix_op, s[: -len(suffix)]
                break
    m = _NUMBER.match(s)
    if not m:
        return None
    try:
        number = Decimal(m.group(1))
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        return None
    unit = s[m.end():]
    if unit and unit[0] in _MULTIPLIERS and unit not in _MONEY_UNITS:
        number *= _MULTIPLIERS[unit[0]]
        unit = unit[1:]
    unit = _PERCENT_WORDS.get(unit, unit)
    if not _UNIT.match(unit):
        return None
    explicit = op is not None
    return (op or Op.EQ), explicit, number, unit
