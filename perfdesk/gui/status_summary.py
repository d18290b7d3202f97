"""完成度 and 审核 folded into the status bar: a summary of each that opens (or closes) its dock,
so a small screen can give their room to the form and still show how the workbook stands."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QToolButton

from .check_model import counts_text


class StatusSummary:
    def __init__(self, window):
        self.window = window
        self.completeness = self._button("statusCompleteness", window.completeness_dock,
                                         "本表完成度；点击显示或收起“完成度”")
        self.checks = self._button("statusChecks", window.check_dock, "审核结果；点击显示或收起“审核”")
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)          # once per burst of typing
        self._timer.timeout.connect(self.update)
        window.formShown.connect(lambda _f: self.update())
        window.formContentChanged.connect(lambda _f: self._timer.start())
        window.documentChanged.connect(self._document_changed)
        findings_changed = getattr(window.check_dock, "findings_changed", None)
        if findings_changed is not None:
            findings_changed.connect(lambda _f: self._timer.start())
        self._document_changed(window.document)

    def _button(self, name, dock, tip) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.setCheckable(True)
        button.setToolTip(tip)
        button.clicked.connect(lambda on, d=dock: self._toggle(d, on))
        dock.visibilityChanged.connect(lambda _v, b=button, d=dock: b.setChecked(not d.isHidden()))
        self.window.statusBar().addPermanentWidget(button)
        return button

    def _toggle(self, dock, on: bool) -> None:
        w = self.window
        dock = w.check_dock if dock.objectName() == "checkDock" else dock    # the dock installed later
        dock.setVisible(on)
        if on:
            dock.raise_()
        w._docks_shown[dock.objectName()] = on

    def _document_changed(self, document) -> None:
        for b in (self.completeness, self.checks):
            b.setVisible(document is not None)
        self.update()

    def update(self) -> None:
        w = self.window
        if w.document is None:
            return
        form_id = w.current_form_id()
        model = getattr(w, "completeness_model", None)
        if form_id and model is not None:
            c = model.of(form_id)
            self.completeness.setText(f"完成度 {c.percent}%" + (f"（缺 {len(c.missing)} 项）" if c.missing else ""))
        else:
            self.completeness.setText(f"{len(w.document.workbook.forms)} 张表")
        dock = w.check_dock
        checking = getattr(dock, "checking", False)
        if hasattr(dock, "findings") and not checking:
            findings = dock.findings()
            self.checks.setText(("审核：" + counts_text(findings)) if findings else "审核：未发现问题")
        else:
            self.checks.setText("审核…")
            self._timer.start()      # look again once the first round of checks is through
        self.completeness.setChecked(not w.completeness_dock.isHidden())
        self.checks.setChecked(not dock.isHidden())
