"""Put Python-made QMimeData on the system clipboard without crashing at exit.

The clipboard owns what it holds and deletes it from a Qt global destructor that runs after
Python has finalised; deleting a Python-wrapped QMimeData then segfaults inside shiboken
(seen with PySide6 6.11: the test run passed, then the process died with SIGSEGV). So, while
Python is still alive, an atexit hook swaps our object for a plain-text copy made on the C++
side: pasting into Excel keeps working after the program closes, only the internal row format
is dropped.
"""
from __future__ import annotations

import atexit

import shiboken6
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

_held: list[QMimeData] = []
_hook_installed = False


def set_mime_data(data: QMimeData) -> None:
    global _hook_installed
    if not _hook_installed:
        atexit.register(release)
        _hook_installed = True
    _held[:] = [data]
    QGuiApplication.clipboard().setMimeData(data)


def release() -> None:
    """Replace our clipboard object, if the clipboard still holds it, by a C++-owned text copy."""
    held = [d for d in _held if shiboken6.isValid(d)]
    _held.clear()
    if not held or QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    text = held[0].text() if held[0].hasText() else ""
    if text:
        clipboard.setText(text)  # deletes our object now, while Python can still run its wrapper
    else:
        clipboard.clear()
