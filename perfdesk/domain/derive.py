"""Target form → self-evaluation: carry indicators, targets, budget and goals over by a rule,
spread the weights, and later show what changed on the target form since."""
from __future__ import annotations

import copy
from decimal import ROUND_DOWN, Decimal

import msgspec

from .definition import FormDefinition
from .derivation import DerivationRule
from .kinds import WORKBOOK_LINKS, kind_of, linked_value, workbook_value
from .model import Form, IndicatorNode, Origin, Workbook
from .values import IndicatorValue, decimal_text


class DeriveError(ValueError):
    """A derivation that cannot be made; the message is for the user."""


def _origin_value(workbook: Workbook, source: Form, origin: str) -> str:
    kind, _, name = origin.partition(":")
    if origin in WORKBOOK_LINKS:
        return workbook_value(workbook, origin)
    if kind == "field":
        return source.fields.get(name, "")
    return source.sections.get(name, "")


def _target_level2(rule: DerivationRule, level1: str, level2: str) -> str:
    mapping = dict(rule.level2)
    return mapping.get(level2) or mapping.get("*" + level1) or level2


def carried(workbook: Workbook, source: Form, rule: DerivationRule) -> dict[str, str]:
    """Everything the rule carries from the source, keyed by where it lands, as text."""
    items: dict[str, str] = {}
    for target, origin in rule.fields:
        items[f"field:{target}"] = _origin_value(workbook, source, origin)
    for target, origin in rule.sections:
        items[f"section:{target}"] = _origin_value(workbook, source, origin)
    for copy_rule in rule.funds:
        value = source.cell_ref(copy_rule.source)
        items[f"funds:{copy_rule.target}"] = "" if value is None else decimal_text(value * rule.money_factor)
    level1_map = dict(rule.level1)
    for level, node, parents in source.walk():
        if level != 3:
            continue
        l1, l2 = parents[0].name, parents[1].name
        path = f"{level1_map.get(l1, l1)}/{_target_level2(rule, l1, l2)}/{node.name}"
        for tgt_col, value in _cells(node, rule).items():
            text = value.text if isinstance(value, IndicatorValue) else ("" if value is None else str(value))
            items[f"indicator:{path}:{tgt_col}"] = text
        for _src, tgt_col in rule.columns:
            items.setdefault(f"indicator:{path}:{tgt_col}", "")
    return items


JOIN = "；"


def _cells(node: IndicatorNode, rule: DerivationRule) -> dict:
    """The cells a level-3 row carries, by target column; texts of several source columns that
    land in one (原因说明 and 备注 → 偏差原因分析及改进措施) are joined, in the rule's order."""
    out: dict = {}
    for src, tgt in rule.columns:
        value = node.cells.get(src)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        before = out.get(tgt)
        if isinstance(before, str) and isinstance(value, str):
            out[tgt] = before + JOIN + value.strip()
        elif before is None:
            out[tgt] = value.strip() if isinstance(value, str) else copy.copy(value)
    return out


def _spread(total: Decimal, rows: int) -> list[Decimal]:
    """Equal shares to two decimals; the last row takes the remainder so they add up exactly."""
    if rows == 0:
        return []
    share = (total / rows).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (rows - 1) + [total - share * (rows - 1)]


def unique_form_id(workbook: Workbook, base: str) -> str:
    taken = {f.id for f in workbook.forms}
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def derive_self_eval(workbook: Workbook, source: Form, rule: DerivationRule, target: FormDefinition) -> Form:
    """A new self-evaluation form from a target form; the workbook is not changed."""
    if source.definition.id != rule.source:
        raise DeriveError(f"表“{source.title}”（{source.definition.name}）不能按“{rule.name}”生成自评表")
    project_name = linked_value(source, "project_name")
    title_values = {"year": workbook.year, "unit": workbook.unit, "project_name": project_name}
    try:
        title = target.default_title.format(**title_values)
    except (KeyError, IndexError):
        title = target.name
    project_title = kind_of(target).project_title
    if project_name and project_title:
        try:
            title = project_title.format(**title_values)
        except (KeyError, IndexError, ValueError):
            title = project_title
    suffix = kind_of(target).stage or kind_of(target).prefix       # project_03_self_eval
    form = Form(id=unique_form_id(workbook, f"{source.id}_{suffix}"), definition=target, title=title)
    items = carried(workbook, source, rule)
    for key, text in items.items():
        kind, _, where = key.partition(":")
        if kind == "field" and text:
            form.fields[where] = text
        elif kind == "section" and text:
            form.sections[where] = text
        elif kind == "funds" and text:
            table_id, row_id, column_id = where.split(".")
            form.funds_table(table_id).values.setdefault(row_id, {})[column_id] = Decimal(text)

    # The indicator tree, regrouped by the target's level-1/level-2 names, in source order.
    level1_map = dict(rule.level1)
    by_name: dict[str, IndicatorNode] = {}
    for l1 in source.indicators:
        t1_name = level1_map.get(l1.name, l1.name)
        t1 = by_name.get(t1_name)
        if t1 is None:
            t1 = by_name[t1_name] = IndicatorNode(t1_name)
            form.indicators.append(t1)
        for l2 in l1.children:
            t2_name = _target_level2(rule, l1.name, l2.name)
            t2 = next((n for n in t1.children if n.name == t2_name), None)
            if t2 is None:
                t2 = IndicatorNode(t2_name)
                t1.children.append(t2)
            for l3 in l2.children:
                cells = _cells(l3, rule)
                t2.children.append(IndicatorNode(l3.name, cells))
    # Weights by the rule's profile, spread over each branch's level-3 rows.
    for name, weight in rule.weights:
        branch = by_name.get(name)
        if branch is None:
            continue
        rows = [l3 for l2 in branch.children for l3 in l2.children]
        for row, share in zip(rows, _spread(weight, len(rows))):
            row.cells["weight"] = share
        for l2 in branch.children:
            if not l2.children:
                l2.cells["weight"] = Decimal(0)
    form.origin = Origin(source.id, rule.id, items)
    return form


