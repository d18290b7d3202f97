"""汇总表 printed: the summary tables (an ordinary workbook of summary forms, made by
perfdesk.collect.summary_tables) followed by the 汇总分析 page, for `perfdesk summary print` and
the overview's 打印汇总表和分析 alike."""
from __future__ import annotations

from pathlib import Path

from ..domain.model import Workbook
from ..domain.summary_analysis import Analysis
from .charts import analysis_flowables
from .document import PrintResult, write_pdf
from .fonts import FontSet


def write_summary_pdf(workbook: Workbook, out: Path, fonts: FontSet, analysis: Analysis | None = None,
                      analysis_title: str = "") -> PrintResult:
    """The tables (no cover, no contents), then the analysis page when one is given (landscape)."""
    after = None
    if analysis is not None:
        title = analysis_title or f"{workbook.year}年度项目支出绩效自评汇总分析"
        after = (title, "landscape", analysis_flowables(analysis, fonts, title))
    return write_pdf(workbook, Path(out), fonts=fonts, cover=False, contents=False, after=after)
