"""Values as typed, split 指标性质 | 指标值 | 度量单位 values, and the explicit 规范指标值写法."""
from decimal import Decimal

import pytest

from perfdesk.domain import edits
from perfdesk.domain.entry import cell_display
from perfdesk.domain.normalise import normalise_edit, normalise_values
from perfdesk.domain.values import IndicatorValue, Kind, Op, Notation, split_parts, value_from_parts
from perfdesk.samples import load_sample


@pytest.mark.parametrize("text", ["90%以上", "5万批次以上", "100%", "≥95百分比", "=100%", "2024年12月前", "健全"])
def test_a_value_displays_exactly_as_typed(text):
    assert cell_display(IndicatorValue.parse(text), Notation(exact_sign=True, operator="fullwidth")) == text


def test_parts_keep_what_was_typed_and_the_meaning():
    v = value_from_parts("﹦", "100", "%")
    assert v.parts == ("﹦", "100", "%")
    assert (v.kind, v.op, v.number, v.unit) == (Kind.QUANTITATIVE, Op.EQ, Decimal(100), "%")
    assert v.shown == "﹦100%"
    assert split_parts(v) == ("﹦", "100", "%")
    back = IndicatorValue.from_dict(v.to_dict())
    assert back == v


def test_qualitative_parts():
    v = value_from_parts("定性", "有效提升", "")
    assert v.kind is Kind.QUALITATIVE and v.shown == "有效提升"
    assert split_parts(v) == ("定性", "有效提升", "")
    # 定性 wins even over digits: the officer said it is not a number
    assert value_from_parts("定性", "100", "").kind is Kind.QUALITATIVE
    assert value_from_parts("", "", "").is_empty


def test_joined_values_split_from_the_text_as_typed():
    assert split_parts(IndicatorValue.parse("5万批次以上")) == ("≥", "5", "万批次")
    assert split_parts(IndicatorValue.parse("≥95百分比")) == ("≥", "95", "百分比")
    assert split_parts(IndicatorValue.parse("17辆")) == ("＝", "17", "辆")
    assert split_parts(IndicatorValue.parse("＜0.36百分比")) == ("＜", "0.36", "百分比")
    assert split_parts(IndicatorValue.parse("及时")) == ("定性", "及时", "")
    assert split_parts(None) == ("", "", "")


def test_normalising_is_explicit_listed_and_undoable():
    wb = load_sample("hebei-2022")
    form = next(f for f in wb.forms if f.definition.indicators is not None and normalise_values(f))
    before = {r.place: r.old.shown for r in normalise_values(form)}
    rewrites = normalise_values(form)
    assert all(r.old.shown != r.new.shown for r in rewrites)
    assert all((r.old.op, r.old.number, r.old.unit) == (r.new.op, r.new.number, r.new.unit) for r in rewrites)
    undo = edits.apply(wb, normalise_edit(form, rewrites))
    assert normalise_values(form) == []
    edits.apply(wb, undo)
    assert {r.place: r.old.shown for r in normalise_values(form)} == before


def test_typing_tidies_numbers_visibly_and_keeps_words():
    from perfdesk.domain.definition import ColumnDef
    from perfdesk.domain.entry import cell_from_text

    col = ColumnDef("v", "指标值", "value")
    assert cell_from_text(col, " >= 120 次").shown == "≥120次"
    assert cell_from_text(col, "≥ 98 %").shown == "≥98%"
    assert cell_from_text(col, "  有效 提升 ").shown == "有效 提升"


def test_a_joined_value_keeps_its_typed_sign_when_split():
    assert split_parts(IndicatorValue.parse("=100%")) == ("=", "100", "%")
    assert split_parts(IndicatorValue.parse("﹦72890元")) == ("﹦", "72890", "元")
    assert split_parts(IndicatorValue.parse(">=120次")) == (">=", "120", "次")
    assert split_parts(IndicatorValue.parse("不低于90%")) == ("≥", "90", "%")


def test_an_amount_is_never_rounded_for_show():
    from perfdesk.domain.entry import format_amount
    from perfdesk.pdf.formatting import amount_text

    assert format_amount(Decimal("89.974"), 2) == "89.974"
    assert format_amount(Decimal("14268915.7"), 2) == "14,268,915.70"
    assert amount_text(Decimal("89.974"), 2) == "89.974"
    assert amount_text(Decimal("0"), 2) == "0.00"


def test_an_optional_level1_branch_is_not_missing_work():
    """四川 allows 成本指标 as a level-1 branch; a form without it is not incomplete for that."""
    from perfdesk.domain.completeness import completeness

    form = load_sample("sichuan-qingshen-2023").forms[0]
    missing = [item.text for item in completeness(form).missing]
    assert not any("成本指标" in text for text in missing) and any("满意度指标" in text for text in missing)
