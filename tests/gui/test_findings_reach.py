"""Every finding leads to what it talks about: activating each finding of each built-in sample
(the dock's double-click path) shows, on the right tab and within the viewport, the cell, field
or section it names — totals on the 总分 row, computed funds cells with the figure the original
form stated beside them."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QTabWidget

from perfdesk.domain.places import (
    FieldPlace,
    FundsPlace,
    IndicatorPlace,
    IndicatorsPlace,
    LinePlace,
    ListPlace,
    SectionPlace,
    TotalPlace,
)
from perfdesk.gui.check_model import FindingRole
from perfdesk.gui.roles import STATED_ROLE
from perfdesk.samples import sample_names

from .helpers import checks_done, double_click, finding_index, make_window


def _finding_rows(dock):
    model = dock.model
    for g in range(model.rowCount()):
        parent = model.index(g, 0)
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            yield index, model.data(index, FindingRole)


def _on_front_tab(widget) -> bool:
    """No tab widget between the widget and the window has another page in front."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        stack = parent.parentWidget()
        if isinstance(stack, QTabWidget) or (parent.objectName() == "qt_tabwidget_stackedwidget"):
            tabs = stack if isinstance(stack, QTabWidget) else None
            if tabs is not None and tabs.currentWidget() is not child:
                return False
        child, parent = parent, parent.parentWidget()
    return True


def _shown(widget, point: QPoint | None = None) -> bool:
    """Visible, on the front tab, and (a point of it, default its top-left corner) not scrolled away."""
    if not (widget.isVisible() and _on_front_tab(widget)):
        return False
    region = widget.visibleRegion()
    return not region.isEmpty() and (point is None or region.contains(point))


def _cell_shown(view, index) -> bool:
    rect = view.visualRect(index)
    return (view.currentIndex() == index and view.selectionModel().isSelected(index)
            and _shown(view.viewport(), rect.center()) and rect.isValid())


def _reached(window, finding) -> str:
    """"" when the finding's place is shown and current; else what is wrong."""
    editor = window.editors.get(finding.form)
    if editor is None or window.current_form_id() != finding.form:
        return "form not shown"
    place = finding.place
    focus = QApplication.focusWidget()
    if isinstance(place, (FieldPlace, SectionPlace)):
        widgets = editor.field_widgets if isinstance(place, FieldPlace) else editor.section_widgets
        widget = widgets[getattr(place, "field_id", None) or getattr(place, "section_id", None)]
        if not _shown(widget, widget.rect().center()):
            return "widget hidden"
        return "" if focus is widget or widget.isAncestorOf(focus) else "not focused"
    if isinstance(place, (FundsPlace, LinePlace, ListPlace)):
        view = editor.tables[place.list_id if isinstance(place, ListPlace) else place.table_id]
        model = view.model()
        row = place.index if isinstance(place, ListPlace) else model.row_of(place)
        index = model.index(row, model.column_of(place.column_id))
        if focus is not view:
            return "table not focused"
        return "" if _cell_shown(view, index) else "cell not current or hidden"
    panel = editor.panel
    if isinstance(place, IndicatorPlace):
        index = panel.model.index_of(place.path, max(panel.model.column_of(place.column_id), 0))
        if focus is not panel.view:
            return "tree not focused"
        return "" if _cell_shown(panel.view, index) else "cell not current or hidden"
    if isinstance(place, TotalPlace):
        row = panel.total_row
        column = panel.model.column_of(place.column_id)
        item = row.item(0, column)
        if row.currentColumn() != column or not item.isSelected():
            return "total cell not current"
        if not _shown(row.viewport(), row.visualItemRect(item).center()):
            return "total cell hidden"
        return "" if item.text() else "total cell empty"
    if isinstance(place, IndicatorsPlace):
        return "" if _shown(panel.view) and focus is panel.view else "tree not shown"
    return f"no check for {place!r}"


