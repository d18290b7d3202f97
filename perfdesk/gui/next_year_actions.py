"""生成下一年度…: next year's workbook from the open one (perfdesk.domain.next_year), written to a
new file; the open workbook is not changed. Then offers to open the new file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ..store.workbook_file import SUFFIX
from . import dialogs


class NextYearActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.act_next_year = QAction("生成下一年度(&Y)…", window)
        self.act_next_year.setStatusTip("由本年度工作簿生成下一年度的新工作簿（指标、目标照搬，数字可清空）")
        self.act_next_year.triggered.connect(lambda _checked=False: self.next_year())
        window.documentChanged.connect(lambda doc: self.act_next_year.setEnabled(doc is not None))
        self.act_next_year.setEnabled(False)

    def next_year(self) -> Path | None:
        """Write next year's workbook; the path written, or None."""
        from ..domain.next_year import next_year
        from ..store.workbook_file import WorkbookFileError, write_workbook

        window = self.window
        doc = window.document
        if doc is None:
            return None
        window.finish_editing()
        wb = doc.workbook
        directory = doc.path.parent if doc.path else Path.home()
        suggested = str(directory / f"{wb.unit}{wb.year + 1}年度绩效{SUFFIX}")
        from .next_year_dialog import NextYearDialog     # its Qt classes: when first shown

        dialog = NextYearDialog(wb, suggested, window)
        try:
            if not dialogs.run_dialog(dialog):
                return None
            target, options = dialog.path(), dialog.options()
        finally:
            dialog.deleteLater()
        if not target:
            return None
        path = Path(target)
        if doc.path is not None and path.resolve() == doc.path.resolve():
            dialogs.show_error(window, "不能生成", "新年度工作簿不能写到当前打开的文件上，请换一个文件名。")
            return None
        if path.exists() and not dialogs.confirm(window, "文件已存在", f"{path}\n已存在。覆盖它吗？"):
            return None
        if not path.parent.is_dir():
            dialogs.show_error(window, "不能生成", f"文件夹不存在：{path.parent}")
            return None
        new = next_year(wb, options)
        try:
            write_workbook(path, new)
        except (WorkbookFileError, OSError) as exc:
            dialogs.show_error(window, "生成失败", f"无法写入 {path}：{getattr(exc, 'strerror', None) or exc}")
            return None
        window.statusBar().showMessage(f"已生成 {new.year} 年度工作簿：{path}", 10000)
        if dialogs.confirm(window, "已生成下一年度", f"已生成 {new.year} 年度工作簿（{len(new.forms)} 张表）：\n{path}\n\n"
                           "现在打开它吗？"):
            window.open_path(str(path))
        return path
