"""What a form *kind* means (部门整体绩效目标表, 项目支出绩效自评表, 绩效运行监控表 …), as data.

The loader in `perfdesk.definitions.kinds` fills these from forms/kinds/*.toml; every loaded
`FormDefinition` carries the `KindDef` of its kind in `kind_info` (with the definition's own
`[links]`, when it has some). Code asks the kind, never compares kind ids: a province whose
vocabulary differs, or a new kind, is a data file.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from .definition import FormDefinition
    from .model import Form, Workbook

# What a form's field may link to: the workbook's own details (filled into a blank form, read back
# from an imported sheet) and the project a per-project form is about.
WORKBOOK_LINKS = ("unit", "unit_code", "year")
LINK_ROLES = WORKBOOK_LINKS + ("project_name", "project_code")
# Header roles of the indicator table that are not columns of a definition (import aliases).
LEVEL_ROLES = ("l1", "l2", "l3")
OPERATOR_ROLE, MEASURE_ROLE = "op", "measure"


class KindDef(msgspec.Struct, frozen=True):
    id: str
    name: str                               # Chinese, for people
    stage: str = ""                         # target | self_eval | monitoring | summary … (documentation)
    per_project: bool = False               # one form per project (项目支出), numbered in a workbook
    id_prefix: str = ""                     # form ids in a workbook; default: the kind's id
    project_title: str = ""                 # title of a form derived for a named project ({project_name} …)
    links: tuple[tuple[str, tuple[str, ...]], ...] = ()     # role → field ids, in order of preference
    required_level1: tuple[str, ...] = ()   # words: each names a branch that needs a named indicator
    bounded_rates: tuple[str, ...] = ()     # indicator-name words of rates that cannot exceed 100 %
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()   # import: header role → other names
    source: str = ""                        # the file it was loaded from, for messages

    @property
    def prefix(self) -> str:
        return self.id_prefix or self.id

    def link_fields(self, role: str) -> tuple[str, ...]:
        return next((fields for r, fields in self.links if r == role), ())

    def alias_names(self, role: str) -> tuple[str, ...]:
        return next((names for r, names in self.aliases if r == role), ())


class KindSet(msgspec.Struct, frozen=True):
    kinds: tuple[KindDef, ...] = ()

    def get(self, kind_id: str) -> KindDef | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def __contains__(self, kind_id: str) -> bool:
        return self.get(kind_id) is not None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(k.id for k in self.kinds)


def kind_of(definition: FormDefinition) -> KindDef:
    """The kind facts of a definition; a bare kind (no links, not per project) when a definition
    was made without the loader."""
    return definition.kind_info or KindDef(id=definition.kind, name=definition.kind)


def per_project(definition: FormDefinition) -> bool:
    return kind_of(definition).per_project


def link_fields(definition: FormDefinition, role: str) -> tuple[str, ...]:
    """The fields of this definition that hold `role` (only those the definition has)."""
    return tuple(f for f in kind_of(definition).link_fields(role) if definition.field_def(f) is not None)


def linked_value(form: Form, role: str) -> str:
    """The first non-empty field of the form that links to `role`, else ''."""
    for field_id in link_fields(form.definition, role):
        value = form.fields.get(field_id, "")
        if value:
            return value
    return ""


def workbook_value(workbook: Workbook, role: str) -> str:
    """unit, unit_code or year of the workbook, as text."""
    if role == "unit":
        return workbook.unit
    if role == "unit_code":
        return workbook.unit_code
    if role == "year":
        return str(workbook.year)
    raise KeyError(role)
