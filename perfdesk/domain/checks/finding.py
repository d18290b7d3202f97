"""A finding of the checker: what is wrong, how bad, where, and the numbers, in Chinese."""
from __future__ import annotations

import enum

import msgspec

from ..places import Place, place_to_text


class Severity(enum.Enum):
    """错误 blocks a clean print; 警告 and 提示 do not."""

    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def blocks_print(self) -> bool:
        return self is Severity.ERROR


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Finding(msgspec.Struct, frozen=True):
    code: str                 # stable rule code, e.g. "funds.total"
    severity: Severity
    form: str                 # form id in the workbook
    place: Place              # where to take the user (perfdesk.domain.places)
    where: str                # the place in the form's own words: 项目支出 › 半年计划执行数
    message: str              # what is wrong, with the numbers

    @property
    def place_text(self) -> str:
        return place_to_text(self.place)

    def to_dict(self) -> dict:
        """The JSON of `perfdesk check --json`."""
        return {"severity": self.severity.value, "code": self.code, "form": self.form,
                "place": self.where, "message": self.message}


def counts(findings) -> dict[Severity, int]:
    out = {s: 0 for s in Severity}
    for f in findings:
        out[f.severity] += 1
    return out


def worst(findings) -> Severity | None:
    ranked = sorted((f.severity for f in findings), key=lambda s: s.rank)
    return ranked[0] if ranked else None
