"""Start the GUI: high-DPI rendering, Chinese Qt dialogs, the main window on the given workbook
(or on the start page when none is given)."""
from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from . import dialogs, settings
from .main_window import MainWindow


def show_error(parent, title: str, text: str) -> None:
    """One place for modal errors, so tests can replace it instead of blocking on exec()."""
    dialogs.show_error(parent, title, text)


def install_chinese(app: QApplication) -> bool:
    """Qt's own texts (file dialogs, message box buttons, context menus) in Chinese: from Qt's own
    translations folder (it matches the Qt in use), else from the copy of qtbase_zh_CN.qm in
    resources/translations (a bundle or an install that left Qt's folder out)."""
    from ..resources import translations_dir

    china = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(china)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = translations_dir()
    translator = QTranslator(app)
    if translator.load(china, "qtbase", "_", path) or (ours and translator.load(china, "qtbase", "_", str(ours))):
        app.installTranslator(translator)
        return True
    return False


def chinese_dates() -> None:
    """Dates in Qt's file dialogs in Chinese ("2026/12/2 13:41", not "2 12 2026 13:41"): the
    dialog's file list formats them with the *system* locale, which Qt reads from LC_TIME (or
    LANG) once, before the application exists. Only dates: LC_ALL, when set, is the user's."""
    import os

    if not os.environ.get("LC_ALL"):
        os.environ["LC_TIME"] = "zh_CN.UTF-8"


def make_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        chinese_dates()
        from ..portable import apply_qsettings

        apply_qsettings()   # portable.ini beside the program: settings beside it too
        # fractional scaling (125 %, 150 %) as the system sets it, not rounded to whole steps
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("perfdesk")
    app.setOrganizationName("perfdesk")
    app.setApplicationDisplayName("perfdesk 预算绩效填报")
    app.setDesktopFileName("perfdesk")    # Wayland/X11 taskbars find the icon by the .desktop file
    from ..resources import app_icon

    app.setWindowIcon(app_icon())         # window, taskbar and dialogs
    install_chinese(app)
    return app


def open_window(path: str | None) -> MainWindow:
    """The window as the program starts it, shown: on the workbook file; without one, on the
    start page, or on the built-in sample the very first time (a real filled-in form to look
    at; 关闭工作簿 leads to the start page); on the start page also when the file will not open."""
    window = MainWindow(show_start=not path)
    window.show()       # first, so that an error about the file sits over the window
    if path and not window.open_path(path):
        window.show_start_page()
    elif not path and not settings.recent_entries() and not settings.interrupted_sessions():
        from ..samples import DEFAULT_SAMPLE
        window.open_sample(DEFAULT_SAMPLE)
    return window

