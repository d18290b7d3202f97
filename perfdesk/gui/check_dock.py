"""The check dock (审核): findings grouped by form with counts per severity; a double-click asks the
main window to take the user to the cell.

Standalone: the main window creates it, calls set_workbook(), calls form_changed(form_id) after
each edit (the dock re-checks only that form, after a short pause in typing), and connects
place_activated(form_id, place) to a slot that selects the cell (check_places.select_place does
it for an indicator view). cell_severities(form_id) tells the editors which cells to mark.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

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

from ..domain.checks.finding import Finding, Severity
from ..domain.model import Form, Workbook
from .check_model import FindingsModel, FormIdRole, counts_text
from .idle import after_first_paint
from .views import viewport_of

if TYPE_CHECKING:
    from ..domain.places import Place

Checker = Callable[[Form], list[Finding]]

SLICE_SECONDS = 0.012       # a workbook is checked in slices this long, between paints and keys


def default_checker(profile_id: str | None = None, workbook_of=None) -> tuple[Checker, str]:
    """The checker with the installed scoring profiles (a form of the workbook's own definition
    uses the profile the workbook carries; `workbook_of()` gives the workbook), and a problem
    text if they did not load. It takes the form's source form too (a self-evaluation's target
    form in the workbook)."""
    # the rules and profiles load here, after the window has painted, not at start-up
    from ..definitions.embedded import profile_chooser
    from ..definitions.profiles import ProfileError, default_profiles
    from ..domain.checks import check_form, chooser

    try:
        profiles = default_profiles()

        def choose(form):
            return profile_chooser(workbook_of() if workbook_of else None, profile_id, profiles)(form)
        problem = ""
    except (ProfileError, KeyError) as exc:
        choose, problem = chooser(None), f"评分方案未能加载，未检查得分：{exc}"
    return (lambda form, source=None: check_form(form, choose(form), source)), problem


class CheckDock(QDockWidget):
    place_activated = Signal(str, object)     # form id, Place — double-click on a finding
    finding_activated = Signal(object)        # the Finding itself
    form_activated = Signal(str)              # double-click on a form's row
    findings_changed = Signal(str)            # a form's findings were replaced ("" = all forms)

    DELAY_MS = 300                            # pause in typing before a form is re-checked

    def __init__(self, parent=None, checker: Checker | None = None, delay_ms: int | None = None):
        super().__init__("审核", parent)
        self.setObjectName("checkDock")
        # the default checker (rules, scoring profiles) is made on the first check
        self._checker = checker
        self._with_source = checker is None
        self._workbook: Workbook | None = None
        self._pending: set[str] = set()
        self._queue: list[str] = []           # forms of a new workbook not checked yet
        self._queue_started = 0.0
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
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)          # the message takes the room
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnWidth(1, 320)
        header.hideSection(2)      # the rule's code is for `perfdesk check --json`, not for the officer
        self.view.doubleClicked.connect(self._on_double_click)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.recheck = QToolButton()
        self.recheck.setText("重新审核")
        self.recheck.setToolTip("重新审核全部表单")
        self.recheck.clicked.connect(self.refresh_all)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

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
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self._fit_columns)
        self._slices = QTimer(self)
        self._slices.setSingleShot(True)
        self._slices.setInterval(0)
        self._slices.timeout.connect(self._check_slice)
        self._update_summary()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit.start()      # once the resizing (and the first paint) is over

    def _fit_columns(self) -> None:
        # the place gets about a third; the message takes the rest
        self.view.setColumnWidth(1, max(8 * self.fontMetrics().horizontalAdvance("汉"),
                                        viewport_of(self.view).width() // 3))

    # -- feeding it -------------------------------------------------------------------------
    def _check(self, form: Form) -> list[Finding]:
        if self._checker is None:
            self._checker, problem = default_checker(workbook_of=lambda: self._workbook)
            self.problem.setText(problem)
            self.problem.setVisible(bool(problem))
        if not self._with_source:
            return self._checker(form)
        origin = form.origin
        source = next((f for f in self._workbook.forms if f.id == origin.source_form), None) \
            if origin is not None and self._workbook is not None else None
        return self._checker(form, source)

    def set_workbook(self, workbook: Workbook | None) -> None:
        """Show a workbook and check all its forms: in short slices between paints, so the
        window shows at once and stays responsive on a bureau-size workbook."""
        self._workbook = workbook
        self._pending.clear()
        self._timer.stop()
        forms = workbook.forms if workbook else []
        self._queue = [f.id for f in forms]
        self._queue_started = time.perf_counter()
        self.model.set_forms([(f.id, _title(f)) for f in forms], {})
        self._update_summary()
        if self._queue:
            # the first slice waits for the window's first paint: the form shows first
            after_first_paint(self, lambda: self._queue and not self._slices.isActive() and self._slices.start())
        else:
            self.findings_changed.emit("")

    @property
    def checking(self) -> bool:
        """A new workbook's forms are still being checked."""
        return bool(self._queue)

    def _check_slice(self, budget: float | None = SLICE_SECONDS) -> None:
        wb = self._workbook
        by_id = {f.id: f for f in wb.forms} if wb else {}
        deadline = time.perf_counter() + budget if budget is not None else None
        done: list[tuple[Form, list[Finding]]] = []
        while self._queue and (deadline is None or time.perf_counter() < deadline or not done):
            form = by_id.get(self._queue.pop(0))
            if form is not None:
                done.append((form, self._check(form)))
        for form, findings in done:
            self.model.set_form_findings(form.id, findings, _title(form))
            if findings:
                self.view.expand(self.model.form_index(form.id))
        if self._queue:
            self._slices.start()
        else:
            self.last_check_seconds = time.perf_counter() - self._queue_started
        self._update_summary()
        for form, _ in done:
            self.findings_changed.emit(form.id)

    def refresh_all(self) -> None:
        """Re-check every form now."""
        wb = self._workbook
        self._queue = []
        self._slices.stop()
        started = time.perf_counter()
        forms = wb.forms if wb else []
        findings = {f.id: self._check(f) for f in forms}
        self.model.set_forms([(f.id, _title(f)) for f in forms], findings)
        self.last_check_seconds = time.perf_counter() - started
        self.view.expandAll()
        self._update_summary()
        self.findings_changed.emit("")

    def form_changed(self, form_id: str) -> None:
        """A form was edited: re-check it after a pause in typing (edits in a row coalesce).
        Self-evaluations derived from it are re-checked too (what they carry over is judged there)."""
        self._pending.add(form_id)
        if self._workbook is not None:
            self._pending |= {f.id for f in self._workbook.forms
                              if f.origin is not None and f.origin.source_form == form_id}
        self._timer.start()

    def flush(self) -> None:
        """Check now what is waiting: a new workbook's unchecked forms, the forms edited since."""
        self._timer.stop()
        if self._queue:
            self._slices.stop()
            self._check_slice(budget=None)
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
        findings = self._check(form)
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
        elif self._queue:
            total = len(self._workbook.forms)
            self.summary.setText(f"正在审核…（{total - len(self._queue)}/{total} 张表）"
                                 + (f"，已发现：{counts_text(findings)}" if findings else ""))
        elif not findings:
            self.summary.setText(f"{len(self._workbook.forms)} 张表未发现问题")
        else:
            blocking = any(f.severity is Severity.ERROR for f in findings)
            self.summary.setText(counts_text(findings) + ("（有错误，不能打印正式表）" if blocking else ""))


def _title(form: Form) -> str:
    return form.title or form.definition.name