class Difference(msgspec.Struct, frozen=True):
    key: str          # the carried item, e.g. "indicator:产出指标/数量指标/管理车辆数（辆）:target_value"
    label: str        # said to the user
    old: str | None   # in the self-evaluation's baseline (None: new on the target form)
    new: str | None   # on the target form now (None: removed there)


def difference_label(form: Form, difference: Difference) -> str:
    """A carried item in the words of the self-evaluation's own definition (`form`), for people;
    `difference.label` when the definition no longer has it."""
    kind, _, where = difference.key.partition(":")
    definition = form.definition
    try:
        if kind == "field":
            return f"字段：{definition.field_def(where).label}"
        if kind == "section":
            return f"段落：{definition.section_def(where).label}"
        if kind == "funds":
            table_id, row_id, column_id = where.split(".")
            table = definition.funds_table(table_id)
            column = next(c.label for c in table.columns if c.id == column_id)
            return f"资金：{table.label} › {table.row(row_id).label} › {column}"
        if kind == "indicator":
            path, _, column_id = where.rpartition(":")
            column = definition.indicators.column(column_id) if definition.indicators else None
            return f"指标：{' › '.join(path.split('/'))}（{column.label if column else column_id}）"
    except (AttributeError, KeyError, StopIteration, ValueError):
        pass
    return difference.label


def _label(key: str) -> str:
    kind, _, where = key.partition(":")
    if kind == "indicator":
        path, _, _column = where.rpartition(":")
        return "指标 " + " › ".join(path.split("/"))
    names = {"field": "字段", "section": "段落", "funds": "资金"}
    return f"{names.get(kind, kind)} {where}"


def differences(workbook: Workbook, derived: Form, rule: DerivationRule) -> list[Difference]:
    """What changed on the source form since the derived form was made (or last reconciled)."""
    if derived.origin is None:
        return []
    try:
        source = workbook.form(derived.origin.source_form)
    except KeyError:
        return []
    now, then = carried(workbook, source, rule), derived.origin.baseline
    out = []
    for key in list(then) + [k for k in now if k not in then]:
        old, new = then.get(key), now.get(key)
        if old != new:
            out.append(Difference(key, _label(key), old, new))
    return out


def _find_path(form: Form, path: str) -> tuple[IndicatorNode | None, IndicatorNode | None, IndicatorNode | None]:
    l1_name, l2_name, l3_name = path.split("/", 2)
    l1 = next((n for n in form.indicators if n.name == l1_name), None)
    l2 = next((n for n in l1.children if n.name == l2_name), None) if l1 else None
    l3 = next((n for n in l2.children if n.name == l3_name), None) if l2 else None
    return l1, l2, l3


def take_over(derived: Form, difference: Difference) -> None:
    """Apply a change of the target form to the self-evaluation, and remember it as seen."""
    kind, _, where = difference.key.partition(":")
    new = difference.new
    if kind == "field":
        derived.fields[where] = new or ""
    elif kind == "section":
        derived.sections[where] = new or ""
    elif kind == "funds":
        table_id, row_id, column_id = where.split(".")
        row = derived.funds_table(table_id).values.setdefault(row_id, {})
        if new:
            row[column_id] = Decimal(new)
        else:
            row.pop(column_id, None)
    elif kind == "indicator":
        path, _, column = where.rpartition(":")
        l1, l2, l3 = _find_path(derived, path)
        if new is None:
            if l2 is not None and l3 is not None:
                l2.children.remove(l3)
        else:
            l1_name, l2_name, l3_name = path.split("/", 2)
            if l1 is None:
                l1 = IndicatorNode(l1_name)
                derived.indicators.append(l1)
            if l2 is None:
                l2 = IndicatorNode(l2_name)
                l1.children.append(l2)
            if l3 is None:
                l3 = IndicatorNode(l3_name)
                l2.children.append(l3)
            l3.cells[column] = IndicatorValue.parse(new)
    keep(derived, difference)


def keep(derived: Form, difference: Difference) -> None:
    """Keep the self-evaluation as it is, and stop showing this change."""
    if difference.new is None:
        derived.origin.baseline.pop(difference.key, None)
    else:
        derived.origin.baseline[difference.key] = difference.new
