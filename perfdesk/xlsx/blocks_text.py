"""Title, header fields, text sections, lists and the signature block of a sheet plan."""
from __future__ import annotations

from ..domain import figures
from ..domain.definition import ListDef, SectionDef
from ..domain.entry import amount_places
from ..domain.model import Form, Workbook
from ..domain.printed import money_line, pair_unit
from ..domain.signature import signature_lines
from . import textsize
from .blocks_funds import amount_format
from .layout import (AMOUNT, GROUP, HEADER, HEADING, LABEL, MONEY_UNIT, SIGN, SUBTITLE, TEXT, TEXT_TOP, TITLE,
                     UNITLINE, Cell, SheetPlan, cell_text, column_cell_value, continued, field_cell_value, fill,
                     place_values, split_label, split_text, spread)
from .rowkeys import Row, row_key


def title_block(plan: SheetPlan, workbook: Workbook):
    form, pr = plan.form, plan.form.definition.print
    r = plan.new_row(row_key(Row.TITLE), 30)
    plan.put(r, 1, form.title, TITLE, cols=plan.ncols, border="none")
    plan.fit_text(Cell(r, 1, form.title, TITLE, cols=plan.ncols), font_pt=16)
    if pr.subtitle:
        r = plan.new_row(row_key(Row.SUBTITLE), 20)
        plan.put(r, 1, fill(pr.subtitle, form, workbook), SUBTITLE, cols=plan.ncols, border="none")
    unit_line = fill(pr.unit_line, form, workbook) if pr.unit_line else ""
    money = money_line(form.definition)
    if unit_line or money:
        r = plan.new_row(row_key(Row.UNIT_LINE), 20)
        money_cols = 2 if plan.ncols >= 4 else 1
        if unit_line:
            plan.put(r, 1, unit_line, UNITLINE, cols=plan.ncols - money_cols, border="none")
        if money:
            plan.put(r, plan.ncols - money_cols + 1, money, MONEY_UNIT, cols=money_cols, border="none")


# ---------------------------------------------------------------------------------- fields

def _label_span(plan: SheetPlan, col: int, span: int) -> int:
    """Columns a field label takes at the start of its run: enough for ~4 characters."""
    take = 1
    while take < span - 1 and plan.width(col, take) < 8:
        take += 1
    return take


def _item_key(item: tuple) -> str:
    return item[1].id if item[0] == "field" else f"{item[1].id}.{item[2].id}"


def fields_block(plan: SheetPlan, form: Form, items: list[tuple]):
    """Label | value pairs, `fields_per_row` of them side by side (项目编码 | … | 项目名称 | …): the
    fields, and the rows of a `[print] pairs` funds table among them (项目总投资 | 20.00万元), keyed
    `table.row` in the row's key."""
    per_row = max(1, form.definition.print.fields_per_row)
    lc = plan.label_cols
    runs = spread(plan.widths, per_row) if per_row > 1 else []
    if per_row > 1 and (len(runs) < per_row or any(span < 2 for _, span in runs)):
        per_row = 1
    for start in range(0, len(items), per_row):
        chunk = items[start:start + per_row]
        r = plan.new_row(row_key(Row.FIELDS, ",".join(_item_key(x) for x in chunk)))
        for i, item in enumerate(chunk):
            if per_row == 1:
                col, span, label_span = 1, plan.ncols, lc
            else:
                col, span = runs[i]
                if i == len(chunk) - 1:
                    span = plan.ncols - col + 1          # the last field takes the rest of the row
                label_span = _label_span(plan, col, span)
            if item[0] == "amount":
                _, tdef, row = item
                value = form.funds_table(tdef.id).value(row.id, tdef.columns[0].id)
                fmt = amount_format(amount_places(value, form.definition.print.decimals) if value is not None
                                    else form.definition.print.decimals)
                unit = pair_unit(form.definition, tdef, row)
                fmt += f'"{unit}"' if unit else ""
                plan.fit_text(plan.put(r, col, row.label, LABEL, cols=label_span))
                plan.put(r, col + label_span, value, AMOUNT, cols=span - label_span, number_format=fmt)
                continue
            fdef = item[1]
            plan.fit_text(plan.put(r, col, fdef.label, LABEL, cols=label_span))
            value, fmt, style = field_cell_value(fdef.type, form.fields.get(fdef.id, ""))
            plan.fit_text(plan.put(r, col + label_span, value, style, cols=span - label_span, number_format=fmt))


