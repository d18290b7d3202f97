"""The 汇总分析 charts as ReportLab drawings (vector; the labels in the print's CJK font, embedded in
the PDF like every other text), and the same drawings as SVG for the GUI overview (QSvgRenderer).

The figures come from perfdesk.domain.summary_analysis; nothing here computes a figure."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..domain.summary_analysis import Analysis, Chart
from .fonts import FontSet
from .text import TextBlock, TextStyle

BAR = colors.HexColor("#4A78B0")
GRADE_COLOURS = {"优": "#3C8D4F", "良": "#7FB65C", "中": "#E0A63A", "差": "#C8473D", "未评级": "#9A9A9A"}
ERROR = colors.HexColor("#C8473D")
TITLE_SIZE, LABEL_SIZE = 10.5, 8


def _fit(text: str, fonts: FontSet, size: float, width: float) -> str:
    """Cut a label to the width (a long unit name), marking the cut with …."""
    if fonts.text_width(text, size) <= width:
        return text
    while text and fonts.text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def nice_step(top: int, ticks: int = 5) -> int:
    """A gridline step of 1, 2 or 5 × 10ⁿ giving about `ticks` lines up to `top`."""
    raw = max(1.0, top / ticks)
    power = 10 ** (len(str(int(raw))) - 1)
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def chart_drawing(chart: Chart, fonts: FontSet, width: float = 125 * mm, height: float = 72 * mm) -> Drawing:
    """One chart: its title on top, the bars with their counts, the categories under (or, for a
    horizontal chart, beside) them. An empty chart says so instead of drawing empty axes."""
    d = Drawing(width, height)
    d.initialFontName = font = fonts.name     # the renderer's starting font too: no Helvetica in the PDF
    d.add(String(width / 2, height - TITLE_SIZE - 2, f"{chart.title}", fontName=font, fontSize=TITLE_SIZE,
                 textAnchor="middle"))
    d.add(String(width - 6, height - TITLE_SIZE - 2, f"单位：{chart.unit}", fontName=font, fontSize=LABEL_SIZE - 1,
                 textAnchor="end", fillColor=colors.HexColor("#555555")))
    values = [b.value for b in chart.bars]
    if not values or not any(values):
        d.add(String(width / 2, height / 2, "（无数据）", fontName=font, fontSize=LABEL_SIZE + 1, textAnchor="middle",
                     fillColor=colors.HexColor("#777777")))
        d.add(Rect(0, 0, width, height, strokeColor=colors.HexColor("#BBBBBB"), fillColor=None, strokeWidth=0.5))
        return d
    top = max(values)
    step = nice_step(top)
    value_max = step * (top // step + 1)        # room above the highest bar for its count
    if chart.horizontal:
        label_w = min(width * 0.42, max(fonts.text_width(b.label, LABEL_SIZE) for b in chart.bars) + 6)
        bc = HorizontalBarChart()
        # a few units get bars as thick as ten would, not one bar filling the panel
        bc.height = min(height - TITLE_SIZE - 30, max(3, len(chart.bars)) * 18)
        bc.x, bc.y = label_w, height - TITLE_SIZE - 16 - bc.height
        bc.width = width - label_w - 18
        # the worst unit on top: ReportLab draws the first category at the bottom
        bars = list(reversed(chart.bars))
        bc.data = [[b.value for b in bars]]
        bc.categoryAxis.categoryNames = [_fit(b.label, fonts, LABEL_SIZE, label_w - 6) for b in bars]
        bc.categoryAxis.labels.boxAnchor = "e"
        bc.categoryAxis.labels.dx = -3
        bc.bars[0].fillColor = ERROR
        bc.barLabels.boxAnchor = "w"
        bc.barLabels.dx = 2
    else:
        bc = VerticalBarChart()
        bc.x, bc.y = 26, 26
        bc.width, bc.height = width - 34, height - TITLE_SIZE - 44
        bc.data = [values]
        bc.categoryAxis.categoryNames = [b.label for b in chart.bars]
        bc.categoryAxis.labels.boxAnchor = "n"
        bc.categoryAxis.labels.dy = -3
        bc.bars[0].fillColor = BAR
        if chart.id == "grades":
            for i, b in enumerate(chart.bars):
                bc.bars[(0, i)].fillColor = colors.HexColor(GRADE_COLOURS.get(b.label, "#4A78B0"))
        bc.barLabels.boxAnchor = "s"
        bc.barLabels.dy = 2
    bc.barLabelFormat = "%d"
    bc.barLabels.fontName = font
    bc.barLabels.fontSize = LABEL_SIZE
    bc.categoryAxis.labels.fontName = font
    bc.categoryAxis.labels.fontSize = LABEL_SIZE
    bc.valueAxis.labels.fontName = font
    bc.valueAxis.labels.fontSize = LABEL_SIZE - 1
    bc.valueAxis.valueMin, bc.valueAxis.valueMax, bc.valueAxis.valueStep = 0, value_max, step
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    bc.valueAxis.gridStrokeWidth = 0.4
    bc.bars.strokeColor = None
    bc.barWidth = 8
    d.add(bc)
    return d


def analysis_drawings(analysis: Analysis, fonts: FontSet, width: float = 125 * mm,
                      height: float = 72 * mm) -> list[Drawing]:
    """Each chart of the analysis as its own drawing (the GUI shows them one by one)."""
    return [chart_drawing(c, fonts, width, height) for c in analysis.charts]


def analysis_panel(analysis: Analysis, fonts: FontSet, width: float, height: float) -> Drawing:
    """The four charts two by two in one drawing, as the analysis page prints them."""
    gap = 6 * mm
    w, h = (width - gap) / 2, (height - gap) / 2
    panel = Drawing(width, height)
    panel.initialFontName = fonts.name
    for i, d in enumerate(analysis_drawings(analysis, fonts, w, h)):
        col, row = i % 2, i // 2
        g = Group(*d.contents)
        g.translate(col * (w + gap), height - (row + 1) * h - row * gap)
        panel.add(g)
    panel.add(Line(width / 2, 0, width / 2, height, strokeColor=colors.HexColor("#DDDDDD"), strokeWidth=0.4))
    return panel


def drawing_svg(drawing: Drawing, fonts: FontSet | None = None) -> bytes:
    """The drawing as SVG (UTF-8): the labels as text, in the print font's family (then any CJK
    sans-serif), so QSvgRenderer draws them with the fonts the PC has."""
    text = renderSVG.drawToString(drawing)
    # QtSvg (SVG Tiny 1.2) knows no clipPath and would paint its rectangle black over the chart;
    # the drawing never draws outside itself, so the clip is not needed
    text = re.sub(r"<clipPath\b.*?</clipPath>", "", text, flags=re.S)
    text = re.sub(r"\s*clip-path:\s*url\(#[^)]*\);?", "", text)
    if fonts is not None:
        family = escape(fonts.primary.family or "SimSun", {'"': "&quot;"})
        for loaded in [fonts.primary, *fonts.fallbacks]:
            text = re.sub(rf"font-family:\s*{re.escape(loaded.name)}",
                          f"font-family: '{family}', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif", text)
            text = text.replace(f'font-family="{loaded.name}"', f'font-family="{family}, sans-serif"')
    return text.encode("utf-8")


class AnalysisPage(Flowable):
    """The 汇总分析 page's charts: the panel scaled to the space the page has left."""

    def __init__(self, analysis: Analysis, fonts: FontSet):
        super().__init__()
        self.analysis, self.fonts = analysis, fonts

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, max(120 * mm, min(avail_height, avail_width * 0.62))
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        panel = analysis_panel(self.analysis, self.fonts, self.width, self.height)
        panel.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


def analysis_flowables(analysis: Analysis, fonts: FontSet, title: str) -> list[Flowable]:
    """The analysis page: its title, the headline figures, the four charts."""
    head = TextStyle(size=16, leading=24, align="center", bold=True, space_after=4)
    body = TextStyle(size=10.5, leading=17)
    lines = "\n".join(f"{n}．{line}" for n, line in enumerate(analysis.lines, start=1))
    return [TextBlock(title, fonts, head), TextBlock(lines, fonts, body.but(space_after=6)),
            AnalysisPage(analysis, fonts)]
