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
