"""表单 → 规范指标值写法: lists each change, applies the chosen ones as one undo step."""
from PySide6.QtCore import Qt

from perfdesk.gui import navigator_menu
from perfdesk.gui.normalise_dialog import NormaliseDialog


def values(form):
    return {(i, j, k, c): v.shown for i, a in enumerate(form.indicators) for j, b in enumerate(a.children)
            for k, n in enumerate(b.children) for c, v in n.cells.items() if hasattr(v, "shown")}


def test_normalising_lists_each_change_and_applies_them_as_one_undo_step(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_01")
    form = window.document.workbook.form("project_01")
    before = values(form)
    seen = {}

    def answer(dialog):
        assert isinstance(dialog, NormaliseDialog)
        table = dialog.table
        seen["rows"] = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
        dialog.set_checked(table.rowCount() - 1, False)        # keep the last one as typed
        return True

    dialog_log.run_dialog = answer
    steps = window.document.undo_stack.count()
    assert window.normalise_actions.act_normalise.isEnabled()
    window.normalise_actions.act_normalise.trigger()
    rows = seen["rows"]
    assert len(rows) == 3
    assert rows[0] == ("产出指标 › 质量指标 › 公车保险缴纳率 › 指标值", "≥95百分比", "≥95%")
    after = values(form)
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert len(changed) == 2 and ("≥95百分比", "≥95%") in changed.values()
    assert window.document.undo_stack.count() == steps + 1
    # the editor shows the new text
    model = window.editors["project_01"].panel.model
    quality = model.index(0, 0, model.index(0, 0))
    cell = model.index(0, model.column_of("target_value"), quality)
    assert model.data(cell) == "≥95%"
    window.undo()
    assert values(form) == before
    assert model.data(cell) == "≥95百分比"


def test_cancel_changes_nothing_and_a_clean_form_says_so(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_01")
    dialog_log.run_dialog = lambda dialog: False
    steps = window.document.undo_stack.count()
    assert window.normalise_actions.normalise() == 0
    assert window.document.undo_stack.count() == steps
    dialog_log.run_dialog = lambda dialog: True
    assert window.normalise_actions.normalise() == 3
    assert window.normalise_actions.normalise() == 0
    assert "无需改写" in dialog_log.asked[-1]


def test_the_navigator_menu_of_a_form_offers_it(qtbot, window):
    window.open_sample("hebei-2022")
    nav = window.nav_model
    index = window.nav_filter.mapFromSource(nav.form_index("project_01"))
    menu = navigator_menu.build_menu(window, index)
    assert window.normalise_actions.act_normalise in menu.actions()
    menu.deleteLater()
