"""The 分析 tab of the overview: where the charts of the collected units go (counts by grade, the
spread of 执行率 and of self-evaluation scores, the units with the most errors). The charts are
drawn elsewhere, Qt-free, as SVG; this pane only shows SVG bytes it is given.

`CHARTS(summary)` (gui/summary/charts.py: the same drawings as the printed 汇总分析 page, as SVG)
is asked when the tab is first shown; `set_charts([(title, svg_bytes), ...])` shows others."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

def _summary_charts(summary):
    from .charts import summary_charts     # ReportLab and the analysis: when the tab is first shown

    return summary_charts(summary)


# function(summary) -> [(title, svg bytes)]: the printed 汇总分析 page's charts (tests replace it)
CHARTS = _summary_charts


class SvgChart(QWidget):
    """One chart: an SVG drawn at its own aspect ratio, as wide as the pane allows."""

    def __init__(self, svg: bytes, parent=None):
        from PySide6.QtSvg import QSvgRenderer

        super().__init__(parent)
        self.renderer = QSvgRenderer(QByteArray(svg), self)
        if not self.renderer.isValid():
            raise ValueError("图表不是有效的 SVG")
        size = self.renderer.defaultSize()
        self._ratio = size.height() / size.width() if size.width() > 0 else 0.6
        self._natural = size

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(min(width, self._natural.width() * 1.5) * self._ratio)

    def sizeHint(self) -> QSize:
        return self._natural

    def paintEvent(self, event):
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QPainter

        width = min(self.width(), self._natural.width() * 1.5)
        painter = QPainter(self)
        self.renderer.render(painter, QRectF(0, 0, width, width * self._ratio))
        painter.end()


class AnalysisPane(QScrollArea):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("summaryAnalysis")
        self.setWidgetResizable(True)
        self.summary = None
        self._asked = False
        self.charts: list[SvgChart] = []
        self._show_placeholder("图表尚未生成：汇总分析（按等级计数、执行率与自评得分分布、错误最多的单位）将显示在这里。")

    def _body(self) -> QVBoxLayout:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self.setWidget(body)
        return layout

    def _show_placeholder(self, text: str) -> None:
        layout = self._body()
        self.placeholder = QLabel(text)
        self.placeholder.setObjectName("analysisPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #666; border: 1px dashed #bbb; padding: 40px;")
        layout.addWidget(self.placeholder)
        layout.addStretch(1)

    def set_summary(self, summary) -> None:
        self.summary = summary
        self._asked = False

    def showEvent(self, event):
        super().showEvent(event)
        if not self._asked and CHARTS is not None and self.summary is not None:
            self._asked = True
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.set_charts(CHARTS(self.summary))
            except ValueError as exc:     # a summary that cannot be analysed honestly (several years)
                self._show_placeholder(f"图表未能生成：{exc}")
            except Exception as exc:      # noqa: BLE001 - a chart that fails never takes the overview down
                self._show_placeholder(f"图表未能生成（{type(exc).__name__}：{exc}）")
            finally:
                QGuiApplication.restoreOverrideCursor()

    def set_charts(self, charts) -> None:
        """Show charts, each (title, SVG bytes), two to a row as the printed page has them (each
        drawing carries its own title; the title is the widget's accessible name and tooltip);
        an invalid SVG is named, the others shown."""
        from PySide6.QtWidgets import QGridLayout

        if not charts:
            self._show_placeholder("没有可显示的图表")
            return
        layout = self._body()
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        layout.addLayout(grid)
        self.charts = []
        self.placeholder = None
        for i, (title, svg) in enumerate(charts):
            try:
                chart = SvgChart(svg)
            except ValueError as exc:
                chart = None
                widget = QLabel(f"{title}：{exc}")
            else:
                widget = chart
                chart.setAccessibleName(title)
                chart.setToolTip(title)
                self.charts.append(chart)
            grid.addWidget(widget, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
