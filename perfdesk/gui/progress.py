"""Progress for long work (opening a big workbook, printing many forms, importing), cancellable
between steps. The dialog appears only when the work takes long enough to notice."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtWidgets import QApplication, QWidget


class Cancelled(Exception):
    """The user pressed 取消; whoever started the work undoes what it did so far."""


class Progress:
    """with Progress(parent, "正在打开…", total) as p: p.step("读取文件") … — raises Cancelled.

    The QProgressDialog is made only once the work has lasted `delay_ms`: quick work (opening
    a workbook at start-up) builds no dialog at all."""

    def __init__(self, parent: QWidget | None, title: str, total: int, delay_ms: int = 400):
        self.parent, self.title, self.total = parent, title, max(total, 1)
        self.dialog = None
        self.delay_ms = delay_ms
        self.clock = QElapsedTimer()
        self.clock.start()
        self.done = 0

    def _make_dialog(self):
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(self.title, "取消", 0, self.total, self.parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)          # its delay has passed already
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        return dialog

    def __enter__(self) -> Progress:
        if self.delay_ms <= 0:
            self.dialog = self._make_dialog()
            self.dialog.setValue(0)
        return self

    def step(self, label: str) -> None:
        """Before each step: show where we are, let the user cancel. Until the dialog can have
        appeared there is nothing to click, and painting half-built windows only costs time."""
        self.done += 1
        if self.dialog is None:
            if self.clock.elapsed() < self.delay_ms:
                return
            self.dialog = self._make_dialog()
        QApplication.processEvents()
        if self.dialog.wasCanceled():
            raise Cancelled()
        self.dialog.setLabelText(label)
        self.dialog.setValue(self.done - 1)    # shows the dialog

    def callback(self, text: str):
        """A progress(done, total, name) for library code that reports as it goes."""
        def report(done: int, total: int, name: str) -> None:
            self.total = max(total, 1)
            if self.dialog is not None and self.dialog.maximum() != self.total:
                self.dialog.setMaximum(self.total)
            self.done = done
            self.step(text.format(name=name, done=done + 1, total=total))
        return report

    @property
    def cancelled(self) -> bool:
        return self.dialog is not None and self.dialog.wasCanceled()

    def __exit__(self, *exc) -> bool:
        if self.dialog is not None:
            # a modal dialog's setValue processes events: only for one the user has seen
            if self.dialog.isVisible():
                self.dialog.setValue(self.dialog.maximum())
            self.dialog.close()
            self.dialog.deleteLater()
        return False
