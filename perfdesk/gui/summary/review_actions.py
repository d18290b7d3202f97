"""审核意见 from the overview (汇总 menu): 退回所选单位（含审核意见）… writes the selected unit's
workbook exactly as delivered plus its comments, as `perfdesk return --unit` does; 退回全部有意见的
单位… writes each unit with open comments into a chosen folder, named as dispatch names them
(`<代码>-<名称>.perfdesk`), as `perfdesk return --all`. Existing files are overwritten only after
asking. The unit windows get their UnitReview here: a comment added there recounts the overview
row and marks the summary unsaved."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ...collect import review
from ...domain.comments import counts
from .. import dialogs
from .unit_review import UnitReview

WORKBOOK_FILTER = "perfdesk 工作簿 (*.perfdesk);;所有文件 (*)"


def ask_folder(parent, title: str) -> str:
    """A folder, or "" (tests replace this)."""
    from .collect_dialog import ask_folder as ask

    return ask(parent, title)


class ReviewActions(QObject):
    @property
    def overview(self):
        """The overview window (its parent; no Python reference, so that closing it frees it)."""
        return self.parent()

    def __init__(self, overview):
        super().__init__(overview)
        self.act_return = QAction("退回所选单位（含审核意见）(&R)…", overview)
        self.act_return.setStatusTip("把所选单位报送的工作簿（内容不变）连同审核意见写成 .perfdesk 文件，发回单位修改")
        self.act_return.triggered.connect(lambda _c=False: self.return_selected())
        self.act_return_all = QAction("退回全部有意见的单位(&L)…", overview)
        self.act_return_all.setStatusTip("每个有未处理审核意见的单位各写一个 .perfdesk 文件到所选文件夹")
        self.act_return_all.triggered.connect(lambda _c=False: self.return_all())
        menu, before = overview.menu, overview.act_close
        menu.insertAction(before, self.act_return)
        menu.insertAction(before, self.act_return_all)
        menu.insertSeparator(before)

    # -- the unit windows ---------------------------------------------------------------------
    def unit_review(self, row: dict) -> UnitReview | None:
        entry = self.overview.summary.unit(row)
        return UnitReview(self.overview.summary, entry, self._changed) if entry is not None else None

    def _changed(self, unit_review: UnitReview) -> None:
        overview = self.overview
        for row in overview.summary.rows:
            if row.get("file") == unit_review.entry.get("file"):
                overview.model.row_changed(row)
        overview.saved = False
        overview._update_title()
        for window in overview.unit_windows:
            actions = getattr(window, "review_actions", None) if _alive(window) else None
            if actions is not None and actions.review.entry is unit_review.entry:
                actions.dock.refresh()

    # -- 退回 ------------------------------------------------------------------------------------
    def selected_row(self) -> dict | None:
        return self.overview.row_at(self.overview.view.currentIndex())

    def return_selected(self) -> Path | None:
        overview = self.overview
        row = self.selected_row()
        title = "退回所选单位"
        if row is None:
            dialogs.show_error(overview, title, "请先在单位概览中选中一个单位")
            return None
        entry = overview.summary.unit(row)
        if entry is None:
            dialogs.show_error(overview, title, f"“{row.get('unit', '')}”未报送，没有可退回的工作簿")
            return None
        if not review.entry_comments(entry):
            dialogs.show_error(overview, title, f"单位“{row.get('unit', '')}”没有审核意见，无需退回。"
                                                "请先双击该单位，在其窗口中添加审核意见。")
            return None
        try:
            wb = review.returned_workbook(entry)
        except review.ReviewError as exc:
            dialogs.show_error(overview, title, str(exc))
            return None
        folder = overview.summary.path.parent if overview.summary.path else Path.home()
        chosen = dialogs.ask_save_file(overview, "退回：保存单位工作簿", str(folder / review.return_file_name(wb)),
                                       WORKBOOK_FILTER, ".perfdesk")
        if not chosen:
            return None
        path = Path(chosen)
        if path.exists() and not dialogs.confirm(overview, "文件已存在", f"{path}\n已存在。覆盖它吗？"):
            return None
        if not self._write([(wb, path)]):
            return None
        open_, done = counts(wb.comments)
        overview.statusBar().showMessage(
            f"已退回 {wb.unit}：{path}，审核意见 {open_} 条未处理、{done} 条已处理", 10000)
        return path

    def return_all(self) -> list[Path] | None:
        overview = self.overview
        title = "退回全部有意见的单位"
        try:
            workbooks = review.returns_with_open_comments(overview.summary.data)
        except review.ReviewError as exc:
            dialogs.show_error(overview, title, str(exc))
            return None
        if not workbooks:
            dialogs.show_error(overview, title, "没有单位有未处理的审核意见，没有需要退回的工作簿")
            return None
        chosen = ask_folder(overview, f"退回 {len(workbooks)} 个单位：选择保存的文件夹")
        if not chosen:
            return None
        folder = Path(chosen)
        jobs = [(wb, folder / name) for wb, name in zip(workbooks, review.return_file_names(workbooks))]
        there = [p.name for _, p in jobs if p.exists()]
        if there:
            more = f" 等 {len(there)} 个" if len(there) > 5 else ""
            if not dialogs.confirm(overview, "文件已存在",
                                   f"文件夹 {folder} 中已有：{'、'.join(there[:5])}{more}。覆盖它们吗？"):
                return None
        if not self._write(jobs):
            return None
        overview.statusBar().showMessage(f"已退回 {len(jobs)} 个单位的工作簿（含审核意见）到 {folder}", 10000)
        dialogs.show_info(overview, title, f"已把 {len(jobs)} 个有未处理审核意见的单位的工作簿写入 {folder}：\n"
                          + "\n".join(p.name for _, p in jobs[:20]) + ("\n……" if len(jobs) > 20 else ""))
        return [p for _, p in jobs]

    def _write(self, jobs) -> bool:
        from ...store.workbook_file import WorkbookFileError

        for wb, path in jobs:
            try:
                if not path.parent.is_dir():
                    raise OSError(f"文件夹不存在：{path.parent}")
                review.write_return(path, wb)
            except (WorkbookFileError, OSError) as exc:
                text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                dialogs.show_error(self.overview, "无法退回", f"无法写入 {path}：{text}")
                return False
        return True


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def install(overview) -> ReviewActions:
    overview.review_actions = ReviewActions(overview)
    return overview.review_actions
