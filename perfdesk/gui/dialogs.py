"""Every modal dialog goes through one of these small functions, so tests replace them instead of
blocking on exec(). Qt's own dialogs are Chinese once app.install_chinese has run.

Qt's dialog classes are imported when a dialog is first shown: PySide creates a class's Python
type (and its enums) on first use, which the window's first frame need not pay for."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

FILE_FILTER = "perfdesk 工作簿 (*.perfdesk);;所有文件 (*)"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def about_text() -> str:
    import html
    import platform

    from PySide6 import __version__ as pyside_version

    from .. import __version__
    from ..portable import portable_root
    from ..resources import resource

    # the folder where it really is (inside the installed package or the bundle), not a checkout path
    licenses = resource("licenses")
    where = html.escape(str(licenses)) if licenses else "resources/licenses"
    text = (f"<h3>perfdesk {__version__}</h3><p>预算绩效目标表、绩效自评表的离线填报、审核与打印。</p>"
            "<p>界面基于 Qt（PySide6，LGPL-3.0）；随程序附带的打印字体为文鼎 AR PL SungtiL GB"
            f"（文鼎公众授权书）。各组件的授权文本在：{where}</p>"
            f"<p>Python {platform.python_version()}，PySide6 {pyside_version}</p>")
    root = portable_root()
    if root is not None:
        text += f"<p>便携模式：设置与用户表样保存在 {root}</p>"
    return text


def show_about(parent: QWidget | None) -> None:
    """关于: the icon, version and licences."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from ..resources import app_icon

    box = QMessageBox(parent)
    box.setWindowTitle("关于 perfdesk")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    button = QMessageBox.StandardButton
    return QMessageBox.question(parent, title, text, button.Yes | button.No, button.No) == button.Yes


def ask_save_changes(parent: QWidget | None, name: str) -> str:
    """"save", "discard" or "cancel" for a workbook with unsaved changes."""
    from PySide6.QtWidgets import QMessageBox

    button = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, "保存修改", f"“{name}”有尚未保存的修改。\n是否保存？",
                      button.Save | button.Discard | button.Cancel, parent)
    box.button(button.Save).setText("保存")
    box.button(button.Discard).setText("不保存")
    box.button(button.Cancel).setText("取消")
    box.setDefaultButton(button.Save)
    answer = box.exec()
    return {button.Save: "save", button.Discard: "discard"}.get(answer, "cancel")


def ask_open_path(parent: QWidget | None, directory: str = "") -> str | None:
    return file_dialog(parent, "打开工作簿", directory, FILE_FILTER, save=False) or None


def ask_save_path(parent: QWidget | None, suggested: str = "") -> str | None:
    path = file_dialog(parent, "保存工作簿", suggested, FILE_FILTER, save=True)
    if path and not path.endswith(".perfdesk"):
        path += ".perfdesk"
    return path or None


def ask_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
    """The index of the chosen item, or None."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return items.index(text) if ok and text in items else None


def run_dialog(dialog: QDialog) -> bool:
    """Show a dialog of ours modally; True when accepted."""
    from PySide6.QtWidgets import QDialog

    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_choice(parent: QWidget | None, title: str, text: str, choices: list[str], default: int = 0,
               detail: str = "") -> int | None:
    """A question with buttons of our own wording; the index of the one pressed, None for 取消 (or
    Esc). The last choice acts as the cancel button when it reads 取消."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    buttons = []
    for i, label in enumerate(choices):
        roles = QMessageBox.ButtonRole
        role = roles.RejectRole if label == "取消" else roles.AcceptRole if i == default else roles.ActionRole
        buttons.append(box.addButton(label, role))
    box.setDefaultButton(buttons[default])
    if choices and choices[-1] == "取消":
        box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    if clicked not in buttons or choices[buttons.index(clicked)] == "取消":
        return None
    return buttons.index(clicked)


def ask_save_file(parent: QWidget | None, title: str, suggested: str, file_filter: str, suffix: str) -> str | None:
    """A path to write a file of one kind (PDF, xlsx, a new workbook); the suffix is added if missing."""
    path = file_dialog(parent, title, suggested, file_filter, save=True)
    if path and not path.lower().endswith(suffix):
        path += suffix
    return path or None


def ask_open_file(parent: QWidget | None, title: str, directory: str, file_filter: str) -> str | None:
    return file_dialog(parent, title, directory, file_filter, save=False) or None


# Qt's zh_CN catalogue lacks these two labels of its own file dialog ("&Look in:", "Files of
# &type:" changed their source text); the rest of the dialog is translated by qtbase_zh_CN.qm.
FILE_DIALOG_LABELS = {"LookIn": "查找范围(&I)：", "FileType": "文件类型(&T)：", "FileName": "文件名(&N)："}


def build_file_dialog(parent: QWidget | None, title: str, start: str, file_filter: str, save: bool):
    """A file dialog with every label in Chinese (the system's own dialog where Qt uses one)."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, title, start, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    for name, text in FILE_DIALOG_LABELS.items():
        dialog.setLabelText(getattr(QFileDialog.DialogLabel, name), text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存(&S)" if save else "打开(&O)")
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, "取消")
    return dialog


def file_dialog(parent: QWidget | None, title: str, start: str, file_filter: str, save: bool) -> str:
    """The chosen path, or "" when cancelled."""
    dialog = build_file_dialog(parent, title, start, file_filter, save)
    if dialog.exec() and dialog.selectedFiles():
        return dialog.selectedFiles()[0]
    return ""
