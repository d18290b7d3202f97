"""Driving the real widgets by keyboard, the way an officer does."""
import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def focus():
    return QApplication.focusWidget()


def type_text(qtbot, text: str) -> None:
    """Type into whatever has the keyboard focus. Latin keys are key presses; Chinese (and ≥, ％)
    arrives as an input method commits it, one phrase at a time."""
    for is_ascii, run in itertools.groupby(text, key=lambda ch: ord(ch) < 128):
        run = "".join(run)
        if is_ascii:
            for ch in run:
                widget = focus()
                assert widget is not None, "nothing has the keyboard focus"
                QTest.keyClick(widget, ch)
        else:
            widget = focus()
            assert widget is not None, "nothing has the keyboard focus"
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget = focus()
    assert widget is not None, "nothing has the keyboard focus"
    QTest.keyClick(widget, key, modifier)


def checks_done(qtbot, window_or_dock, timeout: int = 10000) -> None:
    """Wait until a newly opened workbook's forms have all been checked (in idle slices)."""
    dock = getattr(window_or_dock, "check_dock", window_or_dock)
    qtbot.waitUntil(lambda: not dock.checking, timeout=timeout)


def make_window(qtbot, size=(1400, 900)):
    """The real main window, shown, active (keys go to it), closed after the test."""
    from perfdesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    if size:
        w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def finding_index(dock, code, place=None):
    """The check dock's row of the first finding with this rule code (and place)."""
    from perfdesk.gui.check_model import FindingRole

    model = dock.model
    for g in range(model.rowCount()):
        parent = model.index(g, 0)
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            f = model.data(index, FindingRole)
            if f.code == code and (place is None or f.place == place):
                return index
    raise AssertionError(code)


def double_click(qtbot, view, index):
    # Qt 6 item views act on a double-click only over the index the press landed on, and
    # QTest's double-click sends no press of its own: press (click) first, as a hand would.
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
