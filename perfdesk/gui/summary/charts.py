"""The 分析 tab's charts: the same drawings the printed 汇总分析 page carries (perfdesk.pdf.charts,
from perfdesk.collect.summary_tables.summary_analysis), handed to the pane as SVG."""
from __future__ import annotations


def summary_charts(summary) -> list[tuple[str, bytes]]:
    """[(title, SVG bytes)] for a Summary (gui.summary.data). Each unit's workbook is decoded
    here (a summary opened from a file keeps them undecoded until needed)."""
    from ...collect.summary_file import unit_workbook
    from ...collect.summary_tables import summary_analysis
    from ...pdf import find_fonts
    from ...pdf.charts import analysis_drawings, drawing_svg

    data = dict(summary.data)
    data["units"] = [dict(u, workbook=unit_workbook(u)) for u in summary.data.get("units", [])]
    analysis = summary_analysis(data, summary.year)
    fonts = find_fonts(None)
    return [(chart.title, drawing_svg(d, fonts))
            for chart, d in zip(analysis.charts, analysis_drawings(analysis, fonts))]
