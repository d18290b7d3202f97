"""打印预览, 打印 and 导出 PDF from the main window.

Each asks which forms (the current one, a selection, the whole workbook) and the options (font,
cover, contents: remembered per user, print_options),
checks them first (errors in the check dock make the print a draft, marked as such on every page,
or take the user to the first error), finds a CJK font (a missing one is said plainly), lays the
PDF out with progress that can be cancelled, and says which font printed it and which characters
no font has. perfdesk.pdf does the layout, perfdesk.gui.print_preview the preview and the printer.
"""
from __future__ import annotations

from pathlib import Path

import msgspec
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from . import dialogs, print_options
from .progress import Cancelled, Progress
from .scopes import ALL, CURRENT

DRAFT_MARK = "草稿：审核有 {n} 处错误，不能盖章报送"
PDF_FILTER = "PDF 文件 (*.pdf);;所有文件 (*)"
# the verb of the check dialog's buttons per command: 导出 PDF offers 导出草稿, not 打印草稿
DRAFT_VERBS = {"打印预览": "预览", "打印": "打印", "导出 PDF": "导出"}


def _preview():
    """The preview and printer module (QtPrintSupport, poppler) loads with the first print."""
    from . import print_preview
    return print_preview


class PrintJob(msgspec.Struct):
    form_ids: list[str]
    cover: bool
    draft: str          # the mark on every page of a draft, "" for a clean print
    title: str          # for the preview's window title and the PDF's file name
    contents: bool = False
    font: object = None             # the pdf.fonts.FontFile chosen, None for the default (reportlab
                                    # is imported with the first print, not at start)
    font_note: str = ""             # e.g. the remembered font is gone: said in the status bar


