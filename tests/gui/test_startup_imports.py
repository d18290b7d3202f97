"""Start-up loads what the first painted window needs and nothing more: openpyxl, ReportLab and
pypinyin load when the officer first exports, prints or searches the library (issue: fast start)."""
import os
import subprocess
import sys
import textwrap


def test_opening_a_workbook_loads_no_excel_pdf_or_pinyin_library(tmp_path):
    code = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QSettings
        from perfdesk.gui.app import make_app
        from perfdesk.gui.main_window import MainWindow
        app = make_app()
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
        w = MainWindow()
        w.show()
        w.open_sample("hebei-2022")
        w.check_dock.flush()
        for _ in range(20):
            app.processEvents()
        heavy = [m for m in ("openpyxl", "reportlab", "pypinyin") if m in sys.modules]
        print(",".join(heavy) or "none")
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PERFDESK_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "settings")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "none"


def test_the_first_frame_creates_no_edit_types_and_no_needless_qt_types(tmp_path):
    """What the first frame need not pay for: the edit module (first idle moment), QStyle's type
    and enums (first finding icon), the dialogs' classes (first dialog), QGradient's presets
    (brushes), and PySide's creation of every QWidget subclass (which a `viewport()` call
    triggers; see perfdesk.gui.views.viewport_of)."""
    code = textwrap.dedent("""
        import os, sys
        from PySide6.QtCore import QTimer
        from perfdesk.samples import load_sample
        from perfdesk.store.workbook_file import write_workbook
        from perfdesk.gui.app import make_app, open_window
        path = os.path.join(sys.argv[1], "s.perfdesk")
        write_workbook(path, load_sample("shenzhen-guangming-2024"))
        app = make_app()
        window = open_window(path)
        window.repaint()
        import PySide6.QtGui as G
        import PySide6.QtWidgets as W
        edits = sys.modules.get("perfdesk.domain.edits")
        made = [n for n in ("QStyle", "QWizard", "QCalendarWidget", "QMessageBox", "QFileDialog", "QProgressDialog")
                if isinstance(vars(W).get(n), type)]
        made += [n for n in ("QGradient",) if isinstance(vars(G).get(n), type)]
        print("edits:" + ("lazy" if type(edits).__name__ == "_LazyModule" else "loaded"), "qt:" + ",".join(made))
        os._exit(0)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               PERFDESK_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "edits:lazy qt:"


def test_pyside_is_told_our_modules_switch_no_features():
    """perfdesk.gui fills PySide's table of modules and their `__feature__`s, so that PySide
    need not read each module's source to find out (see perfdesk/gui/__init__.py)."""
    code = textwrap.dedent("""
        import sys
        import perfdesk.gui
        table = sys.modules["PySide6.support.feature"].pyside_feature_dict
        print(table.get("typing"), table.get("perfdesk.gui.main_window"), table.get("perfdesk.domain.model"))
    """)
    result = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-1", "0", "-1"]