@pytest.mark.parametrize("name", sample_names())
def test_every_finding_of_a_sample_reaches_a_visible_cell(qtbot, name):
    window = make_window(qtbot, size=(1366, 768))
    window.open_sample(name)
    checks_done(qtbot, window)
    dock = window.check_dock
    rows = list(_finding_rows(dock))
    missed = []
    for index, finding in rows:
        window.show_form("")                     # start somewhere else each time
        dock._on_double_click(index)             # what a double-click on the row does
        qtbot.waitUntil(lambda: window.current_form_id() == finding.form, timeout=2000)
        qtbot.wait(1)
        why = _reached(window, finding)
        if why:
            missed.append(f"{finding.form} {finding.place_text} {finding.message[:30]}: {why}")
    assert not missed, "\n".join(missed)


def test_a_double_click_on_a_weight_total_finding_highlights_the_total_row(qtbot):
    window = make_window(qtbot, size=(1366, 768))
    window.open_sample("rugao-2023")
    checks_done(qtbot, window)
    dock = window.check_dock
    window.show_form("")
    double_click(qtbot, dock.view, finding_index(dock, "score.weight_total"))
    qtbot.waitUntil(lambda: window.current_form_id() == "dept_self_eval", timeout=2000)
    panel = window.editors["dept_self_eval"].panel
    row = panel.total_row
    qtbot.waitUntil(lambda: row.currentColumn() == panel.model.column_of("weight"), timeout=2000)
    assert window.editors["dept_self_eval"].tabs.currentWidget() is panel
    cell = row.item(0, row.currentColumn())
    assert cell.isSelected() and cell.text() == "103\n原100" and "原表“合计”行填报 100" in cell.toolTip()
    assert row.item(0, 0).text() == "合计"
    # back in the tree, the highlight goes
    panel.reveal((0, 0, 0))
    assert not row.selectedItems()


def test_a_computed_funds_cell_shows_what_the_original_form_stated(qtbot):
    window = make_window(qtbot, size=(1366, 768))
    window.open_sample("suzhou-2024")
    checks_done(qtbot, window)
    dock = window.check_dock
    window.show_form("")
    double_click(qtbot, dock.view, finding_index(dock, "funds.total"))
    editor = window.editors["dept_target"]
    view = editor.tables["expense"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)
    current = view.currentIndex()
    assert current.data(Qt.ItemDataRole.DisplayRole) == "24.02"
    assert current.data(STATED_ROLE) == "原表 20.00"             # painted small inside the cell
    assert "原表填报：20.00" in current.data(Qt.ItemDataRole.ToolTipRole)
    note = editor.stated_notes["expense"]
    assert _shown(note) and "原表 20.00" in note.text() and "24.02" in note.text() and "半年计划执行数" in note.text()
    # cells whose stated figure agrees carry no second figure
    annual = current.siblingAtColumn(view.model().column_of("annual"))
    assert annual.data(STATED_ROLE) is None
    # a form without stated totals shows no note
    window.open_sample("shenzhen-guangming-2024")
    checks_done(qtbot, window)
    other = window.show_form("project_self_eval")
    assert all(not n.isVisible() for n in other.stated_notes.values())


def _shown_text(editor, place) -> str:
    """What the editor shows in a value cell: the cell's text, or a split value's three parts."""
    if isinstance(place, ListPlace):
        model = editor.tables[place.list_id].model()
        return model.index(place.index, model.column_of(place.column_id)).data()
    model = editor.panel.model
    first = model.column_of(place.column_id)
    if model.part(first) is None:
        return model.index_of(place.path, first).data()
    return "".join(model.index_of(place.path, first + i).data() or "" for i in range(3))


@pytest.mark.parametrize("name", ["hebei-2022", "shenzhen-guangming-2024", "yunnan-gucheng-2020"])
def test_findings_quote_values_as_their_cells_show_them(qtbot, name):
    window = make_window(qtbot, size=(1366, 768))
    window.open_sample(name)
    checks_done(qtbot, window)
    quoted = 0
    for _index, finding in _finding_rows(window.check_dock):
        place = finding.place
        if not (finding.code.startswith("value.") and isinstance(place, (IndicatorPlace, ListPlace))
                and place.column_id):
            continue
        editor = window.show_form(finding.form, focus=False)
        shown = _shown_text(editor, place)
        assert shown and (f"“{shown}”" in finding.message or f"（{shown}）" in finding.message
                          or f" {shown} " in finding.message), (shown, finding.message)
        quoted += 1
    assert quoted
