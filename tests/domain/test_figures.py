"""domain.figures.column_total: the one sum behind every 合计 row (screen, PDF, workbook)."""
from decimal import Decimal

import msgspec

from perfdesk.domain import figures
from perfdesk.samples import load_sample


def _form():
    return load_sample("national-project-self-eval-2024").forms[0]


def _leaves(form, column):
    return sum((n.cells[column] for n in figures.scored_rows(form) if isinstance(n.cells.get(column), Decimal)),
               Decimal(0))


def test_weight_and_score_totals_add_the_execution_rates_part():
    form = _form()
    ex = figures.execution(form)
    assert ex.points == 10 and ex.score == Decimal("9.89")
    assert figures.column_total(form, "weight") == _leaves(form, "weight") + ex.points == figures.weight_total(form)
    assert figures.column_total(form, "score") == _leaves(form, "score") + ex.score == figures.score_total(form)


def test_without_a_scored_execution_rate_the_rows_alone_count():
    form = _form()
    form.definition = msgspec.structs.replace(
        form.definition, execution=msgspec.structs.replace(form.definition.execution, points=None))
    assert figures.execution(form).score is None
    assert figures.column_total(form, "weight") == _leaves(form, "weight")
    assert figures.column_total(form, "score") == _leaves(form, "score")


def test_a_column_the_form_does_not_total_has_no_weight_total_and_others_sum_their_numbers():
    form = _form()
    ind = form.definition.indicators
    form.definition = msgspec.structs.replace(
        form.definition, indicators=msgspec.structs.replace(ind, totals=("score",)))
    assert figures.column_total(form, "weight") is None
    assert figures.column_total(form, "score") is not None
    assert figures.column_total(form, "target_value") is None       # values, not numbers
    first = next(figures.scored_rows(form))
    first.cells["reason"] = Decimal("2.5")
    assert figures.column_total(form, "reason") == Decimal("2.5")
