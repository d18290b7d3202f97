import datetime as dt
from decimal import Decimal

import pytest

from perfdesk.domain.values import IndicatorValue, Kind, Notation, Op, parse_value

D = Decimal

# Every value DOMAIN.md §2 lists, with the structure it must parse to:
# (text, kind, op, number, unit, explicit operator)
QUANTITATIVE = [
    ("≥90%", Op.GE, D(90), "%", True),
    ("=100%", Op.EQ, D(100), "%", True),
    ("≤0%", Op.LE, D(0), "%", True),
    ("＜0.36百分比", Op.LT, D("0.36"), "%", True),
    ("≥95百分比", Op.GE, D(95), "%", True),
    ("100百分比", Op.EQ, D(100), "%", False),
    ("≥20次", Op.GE, D(20), "次", True),
    ("≥180次", Op.GE, D(180), "次", True),
    ("17辆", Op.EQ, D(17), "辆", False),
    ("113人", Op.EQ, D(113), "人", False),
    ("≥273人", Op.GE, D(273), "人", True),
    ("5处", Op.EQ, D(5), "处", False),
    ("125宗", Op.EQ, D(125), "宗", False),
    ("≥20000件", Op.GE, D(20000), "件", True),
    ("1套", Op.EQ, D(1), "套", False),
    ("4份", Op.EQ, D(4), "份", False),
    ("≤1683元", Op.LE, D(1683), "元", True),
    ("4000元/宗", Op.EQ, D(4000), "元/宗", False),
    ("＜1个", Op.LT, D(1), "个", True),
    ("0次", Op.EQ, D(0), "次", False),
    ("90%以上", Op.GE, D(90), "%", True),
    ("10家以上", Op.GE, D(10), "家", True),
    ("5万批次以上", Op.GE, D(50000), "批次", True),
    ("150批次以上", Op.GE, D(150), "批次", True),
    ("2次以上", Op.GE, D(2), "次", True),
    ("700件", Op.EQ, D(700), "件", False),
    # variants seen in published forms
    ("﹦72890元", Op.EQ, D(72890), "元", True),
    ("＝100%", Op.EQ, D(100), "%", True),
    ("90％以上", Op.GE, D(90), "%", True),
    ("≤30万元", Op.LE, D(30), "万元", True),
    ("≥100", Op.GE, D(100), "", True),
    ("45503", Op.EQ, D(45503), "", False),
    ("1538.7元", Op.EQ, D("1538.7"), "元", False),
    ("3天以内", Op.LE, D(3), "天", True),
    ("≥1683元/人·月", Op.GE, D(1683), "元/人·月", True),
]


@pytest.mark.parametrize("text,op,number,unit,explicit", QUANTITATIVE)
def test_quantitative_values_parse_to_operator_number_unit(text, op, number, unit, explicit):
    v = parse_value(text)
    assert v.kind is Kind.QUANTITATIVE
    assert (v.op, v.number, v.unit, v.explicit_op) == (op, number, unit, explicit)
    assert v.text == text  # the text as typed is kept


@pytest.mark.parametrize("text", ["三级", "及时", "健全", "持续优化", "较显著", "有效促进", "不超标",
                                  "明确", "合法严谨", "有序推进", "达成年度指标"])
def test_words_are_qualitative(text):
    v = parse_value(text)
    assert v.kind is Kind.QUALITATIVE
    assert v.op is None and v.number is None
    assert v.format() == text


@pytest.mark.parametrize("text,date,precision", [
    ("2024年11月30日前", dt.date(2024, 11, 30), "day"),
    ("2024年12月前", dt.date(2024, 12, 31), "month"),   # a month deadline ends with the month
    ("2024年2月前", dt.date(2024, 2, 29), "month"),
    ("2024年12月 前", dt.date(2024, 12, 31), "month"),  # a line-wrap space
])
def test_deadlines(text, date, precision):
    v = parse_value(text)
    assert v.kind is Kind.DEADLINE
    assert v.op is Op.LE and v.date == date and v.date_precision == precision


def test_completion_dates_are_dates_not_deadlines():
    v = parse_value("2024年9月29日")
    assert v.kind is Kind.DATE and v.date == dt.date(2024, 9, 29)
    assert parse_value("2024年12月31 日").date == dt.date(2024, 12, 31)


@pytest.mark.parametrize("text", ["是/否", "有/无", "XX", "xx", "是否"])
def test_placeholders_are_recognised(text):
    v = parse_value(text)
    assert v.kind is Kind.PLACEHOLDER and v.is_placeholder