# ---------------------------------------------------------------------------------- sections

def _borders(index: int, count: int) -> str:
    if count == 1:
        return "all"
    return "open_bottom" if index == 0 else ("open_top" if index == count - 1 else "open_both")


def _section_label_cols(plan: SheetPlan, lead: int) -> int:
    """Columns of a section's label: the sheet's label columns, or right of a group's side label
    (`lead` columns) as many as give it room for ~4 characters."""
    if not lead:
        return plan.label_cols
    return _label_span(plan, lead + 1, plan.ncols - lead)


def section_rows(plan: SheetPlan, sdef: SectionDef, text: str, lead: int = 0):
    """Label | text; a long text takes several rows under one label. `lead` columns on the left
    are left to a group's side label (section_groups = "side")."""
    lc = _section_label_cols(plan, lead)
    start = lead + lc + 1
    width = plan.width(start, plan.ncols - start + 1)
    chunks = split_text(text, width) if text else [("", "")]
    first = plan.next_row
    for index, (joiner, chunk) in enumerate(chunks):
        r = plan.new_row(row_key(Row.SECTION, sdef.id, *([joiner] if joiner else [])))
        plan.fit_text(plan.put(r, start, chunk, TEXT if len(chunks) == 1 else TEXT_TOP,
                               cols=plan.ncols - start + 1, border=_borders(index, len(chunks))))
    plan.fit_text(plan.put(first, lead + 1, sdef.label, LABEL, rows=len(chunks), cols=lc,
                           cont=continued(sdef.label, plan.width(lead + 1, lc))))


def sections_side_by_side(plan: SheetPlan, form: Form, sdefs: list[SectionDef], lead: int = 0):
    """年度总体目标 | 预期目标 text | 实际完成情况 text, under a header naming the columns."""
    group = split_label(sdefs[0].label)[0]
    lc = _section_label_cols(plan, lead)
    runs = spread(plan.widths, len(sdefs), first=lead + lc + 1)
    if len(runs) < len(sdefs):
        for sdef in sdefs:
            section_rows(plan, sdef, form.sections.get(sdef.id, ""), lead)
        return
    runs[-1] = (runs[-1][0], plan.ncols - runs[-1][0] + 1)
    r = plan.new_row(row_key(Row.SIDE_HEADER))
    plan.put(r, lead + 1, "", HEADER, cols=lc)
    for (col, span), sdef in zip(runs, sdefs):
        plan.fit_text(plan.put(r, col, split_label(sdef.label)[1], HEADER, cols=span))
    pieces = []
    for (col, span), sdef in zip(runs, sdefs):
        text = form.sections.get(sdef.id, "")
        pieces.append(split_text(text, plan.width(col, span)) if text else [("", "")])
    count = max(len(p) for p in pieces)
    first = plan.next_row
    for index in range(count):
        key = ";".join(f"{d.id}={p[index][0] if index < len(p) else '-'}" for d, p in zip(sdefs, pieces))
        r = plan.new_row(row_key(Row.SIDE_ROW, key))
        for (col, span), p in zip(runs, pieces):
            chunk = p[index][1] if index < len(p) else None
            plan.fit_text(plan.put(r, col, chunk, TEXT if count == 1 else TEXT_TOP, cols=span,
                                   border=_borders(index, count)))
    plan.fit_text(plan.put(first, lead + 1, group, LABEL, rows=count, cols=lc,
                           cont=continued(group, plan.width(lead + 1, lc))))
    plan.keep_together(first - 1, first)


