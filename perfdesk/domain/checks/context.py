"""What a rule sees of one form: the form, its scoring profile, and helpers to make findings."""
from __future__ import annotations

from functools import cached_property

import msgspec

from ..column_labels import filled_definition
from ..model import Form
from ..places import Place, describe
from ..scoring.profile import ScoringProfile
from ..scoring.reading import Row, rows
from ..scoring.scorer import FormScore, score_form
from ..scoring import columns
from .finding import Finding, Severity


class FormContext(msgspec.Struct, dict=True):     # dict: for its cached properties
    form: Form
    profile: ScoringProfile | None = None
    findings: list[Finding] = msgspec.field(default_factory=list)

    @cached_property
    def definition(self):
        """The form's definition with its column labels as the form shows them (1-6月执行数)."""
        return filled_definition(self.form.definition, self.form.fields)

    def add(self, code: str, severity: Severity, place: Place, message: str, where: str = "") -> None:
        where = where or describe(self.form, place)
        self.findings.append(Finding(code, severity, self.form.id, place, where, message))

    def error(self, code: str, place: Place, message: str, where: str = "") -> None:
        self.add(code, Severity.ERROR, place, message, where)

    def warning(self, code: str, place: Place, message: str, where: str = "") -> None:
        self.add(code, Severity.WARNING, place, message, where)

    def info(self, code: str, place: Place, message: str, where: str = "") -> None:
        self.add(code, Severity.INFO, place, message, where)

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        return tuple(rows(self.form))

    @cached_property
    def scored(self) -> bool:
        return columns.is_scored(self.definition)

    @cached_property
    def score(self) -> FormScore | None:
        if not self.scored or self.profile is None:
            return None
        return score_form(self.form, self.profile)

    def column_label(self, column_id: str) -> str:
        ind = self.definition.indicators
        col = ind.column(column_id) if ind else None
        return col.label if col else column_id