def test_none_and_empty():
    assert parse_value("无").kind is Kind.NONE
    assert parse_value("").kind is Kind.EMPTY
    assert parse_value("   ").kind is Kind.EMPTY
    assert parse_value(None).kind is Kind.EMPTY


@pytest.mark.parametrize("text", ["90%-100%", "约85宗", "2024年13月前", "第3季度完成"])
def test_numeric_looking_text_that_does_not_parse_is_kept_and_marked(text):
    v = parse_value(text)
    assert v.kind is Kind.UNPARSED
    assert v.text == text and v.format() == text


@pytest.mark.parametrize("text,jiangsu,hebei,suffix", [
    ("≥90%", "≥90%", "≥90%", "90%以上"),
    ("90%以上", "≥90%", "≥90%", "90%以上"),
    ("＜0.36百分比", "<0.36%", "<0.36%", "<0.36%"),
    ("100百分比", "=100%", "100%", "100%"),
    ("5万批次以上", "≥50000批次", "≥50000批次", "50000批次以上"),
    ("2024年12月前", "2024年12月前", "2024年12月前", "2024年12月前"),
    ("2024年11月30日前", "2024年11月30日前", "2024年11月30日前", "2024年11月30日前"),
    ("健全", "健全", "健全", "健全"),
    ("是/否", "是/否", "是/否", "是/否"),
])
def test_values_print_back_in_the_forms_notation(text, jiangsu, hebei, suffix):
    v = parse_value(text)
    assert v.format(Notation(operator="symbol", exact_sign=True)) == jiangsu
    assert v.format(Notation(operator="symbol", exact_sign=False)) == hebei
    assert v.format(Notation(operator="suffix")) == suffix


def test_percent_spelled_as_the_form_spells_it():
    assert parse_value("≥95%").format(Notation(percent="百分比")) == "≥95百分比"
    assert parse_value("≥95百分比").format(Notation(percent="%")) == "≥95%"


def test_fullwidth_operators_on_request():
    assert parse_value("<1个").format(Notation(operator="fullwidth")) == "＜1个"


@pytest.mark.parametrize("text", [t[0] for t in QUANTITATIVE] + ["2024年12月前", "健全", "是/否", "无", "", "约85宗"])
def test_structure_survives_storage(text):
    v = parse_value(text)
    assert IndicatorValue.from_dict(v.to_dict()) == v


def test_a_number_longer_than_28_digits_is_stored_with_every_digit():
    # found by tests/properties: Decimal.normalize() rounded to the context's 28 digits
    from perfdesk.domain.values import IndicatorValue, decimal_text, parse_value
    value = parse_value("119256513.76229543441646895613")
    assert decimal_text(value.number) == "119256513.76229543441646895613"
    assert IndicatorValue.from_dict(value.to_dict()) == value
    assert decimal_text(parse_value("6.80").number) == "6.8"


@pytest.mark.parametrize("text,start,end", [
    ("2023.07-2024.01", dt.date(2023, 7, 1), dt.date(2024, 1, 31)),          # 湘潭 2023: 服务周期
    ("2023年7月-2024年1月", dt.date(2023, 7, 1), dt.date(2024, 1, 31)),
    ("2023年7月至2024年1月", dt.date(2023, 7, 1), dt.date(2024, 1, 31)),
    ("2023.7.1~2023.12.31", dt.date(2023, 7, 1), dt.date(2023, 12, 31)),
    ("2023-07-01-2023-12-31", dt.date(2023, 7, 1), dt.date(2023, 12, 31)),
])
def test_periods_are_spans_due_by_their_end(text, start, end):
    v = parse_value(text)
    assert v.kind is Kind.PERIOD and v.op is Op.LE
    assert (v.start, v.date) == (start, end)
    assert v.format() == text and str(v) == text            # printed as typed
    assert IndicatorValue.from_dict(v.to_dict()) == v


@pytest.mark.parametrize("text", ["2024-01-2023-12", "2023.13-2024.01", "100-200"])
def test_what_is_not_a_period(text):
    assert parse_value(text).kind is not Kind.PERIOD


@pytest.mark.parametrize("text,date", [("2023.12.31前", dt.date(2023, 12, 31)), ("2023.12前", dt.date(2023, 12, 31)),
                                       ("2023-12-31之前", dt.date(2023, 12, 31))])
def test_deadlines_written_with_dots_or_dashes(text, date):
    v = parse_value(text)
    assert v.kind is Kind.DEADLINE and v.date == date
