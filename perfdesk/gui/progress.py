"""Progress for long work (opening a big workbook, printing many forms, importing), cancellable
between steps. The dialog appears only when the work takes long enough to notice."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


class Cancelled(Exception):
    """The user pressed 取消; whoever started the work undoes what it did so far."""


class Progress:
    """with Progress(parent, "正在打开…", total) as p: p.step("读取文件") … — raises Cancelled."""

    def __init__(self, parent: QWidget | None, title: str, total: int, delay_ms: int = 400):
        self.dialog = QProgressDialog(title, "取消", 0, max(total, 1), parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(delay_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.delay_ms = delay_ms
        self.clock = QElapsedTimer()
        self.clock.start()
        self.done = 0

    def __enter__(self) -> Progress:
        self.dialog.setValue(0)
        return self

    def step(self, label: str) -> None:
        """Before each step: show where we are, let the user cancel. Until the dialog can have
        appeared there is nothing to click, and painting half-built windows only costs time."""
        self.done += 1
        if not (self.dialog.isVisible() or self.clock.elapsed() >= self.delay_ms):
            return
        QApplication.processEvents()
        if self.dialog.wasCanceled():
            raise Cancelled()
        self.dialog.setLabelText(label)
        self.dialog.setValue(self.done - 1)    # shows the dialog once the delay has passed

    def callback(self, text: str):
        """A progress(done, total, name) for library code that reports as it goes."""
        def report(done: int, total: int, name: str) -> None:
            if self.dialog.maximum() != max(total, 1):
                self.dialog.setMaximum(max(total, 1))
            self.done = done
            self.step(text.format(name=name, done=done + 1, total=total))
        return report

    @property
    def cancelled(self) -> bool:
        return self.dialog.wasCanceled()

    def __exit__(self, *exc) -> bool:
        # a modal dialog's setValue processes events: only for one the user has seen
        if self.dialog.isVisible():
            self.dialog.setValue(self.dialog.maximum())
        self.dialog.close()
        self.dialog.deleteLater()
        return False
