"""Per-row rate columns (type = "rate") of funds tables: computed, read-only, greyed."""
from decimal import Decimal

import msgspec
from PySide6.QtCore import Qt

from perfdesk.domain.definition import ColumnDef
from perfdesk.domain.places import FundsPlace
from perfdesk.gui import style
from perfdesk.gui.document import Document
from perfdesk.gui.funds_model import FundsTableModel

from .split_form import split_workbook


def test_a_rate_column_is_computed_per_row_and_read_only(qtmodeltester):
    doc = Document.untitled(split_workbook())
    form = doc.workbook.forms[0]
    model = FundsTableModel(doc, form.id, "execution")
    qtmodeltester.check(model)
    rate = model.column_of("rate")
    assert model.headerData(rate, Qt.Orientation.Horizontal) == "执行率(%)"
    fiscal = model.index(model.row_of(FundsPlace("execution", "current_fiscal")), rate)
    total = model.index(model.row_of(FundsPlace("execution", "total")), rate)
    carry = model.index(model.row_of(FundsPlace("execution", "carryover")), rate)
    assert model.data(fiscal) == "99.97%" and model.data(total) == "99.97%"
    assert model.data(carry) == ""                       # blank figures: no rate
    assert not model.flags(fiscal) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(fiscal, "50")
    assert model.data(fiscal, Qt.ItemDataRole.BackgroundRole) == style.COMPUTED_BACKGROUND
    assert model.data(fiscal, Qt.ItemDataRole.ForegroundRole) == style.COMPUTED_FOREGROUND
    assert model.data(fiscal, Qt.ItemDataRole.FontRole) is None        # bold is for totals
    assert "全年执行数 ÷ 全年预算数" in model.data(fiscal, Qt.ItemDataRole.ToolTipRole)
    # the typed cells beside it stay editable, and the rate follows them
    spent = fiscal.siblingAtColumn(model.column_of("spent"))
    assert model.flags(spent) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(spent, "45")
    assert model.data(fiscal) == "50.00%"
    assert form.funds_table("execution").values["current_fiscal"].get("rate") is None   # never stored


def test_project_lines_get_their_own_rate(qtmodeltester):
    doc = Document.sample("suzhou-2024")
    form = doc.workbook.form("dept_target")
    table = form.funds_table("expense")
    tdef = table.definition
    first, second = tdef.columns[0].id, tdef.columns[1].id
    with_rate = msgspec.structs.replace(tdef, columns=tdef.columns + (
        ColumnDef("rate", "比例", "rate", of=(first, second)),))
    table.definition = with_rate
    form.definition = msgspec.structs.replace(form.definition, funds=tuple(
        with_rate if t.id == "expense" else t for t in form.definition.funds))
    model = FundsTableModel(doc, form.id, "expense")
    qtmodeltester.check(model)
    line_row = model.line_row(0)
    line = table.lines[0]
    a, b = line.values.get(first), line.values.get(second)
    expected = "" if a is None or not b else f"{(a / b * 100).quantize(Decimal('0.01')):.2f}%"
    cell = model.index(line_row, model.column_of("rate"))
    assert model.data(cell) == expected
    assert not model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) == style.COMPUTED_BACKGROUND
