"""The GUI's start: what `perfdesk [FILE]` and `perfdesk-gui` run (and the start benchmark times).

The garbage collector is off from here until the window has painted its first frame. Start-up
creates a great many objects (modules, classes, Qt's enums, the workbook) and frees almost none,
so the sixty-odd collections it would trigger (about 13 ms) find next to nothing. After the
first frame one collection runs, what is left (it lives as long as the program) is frozen out
of later collections (gc.freeze), and collection resumes. Nothing here imports Qt, so that the
collector is off before the first module of the GUI loads.
"""
from __future__ import annotations

import gc


def start(path: str | None):
    """The application and its window on `path` (None: as started without a file), shown; the
    event loop is not entered yet. Returns (app, window)."""
    gc.disable()
    try:
        from .gui.app import make_app, open_window
        from .gui.idle import after_first_paint

        app = make_app()
        window = open_window(path)
    except BaseException:
        gc.enable()
        raise
    after_first_paint(window, resume_collection)
    return app, window


def resume_collection() -> None:
    gc.collect()
    gc.freeze()
    gc.enable()


def run(path: str | None = None) -> int:
    app, window = start(path)   # noqa: F841 - the window is held while the event loop runs
    return app.exec()
