"""The main window's 汇总 menu: 汇总… (collect a folder or files into the overview), 打开汇总文件…,
下发任务…; and the task banner of a dispatched workbook. Built with the window, so this module
stays light: the dialogs, perfdesk.collect and the overview load when first used."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from .. import dialogs
from .task_banner import TaskBanner

SUMMARY_FILTER = "perfdesk 汇总文件 (*.perfdesk-summary);;所有文件 (*)"


class SummaryActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.overviews: list = []
        self.act_collect = QAction("汇总(&C)…", window)
        self.act_collect.setStatusTip("选择文件夹（如 U 盘）或文件，汇总各单位报送的工作簿，查看概览")
        self.act_collect.triggered.connect(lambda _c=False: self.collect())
        self.act_open = QAction("打开汇总文件(&O)…", window)
        self.act_open.setStatusTip("打开保存的汇总文件（.perfdesk-summary）")
        self.act_open.triggered.connect(lambda _c=False: self.open_summary())
        self.act_dispatch = QAction("下发任务(&D)…", window)
        self.act_dispatch.setStatusTip("按单位名单为每个单位生成空白工作簿（含截止日期和填报说明）和任务清单")
        self.act_dispatch.triggered.connect(lambda _c=False: self.dispatch())
        menu = window.menuBar().addMenu("汇总(&S)")
        for a in (self.act_collect, self.act_open, None, self.act_dispatch):
            menu.addSeparator() if a is None else menu.addAction(a)
        self.menu = menu
        # the banner of a dispatched workbook: its deadline and the 主管部门's instructions
        window.task_banner = TaskBanner(window)
        window.workspace.layout().insertWidget(0, window.task_banner)

    # -- 汇总 -----------------------------------------------------------------------------------
    def collect(self):
        """Ask what to collect, collect it with a progress dialog that can be cancelled, and
        open the overview. Returns the overview window, or None."""
        from .collect_dialog import CollectDialog

        dialog = CollectDialog(self.window)
        if not dialogs.run_dialog(dialog):
            return None
        return self.collect_sources(dialog.sources(), dialog.year(), dialog.manifest())

    def collect_sources(self, sources: list[str], year: int | None = None, manifest: str = ""):
        from ...collect.dispatch import DispatchError
        from ...collect.gather import collect
        from ..progress import Cancelled, Progress
        from .data import Summary

        try:
            with Progress(self.window, "正在汇总…", 1, delay_ms=300) as progress:
                collection = collect(sources, year, Path(manifest) if manifest else None,
                                     progress=progress.callback("正在读取 {name}（{done}/{total}）"))
                summary = Summary.from_collection(collection, progress.callback("正在审核 {name}（{done}/{total}）"))
        except Cancelled:
            self.window.statusBar().showMessage("已取消汇总，未做任何更改", 6000)
            return None
        except DispatchError as exc:
            dialogs.show_error(self.window, "无法汇总", str(exc))
            return None
        if not summary.rows and not summary.rejected:
            dialogs.show_error(self.window, "无法汇总", "所选位置中没有 .perfdesk 或 .xlsx 工作簿文件")
            return None
        return self.show_overview(summary, saved=False)

    def open_summary(self, path: str | None = None):
        from .data import Summary

        path = path or dialogs.ask_open_file(self.window, "打开汇总文件", "", SUMMARY_FILTER)
        if not path:
            return None
        try:
            summary = Summary.load(Path(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            dialogs.show_error(self.window, "无法打开汇总文件", f"{path}：{text}" if str(path) not in text else text)
            return None
        return self.show_overview(summary, saved=True)

    def show_overview(self, summary, saved: bool):
        from shiboken6 import isValid

        from .overview_window import OverviewWindow

        window = OverviewWindow(summary, self.window, saved=saved)
        self.overviews = [w for w in self.overviews if isValid(w)] + [window]
        window.show()
        window.raise_()
        return window

    # -- 下发任务 --------------------------------------------------------------------------------
    def dispatch(self):
        from .dispatch_dialog import DispatchDialog

        dialog = DispatchDialog(self.window)
        if not dialogs.run_dialog(dialog):
            return None
        manifest = dialog.result_manifest
        dialogs.show_info(self.window, "下发任务",
                          f"已为 {len(manifest['units'])} 个单位生成工作簿和任务清单，写入 {dialog.out_dir()}。"
                          "把各单位的文件发给它们；收回后用“汇总…”选择这个文件夹或收回文件所在的文件夹。")
        return manifest
