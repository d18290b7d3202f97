"""The start page, when no workbook is open: 新建, 打开, the recent drafts and the samples."""
from __future__ import annotations

import os

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..samples import SAMPLES
from . import settings
from .recovery import Interrupted, peek
from .table_model import SimpleTableModel

MISSING = QBrush(QColor("#9aa0a6"))
RECOVERED = QBrush(QColor("#b06000"))
RECOVERED_ROLE = Qt.ItemDataRole.UserRole + 1     # the Interrupted of a workbook with recoverable edits


class RecentModel(SimpleTableModel):
    HEADERS = ("单位", "年度", "最后修改", "文件")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries = settings.recent_entries()
        self.recovered: dict[str, Interrupted] = {}     # path → edits a crashed session left

    def refresh(self, recovered: dict[str, Interrupted] | None = None) -> None:
        self.beginResetModel()
        self.entries = settings.recent_entries()
        self.recovered = {os.path.normcase(os.path.realpath(p)): i for p, i in (recovered or {}).items()}
        self.endResetModel()

    def _recovered(self, e) -> Interrupted | None:
        return self.recovered.get(os.path.normcase(os.path.realpath(e.path)))

    def rows(self):
        return self.entries

    def cell(self, e, column: int, role):
        exists = e.exists
        recovered = self._recovered(e) if exists else None
        if role == Qt.ItemDataRole.DisplayRole:
            name = os.path.basename(e.path) + ("（文件已不存在）" if not exists else "")
            if recovered is not None:
                name = "有可恢复的修改 · " + name
            return (e.unit or "（未填单位）", f"{e.year}" if e.year else "", e.changed, name)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if recovered is not None:
                return f"{e.path}\n{recovered.text}\n打开时可选择恢复。"
            return e.path if exists else f"{e.path}\n文件已不存在（被移动、改名或删除）"
        if role == Qt.ItemDataRole.ForegroundRole and not exists:
            return MISSING
        if role == Qt.ItemDataRole.ForegroundRole and recovered is not None:
            return RECOVERED
        if role == RECOVERED_ROLE:
            return recovered
        if role == Qt.ItemDataRole.UserRole:
            return e.path
        return None


