"""The few colours and fonts the editors share, so computed and marked cells look alike everywhere."""
from PySide6.QtGui import QBrush, QColor, QFont

COMPUTED_BACKGROUND = QBrush(QColor("#e8edf3"))   # greyed like the official templates
COMPUTED_FOREGROUND = QBrush(QColor("#1f3a5f"))
UNPARSED_BACKGROUND = QBrush(QColor("#fde2e1"))   # kept as typed, but not understood
PLACEHOLDER_BACKGROUND = QBrush(QColor("#fff3cd"))  # 是/否: states no target
LABEL_FOREGROUND = QBrush(QColor("#333333"))
ERROR_STYLE = "QLineEdit { border: 2px solid #d93025; background: #fff5f5; }"
CELL_EDITOR_STYLE = "QLineEdit { border: 1px solid #3b82c4; }"   # a cell being typed into shows it


def bold(font: QFont) -> QFont:
    f = QFont(font)
    f.setBold(True)
    return f
