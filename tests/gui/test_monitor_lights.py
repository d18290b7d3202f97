"""The monitoring forms in the editor: the N-month headers filled from the form's month, each
indicator's warning light as a coloured mark on its 1-N月执行情况 cell with the rule as tooltip,
the choice columns as drop-downs."""
from PySide6.QtCore import QModelIndex, Qt

from perfdesk.domain import edits
from perfdesk.domain.places import FieldPlace
from perfdesk.gui import style
from perfdesk.gui.document import Document
from perfdesk.gui.funds_model import FundsTableModel
from perfdesk.gui.indicator_model import IndicatorTreeModel
from perfdesk.gui.roles import CHOICES_ROLE, EDITOR_ROLE

FORM = "project_08_monitoring"


def _rows(model):
    """(name, index of the row's first column) of every level-3 row."""
    out = []

    def visit(parent, depth):
        for r in range(model.rowCount(parent)):
            i = model.index(r, 0, parent)
            if depth == 3:
                out.append((model.data(i), i))
            visit(i, depth + 1)

    visit(QModelIndex(), 1)
    return out


def _section(model, label):
    return next(s for s in range(model.columnCount()) if model.headerData(s, Qt.Orientation.Horizontal) == label)


def test_headers_name_the_month_and_follow_it(qtmodeltester):
    doc = Document.sample("hebei-monitor-2022")
    funds = FundsTableModel(doc, FORM, "funds")
    tree = IndicatorTreeModel(doc, FORM)
    qtmodeltester.check(tree)
    heads = [funds.headerData(s, Qt.Orientation.Horizontal) for s in range(funds.columnCount())]
    assert "1-6月执行数" in heads and "1-6月执行率" in heads
    assert _section(tree, "1-6月执行情况")
    doc.push(edits.SetValue(FORM, FieldPlace("month"), "7"), "改月份")
    assert _section(tree, "1-7月执行情况")
    assert "1-7月执行数" in [funds.headerData(s, Qt.Orientation.Horizontal) for s in range(funds.columnCount())]


def test_each_light_is_a_coloured_mark_with_its_rule_as_tooltip():
    doc = Document.sample("hebei-monitor-2022")
    tree = IndicatorTreeModel(doc, FORM)
    col = _section(tree, "1-6月执行情况")
    marks = {}
    for name, first in _rows(tree):
        cell = first.siblingAtColumn(col)
        marks[name] = (tree.data(cell, Qt.ItemDataRole.DecorationRole), tree.data(cell, Qt.ItemDataRole.ToolTipRole))
    assert marks["案件办结率"][0] == style.LIGHT_COLORS["red"] and "完成进度 50%" in marks["案件办结率"][1]
    assert marks["监管执法计划完成率"][0] == style.LIGHT_COLORS["green"] and "绿灯" in marks["监管执法计划完成率"][1]
    assert marks["长期使用性"][0] is None                 # nothing to compare: no mark
    # the light follows the figures
    doc.workbook.form(FORM)   # same object the model shows
    name, first = next((n, i) for n, i in _rows(tree) if n == "案件办结率")
    from perfdesk.domain.places import IndicatorPlace
    from perfdesk.domain.values import IndicatorValue
    place = IndicatorPlace(tuple(tree.path(first)), "actual_value")
    doc.push(edits.SetValue(FORM, place, IndicatorValue.parse("80%")), "改执行情况")
    cell = first.siblingAtColumn(col)
    assert tree.data(cell, Qt.ItemDataRole.DecorationRole) == style.LIGHT_COLORS["green"]


def test_choice_columns_offer_their_choices():
    doc = Document.sample("hebei-monitor-2022")
    tree = IndicatorTreeModel(doc, FORM)
    _, first = _rows(tree)[0]
    cell = first.siblingAtColumn(_section(tree, "完成目标可能性"))
    assert tree.data(cell, EDITOR_ROLE) == "choice"
    assert tree.data(cell, CHOICES_ROLE) == ["确定能", "有可能", "完全不可能"]
