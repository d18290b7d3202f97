"""The 汇总表 from the overview (汇总 menu): 打印汇总表和分析（PDF）… and 导出汇总表（Excel）…, the
same tables, the same 汇总分析 page and the same files as `perfdesk summary print|export`
(perfdesk.collect.summary_tables.summary_tables, perfdesk.pdf.summary_print, export_xlsx). A
summary of several years asks which year; the work runs under the progress dialog."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from .. import dialogs

PDF_FILTER = "PDF 文件 (*.pdf);;所有文件 (*)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"


class SummaryPrintActions(QObject):
    @property
    def overview(self):
        """The overview window (its parent; no Python reference, so that closing it frees it)."""
        return self.parent()

    def __init__(self, overview):
        super().__init__(overview)
        self.act_print = QAction("打印汇总表和分析（PDF）(&P)…", overview)
        self.act_print.setStatusTip("项目支出绩效自评汇总表、绩效目标汇总表和汇总分析页，写成 PDF（同 perfdesk summary print）")
        self.act_print.triggered.connect(lambda _c=False: self.print_pdf())
        self.act_export_tables = QAction("导出汇总表（Excel）(&X)…", overview)
        self.act_export_tables.setStatusTip("汇总表写成 Excel 工作簿，每张表一个工作表（同 perfdesk summary export）")
        self.act_export_tables.triggered.connect(lambda _c=False: self.export_xlsx())
        menu, before = overview.menu, overview.act_close
        menu.insertAction(before, self.act_print)
        menu.insertAction(before, self.act_export_tables)
        menu.insertSeparator(before)

    def _year(self, title: str) -> tuple[bool, int | None]:
        """(go on, the year): the summary's only year (None), or the one the user picks."""
        from ...collect.summary_tables import SummaryError, summary_years

        try:
            years = summary_years(self.overview.summary.data)
        except SummaryError as exc:     # a unit that cannot be read: the tables would be short of it
            dialogs.show_error(self.overview, title, str(exc))
            return False, None
        if not years:
            dialogs.show_error(self.overview, title, "没有已报送的单位，无法编制汇总表")
            return False, None
        if len(years) == 1:
            return True, None
        at = dialogs.ask_item(self.overview, title, f"本汇总含 {'、'.join(map(str, years))} 年度的工作簿，"
                                                    "汇总表按年度编制。选择年度：", [f"{y} 年度" for y in years])
        return (True, years[at]) if at is not None else (False, None)

    def _path(self, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
        summary = self.overview.summary
        folder = summary.path.parent if summary.path else Path.home()
        chosen = dialogs.ask_save_file(self.overview, title, str(folder / name), file_filter, suffix)
        if not chosen:
            return None
        path = Path(chosen)
        if path.exists() and not dialogs.confirm(self.overview, "文件已存在", f"{path}\n已存在。覆盖它吗？"):
            return None
        return path

    def _tables(self, progress, year):
        from ...collect.summary_tables import summary_tables

        progress.step("正在计算汇总表（审核各单位的表）…")
        return summary_tables(self.overview.summary.data, None, year)

    def print_pdf(self) -> Path | None:
        from ...collect.summary_tables import SummaryError
        from ...pdf import FontError, find_fonts
        from ...pdf.summary_print import write_summary_pdf
        from ..print_options import load_options, resolve_font
        from ..progress import Cancelled, Progress

        title = "打印汇总表和分析"
        go, year = self._year(title)
        if not go:
            return None
        shown = year or self.overview.summary.year or ""
        path = self._path(title, f"{shown}年度汇总表和分析.pdf", PDF_FILTER, ".pdf")
        if path is None:
            return None
        font, note = resolve_font(load_options().font)
        try:
            fonts = find_fonts(font)
            with Progress(self.overview, "正在打印汇总表…", 3, delay_ms=300) as progress:
                tables = self._tables(progress, year)
                progress.step("正在生成汇总分析…")
                analysis = tables.analysis()
                progress.step("正在写入 PDF…")
                result = write_summary_pdf(tables.workbook, path, fonts, analysis, tables.analysis_title)
        except Cancelled:
            self.overview.statusBar().showMessage("已取消打印汇总表，未写入文件", 6000)
            return None
        except (SummaryError, FontError) as exc:
            dialogs.show_error(self.overview, "无法打印汇总表", str(exc))
            return None
        except OSError as exc:
            dialogs.show_error(self.overview, "无法打印汇总表", f"无法写入 {path}：{exc.strerror or exc}")
            return None
        text = f"已打印 {len(tables.workbook.forms)} 张汇总表和汇总分析页，共 {result.pages} 页：{path}"
        self.overview.statusBar().showMessage(text + (f"（{note}）" if note else ""), 10000)
        return path

    def export_xlsx(self) -> Path | None:
        from ...collect.summary_tables import SummaryError
        from ...xlsx.writer import XlsxExportError, export_xlsx
        from ..progress import Cancelled, Progress

        title = "导出汇总表"
        go, year = self._year(title)
        if not go:
            return None
        shown = year or self.overview.summary.year or ""
        path = self._path(title, f"{shown}年度汇总表.xlsx", XLSX_FILTER, ".xlsx")
        if path is None:
            return None
        try:
            with Progress(self.overview, "正在导出汇总表…", 2, delay_ms=300) as progress:
                tables = self._tables(progress, year)
                progress.step("正在写入 Excel…")
                report = export_xlsx(tables.workbook, path)
        except Cancelled:
            self.overview.statusBar().showMessage("已取消导出汇总表，未写入文件", 6000)
            return None
        except (SummaryError, XlsxExportError) as exc:
            dialogs.show_error(self.overview, "无法导出汇总表", str(exc))
            return None
        except OSError as exc:
            dialogs.show_error(self.overview, "无法导出汇总表", f"无法写入 {path}：{exc.strerror or exc}")
            return None
        self.overview.statusBar().showMessage(f"已导出 {len(report.sheets)} 张汇总表到 {path}", 10000)
        return path


def install(overview) -> SummaryPrintActions:
    overview.summary_print_actions = SummaryPrintActions(overview)
    return overview.summary_print_actions