def side_group(plan: SheetPlan, form: Form, group: str, sdefs: list[SectionDef]):
    """[print] section_groups = "side": the group's label merged down the left of its sections'
    rows (项目基本情况 | 项目年度目标 … | 项目实施内容及过程概述 …); sections sharing a label before
    "·" side by side as elsewhere."""
    lead = plan.label_cols
    if plan.ncols - lead < 2:        # no room for label and text right of the group: as headings
        group_heading(plan, group)
        for sdef in sdefs:
            section_rows(plan, sdef, form.sections.get(sdef.id, ""))
        return
    first = plan.next_row
    i = 0
    while i < len(sdefs):
        prefix = split_label(sdefs[i].label)[0]
        run = [sdefs[i]]
        while prefix and i + 1 < len(sdefs) and split_label(sdefs[i + 1].label)[0] == prefix:
            i += 1
            run.append(sdefs[i])
        if len(run) > 1:
            sections_side_by_side(plan, form, run, lead)
        else:
            section_rows(plan, run[0], form.sections.get(run[0].id, ""), lead)
        i += 1
    plan.fit_text(plan.put(first, 1, group, LABEL, rows=plan.next_row - first, cols=lead,
                           cont=continued(group, plan.width(1, lead))))


def narrative_section(plan: SheetPlan, sdef: SectionDef, text: str, last_group: list[str]):
    """一、部门概述 / （一）部门基本情况 / the text, as headed paragraphs across the page."""
    if sdef.group and sdef.group != last_group[0]:
        r = plan.new_row(row_key(Row.GROUP))
        plan.fit_text(plan.put(r, 1, sdef.group, GROUP, cols=plan.ncols, border="none"))
        plan.keep_together(r, r + 1)
    last_group[0] = sdef.group
    r = plan.new_row(row_key(Row.SECTION_HEAD, sdef.id))
    plan.fit_text(plan.put(r, 1, sdef.label, HEADING, cols=plan.ncols, border="none"))
    plan.keep_together(r, r + 1)
    width = plan.width(1, plan.ncols)
    for joiner, chunk in (split_text(text, width) if text else [("", "")]):
        r = plan.new_row(row_key(Row.SECTION_TEXT, sdef.id, *([joiner] if joiner else [])))
        plan.fit_text(plan.put(r, 1, chunk, TEXT_TOP, cols=plan.ncols, border="none"))


def group_heading(plan: SheetPlan, group: str):
    r = plan.new_row(row_key(Row.GROUP))
    plan.fit_text(plan.put(r, 1, group, GROUP, cols=plan.ncols))
    plan.keep_together(r, r + 1)


# ---------------------------------------------------------------------------------- lists

def list_block(plan: SheetPlan, form: Form, ldef: ListDef):
    items = form.lists.get(ldef.id, [])
    r = plan.new_row(row_key(Row.LIST_CAPTION, ldef.id))
    plan.fit_text(plan.put(r, 1, ldef.label, GROUP, cols=plan.ncols, border="none"))
    k = len(ldef.columns)
    if k > plan.ncols:
        plan.widths += [14.0] * (k - plan.ncols)
    if k == plan.ncols:
        groups = [(c, 1) for c in range(1, k + 1)]
    else:
        first, rest = place_values(plan, 1, [6.0] * (k - 1))
        groups = [(1, first - 1)] + rest
    r = plan.new_row(row_key(Row.LIST_HEADER, ldef.id))
    plan.keep_together(r - 1, r + 1)
    for (col, span), cdef in zip(groups, ldef.columns):
        plan.fit_text(plan.put(r, col, cdef.label, HEADER, cols=span))
    for item in items:
        r = plan.new_row(row_key(Row.LIST_ITEM, ldef.id))
        for (col, span), cdef in zip(groups, ldef.columns):
            value, fmt, style = column_cell_value(cdef, item.get(cdef.id))
            plan.fit_text(plan.put(r, col, value, style, cols=span, number_format=fmt))
    if ldef.totals:         # the 合计 row of a 汇总表: computed as the PDF prints it (figures.list_totals)
        totals = figures.list_totals(form, ldef.id)
        r = plan.new_row(row_key(Row.LIST_TOTAL, ldef.id))
        first = next(i for i, c in enumerate(ldef.columns) if c.id in ldef.totals)
        col0 = groups[0][0]
        label_cols = (groups[first][0] - col0) if first else groups[0][1]
        plan.fit_text(plan.put(r, col0, ldef.total_label, HEADER, cols=max(1, label_cols)))
        for (col, span), cdef in list(zip(groups, ldef.columns))[max(first, 1):]:
            value, fmt, style = column_cell_value(cdef, totals.get(cdef.id))
            plan.fit_text(plan.put(r, col, value, style, cols=span, number_format=fmt))


