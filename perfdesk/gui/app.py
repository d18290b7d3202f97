"""Start the GUI: Chinese Qt dialogs, the workbook given (or the built-in sample), the main window."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ..samples import DEFAULT_SAMPLE, find_sample, load_sample
from ..store.workbook_file import WorkbookFileError, read_workbook
from .main_window import MainWindow


def show_error(parent, title: str, text: str) -> None:
    """One place for modal errors, so tests can replace it instead of blocking on exec()."""
    QMessageBox.critical(parent, title, text)


def install_chinese(app: QApplication) -> None:
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    if translator.load(QLocale(QLocale.Chinese, QLocale.China), "qtbase", "_", path):
        app.installTranslator(translator)


def open_window(path: str | None) -> MainWindow:
    if path:
        try:
            workbook = read_workbook(path)
            return MainWindow(workbook, Path(path).name)
        except WorkbookFileError as exc:
            show_error(None, "无法打开工作簿", str(exc))
    sample = find_sample(DEFAULT_SAMPLE)
    return MainWindow(load_sample(sample.name), f"示例：{sample.label}")


def run_gui(path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("perfdesk")
    app.setOrganizationName("perfdesk")
    install_chinese(app)
    window = open_window(path)
    window.show()
    return app.exec()
