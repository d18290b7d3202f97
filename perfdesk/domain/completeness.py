"""How complete a form is: required fields and sections, list items, and the indicator values.

A placeholder such as 是/否 states no target, so it counts as missing. Each missing item names
its place, so the window can list them and jump there.
"""
from __future__ import annotations


import msgspec

from .kinds import kind_of
from .model import Form, IndicatorNode
from .places import FieldPlace, IndicatorPlace, IndicatorsPlace, ListPlace, Place, SectionPlace, describe
from .values import IndicatorValue, Kind


class Missing(msgspec.Struct, frozen=True):
    place: Place
    text: str          # 中文, for the list of what is missing


class Completeness(msgspec.Struct, frozen=True):
    filled: int
    total: int
    missing: tuple[Missing, ...]

    @property
    def percent(self) -> int:
        """Rounded down, so 99.6 % is not shown as done."""
        return 100 if self.total == 0 else self.filled * 100 // self.total


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, IndicatorValue):
        return value.kind in (Kind.EMPTY, Kind.PLACEHOLDER)
    return isinstance(value, str) and not value.strip()


def completeness(form: Form) -> Completeness:
    d = form.definition
    total = 0
    missing: list[Missing] = []

    def item(place: Place, ok: bool, why: str = "未填写"):
        nonlocal total
        total += 1
        if not ok:
            missing.append(Missing(place, f"{describe(form, place)}：{why}"))

    for f in d.fields:
        if f.required:
            item(FieldPlace(f.id), not _blank(form.fields.get(f.id)))
    for s in d.sections:
        if s.required:
            item(SectionPlace(s.id), not _blank(form.sections.get(s.id)))
    for ld in d.lists:
        required = [c for c in ld.columns if c.required]
        items = form.lists.get(ld.id, [])
        if required and not items:
            item(ListPlace(ld.id, 0), False, f"尚无{ld.item_label}")
        for i, entry in enumerate(items):
            for c in required:
                item(ListPlace(ld.id, i, c.id), not _blank(entry.get(c.id)))

    ind = d.indicators
    if ind is not None:
        value_columns = [c for c in ind.columns if c.type == "value" or c.required]
        words = kind_of(d).required_level1
        for b in ind.level1:
            top = next((i for i, n in enumerate(form.indicators) if n.name == b.name), None)
            if top is None and words and not any(w in b.name for w in words):
                continue      # an optional branch the form may leave out (四川: 成本指标 as a level 1)
            has_rows = top is not None and any(_rows(form.indicators[top], (top,)))
            place = IndicatorPlace((top,)) if top is not None else IndicatorsPlace()
            item(place, has_rows, f"“{b.name}”下尚无指标")
        for top, node in enumerate(form.indicators):
            for path, row in _rows(node, (top,)):
                if len(path) == 2 and any(isinstance(v, IndicatorValue) and v.kind is Kind.NONE
                                          for v in row.cells.values()):
                    item(IndicatorPlace(path), True)   # a level-2 declared to have none (无)
                    continue
                if len(path) == 3:
                    item(IndicatorPlace(path), bool(row.name.strip()), "指标名称未填写")
                for c in value_columns:
                    value = row.cells.get(c.id)
                    placeholder = isinstance(value, IndicatorValue) and value.is_placeholder
                    item(IndicatorPlace(path, c.id), not _blank(value),
                         f"“{value.text.strip()}”是占位内容，未给出指标值" if placeholder else "未填写")
    return Completeness(total - len(missing), total, tuple(missing))


def _rows(node: IndicatorNode, path: tuple[int, ...]):
    """The rows that carry values: level-3 rows, and level-2 rows without any that hold cells."""
    for i, child in enumerate(node.children):
        child_path = path + (i,)
        if child.children:
            for j, leaf in enumerate(child.children):
                yield child_path + (j,), leaf
        elif child.cells:
            yield child_path, child
