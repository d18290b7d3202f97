"""The few colours and fonts the editors share, so computed and marked cells look alike everywhere.

Colours, not brushes: a QColor serves as a background or foreground role, and PySide creates the
QBrush type (with QGradient and its 180 presets) only when a brush is first touched."""
from PySide6.QtGui import QColor, QFont

COMPUTED_BACKGROUND = QColor("#e8edf3")   # greyed like the official templates
COMPUTED_FOREGROUND = QColor("#1f3a5f")
UNPARSED_BACKGROUND = QColor("#fde2e1")   # kept as typed, but not understood
PLACEHOLDER_BACKGROUND = QColor("#fff3cd")  # 是/否: states no target
OVERRIDE_BACKGROUND = QColor("#fce8d5")     # a score the rule does not give: stays visible
LABEL_FOREGROUND = QColor("#333333")
PROGRESS_FILL = QColor("#9fd3a0")          # a completeness bar's done part
# a monitoring form's warning lights (the mark beside 1-N月执行情况)
LIGHT_COLORS = {"red": QColor("#d93025"), "yellow": QColor("#f2b705"), "green": QColor("#34a853"),
                "blue": QColor("#1a73e8")}
ERROR_STYLE = "QLineEdit { border: 2px solid #d93025; background: #fff5f5; }"
CELL_EDITOR_STYLE = "QLineEdit { border: 1px solid #3b82c4; }"   # a cell being typed into shows it


def bold(font: QFont) -> QFont:
    f = QFont(font)
    f.setBold(True)
    return f


SEVERITY_COLORS = {"错误": "#d93025", "警告": "#e37400", "提示": "#1a73e8", "审核意见": "#8e24aa"}


def severity_color(severity) -> QColor:
    """The colour a cell with a finding of this severity is marked with."""
    return QColor(SEVERITY_COLORS.get(getattr(severity, "value", severity), "#1a73e8"))


def marked_style(widget_class: str, severity) -> str:
    """A text widget's frame for a finding (fields and narrative sections)."""
    return f"{widget_class} {{ border: 1px solid {severity_color(severity).name()}; }}"
