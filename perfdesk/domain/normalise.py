"""规范指标值写法: rewrite indicator values into the form's own notation, as an explicit action.

Printing never rewrites a value (what is typed is what prints); an officer who wants one
notation across a form asks for it, sees every change listed, and can undo it."""
from __future__ import annotations

import msgspec

from .model import Form
from .places import IndicatorPlace, ListPlace
from .values import IndicatorValue, Kind, parse_value

# only values whose meaning is fully structured can be rewritten without losing anything
_REWRITABLE = (Kind.QUANTITATIVE, Kind.DEADLINE, Kind.DATE)


class Rewrite(msgspec.Struct, frozen=True):
    place: IndicatorPlace | ListPlace
    old: IndicatorValue
    new: IndicatorValue


def _rewritten(value, notation) -> IndicatorValue | None:
    if not isinstance(value, IndicatorValue) or value.kind not in _REWRITABLE or value.parts is not None:
        return None
    text = value.format(notation)
    if text == value.shown:
        return None
    new = parse_value(text)
    meaning = lambda v: (v.kind, v.op, v.number, v.unit, v.date, v.date_precision)
    return new if meaning(new) == meaning(value) else None   # never a change of meaning


def normalise_values(form: Form) -> list[Rewrite]:
    """Every value of the form that its notation would write differently, old → new."""
    notation = form.definition.notation
    out: list[Rewrite] = []

    def visit(nodes, path):
        for i, node in enumerate(nodes):
            here = path + (i,)
            for column_id, value in node.cells.items():
                new = _rewritten(value, notation)
                if new is not None:
                    out.append(Rewrite(IndicatorPlace(here, column_id), value, new))
            visit(node.children, here)

    visit(form.indicators, ())
    for list_id, items in form.lists.items():
        for i, item in enumerate(items):
            for column_id, value in item.items():
                new = _rewritten(value, notation)
                if new is not None:
                    out.append(Rewrite(ListPlace(list_id, i, column_id), value, new))
    return out


def normalise_edit(form: Form, rewrites: list[Rewrite]):
    """The rewrites as one edit (one undo step); None when there is nothing to change."""
    from .edits import SetValue, batch     # edits load lazily at start-up (docs/startup.md)

    if not rewrites:
        return None
    return batch([SetValue(form.id, r.place, r.new) for r in rewrites])