class SampleModel(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(SAMPLES)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        sample = SAMPLES[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return sample.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"内置示例 {sample.name}：真实填报表的转录（含原表中的错误，供审核演示）"
        if role == Qt.ItemDataRole.UserRole:
            return sample.name
        return None


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    recentChosen = Signal(str)
    sampleChosen = Signal(str)
    recoveryChosen = Signal(str)      # reopen the workbook an interrupted session had open

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel("预算绩效管理表填报")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel("部门整体与项目支出的绩效目标表、绩效自评表：离线填写、审核、打印")
        subtitle.setStyleSheet("color: #5f6b7a;")
        self.new_button = QPushButton("新建工作簿…")
        self.new_button.setObjectName("newButton")
        self.open_button = QPushButton("打开…")
        self.open_button.setObjectName("openButton")
        for b in (self.new_button, self.open_button):
            b.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
            b.setMinimumWidth(self.fontMetrics().horizontalAdvance("新建工作簿…") + 48)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)

        self.recent_model = RecentModel(self)
        self.recent = QTableView()
        self.recent.setObjectName("recent")
        self.recent.setModel(self.recent_model)
        self.recent.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent.verticalHeader().setVisible(False)
        self.recent.setShowGrid(False)
        self.recent.setAlternatingRowColors(True)
        self.recent.setWordWrap(False)
        header = self.recent.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("汉") * 18)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.recent.activated.connect(lambda index: self.recentChosen.emit(index.data(Qt.ItemDataRole.UserRole)))
        forget = QAction("从列表中移除", self.recent)
        forget.setShortcut(Qt.Key.Key_Delete)
        forget.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        forget.triggered.connect(self._forget_current)
        self.recent.addAction(forget)
        self.recent.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.empty_recent = QLabel("还没有打开过工作簿。")
        self.empty_recent.setStyleSheet("color: #5f6b7a;")

        self.samples = QListView()
        self.samples.setObjectName("samples")
        self.samples.setModel(SampleModel(self))
        self.samples.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.samples.setSpacing(3)
        self.samples.setMaximumHeight(self.fontMetrics().height() * 9)
        self.samples.activated.connect(lambda index: self.sampleChosen.emit(index.data(Qt.ItemDataRole.UserRole)))

        # after a crash: the workbook that was open, with what its autosave journal kept
        self.recovery_box = QFrame()
        self.recovery_box.setObjectName("recoveryBox")
        self.recovery_box.setStyleSheet("QFrame#recoveryBox { background: #fff3cd; border: 1px solid #e0c36a;"
                                        " border-radius: 4px; }")
        self.recovery_label = QLabel()
        self.recovery_label.setWordWrap(True)
        self.recovery_label.setTextFormat(Qt.TextFormat.PlainText)
        self.recover_button = QPushButton("恢复并打开")
        self.recover_button.setObjectName("recoverButton")
        self.recover_button.clicked.connect(self._recover)
        self.dismiss_button = QPushButton("暂不处理")
        self.dismiss_button.clicked.connect(self._dismiss_recovery)
        rl = QHBoxLayout(self.recovery_box)
        rl.setContentsMargins(12, 8, 12, 8)
        rl.addWidget(self.recovery_label, 1)
        rl.addWidget(self.recover_button)
        rl.addWidget(self.dismiss_button)
        self.interrupted: Interrupted | None = None

        # the application icon beside the title (the 48 px file is read when first painted)
        from ..resources import app_icon

        self.logo = QLabel()
        self.logo.setObjectName("logo")
        self.logo.setPixmap(app_icon().pixmap(48, 48))
        heading = QHBoxLayout()
        heading.addWidget(self.logo)
        heading.addWidget(title, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 24)
        layout.addLayout(heading)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addWidget(self.recovery_box)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addWidget(self._heading("最近打开"))
        layout.addWidget(self.empty_recent)
        layout.addWidget(self.recent, 1)
        layout.addSpacing(8)
        layout.addWidget(self._heading("示例（真实表格的转录，可“另存为”成自己的工作簿）"))
        layout.addWidget(self.samples)
        layout.addStretch(0)      # takes the room when there is no recent list to show
        self._layout = layout
        self._stale = True      # read the recent list and crash journals when first shown

    def showEvent(self, event):
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: bold;")
        return label

    def mark_stale(self) -> None:
        """Refresh when next shown (now, if it is showing)."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        recovered = self._refresh_recovery()
        self.recent_model.refresh(recovered)
        has = self.recent_model.rowCount() > 0
        self.recent.setVisible(has)
        self.empty_recent.setVisible(not has)
        self._layout.setStretch(self._layout.count() - 1, 0 if has else 1)

    def _refresh_recovery(self) -> dict[str, Interrupted]:
        """Offer the latest interrupted workbook; every one with recoverable edits is marked in
        the recent list (a crash may have left more than one)."""
        self.interrupted = None
        recovered: dict[str, Interrupted] = {}
        for path in reversed(settings.interrupted_sessions()):
            found = peek(path)
            if found is None:
                settings.forget_interrupted(path)      # gone or unreadable: nothing to offer
                continue
            if self.interrupted is None:
                self.interrupted = found
            if found.forms or found.header:
                recovered[path] = found
        self.recovery_box.setVisible(self.interrupted is not None)
        if self.interrupted is not None:
            self.recovery_label.setText(self.interrupted.text)
            self.recover_button.setText("恢复并打开" if self.interrupted.forms or self.interrupted.header
                                        else "重新打开")
        return recovered

    def _recover(self) -> None:
        if self.interrupted is not None:
            path = self.interrupted.path
            settings.forget_interrupted(path)
            self.recoveryChosen.emit(path)

    def _dismiss_recovery(self) -> None:
        if self.interrupted is not None:
            settings.forget_interrupted(self.interrupted.path)
            self.refresh()

    def _forget_current(self) -> None:
        index = self.recent.currentIndex()
        if index.isValid():
            settings.forget(index.data(Qt.ItemDataRole.UserRole))
            self.refresh()
