"""Workbook ↔ plain dicts (the JSON of docs/workbook-json.md), used by the file store, the
built-in samples, `perfdesk dump`/`load` and the copy an Excel export keeps of its forms. A layer
of its own, under store/ and xlsx/ (see docs/architecture.md). Reading checks every key against the form definition and
names the place of anything wrong."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from .definitions.loader import Registry, default_registry
from .domain.definition import ColumnDef, FormDefinition
from .domain.model import (
    CellValue,
    Comment,
    Form,
    FundsLine,
    FundsTable,
    ImportSource,
    IndicatorNode,
    Origin,
    Signature,
    Task,
    Workbook,
)
from .domain.values import IndicatorValue, decimal_text

FORMAT = "perfdesk-workbook"
VERSION = 1


class WorkbookDataError(ValueError):
    """Content that does not fit the workbook model; the message names the place, in Chinese."""


# ---------------------------------------------------------------------------------- writing

def _cell_out(value: CellValue) -> Any:
    if value is None:
        return None
    if isinstance(value, IndicatorValue):
        return None if value.is_empty else value.to_dict()
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if value != "" else None


def _cells_out(cells: dict[str, CellValue]) -> dict:
    out = {}
    for key, value in cells.items():
        v = _cell_out(value)
        if v is not None:
            out[key] = v
    return out


def _amounts_out(values: dict[str, Decimal]) -> dict:
    return {k: decimal_text(v) for k, v in values.items() if v is not None}


def node_to_dict(node: IndicatorNode) -> dict:
    return {"name": node.name, "cells": _cells_out(node.cells),
            "children": [node_to_dict(c) for c in node.children]}


def form_to_dict(form: Form) -> dict:
    funds = {}
    for table_id, table in form.funds.items():
        rows = {r: _amounts_out(v) for r, v in table.values.items() if _amounts_out(v)}
        stated = {r: _amounts_out(v) for r, v in table.stated.items() if _amounts_out(v)}
        lines = [{"name": line.name, "values": _amounts_out(line.values)} for line in table.lines]
        if rows or stated or lines:
            funds[table_id] = {"rows": rows, "stated": stated, "lines": lines}
    out = {
        "id": form.id,
        "definition": form.definition.id,
        "title": form.title,
        "fields": {k: v for k, v in form.fields.items() if v},
        "sections": {k: v for k, v in form.sections.items() if v},
        "funds": funds,
        "lists": {k: [_cells_out(item) for item in items] for k, items in form.lists.items() if items},
        "indicators": {
            "tree": [node_to_dict(n) for n in form.indicators],
            "stated_totals": _amounts_out(form.stated_totals),
        },
    }
    if form.origin is not None:
        out["origin"] = {"form": form.origin.source_form, "rule": form.origin.rule,
                         "baseline": dict(form.origin.baseline)}
    if form.source is not None:
        src = form.source
        out["source"] = {"file": src.file, "sheet": src.sheet, "money_unit": src.money_unit,
                         "absent": list(src.absent)}
    return out


def workbook_header_to_dict(wb: Workbook) -> dict:
    s = wb.signature
    out = {
        "format": FORMAT,
        "version": VERSION,
        "unit": wb.unit,
        "unit_code": wb.unit_code,
        "year": wb.year,
        "signature": {"leader": s.leader, "preparer": s.preparer, "phone": s.phone, "date": s.date},
    }
    if wb.task is not None:     # only on dispatched workbooks: every other dump stays as it was
        t = wb.task
        out["task"] = {"issuer": t.issuer, "deadline": t.deadline, "note": t.note}
    if wb.comments:             # 审核意见 (perfdesk return): likewise only where there are some
        out["comments"] = [comment_to_dict(c) for c in wb.comments]
    return out


COMMENT_KEYS = ("id", "form", "place", "where", "text", "author", "created", "status", "done_at", "reply")


def comment_to_dict(c: Comment) -> dict:
    return {"id": c.id, "form": c.form_id, "place": c.place, "where": c.where, "text": c.text,
            "author": c.author, "created": c.created, "status": c.status, "done_at": c.done_at,
            "reply": c.reply}


def comments_from_list(data: Any, place: _Place | None = None) -> list[Comment]:
    """The "comments" of workbook JSON (and of a summary file's unit), every key checked."""
    place = (place or _Place()) / "comments"
    out, seen = [], set()
    for i, raw in enumerate(_expect(place, data, list, "列表")):
        here = place / f"第{i + 1}条审核意见"
        _expect(here, raw, dict, "表")
        unknown = set(raw) - set(COMMENT_KEYS)
        if unknown:
            here.fail(f"未知的键 “{sorted(unknown)[0]}”")
        values = {k: _expect(here / k, raw.get(k, ""), str, "文本") for k in COMMENT_KEYS}
        if not values["id"]:
            here.fail("缺少标识（id）")
        if values["id"] in seen:
            here.fail(f"标识 “{values['id']}” 重复")
        if not values["form"]:
            here.fail("缺少所属的表（form）")
        if values["status"] not in ("open", "done"):
            (here / "status").fail(f"状态应为 open 或 done，实际为 {_shown(values['status'])}")
        seen.add(values["id"])
        out.append(Comment(id=values["id"], form_id=values["form"], text=values["text"], place=values["place"],
                           where=values["where"], author=values["author"], created=values["created"],
                           status=values["status"], done_at=values["done_at"], reply=values["reply"]))
    return out


def workbook_to_dict(wb: Workbook) -> dict:
    from .definitions.embedded import embedded_texts

    d = workbook_header_to_dict(wb)
    d["forms"] = [form_to_dict(f) for f in wb.forms]
    d["definitions"] = embedded_texts(wb)
    return d


def canonical_json(data: Any) -> str:
    """Stable text: sorted keys, rows in their order, so equal content dumps identically."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def dump_workbook(wb: Workbook) -> str:
    return canonical_json(workbook_to_dict(wb))


# ---------------------------------------------------------------------------------- reading

class _Place:
    """Where in the data we are, for messages: 表单“dept_target” › 指标 › 第3行.

    A place is made for every value read but spelled out only when something fails, so each
    step is a link to its parent (no tuple copied per step: reading 200 units made half a
    million of them)."""

    __slots__ = ("base", "parent", "part")

    def __init__(self, parts: tuple[str, ...] = ()):
        self.base, self.parent, self.part = parts, None, ""

    def __truediv__(self, part: str) -> _Place:
        step = _new_place(_Place)
        step.base, step.parent, step.part = (), self, part
        return step

    @property
    def parts(self) -> tuple[str, ...]:
        steps, node = [], self
        while node.parent is not None:
            steps.append(node.part)
            node = node.parent
        return node.base + tuple(reversed(steps))

    def fail(self, problem: str):
        where = " › ".join(self.parts) or "工作簿"
        raise WorkbookDataError(f"{where}：{problem}")


_new_place = object.__new__


def _shown(value: Any, most: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= most else text[:most] + f"…（共 {len(text)} 个字符）"


def _expect(place: _Place, value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        place.fail(f"应为{what}，实际为 {_shown(value)}")
    return value


# Amounts and figures a form can hold: below 10^18 in size, at most 100 places after the point.
# Beyond these no real figure lies, and Decimal arithmetic (sums, rates, rounding to 0.01) would
# overflow or print a million digits.
MAX_ADJUSTED, MIN_ADJUSTED, MAX_DIGITS = 17, -100, 200


def checked_decimal(d: Decimal) -> str | None:
    """Why an amount cannot be held (None when it can)."""
    if not d.is_finite():
        return "不是有限的数字"
    if d and not MIN_ADJUSTED <= d.adjusted() <= MAX_ADJUSTED:
        return "超出可处理的范围（绝对值应小于 10 的 18 次方，小数不超过 100 位）"
    if len(d.as_tuple().digits) > MAX_DIGITS:
        return f"位数过多（超过 {MAX_DIGITS} 位）"
    return None


def _decimal(place: _Place, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        place.fail(f"金额应为数字文本，实际为 {_shown(value)}")
    text = str(value).strip().replace(",", "") if isinstance(value, str) else None
    if text is not None and len(text) > MAX_DIGITS + 10:
        place.fail(f"“{text[:20]}…” 位数过多（超过 {MAX_DIGITS} 位）")
    try:
        d = Decimal(text if text is not None else value)
    except (InvalidOperation, ValueError):
        place.fail(f"“{_shown(value)[1:-1]}” 不是数字")
    problem = checked_decimal(d)
    if problem:
        place.fail(f"“{_shown(value)[1:-1]}” {problem}")
    return d


def _amounts(place: _Place, data: Any, columns: tuple[str, ...], extra: tuple[str, ...] = ()) -> dict[str, Decimal]:
    _expect(place, data, dict, "表（列 → 金额）")
    out = {}
    for col, value in data.items():
        if col not in columns and col not in extra:
            place.fail(f"未知的列 “{col}”，可用：{'、'.join(columns + extra)}")
        out[col] = _decimal(place / f"列“{col}”", value)
    return out


def _cell_in(place: _Place, column: ColumnDef, value: Any) -> CellValue:
    if value is None:
        return None
    if column.type == "value":
        if isinstance(value, dict):
            return _indicator_value(place, value)
        return IndicatorValue.parse(_expect(place, value, str, "文本"))
    if column.type == "number":
        return _decimal(place, value)
    if column.type == "date":
        try:
            return dt.date.fromisoformat(_expect(place, value, str, "日期文本"))
        except ValueError:
            place.fail(f"“{value}” 不是日期（应为 YYYY-MM-DD）")
    return _expect(place, value, str, "文本")


_VALUE_KEYS = {"text": str, "kind": str, "op": str, "explicit_op": bool, "number": str, "unit": str,
               "date": str, "date_precision": str, "parts": list, "start": str}


def _indicator_value(place: _Place, value: dict) -> IndicatorValue:
    """A stored 指标值 (IndicatorValue.to_dict): every key of its type, numbers in range."""
    for key, v in value.items():
        kind = _VALUE_KEYS.get(key)
        if kind is None:
            place.fail(f"指标值中有未知的键 “{_shown(key)}”")
        if v is not None and (type(v) is not kind):       # the place only when it is wrong
            _expect(place / key, v, kind, {str: "文本", bool: "真假值", list: "列表"}[kind])
    if "number" in value and value["number"] is not None:
        _decimal(place / "number", value["number"])
    parts = value.get("parts")
    if parts is not None and (len(parts) != 3 or not all(isinstance(p, str) for p in parts)):
        place.fail("指标值的 parts 应为三段文本")
    kind = value.get("kind")
    if kind == "quantitative" and value.get("number") is None:
        place.fail("定量的指标值缺少数值（number）")
    if kind in ("deadline", "date", "period") and value.get("date") is None:
        place.fail("日期类的指标值缺少日期（date）")
    try:
        # null is read as absent: {"text": null} would otherwise make a value whose text is None
        return IndicatorValue.from_dict({k: v for k, v in value.items() if v is not None})
    except (KeyError, ValueError, TypeError, ArithmeticError):
        place.fail("指标值结构有误（类别、符号或日期无法识别）")


def _cells(place: _Place, data: Any, columns: tuple[ColumnDef, ...]) -> dict[str, CellValue]:
    _expect(place, data, dict, "表（列 → 值）")
    by_id = {c.id: c for c in columns}
    out = {}
    for key, value in data.items():
        column = by_id.get(key)
        if column is None:
            allowed = "、".join(by_id) or "（无）"
            place.fail(f"此层级没有列 “{key}”，可用：{allowed}")
        out[key] = _cell_in(place / f"列“{column.label}”", column, value)
    return out


def _node(place: _Place, data: Any, level: int, definition: FormDefinition, branch: str) -> IndicatorNode:
    _expect(place, data, dict, "指标行")
    unknown = set(data) - {"name", "cells", "children"}
    if unknown:
        place.fail(f"未知的键 “{sorted(unknown)[0]}”")
    name = _expect(place / "name", data.get("name", ""), str, "文本")
    ind = definition.indicators
    if level == 1:
        branch = name
        columns: tuple[ColumnDef, ...] = ()
    else:
        b = ind.branch(branch)
        columns = ((b.level2_columns if b else ()) + ind.columns) if level == 2 else ind.columns
    cells = _cells(place, data.get("cells", {}), columns)
    children_data = _expect(place / "children", data.get("children", []), list, "列表")
    if level == 3 and children_data:
        place.fail("三级指标下不能再有下级指标")
    children = [_node(place / f"第{i + 1}行“{c.get('name', '') if isinstance(c, dict) else ''}”", c,
                      level + 1, definition, branch) for i, c in enumerate(children_data)]
    return IndicatorNode(name, cells, children)


def form_from_dict(data: Any, registry: Registry | None = None, place: _Place | None = None) -> Form:
    registry = registry or default_registry()
    place = place or _Place()
    _expect(place, data, dict, "表单")
    form_id = _expect(place / "id", data.get("id"), str, "文本")
    place = place / f"表单“{form_id}”"
    allowed = {"id", "definition", "title", "fields", "sections", "funds", "lists", "indicators", "origin", "source"}
    unknown = set(data) - allowed
    if unknown:
        place.fail(f"未知的键 “{sorted(unknown)[0]}”")
    def_id = _expect(place / "definition", data.get("definition"), str, "文本")
    if def_id not in registry:
        place.fail(f"未知的表样定义 “{def_id}”（forms/ 中没有这个文件）")
    definition = registry[def_id]
    form = Form(id=form_id, definition=definition, title=_expect(place / "title", data.get("title", ""), str, "文本"))

    for key, target, lookup in (("fields", form.fields, definition.field_def),
                                ("sections", form.sections, definition.section_def)):
        values = _expect(place / key, data.get(key, {}), dict, "表")
        for k, v in values.items():
            if lookup(k) is None:
                (place / key).fail(f"表样 “{def_id}” 没有 “{k}”")
            target[k] = _expect(place / key / k, v, str, "文本")

    funds = _expect(place / "funds", data.get("funds", {}), dict, "表")
    for table_id, tdata in funds.items():
        tplace = place / f"资金表“{table_id}”"
        try:
            tdef = definition.funds_table(table_id)
        except KeyError:
            tplace.fail(f"表样 “{def_id}” 没有这个资金表")
        _expect(tplace, tdata, dict, "表")
        unknown = set(tdata) - {"rows", "stated", "lines"}
        if unknown:
            tplace.fail(f"未知的键 “{sorted(unknown)[0]}”")
        table = FundsTable(tdef)
        cols = tdef.typed_column_ids
        for row_id, values in _expect(tplace, tdata.get("rows", {}), dict, "表").items():
            rplace = tplace / f"行“{row_id}”"
            row = _row_def(rplace, tdef, row_id)
            if row.computed:
                rplace.fail(f"“{row.label}” 是计算行，只能写在 stated 中")
            table.values[row_id] = _amounts(rplace, values, cols)
        # execution figures (rate, score) may be stated beside the amounts of a computed row
        extra = ("rate", "score") if definition.execution else ()
        for row_id, values in _expect(tplace, tdata.get("stated", {}), dict, "表").items():
            rplace = tplace / f"填报合计“{row_id}”"
            _row_def(rplace, tdef, row_id)
            table.stated[row_id] = _amounts(rplace, values, cols, extra)
        lines = _expect(tplace / "lines", tdata.get("lines", []), list, "列表")
        if lines and tdef.lines is None:
            tplace.fail("此资金表没有项目明细行")
        for i, ldata in enumerate(lines):
            lplace = tplace / f"明细第{i + 1}行"
            _expect(lplace, ldata, dict, "表")
            table.lines.append(FundsLine(_expect(lplace / "name", ldata.get("name", ""), str, "文本"),
                                         _amounts(lplace, ldata.get("values", {}), cols)))
        form.funds[table_id] = table

    lists = _expect(place / "lists", data.get("lists", {}), dict, "表")
    for list_id, items in lists.items():
        ldef = definition.list_def(list_id)
        if ldef is None:
            (place / "lists").fail(f"表样 “{def_id}” 没有列表 “{list_id}”")
        items = _expect(place / ldef.label, items, list, "列表")
        form.lists[list_id] = [_cells(place / ldef.label / f"第{i + 1}项", item, ldef.columns)
                               for i, item in enumerate(items)]

    ind = _expect(place / "indicators", data.get("indicators", {}), dict, "表")
    if ind.get("tree") and definition.indicators is None:
        place.fail(f"表样 “{def_id}” 没有指标表")
    for i, node in enumerate(_expect(place / "indicators", ind.get("tree", []), list, "列表")):
        name = node.get("name", "") if isinstance(node, dict) else ""
        form.indicators.append(_node(place / f"指标第{i + 1}组“{name}”", node, 1, definition, name))
    if "origin" in data:
        odata = _expect(place / "origin", data["origin"], dict, "表")
        baseline = _expect(place / "origin" / "baseline", odata.get("baseline", {}), dict, "表")
        form.origin = Origin(_expect(place / "origin" / "form", odata.get("form"), str, "文本"),
                             _expect(place / "origin" / "rule", odata.get("rule", ""), str, "文本"),
                             {str(k): _expect(place / "origin" / k, v, str, "文本") for k, v in baseline.items()})
    if "source" in data:
        splace = place / "source"
        sdata = _expect(splace, data["source"], dict, "表")
        absent = _expect(splace / "absent", sdata.get("absent", []), list, "列表")
        form.source = ImportSource(_expect(splace / "file", sdata.get("file", ""), str, "文本"),
                                   _expect(splace / "sheet", sdata.get("sheet", ""), str, "文本"),
                                   _expect(splace / "money_unit", sdata.get("money_unit", ""), str, "文本"),
                                   tuple(_expect(splace / "absent", a, str, "文本") for a in absent))
    if ind.get("stated_totals"):
        totals = definition.indicators.totals if definition.indicators else ()
        form.stated_totals = _amounts(place / "合计行", ind["stated_totals"], totals)
    return form


def _row_def(place: _Place, tdef, row_id: str):
    try:
        return tdef.row(row_id)
    except KeyError:
        place.fail(f"资金表 “{tdef.label}” 没有这一行")


def workbook_header_from_dict(data: Any) -> Workbook:
    place = _Place()
    _expect(place, data, dict, "工作簿")
    if data.get("format") != FORMAT:
        place.fail(f"不是 perfdesk 工作簿数据（format = {data.get('format')!r}）")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        place.fail(f"数据版本 {version!r} 比本程序支持的版本 {VERSION} 新，请升级 perfdesk")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        (place / "year").fail(f"年度应为四位数年份，实际为 {year!r}")
    sig = _expect(place / "signature", data.get("signature", {}), dict, "表")
    unknown = set(sig) - {"leader", "preparer", "phone", "date"}
    if unknown:
        (place / "signature").fail(f"未知的键 “{sorted(unknown)[0]}”")
    signature = Signature(**{k: _expect(place / "signature" / k, v, str, "文本") for k, v in sig.items()})
    task = None
    if data.get("task") is not None:
        raw = _expect(place / "task", data["task"], dict, "表")
        unknown = set(raw) - {"issuer", "deadline", "note"}
        if unknown:
            (place / "task").fail(f"未知的键 “{sorted(unknown)[0]}”")
        task = Task(**{k: _expect(place / "task" / k, v, str, "文本") for k, v in raw.items()})
    comments = comments_from_list(data["comments"]) if data.get("comments") is not None else []
    return Workbook(
        unit=_expect(place / "unit", data.get("unit", ""), str, "文本"),
        unit_code=_expect(place / "unit_code", data.get("unit_code", ""), str, "文本"),
        year=year,
        signature=signature,
        task=task,
        comments=comments,
    )


def definitions_from_dict(data: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The "definitions" of workbook JSON: ({form definition id: TOML text}, {profile id: text})."""
    place = _Place() / "definitions"
    if data is None:
        return {}, {}
    _expect(place, data, dict, "表")
    unknown = set(data) - {"forms", "profiles"}
    if unknown:
        place.fail(f"未知的键 “{sorted(unknown)[0]}”")
    out = []
    for key in ("forms", "profiles"):
        texts = _expect(place / key, data.get(key, {}), dict, "表（标识 → TOML 文本）")
        out.append({k: _expect(place / key / k, v, str, "TOML 文本") for k, v in texts.items()})
    return out[0], out[1]


def embedded_registry(texts: dict[str, str], registry: Registry | None = None) -> Registry:
    """The definitions a workbook carries over the installed ones; a broken copy is refused
    naming its place in the data."""
    from .definitions.embedded import registry_from_texts
    from .definitions.loader import DefinitionError

    try:
        return registry_from_texts(texts, registry)
    except DefinitionError as exc:
        (_Place() / "definitions" / "forms").fail(str(exc))


def workbook_from_dict(data: Any, registry: Registry | None = None) -> Workbook:
    """The workbook of JSON data; its "definitions" (when present) are used for its forms."""
    wb = workbook_header_from_dict(data)
    form_texts, profile_texts = definitions_from_dict(data.get("definitions"))
    if form_texts:
        registry = embedded_registry(form_texts, registry)
    wb.profile_texts = profile_texts
    forms = _expect(_Place() / "forms", data.get("forms", []), list, "列表")
    seen = set()
    for i, fdata in enumerate(forms):
        form = form_from_dict(fdata, registry, _Place() / f"第{i + 1}张表")
        if form.id in seen:
            _Place().fail(f"表单标识 “{form.id}” 重复")
        seen.add(form.id)
        wb.forms.append(form)
    return wb
