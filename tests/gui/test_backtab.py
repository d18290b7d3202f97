"""Shift+Tab from the first stop of a form's second tab goes back to the first tab's last part,
as Tab past the last part goes on to the next tab."""
from PySide6.QtCore import Qt

from .helpers import focus, make_window, press


def test_shift_tab_goes_back_across_tabs(qtbot):
    w = make_window(qtbot)
    w.open_sample("hebei-2022")
    form_id = next(f.id for f in w.document.workbook.forms if f.definition.indicators is not None)
    w.show_form(form_id)
    editor = w.editor(form_id)
    editor.reveal_anchor("indicators")
    tree = editor.panel.view
    qtbot.waitUntil(lambda: focus() is tree)
    assert editor.tabs.currentWidget() is editor.panel
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.tabs.currentWidget() is editor.scroll
    back = focus()
    assert back is not None and editor.scroll.isAncestorOf(back)
    # and Tab from there goes forward to the indicator tree again
    press(qtbot, Qt.Key.Key_Tab)
    assert editor.tabs.currentWidget() is editor.panel and focus() is tree
