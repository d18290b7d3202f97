"""Indicator values (指标值): parse the notation officers type, keep the structure, print it back.

A value keeps the text as typed and what it means: a comparison (operator, number, unit), a
deadline or date, a qualitative phrase, a placeholder that states nothing (是/否), or text that
looks numeric but does not parse (kept, and marked, never thrown away).
"""
from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation

import msgspec


class Kind(enum.Enum):
    EMPTY = "empty"
    QUANTITATIVE = "quantitative"   # ≥ 90 %
    QUALITATIVE = "qualitative"     # 健全, 及时
    DEADLINE = "deadline"           # 2024年12月前 (≤ a date)
    DATE = "date"                   # 2024年9月29日 (an actual completion date)
    PERIOD = "period"               # 2023.07-2024.01 (a span: the work is done within it, by its end)
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
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")     # 2023.07: a date only beside 前 or in a period
# a period: two dates joined by a dash, a tilde, 至 or 到 (2023.07-2024.01, 2023年7月至2024年1月)
_PERIOD_DATE = r"\d{4}(?:年\d{1,2}月(?:\d{1,2}日)?|[./-]\d{1,2}(?:[./-]\d{1,2})?)"
_PERIOD = re.compile(rf"^({_PERIOD_DATE})(?:-|—|–|~|至|到)({_PERIOD_DATE})$")
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
    # (指标性质, 指标值, 度量单位) as typed where the form splits a value into three columns
    parts: tuple[str, str, str] | None = None
    start: dt.date | None = None         # a period's first day (its last is `date`)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | None) -> IndicatorValue:
        return parse_value(text)

    @classmethod
    def from_parts(cls, op: str | None, value: str | None, unit: str | None) -> IndicatorValue:
        return value_from_parts(op, value, unit)

    @property
    def shown(self) -> str:
        """What the user typed, as every output prints it (never rewritten into a notation)."""
        return self.text.strip()

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

    def __str__(self) -> str:
        return self.shown          # as typed, like every output (format() is for 规范指标值写法 only)

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
        if self.parts is not None:
            d["parts"] = list(self.parts)
        if self.start is not None:
            d["start"] = self.start.isoformat()
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
            parts=_parts_of(d.get("parts")),
            start=dt.date.fromisoformat(d["start"]) if d.get("start") else None,
        )


def _parts_of(data) -> tuple[str, str, str] | None:
    if data is None:
        return None
    if not isinstance(data, (list, tuple)) or len(data) != 3 or not all(isinstance(p, str) for p in data):
        raise ValueError(f"parts 应为三个文本（指标性质、指标值、度量单位），实际为 {data!r}")
    return (data[0], data[1], data[2])


# 指标性质 as the 一体化 systems offer it; 定性 marks a qualitative value
QUALITATIVE_OP = "定性"
OPERATOR_CHOICES = ("≥", "＞", "＝", "＜", "≤", QUALITATIVE_OP)
_OP_CHOICE = {Op.GE: "≥", Op.GT: "＞", Op.EQ: "＝", Op.LT: "＜", Op.LE: "≤"}


def value_from_parts(op: str | None, value: str | None, unit: str | None) -> IndicatorValue:
    """A value typed (or imported) as 指标性质 | 指标值 | 度量单位: the three texts are kept as
    given, the meaning is parsed from them. 定性 makes the value qualitative whatever it says."""
    op, value, unit = (op or "").strip(), (value or "").strip(), (unit or "").strip()
    parts = (op, value, unit)
    if not (op or value or unit):
        return IndicatorValue("", Kind.EMPTY)
    if op == QUALITATIVE_OP:
        text = value + unit
        parsed = parse_value(text)
        if parsed.kind in (Kind.EMPTY, Kind.PLACEHOLDER, Kind.NONE, Kind.QUALITATIVE):
            return msgspec.structs.replace(parsed, text=text, parts=parts)
        return IndicatorValue(text, Kind.QUALITATIVE, parts=parts)
    text = op + value + unit
    return msgspec.structs.replace(parse_value(text), text=text, parts=parts)


