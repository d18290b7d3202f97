"""Qt's own file dialog in Chinese: every label, and its dates in the Chinese short format."""
import os
import subprocess
import sys

from PySide6.QtWidgets import QFileDialog, QLabel

from perfdesk.gui import dialogs


def _labels(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.text()]


def test_file_dialog_labels_are_all_chinese(qtbot):
    for save in (False, True):
        dialog = dialogs.build_file_dialog(None, "打开工作簿", "", dialogs.FILE_FILTER, save)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = _labels(dialog)
        assert texts, "the widget dialog shows its labels"
        for text in texts:
            assert text.isascii() is False, f"English label left: {text!r}"
        assert any(t.startswith("查找范围") for t in texts) and any(t.startswith("文件类型") for t in texts)
        assert dialog.labelText(QFileDialog.DialogLabel.Accept) == ("保存(&S)" if save else "打开(&O)")
        dialog.close()


_DATES = r"""
import sys
from PySide6.QtCore import QDateTime, QDate, QTime, QLocale
from perfdesk.gui.app import make_app
app = make_app()
when = QDateTime(QDate(2026, 12, 2), QTime(13, 41))
print(QLocale.system().toString(when, QLocale.FormatType.ShortFormat))
"""


def test_file_dialog_dates_read_in_chinese(tmp_path):
    """The file list formats dates with the system locale: the program makes it Chinese for dates
    before the application exists (a fresh process, as at start)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_TIME")}
    env.update(LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", _DATES], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2026/12/2 13:41"