class PrintActions(QObject):
    """The print actions of a main window (it keeps `act_print`; this adds the others)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.act_print = window.act_print
        self.act_preview = self._action("打印预览(&V)…", self.preview, "看看打印出来是什么样子（可选打印哪些表）",
                                        QKeySequence("Ctrl+Shift+P"))
        self.act_export_pdf = self._action("导出 PDF(&D)…", self.export_pdf, "把表单存为 PDF 文件（可选哪些表）")
        self.act_preview_form = self._action("打印预览此表", lambda: self.preview(current_only=True),
                                             "预览当前表的打印效果")
        self.act_print_form = self._action("打印此表…", lambda: self.print_(current_only=True), "只打印当前表")
        self.last_result = None            # the PrintResult of the last print (for the status bar, tests)
        self.previews: list = []           # open preview windows
        self._scope, self._selected = CURRENT, []
        self._temp_dirs: list[Path] = []
        window.documentChanged.connect(self._document_changed)
        window.formShown.connect(self._form_shown)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.remove_temporary_files)
        self._document_changed(None)

    def _action(self, text, slot, tip="", shortcut=None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def actions(self) -> tuple[QAction, ...]:
        return self.act_preview, self.act_export_pdf, self.act_preview_form, self.act_print_form

    def _document_changed(self, document) -> None:
        self._scope, self._selected = CURRENT, []      # a choice of forms belongs to its workbook
        for action in (self.act_preview, self.act_export_pdf):
            action.setEnabled(document is not None)
        self._form_shown(self.window.current_form_id() if document is not None else "")

    def _form_shown(self, form_id: str) -> None:
        for action in (self.act_preview_form, self.act_print_form):
            action.setEnabled(bool(form_id))

    def _status(self, text: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(text, ms)

    # -- the three commands -----------------------------------------------------------------
    def preview(self, current_only: bool = False):
        """打印预览: the preview window (not modal), or None."""
        job = self.prepare("打印预览", "预览", current_only)
        if job is None:
            return None
        path = self._temporary_path()
        result = self.render(job, path)
        if result is None:
            return None
        note, warning = self._note(job, result)
        dialog = _preview().show_print_preview(
            path, self.window, job.title, note=note, warning=warning,
            print_with=lambda d, job=job, result=result: self._print_from_preview(d, job, result))
        if dialog is not None:
            self.previews.append(dialog)
            dialog.finished.connect(lambda _r, d=dialog: d in self.previews and self.previews.remove(d))
        self._status(f"打印预览：{len(job.form_ids)} 张表，共 {result.pages} 页。{_first_line(result, job)}")
        return dialog

    def print_(self, current_only: bool = False) -> int:
        """打印: the PDF laid out, then the system print dialog; the number of pages sent."""
        job = self.prepare("打印", "打印…", current_only)
        if job is None:
            return 0
        path = self._temporary_path()
        result = self.render(job, path)
        if result is None:
            return 0
        if result.missing and not dialogs.confirm(
                self.window, "打印会缺字", result.font_report(paths=False) + "\n\n仍要打印吗？"):
            return 0
        try:
            renderer = _preview().page_renderer(path)
        except _preview().PrintError as exc:
            dialogs.show_error(self.window, "无法打印", str(exc))
            return 0
        if renderer is None:
            if dialogs.confirm(self.window, "打印", "本机没有可直接打印 PDF 的组件。\n\n"
                               f"用系统的 PDF 阅读器打开打印文件，从那里打印吗？\n（文件：{path}）"):
                _preview().open_in_system_viewer(path)
            return 0
        return self._send(path, renderer, job, result, self.window)

    def _print_from_preview(self, dialog, job: PrintJob, result) -> int:
        """The preview's own 打印 button: as 打印 does, from the PDF already laid out."""
        if result.missing and not dialogs.confirm(
                dialog, "打印会缺字", result.font_report(paths=False) + "\n\n仍要打印吗？"):
            return 0
        return self._send(dialog.path, dialog.renderer, job, result, dialog)

    def _send(self, path: Path, renderer, job: PrintJob, result, parent) -> int:
        """The system print dialog, then the pages with progress; the number of pages sent."""
        printer = _preview().choose_printer(parent)
        if printer is None:
            self._status("已取消打印", 5000)
            return 0
        try:
            with Progress(parent, "正在打印…", result.pages) as progress:
                sent = _preview().print_pdf(
                    path, printer, renderer,
                    on_page=lambda page, count: progress.step(f"正在发送第 {page + 1} 页，共 {count} 页"))
        except Cancelled:
            self._status("已取消打印（已送出的页可能仍会打印）", 8000)
            return 0
        except _preview().PrintError as exc:
            dialogs.show_error(parent, "打印失败", str(exc))
            return 0
        draft = "（草稿）" if job.draft else ""
        self._status(f"已送往打印机{draft}：{len(job.form_ids)} 张表，共 {sent} 页。{_first_line(result, job)}")
        return sent

    def export_pdf(self) -> Path | None:
        """导出 PDF…: the chosen forms written to a PDF file of the user's choice."""
        job = self.prepare("导出 PDF", "导出…", False)
        if job is None:
            return None
        doc = self.window.document
        directory = doc.path.parent if doc.path else Path.home()
        target = dialogs.ask_save_file(self.window, "导出 PDF", str(directory / f"{_file_name(job.title)}.pdf"),
                                       PDF_FILTER, ".pdf")
        if not target:
            return None
        result = self.render(job, Path(target))
        if result is None:
            return None
        draft = "（草稿）" if job.draft else ""
        self._status(f"已导出 PDF{draft}：{target}（{len(job.form_ids)} 张表，共 {result.pages} 页）。"
                     f"{_first_line(result, job)}", 12000)
        if result.missing:
            dialogs.show_info(self.window, "导出的 PDF 会缺字", f"已导出到 {target}，但：\n\n{result.font_report(paths=False)}")
        return Path(target)

    # -- the steps ----------------------------------------------------------------------------
    def prepare(self, purpose: str, ok_text: str, current_only: bool) -> PrintJob | None:
        """Which forms, and whether the print is clean or a draft; None when the user stops."""
        window = self.window
        doc = window.document
        if doc is None:
            return None
        window.finish_editing()
        current = window.current_form_id()
        everything = False
        options = print_options.load_options()
        font, font_note = print_options.resolve_font(options.font)
        if current_only:
            if not current:
                return None
            ids, cover, contents = [current], False, False
        else:
            from .form_scope import FormScopeDialog     # its Qt classes: when first shown

            dialog = FormScopeDialog(doc.workbook, current, purpose, ok_text, True, self._scope,
                                     self._selected, window, options, print_options.font_names())
            try:
                if not dialogs.run_dialog(dialog):
                    return None
                ids, cover, contents = dialog.form_ids(), dialog.cover(), dialog.contents()
                self._scope, self._selected = dialog.scope, dialog.checked_ids()
                everything = dialog.scope == ALL
                options = dialog.options()
                print_options.save_options(options)
                if options.font:        # a font chosen now: nothing fell back
                    font, font_note = print_options.resolve_font(options.font)
            finally:
                dialog.deleteLater()
            if not ids:
                return None
        if everything:
            title = f"{doc.workbook.unit}{doc.workbook.year}年度预算绩效管理表"
        elif len(ids) == 1:
            form = doc.workbook.form(ids[0])
            title = form.title or form.definition.name
        else:
            title = f"{doc.workbook.unit}{doc.workbook.year}年度绩效表（{len(ids)} 张）"
        draft = self.check_before_print(ids, purpose)
        if draft is None:
            return None
        return PrintJob(ids, cover, draft, title, contents, font, font_note)

    def errors(self, form_ids: list[str]) -> list:
        """The check dock's 错误 for these forms, in the workbook's order (re-checked first)."""
        dock = self.window.check_dock
        if hasattr(dock, "flush"):
            dock.flush()            # edits still waiting for their re-check
        if not hasattr(dock, "findings"):
            return []
        order = {form_id: i for i, form_id in enumerate(form_ids)}
        found = [f for f in dock.findings() if f.form in order and f.severity.blocks_print]
        return sorted(found, key=lambda f: order[f.form])

    def check_before_print(self, form_ids: list[str], purpose: str = "打印") -> str | None:
        """"" for a clean print, the draft mark to print a draft anyway, None to stop (the user
        went to the first error, or cancelled)."""
        errors = self.errors(form_ids)
        if not errors:
            return ""
        wb = self.window.document.workbook
        titles = []
        for f in errors:
            form = wb.form(f.form)
            if (form.title or form.definition.name) not in titles:
                titles.append(form.title or form.definition.name)
        where = "、".join(f"“{t}”" for t in titles[:3]) + (f" 等 {len(titles)} 张表" if len(titles) > 3 else "")
        text = f"审核发现 {len(errors)} 处错误（在{where}），有错误的表不能作为正式表盖章报送。"
        verb = DRAFT_VERBS.get(purpose, "打印")
        detail = (f"可以先转到第一处错误改正后再{verb}；也可以{verb}草稿供核对，每页顶端会标注"
                  f"“{DRAFT_MARK.format(n=len(errors))}”。")
        choice = dialogs.ask_choice(self.window, f"{verb}前审核", text, [f"{verb}草稿", "转到第一处错误", "取消"],
                                    default=1, detail=detail)
        if choice == 0:
            return DRAFT_MARK.format(n=len(errors))
        if choice == 1:
            self.go_to(errors[0])
        return None

    def go_to(self, finding) -> None:
        window = self.window
        dock = window.check_dock
        dock.show()
        dock.raise_()
        window.select_cell(finding.form, finding.place)
        if hasattr(dock, "select_finding"):
            dock.select_finding(finding.form, finding.place)
        window.statusBar().showMessage(f"错误：{finding.where}：{finding.message}", 10000)

    def render(self, job: PrintJob, path: Path):
        """Lay the PDF out (with progress; 取消 stops it and writes nothing). The PrintResult, or
        None after telling the user why not."""
        from ..pdf import FontError, find_fonts, write_pdf

        window = self.window
        try:
            fonts = find_fonts(job.font)
        except FontError as exc:
            dialogs.show_error(window, "无法打印：没有可用的中文字体", str(exc))
            return None
        count = len(job.form_ids)
        try:
            with Progress(window, f"正在排版 {count} 张表…", count) as progress:
                result = write_pdf(window.document.workbook, path, form_ids=job.form_ids, fonts=fonts,
                                   cover=job.cover, contents=job.contents, draft=job.draft,
                                   progress=lambda done, total, title: progress.step(
                                       f"正在排版第 {done + 1} 张，共 {total} 张：{title}"))
        except Cancelled:
            self._status("已取消", 5000)
            return None
        except PermissionError:
            dialogs.show_error(window, "无法写入 PDF", f"无法写入 {path}：没有权限，或文件正被其他程序"
                               "（如 PDF 阅读器）打开。请关闭后重试，或换一个文件名。")
            return None
        except OSError as exc:
            dialogs.show_error(window, "无法写入 PDF", f"无法写入 {path}：{exc.strerror or exc}")
            return None
        except ValueError as exc:     # nothing to print
            dialogs.show_error(window, "无法打印", str(exc))
            return None
        self.last_result = result
        return result

    def _note(self, job: PrintJob, result) -> tuple[str, str]:
        """What the preview says above the pages: the fonts used (a note), and in red the
        characters no font has and whether this is a draft (warnings)."""
        lines = result.font_report(paths=False).splitlines()
        note = [line for line in lines if not line.startswith("警告：")] + ([job.font_note] if job.font_note else [])
        warning = [line for line in lines if line.startswith("警告：")]
        if job.draft:
            warning.append(f"这是草稿，每页顶端标有“{job.draft}”。改正审核错误后再打印正式表。")
        return "\n".join(note), "\n".join(warning)

    def _temporary_path(self) -> Path:
        path = _preview().temporary_pdf_path(self.window.document.workbook)
        self._temp_dirs.append(path.parent)
        return path

    def remove_temporary_files(self) -> None:
        for directory in self._temp_dirs:
            import shutil

            shutil.rmtree(directory, ignore_errors=True)
        self._temp_dirs.clear()


def _first_line(result, job: PrintJob | None = None) -> str:
    report = result.font_report(paths=False)
    first = report.splitlines()[0] if report else ""
    if job is not None and job.font_note:
        first = f"{job.font_note}。{first}"
    return first + ("；有缺字，详见提示" if result.missing else "")


def _file_name(title: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in title).strip() or "perfdesk"