def list_widths(form: Form) -> list[float]:
    """Grid of a form without an indicator table: its first list's columns, sized by content."""
    for ldef in form.definition.lists:
        items = form.lists.get(ldef.id, [])
        widths = []
        for column in ldef.columns:
            texts = [t for t in (cell_text(item.get(column.id)) for item in items) if t]
            if not texts:
                widths.append(14.0)
                continue
            sizes = sorted(textsize.text_width_units(t) for t in texts)
            typical = sizes[int(len(sizes) * 0.8) - 1 if len(sizes) > 1 else 0]
            widths.append(max(12.0, min(44.0, typical * 0.6 + 2)))
        if len(widths) >= 2:
            return widths
    return [16.0, 70.0]


# ---------------------------------------------------------------------------------- signature

SIGNATURE_LABELS = (("unit", "填报单位（盖章）"), ("leader", "单位负责人"), ("preparer", "填报人"),
                    ("phone", "联系电话"), ("date", "填报日期"))


def signature_block(plan: SheetPlan, workbook: Workbook, form: Form | None = None):
    """The stamp and signature lines under the form: the default block (two items, then three),
    or the definition's [signature] items `per_row` to a line; `items = []` prints none."""
    definition = form.definition if form is not None else None
    if definition is None or definition.signature is None:
        s = workbook.signature
        values = {"unit": workbook.unit, "leader": s.leader, "preparer": s.preparer, "phone": s.phone,
                  "date": s.date}
        texts = [f"{label}：{values[key]}" for key, label in SIGNATURE_LABELS]
        blank = {f"{label}：" for _, label in SIGNATURE_LABELS}
        chunks = [texts[:2], texts[2:]]
    else:
        lines = signature_lines(workbook, form)
        if not lines:
            return
        texts = [f"{label}：{text}" for label, text in lines]
        blank = {f"{label}：" for label, text in lines if not text}
        per_row = max(1, definition.signature.per_row)
        chunks = [texts[i:i + per_row] for i in range(0, len(texts), per_row)]
    last_content = plan.last_row
    plan.new_row("", 10)   # a gap below the table
    for chunk in chunks:
        r = plan.new_row(row_key(Row.SIGNATURE), 24)
        # room to write by hand after an empty label (an 11-digit phone number), else a little
        needs = [textsize.text_width_units(t) + (_HANDWRITING if t in blank else 1.0) for t in chunk]
        runs = spread(plan.widths, len(chunk), weights=needs)
        if len(runs) < len(chunk) or any(plan.width(c, n) < need for (c, n), need in zip(runs, needs)):
            chunk, runs = [_spaced(chunk, plan.width(1, plan.ncols))], [(1, plan.ncols)]
        for (col, span), text in zip(runs, chunk):
            plan.put(r, col, text, SIGN, cols=span, border="none")
    plan.keep_together(last_content, plan.last_row)


_HANDWRITING = 12.0
_WIDE_SPACE = "\u3000"


def _spaced(texts: list[str], width: float) -> str:
    """Items on one line of the given width, spread out with full-width spaces between them
    (the columns are too few or too narrow to give each item a cell of its own)."""
    free = width - sum(textsize.text_width_units(t) for t in texts) - 2
    gap = max(2, int(free / max(1, len(texts) - 1) / textsize.text_width_units(_WIDE_SPACE * 10) * 10))
    return (_WIDE_SPACE * gap).join(texts)


__all__ = ["title_block", "fields_block", "section_rows", "sections_side_by_side", "narrative_section",
           "group_heading", "side_group", "list_block", "list_widths", "signature_block"]
