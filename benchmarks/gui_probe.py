"""A child process for the GUI figures (each start must be a fresh interpreter).

  gui_probe.py bare             a bare PySide6 main window with a tree and a table
  gui_probe.py startup FILE     the program's own start (as `perfdesk FILE`) to the form painted
  gui_probe.py session FILE     open FILE, edit values, save; times and peak memory
  gui_probe.py overview FILE    open a summary file (汇总) in the overview window, to painted

Prints one JSON object on stdout. The start modes report time.time() at the first paint, so the
parent can measure from before it spawned the process: to the end of the first painted frame.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _first_paint(app, window, done) -> None:
    """Call done(t) once the window's first frame is painted: its own first Paint event opens the
    frame (a window paints itself before its children), the zero timer fires once every widget
    in that frame has painted and the frame is flushed.

    The filter sits on the window alone and does nothing but compare: an application-wide Python
    filter would be called for every event of every object, and the cost of that (wrapping each
    object and event for Python) grows with the window, so it would weigh on the real window
    more than on the bare one and blur both figures."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        fired = False

        def eventFilter(self, obj, event):
            if not self.fired and event.type() == QEvent.Type.Paint:
                self.fired = True
                QTimer.singleShot(0, lambda: done(time.time()))
            return False

    watcher = Watcher()
    window.installEventFilter(watcher)
    window._paint_watcher = watcher
    window.update()     # if a frame was painted before the watcher was in place, time the next one


def _report_and_exit(result: dict) -> None:
    print(json.dumps(result), flush=True)
    os._exit(0)     # no teardown: only the start is measured


def bare() -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTableView, QTreeView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tree_model = QStandardItemModel()
    for i in range(10):
        item = QStandardItem(f"表单 {i}")
        item.appendRow(QStandardItem("指标"))
        tree_model.appendRow(item)
    table_model = QStandardItemModel(30, 6)
    for r in range(30):
        for c in range(6):
            table_model.setItem(r, c, QStandardItem(f"单元格 {r}-{c}"))
    tree, table = QTreeView(), QTableView()
    tree.setModel(tree_model)
    table.setModel(table_model)
    splitter = QSplitter()
    splitter.addWidget(tree)
    splitter.addWidget(table)
    window.setCentralWidget(splitter)
    window.resize(1280, 800)
    _first_paint(app, window, lambda t: _report_and_exit({"painted": t}))
    window.show()
    app.exec()


def startup(path: str) -> None:
    """What `perfdesk FILE` does (perfdesk.launch.run), to the end of the first painted frame."""
    from perfdesk.launch import start

    app, window = start(path)
    _first_paint(app, window, lambda t: _report_and_exit({"painted": t}))
    app.exec()


def _settle(app, until=None, timeout=60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        app.processEvents()
        if until is None or until():
            break
        time.sleep(0.001)
    return time.perf_counter() - started


def _value_index(editor):
    """A level-3 row's target-value cell of the form's indicator tree."""
    model = editor.panel.model
    for c, column in enumerate(model.columns, start=1):
        if column.type == "value":
            break
    else:
        raise RuntimeError("no value column")
    top = model.index(0, 0)
    second = model.index(0, 0, top)
    third = model.index(0, 0, second)
    return model, model.index(third.row(), c, second)


def session(path: str, edits: int = 40, saves: int = 15) -> None:
    from perfdesk.gui.app import make_app
    from perfdesk.gui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    _settle(app)
    started = time.perf_counter()
    window.open_path(path)
    editor = window.editor(window.current_form_id())
    # painted: repaint() draws the window and the form now; what the window leaves for idle
    # moments (checking all forms in short slices, building editors ahead) comes after
    window.repaint()
    opened = time.perf_counter() - started
    forms = len(window.document.workbook.forms)
    dock = window.check_dock
    # the work the window leaves for idle moments: checking every form, building editors ahead
    idle = _settle(app, lambda: not getattr(dock, "checking", False), timeout=120)
    idle += _settle(app, lambda: False, timeout=1.0)

    flush = getattr(dock, "flush", None)
    model, index = _value_index(editor)
    timings = []
    for i in range(edits):
        t = time.perf_counter()
        if not model.setData(index, f"≥{80 + i % 7}%"):
            raise RuntimeError("edit refused")
        if flush is not None:
            flush()
        app.processEvents()
        timings.append((time.perf_counter() - t) * 1000)
    save_times = []
    for i in range(saves):
        model.setData(index, f"≥{60 + i}%")
        if flush is not None:
            flush()
        app.processEvents()
        t = time.perf_counter()
        window.document.save()
        save_times.append((time.perf_counter() - t) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _report_and_exit({
        "open_seconds": opened,
        "prebuild_seconds": idle,
        "editors": len(window.editors),
        "forms": forms,
        "checks_wired": flush is not None,
        "edit_ms": timings,
        "edit_median_ms": statistics.median(timings),
        "edit_worst_ms": max(timings),
        "save_ms": save_times,
        "save_median_ms": statistics.median(save_times),
        "peak_mb": peak_mb,
    })


def overview(path: str) -> None:
    """打开汇总文件: read the summary, build the overview window, paint it (the main window is up
    first, as when the officer chooses the file from its menu; the 汇总 modules load inside the
    time, as on the first use in a session)."""
    from perfdesk.gui.app import make_app
    from perfdesk.gui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    _settle(app)
    started = time.perf_counter()
    shown = window.summary_actions.open_summary(path)
    shown.repaint()
    opened = time.perf_counter() - started
    _report_and_exit({"open_seconds": opened, "units": shown.model.rowCount(),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    elif mode == "startup":
        startup(sys.argv[2])
    elif mode == "session":
        session(sys.argv[2])
    elif mode == "overview":
        overview(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {mode}")
