"""The check dock (审核): findings grouped by form with counts per severity; a double-click asks the
main window to take the user to the cell.

Standalone: the main window creates it, calls set_workbook(), calls form_changed(form_id) after
each edit (the dock re-checks only that form, after a short pause in typing), and connects
place_activated(form_id, place) to a slot that selects the cell (check_places.select_place does
it for an indicator view). cell_severities(form_id) tells the editors which cells to mark.
"""
from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.checks import Finding, Severity, check_form, chooser
from ..domain.model import Form, Workbook
from ..domain.places import Place
from .check_model import FindingsModel, FormIdRole, counts_text

Checker = Callable[[Form], list[Finding]]


def default_checker(profile_id: str | None = None) -> tuple[Checker, str]:
    """The checker with the shipped scoring profiles, and a problem text if they did not load."""
    from ..definitions.profiles import ProfileError, default_profiles

    try:
        choose = chooser(default_profiles(), profile_id)
        problem = ""
    except (ProfileError, KeyError) as exc:
        choose, problem = chooser(None), f"评分方案未能加载，未检查得分：{exc}"
    return (lambda form: check_form(form, choose(form))), problem


class CheckDock(QDockWidget):
    place_activated = Signal(str, object)     # form id, Place — double-click on a finding
    finding_activated = Signal(object)        # the Finding itself
    form_activated = Signal(str)              # double-click on a form's row
    findings_changed = Signal(str)            # a form's findings were replaced ("" = all forms)

    DELAY_MS = 300                            # pause in typing before a form is re-checked

    def __init__(self, parent=None, checker: Checker | None = None, delay_ms: int | None = None):
        super().__init__("审核", parent)
        self.setObjectName("checkDock")
        problem = ""
        if checker is None:
            checker, problem = default_checker()
        self._checker = checker
        self._workbook: Workbook | None = None
        self._pending: set[str] = set()
        self.last_check_seconds = 0.0         # time of the last (re)check, for the status bar

        self.model = FindingsModel(self)
        self.view = QTreeView()
        self.view.setObjectName("checkView")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setExpandsOnDoubleClick(False)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)          # the message takes the room
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.view.setColumnWidth(1, 320)
        header.hideSection(2)      # the rule's code is for `perfdesk check --json`, not for the officer
        self.view.doubleClicked.connect(self._on_double_click)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        self.recheck = QToolButton()
        self.recheck.setText("重新审核")
        self.recheck.setToolTip("重新审核全部表单")
        self.recheck.clicked.connect(self.refresh_all)
        self.problem = QLabel(problem)
        self.problem.setTextFormat(Qt.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.recheck)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS if delay_ms is None else delay_ms)
        self._timer.timeout.connect(self.flush)
        self._update_summary()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        # the place gets about a third; the message takes the rest
        self.view.setColumnWidth(1, max(8 * self.fontMetrics().horizontalAdvance("汉"), self.view.viewport().width() // 3))

    # -- feeding it -------------------------------------------------------------------------
    def set_workbook(self, workbook: Workbook | None) -> None:
        """Show a workbook and check all its forms."""
        self._workbook = workbook
        self._pending.clear()
        self._timer.stop()
        self.refresh_all()

    def refresh_all(self) -> None:
        wb = self._workbook
        started = time.perf_counter()
        forms = wb.forms if wb else []
        findings = {f.id: self._checker(f) for f in forms}
        self.model.set_forms([(f.id, _title(f)) for f in forms], findings)
        self.last_check_seconds = time.perf_counter() - started
        self.view.expandAll()
        self._update_summary()
        self.findings_changed.emit("")

    def form_changed(self, form_id: str) -> None:
        """A form was edited: re-check it after a pause in typing (edits in a row coalesce)."""
        self._pending.add(form_id)
        self._timer.start()

    def flush(self) -> None:
        """Re-check the forms changed since the last check, now."""
        self._timer.stop()
        pending, self._pending = self._pending, set()
        for form_id in sorted(pending):
            self.refresh_form(form_id)

    def refresh_form(self, form_id: str) -> list[Finding]:
        """Re-check one form and replace only its rows; a form added or removed resets the list."""
        wb = self._workbook
        form = next((f for f in wb.forms if f.id == form_id), None) if wb else None
        if form is None or self.model.form_ids() != [f.id for f in wb.forms]:
            self.refresh_all()
            return self.model.findings(form_id)
        started = time.perf_counter()
        findings = self._checker(form)
        was_empty = not self.model.findings(form_id)
        self.model.set_form_findings(form_id, findings, _title(form))
        self.last_check_seconds = time.perf_counter() - started
        if was_empty and findings:
            self.view.expand(self.model.form_index(form_id))
        self._update_summary()
        self.findings_changed.emit(form_id)
        return findings

    # -- reading it -------------------------------------------------------------------------
    def findings(self, form_id: str | None = None) -> list[Finding]:
        return self.model.findings(form_id)

    def cell_severities(self, form_id: str) -> dict[Place, Severity]:
        """The worst severity at each place of a form: what the editors mark."""
        out: dict[Place, Severity] = {}
        for f in self.model.findings(form_id):
            if f.place not in out or f.severity.rank < out[f.place].rank:
                out[f.place] = f.severity
        return out

    def select_finding(self, form_id: str, place: Place) -> bool:
        """Select the finding at a place (the editor's current cell), if there is one."""
        index = self.model.finding_index(form_id, place)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    # -- internals --------------------------------------------------------------------------
    def _on_double_click(self, index: QModelIndex) -> None:
        finding = self.model.finding(index.siblingAtColumn(0))
        if finding is None:
            form_id = self.model.data(index.siblingAtColumn(0), FormIdRole)
            if form_id:
                self.form_activated.emit(form_id)
            return
        self.finding_activated.emit(finding)
        self.place_activated.emit(finding.form, finding.place)

    def _update_summary(self) -> None:
        findings = self.model.findings()
        if self._workbook is None:
            self.summary.setText("未打开工作簿")
        elif not findings:
            self.summary.setText(f"{len(self._workbook.forms)} 张表未发现问题")
        else:
            blocking = any(f.severity is Severity.ERROR for f in findings)
            self.summary.setText(counts_text(findings) + ("（有错误，不能打印正式表）" if blocking else ""))


def _title(form: Form) -> str:
    return form.title or form.definition.name
