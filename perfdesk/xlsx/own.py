"""Read back a sheet we exported: every row says what it holds in the hidden key column
(layout.py), the column of each value is found by the labels of the nearest header row, and the
figures nobody sees (stated totals of computed rows) come from the hidden perfdesk sheet.

Values are read as they are in the cells (text exactly, numbers and dates converted), so edits
made in Excel come back too.
"""
from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

from ..domain.column_labels import fill as fill_label
from ..domain.definition import ColumnDef, FormDefinition
from ..domain.model import Form, FundsLine, ImportSource, IndicatorNode, Origin
from ..domain.values import IndicatorValue, split_parts, value_from_parts
from .grid import CellError, SheetGrid, cell_date, cell_decimal, cell_text, number_format_decimals
from .blocks_indicators import column_roles
from .layout import CONTINUED, join_text, split_label, undecorate_level1
from .problems import SheetFailure
from .rowkeys import Row, kind_of, row_key


def _norm(label: str) -> str:
    return "".join(unicodedata.normalize("NFKC", label).split())


class OwnSheetReader:
    def __init__(self, grid: SheetGrid, key_col: int, form_id: str, definition: FormDefinition,
                 hidden: dict, errors: list):
        self.grid, self.key_col, self.definition = grid, key_col, definition
        self.errors = errors          # (message, row, column)
        self.form = Form(id=form_id, definition=definition, title="")
        self.hidden = hidden
        self._row_typed = ""          # what follows the key of the row being read (layout.py)

    # -- helpers ------------------------------------------------------------------------
    def fail(self, message: str, row: int, col: int | None = None):
        self.errors.append((message, row, col))

    def _value_cell_after_label(self, r: int) -> tuple[int, object]:
        label_end = self.grid.span_end(r, 1)
        col = label_end + 1
        return col, self.grid.cell(r, col)

    def _section_text_cell(self, r: int, sdef):
        """The text of a section row: right of the cell with the section's label (a group's side
        label may come first, section_groups = "side"), else right of the row's first cell."""
        want = _norm(sdef.label)
        cont = _norm(CONTINUED)
        c = 1
        while c < self.key_col:
            end = self.grid.span_end(r, c)
            text = _norm(self.grid.text(r, c))
            if text == want or (text.endswith(cont) and text[: -len(cont)] == want):
                return self.grid.cell(r, end + 1)
            c = end + 1
        return self._value_cell_after_label(r)[1]

    def _value_right_of(self, r: int, label: str):
        """The cell right of the cell reading `label` in row r (None when there is no such label)."""
        want = _norm(label)
        for c in range(1, self.key_col):
            if self.grid.starts_here(r, c) and _norm(self.grid.text(r, c, filled=False)) == want:
                return self.grid.cell(r, self.grid.span_end(r, c) + 1), True
        return None, False

    def _pair_amount(self, form: Form, r: int, table_id: str, row_id: str) -> None:
        tdef = self._table(table_id)
        if tdef is None or row_id not in {x.id for x in tdef.rows} or tdef.row(row_id).computed:
            return
        cell, found = self._value_right_of(r, tdef.row(row_id).label)
        if not found:
            return
        try:
            value = cell_decimal(cell, "金额")
        except CellError as exc:
            self.fail(f"“{tdef.row(row_id).label}”{exc}", r, cell.column if cell else None)
            return
        if value is not None:
            form.funds_table(table_id).values[row_id] = {tdef.columns[0].id: value}

    def _header_map(self, r: int, labels: dict[str, str]) -> dict[int, str]:
        """Columns of a header row whose label is one of `labels` (normalised label → id)."""
        found = {}
        for c in range(1, self.key_col):
            if not self.grid.starts_here(r, c):
                continue
            m = self.grid.merge(r, c)
            if m and m[2] > r:      # the side label down the table, not a column header
                continue
            text = _norm(self.grid.text(r, c, filled=False))
            if text in labels:
                found[c] = labels[text]
        return found

    def _typed(self, cdef: ColumnDef, r: int, c: int):
        cell = self.grid.cell(r, c)
        try:
            if cdef.type == "number":
                return cell_decimal(cell)
            if cdef.type == "date":
                return cell_date(cell, self.grid.epoch)
        except CellError as exc:
            self.fail(f"“{cdef.label}”{exc}", r, c)
            return None
        text = cell_text(cell, self.grid.epoch)
        if cdef.type == "value":
            return IndicatorValue.parse(text) if text != "" else None
        return text if text != "" else None

    # -- reading ------------------------------------------------------------------------
    def read(self) -> Form:
        d = self.definition
        form = self.form
        form.title = self.grid.text(1, 1)
        sections: dict[str, list[str]] = {}
        funds_cols: dict[str, dict[int, str]] = {}
        label_cols: dict[str, int] = {}
        side_cols: dict[int, str] = {}
        list_cols: dict[str, dict[int, str]] = {}
        ind_cols: dict[int, str] = {}
        current_l1 = current_l2 = None
        for r in range(2, self.grid.max_row + 1):
            key = self.grid.text(r, self.key_col, filled=False).strip()
            key, _, self._row_typed = key.partition("\t")
            if not key:
                if ind_cols and self.grid.row_has_content(r) and self._is_inside_indicators(r):
                    key = self._infer_indicator_key(r, ind_cols)
                if not key:
                    continue
            kind, _, rest = key.partition(":")
            if kind == Row.FIELDS:
                for field_id in rest.split(","):
                    if "." in field_id:         # table.row: an amount among the fields ([print] pairs)
                        self._pair_amount(form, r, *field_id.split(".", 1))
                        continue
                    fdef = d.field_def(field_id)
                    if fdef is None:
                        continue
                    cell, found = self._value_right_of(r, fdef.label)
                    if not found and "," not in rest:
                        _, cell = self._value_cell_after_label(r)
                    text = self._field_text(fdef.type, cell)
                    if text:
                        form.fields[fdef.id] = text
            elif kind in (Row.SECTION, Row.SECTION_TEXT):
                section_id, _, joiner = rest.partition(":")
                if d.section_def(section_id) is None:
                    continue
                cell = self.grid.cell(r, 1) if kind == Row.SECTION_TEXT else self._section_text_cell(r, d.section_def(section_id))
                sections.setdefault(section_id, []).append((joiner, cell_text(cell, self.grid.epoch)))
            elif kind == Row.SIDE_HEADER:
                names = {_norm(split_label(x.label)[1]): x.id for x in d.sections if "·" in x.label}
                side_cols = {c: names[_norm(self.grid.text(r, c, False))] for c in range(1, self.key_col)
                             if self.grid.starts_here(r, c) and _norm(self.grid.text(r, c, False)) in names}
            elif kind == Row.SIDE_ROW:
                by_id = {v: c for c, v in side_cols.items()}
                for part in rest.split(";"):
                    section_id, _, joiner = part.partition("=")
                    if joiner == "-" or section_id not in by_id:
                        continue
                    text = cell_text(self.grid.cell(r, by_id[section_id]), self.grid.epoch)
                    sections.setdefault(section_id, []).append((joiner, text))
            elif kind == Row.FUNDS_ONE_ROW:
                tdef = self._table(rest)
                if tdef is None:
                    continue
                for row in tdef.rows:
                    if row.computed:
                        continue
                    cell, found = self._value_right_of(r, row.label)
                    if not found:
                        continue
                    try:
                        value = cell_decimal(cell, "金额")
                    except CellError as exc:
                        self.fail(f"“{tdef.label}”的“{row.label}”{exc}", r, cell.column if cell else None)
                        continue
                    if value is not None:
                        form.funds_table(rest).values[row.id] = {tdef.columns[0].id: value}
            elif kind == Row.FUNDS_HEADER:
                tdef = self._table(rest)
                if tdef:
                    # rate columns are computed: never read back, whatever the cell says
                    funds_cols[tdef.id] = cols = self._header_map(
                        r, {_norm(self._label(c.label)): c.id for c in tdef.columns if not c.computed})
                    # the row labels sit in the cell left of the first value column
                    label_cols[tdef.id] = self.grid.anchor(r, min(cols) - 1)[1] if cols and min(cols) > 1 else 2
            elif kind == Row.FUNDS_ROW:
                table_id, _, row_id = rest.partition(":")
                tdef = self._table(table_id)
                if tdef is None or row_id not in {x.id for x in tdef.rows} or tdef.row(row_id).computed:
                    continue
                values = self._amounts(r, funds_cols.get(table_id, {}), tdef)
                if values:
                    form.funds_table(table_id).values[row_id] = values
            elif kind == Row.FUNDS_LINE:
                tdef = self._table(rest)
                if tdef is None or tdef.lines is None:
                    continue
                cols = funds_cols.get(rest, {})
                name = cell_text(self.grid.cell(r, label_cols.get(rest, 2)), self.grid.epoch)
                form.funds_table(rest).lines.append(FundsLine(name, self._amounts(r, cols, tdef)))
            elif kind == Row.LIST_HEADER:
                ldef = d.list_def(rest)
                if ldef:
                    list_cols[rest] = self._header_map(r, {_norm(self._label(c.label)): c.id for c in ldef.columns})
            elif kind == Row.LIST_ITEM:
                ldef = d.list_def(rest)
                if ldef is None:
                    continue
                by_id = {c.id: c for c in ldef.columns}
                item = {}
                for c, cid in list_cols.get(rest, {}).items():
                    value = self._typed(by_id[cid], r, c)
                    if value is not None:
                        item[cid] = value
                form.lists.setdefault(rest, []).append(item)
            elif kind == Row.SIGNATURE:
                self._signature_fields(r)
            elif kind == Row.INDICATOR_HEADER:
                ind_cols = self._indicator_header(r)
            elif kind == Row.INDICATOR:
                current_l1, current_l2 = self._indicator_row(r, rest, ind_cols, current_l1, current_l2)
        for section_id, parts in sections.items():
            text = join_text(parts)
            if text:
                form.sections[section_id] = text
        self._hidden_figures()
        return form

    def _label(self, label: str) -> str:
        """A header as this form printed it: `{month}` filled from the fields read above it."""
        return fill_label(label, self.form.fields)

    def _table(self, table_id: str):
        try:
            return self.definition.funds_table(table_id)
        except KeyError:
            return None

    def _field_text(self, field_type: str, cell) -> str:
        """A number field prints with its cell's decimals ("95.00" stays "95.00"), unless the number
        typed has more of them than the format shows."""
        if cell is None:
            return ""
        v = cell.value
        if field_type == "number" and isinstance(v, (int, float)) and not isinstance(v, bool):
            d = Decimal(v) if isinstance(v, int) else Decimal(repr(v))
            decimals = number_format_decimals(cell.number_format)
            if decimals is not None and max(0, -d.normalize().as_tuple().exponent) <= decimals:
                return f"{d:.{decimals}f}"
        return cell_text(cell, self.grid.epoch)

    def _amounts(self, r: int, cols: dict[int, str], tdef) -> dict[str, Decimal]:
        out = {}
        for c, cid in cols.items():
            try:
                value = cell_decimal(self.grid.cell(r, c), "金额")
            except CellError as exc:
                label = next(x.label for x in tdef.columns if x.id == cid)
                self.fail(f"“{tdef.label}”的“{label}”{exc}", r, c)
                continue
            if value is not None:
                out[cid] = value
        return out

    # -- indicators ---------------------------------------------------------------------
    def _indicator_header(self, r: int) -> dict[int, str]:
        """Header cells → roles. A label may head several columns (度量单位 of a split column and
        of a column of its own, 指标性质 of two split columns): they are taken left to right in
        the definition's order."""
        ind = self.definition.indicators
        labels: dict[str, list[str]] = {}

        def add(label, role):
            labels.setdefault(_norm(label), []).append(role)

        for label, role in zip(ind.level_labels, ("l1", "l2", "l3")):
            add(label, role)
        seen = set()
        for branch in ind.level1:
            for c in branch.level2_columns:
                if c.id not in seen:
                    seen.add(c.id)
                    add(c.label, c.id)
        for c in ind.columns:
            for role, label in zip(column_roles(c), c.part_labels if c.split else (c.label,)):
                add(self._label(label), role)
        found = {}
        taken: dict[str, int] = {}
        for c in range(1, self.key_col):
            if not self.grid.starts_here(r, c):
                continue
            m = self.grid.merge(r, c)
            if m and m[2] > r:      # the side label down the table, not a column header
                continue
            text = _norm(self.grid.text(r, c, filled=False))
            roles = labels.get(text)
            if roles and taken.get(text, 0) < len(roles):
                found[c] = roles[taken.get(text, 0)]
                taken[text] = taken.get(text, 0) + 1
        return found

    def _col_of(self, cols: dict[int, str], role: str) -> int | None:
        return next((c for c, x in cols.items() if x == role), None)

    def _indicator_row(self, r: int, code: str, cols, l1, l2):
        ind = self.definition.indicators
        opens, _, owner = code.partition("/")
        branch_names = {b.name for b in ind.level1}
        if "1" in opens:
            c = self._col_of(cols, "l1")
            name = undecorate_level1(self.grid.text(r, c), branch_names) if c else ""
            l1 = IndicatorNode(name)
            self.form.indicators.append(l1)
            l2 = None
        if l1 is None:
            self.fail("指标行缺少一级指标", r)
            return l1, l2
        branch = ind.branch(l1.name)
        if "2" in opens:
            c = self._col_of(cols, "l2")
            name = self.grid.text(r, c) if c else ""
            m = self.grid.merge(r, c) if c else None
            if m is not None and m[1] == self._col_of(cols, "l1"):
                name = l1.name      # printed once across the level-1 and level-2 columns (湖南)
            l2 = IndicatorNode(name)
            l1.children.append(l2)
            for col in branch.level2_columns if branch else ():
                c = self._col_of(cols, col.id)
                if c is not None:
                    value = self._typed(col, r, c)
                    if value is not None:
                        l2.cells[col.id] = value
        target = None
        if "3" in opens:
            if l2 is None:
                self.fail("三级指标缺少所属的二级指标", r)
                return l1, l2
            c = self._col_of(cols, "l3")
            target = IndicatorNode(self.grid.text(r, c, filled=False) if c else "")
            l2.children.append(target)
        elif owner == "2":
            target = l2
        if target is not None:
            typed = None
            for col in ind.columns:
                if col.split:
                    if typed is None:
                        typed = self._typed_texts(r)
                    value = self._split_value(col, r, cols, typed.get(col.id))
                    if value is not None:
                        target.cells[col.id] = value
                    continue
                c = self._col_of(cols, col.id)
                if c is not None:
                    value = self._typed(col, r, c)
                    if value is not None:
                        target.cells[col.id] = value
        return l1, l2

    def _typed_texts(self, r: int) -> dict:
        """The texts of split values typed as one text, from the row's key (layout.py)."""
        text = self._row_typed
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}

    def _split_value(self, col: ColumnDef, r: int, cols, typed: str | None):
        """指标性质 | 指标值 | 度量单位 back into one value: the value as typed when the cells are
        still what it was exported as, else a value made of the three cells (parts kept)."""
        texts = []
        for role in column_roles(col):
            c = self._col_of(cols, role)
            texts.append(cell_text(self.grid.cell(r, c), self.grid.epoch) if c is not None else "")
        parts = tuple(texts)
        if typed is not None:
            value = IndicatorValue.parse(typed)
            if split_parts(value) == parts:
                return None if value.is_empty else value
        value = value_from_parts(*parts)
        return None if value.is_empty else value

    def _is_inside_indicators(self, r: int) -> bool:
        """A row without a key between indicator rows (added in Excel) belongs to the table."""
        def key_at(rr):
            return self.grid.text(rr, self.key_col, filled=False)

        before = next((key_at(rr) for rr in range(r - 1, 0, -1) if key_at(rr)), "")
        after = next((key_at(rr) for rr in range(r + 1, self.grid.max_row + 1) if key_at(rr)), "")
        return (kind_of(before) in (Row.INDICATOR, Row.INDICATOR_HEADER)
                and kind_of(after) in (Row.INDICATOR, Row.INDICATOR_HEADER, Row.INDICATOR_TOTAL))

    def _infer_indicator_key(self, r: int, cols: dict[int, str]) -> str:
        """A row added in Excel inside the indicator table: new names open levels."""
        opens = ""
        for level, role in (("1", "l1"), ("2", "l2")):
            c = self._col_of(cols, role)
            if c and self.grid.starts_here(r, c) and self.grid.text(r, c, filled=False).strip():
                opens += level
        c = self._col_of(cols, "l3")
        if c and self.grid.text(r, c, filled=False).strip():
            return row_key(Row.INDICATOR, f"{opens}3/3")
        return row_key(Row.INDICATOR, f"{opens}/2" if "2" in opens or opens == "" else f"{opens}/1")

    def _signature_fields(self, r: int) -> None:
        """A definition's signature items that are fields (项目负责人：查小兵) are printed only in the
        signature lines: read them back from there, each up to the next item's label."""
        sig = self.definition.signature
        if sig is None:
            return
        text = "\u3000".join(self.grid.text(r, c, filled=False) for c in range(1, self.grid.max_col + 1)
                             if c != self.key_col and self.grid.anchor(r, c) == (r, c))
        starts = sorted((text.find(f"{item.label}："), item) for item in sig.items if f"{item.label}：" in text)
        for i, (at, item) in enumerate(starts):
            if not item.value.startswith("field:"):
                continue
            end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            value = text[at + len(item.label) + 1:end].strip(" \u3000")
            field_id = item.value[len("field:"):]
            if value and self.definition.field_def(field_id) is not None:
                self.form.fields.setdefault(field_id, value)

    # -- figures nobody sees ------------------------------------------------------------
    def _hidden_figures(self):
        stated = self.hidden.get("stated", {}) if isinstance(self.hidden, dict) else {}
        for table_id, rows in stated.items():
            tdef = self._table(table_id)
            if tdef is None or not isinstance(rows, dict):
                continue
            table = self.form.funds_table(table_id)
            for row_id, values in rows.items():
                if row_id in {x.id for x in tdef.rows} and isinstance(values, dict):
                    table.stated[row_id] = {c: Decimal(str(v)) for c, v in values.items()}
        totals = self.hidden.get("stated_totals", {}) if isinstance(self.hidden, dict) else {}
        if isinstance(totals, dict):
            self.form.stated_totals = {k: Decimal(str(v)) for k, v in totals.items()}
        source = self.hidden.get("source") if isinstance(self.hidden, dict) else None
        if isinstance(source, dict):
            d = self.definition
            known = {f.id for f in d.fields} | {x.id for x in d.sections}
            absent = source.get("absent", [])
            texts = [source.get(k, "") for k in ("file", "sheet", "money_unit")]
            if all(isinstance(t, str) for t in texts) and isinstance(absent, list):
                self.form.source = ImportSource(*texts, tuple(a for a in absent if isinstance(a, str) and a in known))
        origin = self.hidden.get("origin") if isinstance(self.hidden, dict) else None
        if isinstance(origin, dict):      # a derived form: what it was made from, to compare later
            form_id, rule, baseline = origin.get("form"), origin.get("rule"), origin.get("baseline", {})
            if (isinstance(form_id, str) and isinstance(rule, str) and isinstance(baseline, dict)
                    and all(isinstance(k, str) and isinstance(v, str) for k, v in baseline.items())):
                self.form.origin = Origin(form_id, rule, dict(baseline))
        # funds tables created empty by the reading are dropped by the codec; keep the model tidy
        self.form.funds = {k: t for k, t in self.form.funds.items() if t.values or t.stated or t.lines}


def read_own_sheet(grid: SheetGrid, key_col: int, form_id: str, definition: FormDefinition,
                   hidden: dict) -> tuple[Form, list]:
    errors: list = []
    reader = OwnSheetReader(grid, key_col, form_id, definition, hidden, errors)
    try:
        form = reader.read()
    except SheetFailure as exc:
        errors.append((exc.message, exc.row, exc.column))
        form = None
    return form, errors


__all__ = ["read_own_sheet"]