def split_parts(value: IndicatorValue | None) -> tuple[str, str, str]:
    """The three texts a split column shows: as typed when the value was typed split, else cut
    from the text as typed (5万批次以上 → ≥ | 5 | 万批次), the operator as 指标性质 names it."""
    if value is None or value.kind is Kind.EMPTY:
        return ("", "", "")
    if value.parts is not None:
        return value.parts
    if value.kind is Kind.QUANTITATIVE and value.op is not None:
        body = _strip_operator(_normalise(value.text))
        m = _NUMBER.match(body)
        if m:
            return (_typed_sign(value), m.group(1), body[m.end():])
    return (QUALITATIVE_OP, value.text.strip(), "")


_SIGNS = tuple(sorted(("﹦", "＝", "=", "==", "≥", "≧", ">=", "≤", "≦", "<=", "＞", ">", "＜", "<"), key=len, reverse=True))


def _typed_sign(value: IndicatorValue) -> str:
    """The operator sign as the user typed it (﹦ stays ﹦); words and suffixes (不低于, 以上) and
    exact targets without a sign take the sign 指标性质 offers."""
    raw = value.text.strip()
    if value.explicit_op:
        for sign in _SIGNS:
            if raw.startswith(sign):
                return sign
    return _OP_CHOICE[value.op]


def _strip_operator(s: str) -> str:
    for prefix, _ in _PREFIX_OPS:
        if s.startswith(prefix):
            return s[len(prefix):]
    for suffix, _ in _SUFFIX_OPS:
        if s.endswith(suffix) and len(s) > len(suffix):
            return s[: -len(suffix)]
    return s


def decimal_text(d: Decimal) -> str:
    """A canonical text for a Decimal: 6.80 and 6.8 are the same amount."""
    if d == 0:
        return "0"
    # normalize() rounds to the context's 28 digits: a longer number (typed, or kept from a file)
    # would be stored as another number; a context as wide as the number keeps every digit
    digits = len(d.as_tuple().digits)
    t = format(d.normalize(Context(prec=max(28, digits))), "f")
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
    day = m.group(3) if m.re.groups >= 3 else None
    try:
        if day:
            return dt.date(year, month, int(day)), "day"
        # a month deadline means the end of that month
        return dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    except ValueError:
        return None


def _one_date(text: str) -> tuple[dt.date, str] | None:
    m = _DATE.match(text) or _ISO_DATE.match(text) or _ISO_MONTH.match(text)
    return _date_of(m) if m else None


def _period_of(body: str) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, the end's precision) of 2023.07-2024.01, 2023年7月至2024年1月, …"""
    m = _PERIOD.match(body)
    if not m:
        return None
    first, last = _one_date(m.group(1)), _one_date(m.group(2))
    if first is None or last is None:
        return None
    start = first[0].replace(day=1) if first[1] == "month" else first[0]
    if start > last[0]:
        return None
    return start, last[0], last[1]


def parse_value(text: str | None) -> IndicatorValue:
    """Parse one 指标值 / 实际完成值 as officers write it (DOMAIN.md §2)."""
    raw = "" if text is None else str(text)
    return _parse_cached(raw)


@functools.lru_cache(maxsize=8192)
def _parse_cached(raw: str) -> IndicatorValue:
    # IndicatorValue is frozen and parsing depends on the text alone: a sheet of 1000 rows repeats
    # its values (100%, ≥95%, 是) hundreds of times
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
        if body.endswith(suffix) and re.match(r"^\d{4}[年./-]", body):
            body, deadline = body[: -len(suffix)], True
            break
    m = _DATE.match(body) or _ISO_DATE.match(body) or (_ISO_MONTH.match(body) if deadline else None)
    if not deadline and m is None:
        period = _period_of(body)
        if period is not None:
            start, end, precision = period
            return IndicatorValue(raw, Kind.PERIOD, Op.LE, date=end, date_precision=precision, start=start)
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
    if number and (number.adjusted() > 17 or len(number.as_tuple().digits) > 200):
        return None     # no real figure is this large; arithmetic on it would overflow
    explicit = op is not None
    return (op or Op.EQ), explicit, number, unit
