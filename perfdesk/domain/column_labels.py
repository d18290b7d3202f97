"""Column labels that name a field of the form: `1-{month}月执行数` prints as `1-6月执行数`.

The definition stays as written (a workbook stores its text verbatim); a form's labels are filled
from its own fields when it is shown, printed or exported, and read back the same way.
"""
from __future__ import annotations

import re

import msgspec

from .definition import ColumnDef, FormDefinition
from .model import Form

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# an empty field prints as room to write by hand (1-　月执行数), as blank paper forms do
BLANK = "\u3000"


def placeholders(label: str) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.findall(label))


def fill(label: str, fields: dict[str, str]) -> str:
    if "{" not in label:
        return label
    return _PLACEHOLDER.sub(lambda m: (fields.get(m.group(1)) or "").strip() or BLANK, label)


def _column(col: ColumnDef, fields: dict[str, str]) -> ColumnDef:
    if "{" not in col.label and not any("{" in x for x in col.split_labels):
        return col
    return msgspec.structs.replace(col, label=fill(col.label, fields),
                                   split_labels=tuple(fill(x, fields) for x in col.split_labels))


_PLACEHOLDERS: dict[int, tuple[FormDefinition, bool]] = {}    # id → (the definition, kept alive; answer)


def has_placeholders(definition: FormDefinition) -> bool:
    """Whether any column label has a {placeholder}; remembered per definition object (asked
    for every form checked, counted and coded: 24,000 times collecting 200 units)."""
    known = _PLACEHOLDERS.get(id(definition))
    if known is not None and known[0] is definition:
        return known[1]
    if len(_PLACEHOLDERS) > 512:
        _PLACEHOLDERS.clear()
    answer = _has_placeholders(definition)
    _PLACEHOLDERS[id(definition)] = (definition, answer)
    return answer


def _has_placeholders(definition: FormDefinition) -> bool:
    cols = [c for t in definition.funds for c in t.columns] + [c for x in definition.lists for c in x.columns]
    if definition.indicators is not None:
        cols += list(definition.indicators.columns)
    return any(placeholders(c.label) or any(placeholders(x) for x in c.split_labels) for c in cols)


def filled_definition(definition: FormDefinition, fields: dict[str, str]) -> FormDefinition:
    """The definition with its column labels filled from `fields` (itself when none has a
    placeholder)."""
    if not has_placeholders(definition):
        return definition
    rep = msgspec.structs.replace
    funds = tuple(rep(t, columns=tuple(_column(c, fields) for c in t.columns)) for t in definition.funds)
    lists = tuple(rep(x, columns=tuple(_column(c, fields) for c in x.columns)) for x in definition.lists)
    ind = definition.indicators
    if ind is not None:
        ind = rep(ind, columns=tuple(_column(c, fields) for c in ind.columns))
    return rep(definition, funds=funds, lists=lists, indicators=ind)


def labelled(form: Form) -> Form:
    """A view of the form for printing and export: its definition's labels filled from its fields.
    The same object when there is nothing to fill; otherwise a shallow copy (its data shared)."""
    d = filled_definition(form.definition, form.fields)
    if d is form.definition:
        return form
    return msgspec.structs.replace(form, definition=d)
