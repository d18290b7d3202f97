"""Work that can wait until a window has painted for the first time (fast start: the form shows
first; checking all forms and building editors ahead come right after)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from shiboken6 import isValid

FALLBACK_MS = 500       # a shown window that never paints (minimised, off screen) waits this long


class _FirstPaint(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.waiting: list[tuple[QObject, Callable[[], None]]] = []
        self.painted = False
        window.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._release)

    def eventFilter(self, obj, event):
        if not self.painted and event.type() == QEvent.Type.Paint:
            # the rest of this paint (the children) happens before the next turn of the loop
            QTimer.singleShot(0, self, self._release)
            self.painted = True
        return False

    def _release(self) -> None:
        self.painted = True
        self.parent().removeEventFilter(self)
        waiting, self.waiting = self.waiting, []
        for owner, callback in waiting:
            if isValid(owner):          # a widget closed in the meantime asked for nothing
                callback()


def first_paint_pending(widget) -> bool:
    """Whether work is waiting for widget's window to paint (it was asked to, and has not yet)."""
    watcher = widget.window().findChild(_FirstPaint, "", Qt.FindChildOption.FindDirectChildrenOnly)
    return watcher is not None and not watcher.painted


def after_first_paint(widget, callback: Callable[[], None]) -> None:
    """Run callback in the first idle moment after widget's window has painted: at once (in the
    next turn of the event loop) when it has painted already or is not shown at all."""
    window = widget.window()
    watcher = window.findChild(_FirstPaint, "", Qt.FindChildOption.FindDirectChildrenOnly)
    if watcher is None and window.isVisible():
        watcher = _FirstPaint(window)
    if watcher is None or (watcher.painted and not watcher.waiting):
        QTimer.singleShot(0, widget, callback)
    else:
        watcher.waiting.append((widget, callback))

