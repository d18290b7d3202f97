"""The GUI's start: what `perfdesk [FILE]` and `perfdesk-gui` run (and the start benchmark times).

The garbage collector is off from here until the window has painted its first frame
(perfdesk.startup, with the other start-up measures). Nothing here imports Qt, so that the
collector is off before the first module of the GUI loads.
"""
from __future__ import annotations

from .startup import collector_off, collector_on, resume_collection


def start(path: str | None):
    """The application and its window on `path` (None: as started without a file), shown; the
    event loop is not entered yet. Returns (app, window)."""
    collector_off()
    try:
        from .gui.app import make_app, open_window
        from .gui.idle import after_first_paint

        app = make_app()
        window = open_window(path)
    except BaseException:
        collector_on()
        raise
    after_first_paint(window, resume_collection)
    return app, window


def run(path: str | None = None) -> int:
    app, window = start(path)   # noqa: F841 - the window is held while the event loop runs
    return app.exec()
