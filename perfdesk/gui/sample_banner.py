"""The banner across a built-in sample: the first start opens one (a real filled-in form shows the
program at work), and a newcomer must not take it for their own workbook."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

SAMPLE_PREFIX = "示例："      # Document.sample labels its documents so


def is_sample(document) -> bool:
    """A built-in sample not yet saved as the user's own file."""
    return document is not None and document.path is None and document.label.startswith(SAMPLE_PREFIX)


class SampleBanner(QFrame):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setObjectName("sampleBanner")
        self.setStyleSheet("QFrame#sampleBanner { background: #e8f0fe; border-bottom: 1px solid #a8c7fa; }")
        self.label = QLabel()
        self.label.setObjectName("sampleBannerText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.new_button = QPushButton("新建工作簿…")
        self.new_button.setObjectName("sampleNew")
        self.new_button.clicked.connect(window.new_workbook)
        self.open_button = QPushButton("打开…")
        self.open_button.setObjectName("sampleOpen")
        self.open_button.clicked.connect(window.open_dialog)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.new_button)
        layout.addWidget(self.open_button)
        self.hide()
        window.documentChanged.connect(self._document_changed)

    def _document_changed(self, document) -> None:
        if document is not None:
            document.pathChanged.connect(lambda *_a, d=document: self._update(d))
        self._update(document)

    def _update(self, document) -> None:
        if document is not self.window.document:
            return
        shown = is_sample(document)
        if shown:
            name = document.label.removeprefix(SAMPLE_PREFIX)
            self.label.setText(f"<b>这是示例工作簿</b>：{name}（真实表格的转录，含原表中的错误，供演示审核）。"
                               "填写自己的表格，请新建或打开工作簿。")
        self.setVisible(shown)
