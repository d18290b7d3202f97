"""Copying indicator rows must not crash the process when it exits (PySide6 clipboard ownership)."""
import os
import subprocess
import sys
import textwrap


def run(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=60)


def test_process_exits_cleanly_with_our_data_on_the_clipboard():
    result = run("""
        from PySide6.QtCore import QMimeData
        from PySide6.QtWidgets import QApplication
        from perfdesk.gui import safe_clipboard
        app = QApplication([])
        data = QMimeData()
        data.setText("甲\\t乙")
        data.setData("application/x-perfdesk-test", b"x")
        safe_clipboard.set_mime_data(data)
        assert app.clipboard().text() == "甲\\t乙"
        print("ok")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_release_keeps_the_text_for_other_programs(qapp):
    from PySide6.QtCore import QMimeData
    from perfdesk.gui import safe_clipboard

    data = QMimeData()
    data.setText("指标\t≥90%")
    data.setData("application/x-perfdesk-test", b"rows")
    safe_clipboard.set_mime_data(data)
    safe_clipboard.release()
    held = qapp.clipboard().mimeData()
    assert qapp.clipboard().text() == "指标\t≥90%"
    assert not held.hasFormat("application/x-perfdesk-test")
