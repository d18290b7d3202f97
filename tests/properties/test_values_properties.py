"""Indicator value texts (perfdesk.domain.values) under Hypothesis: whatever is typed, parsing
never raises, the text is kept exactly as typed, and what the value stores reads back the same."""
from decimal import Decimal

from hypothesis import given, strategies as st

from perfdesk.domain.values import IndicatorValue, Kind, Notation, parse_value, split_parts, value_from_parts

from .conftest import examples
from .strategies import OPERATORS, UNITS, VALUE_TEXTS


def sound(value: IndicatorValue) -> None:
    assert isinstance(value.kind, Kind)
    if value.number is not None:
        assert isinstance(value.number, Decimal) and value.number.is_finite()
    # storing and reading back gives the same value; printing never raises
    assert IndicatorValue.from_dict(value.to_dict()) == value
    assert isinstance(value.format(Notation()), str) and isinstance(value.shown, str)
    assert all(isinstance(p, str) for p in split_parts(value))


@examples(4000)
@given(VALUE_TEXTS)
def test_parse_keeps_the_text_as_typed(text):
    value = parse_value(text)
    assert value.text == text
    assert parse_value(value.text) == value       # parse(text).text == text, and parsing again agrees
    sound(value)
    if not text.strip():
        assert value.kind is Kind.EMPTY


@examples(2500)
@given(st.sampled_from(OPERATORS) | VALUE_TEXTS, VALUE_TEXTS, st.sampled_from(UNITS) | st.text(max_size=8))
def test_a_value_typed_in_three_parts_keeps_them(op, text, unit):
    value = value_from_parts(op, text, unit)
    parts = (op.strip(), text.strip(), unit.strip())
    if any(parts):
        assert value.parts == parts
        # 定性 is the kind, not part of the text (value_from_parts)
        assert value.text == "".join(parts[1:] if parts[0] == "定性" else parts)
    else:
        assert value.kind is Kind.EMPTY
    sound(value)


@examples(1000)
@given(st.one_of(st.none(), st.integers(), st.floats(), st.decimals()))
def test_anything_not_text_is_read_as_its_text(thing):
    value = parse_value(thing)
    assert value.text == ("" if thing is None else str(thing))
    sound(value)
