"""Read a sheet we did not write, laid out like an official table.

detect.py decides which form it is; this module reads the header fields, sections (beside their
label, under it as headed paragraphs, or in a 年度总体目标 × 预期目标 cross), funds rows found
by their labels, lists, and (foreign_indicators.py) the indicator table.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import msgspec

from ..domain.definition import ColumnDef, FormDefinition
from ..domain.kinds import linked_value, per_project
from ..domain.model import Form, FundsLine, Workbook
from ..domain.values import IndicatorValue, decimal_text
from .detect import Header, detect, row_roles
from .foreign_indicators import IndicatorRows
from .grid import CellError, SheetGrid, cell_date, cell_decimal, cell_text
from .labels import FOOTER_PREFIXES, base, clean_name, list_labels, norm, strip_numbering
from .layout import CONTINUED
from .problems import ERROR, WARNING

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


class Outcome(msgspec.Struct):
    form: Form | None = None
    header: Workbook | None = None
    year_guessed: bool = False
    problems: list[tuple[str, str, int | None, int | None]] = msgspec.field(default_factory=list)

    def error(self, message, row=None, col=None):
        self.problems.append((ERROR, message, row, col))

    def warn(self, message, row=None, col=None):
        self.problems.append((WARNING, message, row, col))


# ---------------------------------------------------------------------------------- reading

class ForeignSheetReader(IndicatorRows):
    def __init__(self, grid: SheetGrid, definition: FormDefinition, outcome: Outcome):
        self.grid, self.definition, self.out = grid, definition, outcome
        self.form = Form(id=definition.kind, definition=definition, title="")
        self.known_labels = self._known_labels()

    def _known_labels(self) -> set[str]:
        d = self.definition
        labels = {norm(f.label) for f in d.fields} | {norm(s.label.split("·")[0]) for s in d.sections}
        labels |= {strip_numbering(s.label) for s in d.sections}
        labels |= ({norm(s.group) for s in d.sections if s.group}
                   | {strip_numbering(s.group) for s in d.sections if s.group})
        labels |= {norm(x.label) for x in d.lists} | {strip_numbering(x.label) for x in d.lists}
        if d.indicators is not None:
            labels.add(norm(d.indicators.label))
        for t in d.funds:
            labels |= {norm(r.label) for r in t.rows} | {norm(t.label.split("·")[0])}
        return labels

    # -- cells ---------------------------------------------------------------------------
    def typed(self, cdef: ColumnDef, r: int, c: int):
        cell = self.grid.cell(r, c) if self.grid.anchor(r, c) == (r, c) else None
        try:
            if cdef.type == "number":
                return cell_decimal(cell, "数字", strip_units=("分",))
            if cdef.type == "date":
                return cell_date(cell, self.grid.epoch)
        except CellError as exc:
            self.out.error(f"“{cdef.label}”{exc}", r, c)
            return None
        text = cell_text(cell, self.grid.epoch).strip()
        if not text:
            return None
        if cdef.type == "value":
            return IndicatorValue.parse(text)
        return text

    # -- whole sheet ---------------------------------------------------------------------
    def read(self, header: Header | None, list_headers: dict[str, Header]) -> Form:
        first_table = min([h.first_row for h in ([header] if header else []) + list(list_headers.values())])
        self._title(first_table)
        self._fields_and_sections(None)
        self._funds(first_table)
        for list_id, h in list_headers.items():
            self._list(list_id, h)
        if header is not None:
            self._indicators(header)
        return self.form

    def _title(self, limit: int):
        for r in range(1, limit):
            for c in range(1, self.grid.max_col + 1):
                text = clean_name(self.grid.text(r, c, filled=False))
                if text and norm(text) not in self.known_labels and ("表" in text or "目标" in text):
                    self.form.title = text
                    return
                if text:
                    break
        self.form.title = ""

    def label_value(self, label: str, limit: int | None = None, passes=(True, False)) -> tuple[str, int, int] | None:
        """The text beside a label cell ('项目编码：' then the value on its right, or in the same cell).
        The label as written wins over the label without its numbering (（二）部门收支情况)."""
        key_norm, key_num = norm(label), strip_numbering(label)
        for exact in passes:
            for (r, c) in sorted(self.grid.cells):
                if limit is not None and r >= limit:
                    break
                raw = self.grid.text(r, c, filled=False)
                n = norm(raw)
                if (n == key_norm) if exact else (key_num and strip_numbering(raw) == key_num and n != key_norm):
                    found = self._right_of(r, c)
                    if found:
                        return found
                elif exact and n.startswith(key_norm + ":") and len(n) > len(key_norm) + 1:
                    value = re.split(r"[:：]", raw, maxsplit=1)[1].strip()
                    return value, r, c
        return None

    def _right_of(self, r: int, c: int) -> tuple[str, int, int] | None:
        col = self.grid.span_end(r, c) + 1
        while col <= self.grid.max_col:
            ar, ac = self.grid.anchor(r, col)
            cell = self.grid.cell(ar, ac)
            if cell is not None:
                text = cell_text(cell, self.grid.epoch)
                if norm(text) in self.known_labels:
                    return None
                return text.strip(), ar, ac
            col = self.grid.span_end(r, col) + 1
        return None

    def _fields_and_sections(self, limit: int):
        d = self.definition
        for f in d.fields:
            got = self.label_value(f.label, limit)
            if got and got[0]:
                text = got[0]
                if f.type == "number":
                    cell = self.grid.cell(got[1], got[2])
                    if cell is not None and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                        text = decimal_text(Decimal(repr(cell.value)))
                self.form.fields[f.id] = text
        for s in d.sections:
            got = self.label_value(s.label, limit, passes=(True,))
            text = self._section_text(got) if got else self._below(s.label)
            if not text:
                got = self.label_value(s.label, limit, passes=(False,))
                text = self._section_text(got) if got else ""
            if not text and "·" in s.label:
                text = self._cross(*s.label.split("·", 1), limit)
            if text:
                self.form.sections[s.id] = text

    def _below(self, label: str) -> str:
        """A headed paragraph: the label alone on its row, the text in the rows under it."""
        key_norm, key_num = norm(label), strip_numbering(label)
        candidates = sorted(self.grid.cells, key=lambda rc: (norm(self.grid.text(*rc, False)) != key_norm, rc))
        for (r, c) in candidates:
            raw = self.grid.text(r, c, filled=False)
            if norm(raw) != key_norm and strip_numbering(raw) != key_num:
                continue
            if self._anchors_with_text(r) != [c]:
                continue
            parts = []
            for rr in range(r + 1, self.grid.max_row + 1):
                anchors = self._anchors_with_text(rr)
                if not anchors:
                    if self.grid.row_has_content(rr):
                        break
                    if parts:
                        break
                    continue
                if anchors != [c]:
                    break
                text = self.grid.text(rr, c, filled=False)
                if norm(text) in self.known_labels or strip_numbering(text) in self.known_labels:
                    break
                parts.append(text.strip())
            return "\n".join(parts)
        return ""

    def _anchors_with_text(self, r: int) -> list[int]:
        return [c for c in range(1, self.grid.max_col + 1)
                if self.grid.anchor(r, c) == (r, c) and self.grid.text(r, c, False).strip()]

    def _section_text(self, got: tuple[str, int, int]) -> str:
        """A section's text, with the rows below it that its label cell spans (long texts)."""
        text, r, c = got
        label_col = None
        for cc in range(c - 1, 0, -1):
            m = self.grid.merge(r, cc)
            if m and m[0] == r and m[2] > r:
                label_col = cc
                break
        if label_col is None:
            return text
        label = clean_name(self.grid.text(r, label_col))
        parts = [text]
        m = self.grid.merge(r, label_col)
        while m is not None:
            for rr in range(r + 1, m[2] + 1):
                cell = self.grid.cell(rr, c)
                if cell is not None:
                    parts.append(cell_text(cell, self.grid.epoch).strip())
            # the label continued on the next page: 三、主要绩效（续）
            nxt = m[2] + 1
            if clean_name(self.grid.text(nxt, label_col, False)) != label + CONTINUED:
                break
            cell = self.grid.cell(nxt, c)
            if cell is not None:
                parts.append(cell_text(cell, self.grid.epoch).strip())
            r, m = nxt, self.grid.merge(nxt, label_col)
        return "\n".join(p for p in parts if p)

    def _cross(self, row_label: str, col_label: str, limit: int) -> str:
        """年度总体目标·预期目标: the cell in the row labelled 年度总体目标 under the header 预期目标."""
        rows = [(r, c) for (r, c) in sorted(self.grid.cells)
                if (limit is None or r < limit) and norm(self.grid.text(r, c, False)) == norm(row_label)]
        for r, c in rows:
            for hr in range(r, max(0, r - 6), -1):
                for hc in range(c + 1, self.grid.max_col + 1):
                    if norm(self.grid.text(hr, hc, False)) == norm(col_label) and self.grid.anchor(hr, hc) == (hr, hc):
                        ar, ac = self.grid.anchor(r, hc)
                        if (ar, ac) != (hr, hc):
                            return cell_text(self.grid.cell(ar, ac), self.grid.epoch).strip()
        return ""

    # -- funds ---------------------------------------------------------------------------
    def _find_label(self, label: str, limit: int) -> tuple[int, int] | None:
        targets = {norm(label), norm(re.sub(r"^其中[:：]", "", label))}
        for (r, c) in sorted(self.grid.cells):
            if r >= limit:
                break
            if norm(re.sub(r"^其中[:：]", "", self.grid.text(r, c, False))) in targets:
                return r, c
        return None

    def _column_of(self, label: str, r: int, c: int) -> int | None:
        want = base(label)
        for hr in range(r - 1, max(0, r - 30), -1):
            for hc in range(c + 1, self.grid.max_col + 1):
                if self.grid.anchor(hr, hc) == (hr, hc) and base(self.grid.text(hr, hc, False)) == want:
                    return hc
        return None

    def _funds(self, limit: int):
        d = self.definition
        for tdef in d.funds:
            table = None
            for row in tdef.rows:
                at = self._find_label(row.label, limit)
                if at is None:
                    continue
                r, c = at
                values = {}
                columns = {}
                for cdef in tdef.columns:
                    col = self._column_of(cdef.label, r, c)
                    if col is None and len(tdef.columns) == 1:
                        col = self._value_col_right_of(r, c)    # 预算数 | 6.80 | 其中：财政资金 | 6.80 …
                    if col is None:
                        continue
                    columns[cdef.id] = col
                    value = self._amount(tdef, cdef, r, col)
                    if value is not None:
                        values[cdef.id] = value
                if table is None:
                    table = self.form.funds_table(tdef.id)
                if values:
                    (table.stated if row.computed else table.values)[row.id] = values
                self._execution_figures(tdef, row.id, r, c, table)
                if tdef.lines and tdef.lines.after == row.id and columns:
                    self._lines(tdef, table, r, c, columns, limit)
        self.form.funds = {k: t for k, t in self.form.funds.items() if t.values or t.stated or t.lines}

    def _value_col_right_of(self, r: int, c: int) -> int | None:
        col = self.grid.span_end(r, c) + 1
        if col > self.grid.max_col or self.grid.anchor(r, col) != (r, col):
            return None
        text = self.grid.text(r, col, False)
        return None if norm(text) in self.known_labels else col

    def _amount(self, tdef, cdef, r, col) -> Decimal | None:
        cell = self.grid.cell(r, col)
        try:
            value = cell_decimal(cell, "金额", strip_units=(tdef.unit,) if tdef.unit != "%" else ())
        except CellError as exc:
            self.out.error(f"“{tdef.label}”的“{cdef.label}”{exc}", r, col)
            return None
        if value is not None and tdef.kind == "cumulative_plan" and isinstance(cell.value, float) \
                and "%" in (cell.number_format or ""):
            value = (value * 100).normalize()
        return value

    def _execution_figures(self, tdef, row_id, r, c, table):
        spec = self.definition.execution
        if spec is None or spec.budget.split(".")[:2] != [tdef.id, row_id]:
            return
        for key, label in (("rate", "执行率"), ("score", "得分")):
            col = self._column_of(label, r, c)
            if col is None:
                continue
            cell = self.grid.cell(r, col)
            try:
                value = cell_decimal(cell, label)
            except CellError:
                continue
            if value is None:
                continue
            if key == "rate" and isinstance(cell.value, float) and "%" in (cell.number_format or ""):
                value = (value * 100).quantize(Decimal("0.01"))
            table.stated.setdefault(row_id, {})[key] = value

    def _lines(self, tdef, table, r, c, columns, limit):
        row_labels = {norm(x.label) for x in tdef.rows}
        for rr in range(r + 1, min(limit, self.grid.max_row + 1)):
            if self.grid.anchor(rr, c) != (rr, c):
                break
            name = clean_name(self.grid.text(rr, c, False))
            if not name or norm(name) in self.known_labels or norm(name) in row_labels:
                break
            values = {}
            for cid, col in columns.items():
                cdef = next(x for x in tdef.columns if x.id == cid)
                value = self._amount(tdef, cdef, rr, col)
                if value is not None:
                    values[cid] = value
            table.lines.append(FundsLine(name, values))

    # -- lists ---------------------------------------------------------------------------
    def _list(self, list_id: str, header: Header):
        ldef = self.definition.list_def(list_id)
        by_id = {c.id: c for c in ldef.columns}
        labels = list_labels(self.definition, ldef.columns)
        items = []
        for r in range(header.row + 1, self.grid.max_row + 1):
            if self._ends_table(r, header.roles):
                break
            again, _ = row_roles(self.grid, r, labels)
            if len(again) >= 2 and again == header.roles:
                continue          # the header repeated where the list runs on to a new page
            item = {}
            for c, cid in header.roles.items():
                if cid in by_id:
                    value = self.typed(by_id[cid], r, c)
                    if value is not None:
                        item[cid] = value
            if item:
                items.append(item)
        self.form.lists[list_id] = items

    def _first_text(self, r: int, cols) -> str:
        for c in range(1, self.grid.max_col + 1):
            if self.grid.anchor(r, c) == (r, c):
                text = self.grid.text(r, c, False).strip()
                if text:
                    return text
        return ""

    def _ends_table(self, r: int, roles) -> bool:
        text = self._first_text(r, roles)
        first = norm(text)
        if not first:
            return False
        if first in self.known_labels or strip_numbering(text) in self.known_labels:
            return True
        return any(first.startswith(norm(p)) for p in FOOTER_PREFIXES)

    # -- indicators ----------------------------------------------------------------------


# ---------------------------------------------------------------------------------- entry

def _guess_header(grid: SheetGrid, form: Form, context, reader_labels: set[str]) -> tuple[Workbook, bool]:
    """Unit and year as the sheet states them; the flag says the year was not found."""
    into = context.get("into")
    texts = [form.title] + [grid.text(r, c, False) for (r, c) in sorted(grid.cells)[:40]]
    year = None
    eval_year = linked_value(form, "year")
    if re.fullmatch(r"(19|20)\d\d", eval_year.strip()):
        year = int(eval_year.strip())
    for t in texts:
        if year:
            break
        m = _YEAR.search(t or "")
        if m:
            year = int(m.group(1))
    unit = linked_value(form, "unit")
    unit_code = linked_value(form, "unit_code")
    if not unit:
        for t in texts:
            m = re.search(r"(?:自评价单位|填报单位|单位名称)(?:（盖章）|\(盖章\))?[:：]\s*(\S+)", t or "")
            if m:
                unit = m.group(1)
                break
    pr = form.definition.print
    for template in (pr.unit_line, pr.subtitle):
        if not template:
            continue
        pattern = _template_regex(template)
        for t in texts[1:]:
            m = pattern.fullmatch((t or "").strip())
            if m and all(m.groupdict().values()) and norm(t) not in reader_labels:
                got = m.groupdict()
                unit = unit or (got.get("unit") or "").strip()
                unit_code = unit_code or got.get("unit_code") or ""
                if year is None and got.get("year"):
                    year = int(got["year"])
                break
    guessed = year is None
    if year is None:
        year = into.year if into is not None else dt.date.today().year
    return Workbook(unit, unit_code, year), guessed


def _template_regex(template: str) -> re.Pattern:
    pieces = re.split(r"(\{unit_code\}|\{unit\}|\{year\}|\{project_name\})", template)
    out = []
    for piece in pieces:
        if piece == "{unit_code}":
            out.append(r"(?P<unit_code>[0-9A-Za-z]*)")
        elif piece == "{unit}":
            out.append(r"(?P<unit>.+?)")
        elif piece == "{year}":
            out.append(r"(?P<year>(?:19|20)\d\d)")
        elif piece == "{project_name}":
            out.append(r".*?")
        else:
            out.append(re.escape(piece))
    return re.compile("".join(out))


def _choose_id(form: Form, context) -> str:
    into: Workbook | None = context.get("into")
    used: set[str] = context["used_ids"]
    if into is not None:
        same = [f for f in into.forms if f.definition.id == form.definition.id and f.id not in used]
        for role in ("project_code", "project_name"):
            value = linked_value(form, role)
            if value:
                match = [f for f in same if linked_value(f, role) == value]
                if match:
                    return match[0].id
                if any(linked_value(f, role) for f in same):
                    same = []
        match = [f for f in same if f.title and f.title == form.title]
        if match:
            return match[0].id
        if len(same) == 1 and not per_project(form.definition):   # the unit's one form of its kind
            return same[0].id
    taken = used | ({f.id for f in into.forms} if into is not None else set())
    base_id = form.definition.kind
    candidate, n = base_id, 2
    while candidate in taken:
        candidate = f"{base_id}_{n}"
        n += 1
    return candidate


def read_foreign_sheet(grid: SheetGrid, registry, context) -> Outcome:
    out = Outcome()
    if not grid.cells:
        return out
    found = detect(grid, registry)
    if found is None:
        out.warn("未找到可识别的表头（一级指标、二级指标、三级指标、指标值……），已跳过此工作表")
        return out
    definition, header, list_headers = found
    reader = ForeignSheetReader(grid, definition, out)
    form = reader.read(header, list_headers)
    if any(p[0] == ERROR for p in out.problems):
        return out
    header_wb, out.year_guessed = _guess_header(grid, form, context, reader.known_labels)
    if not form.title:
        from .layout import fill
        form.title = fill(definition.default_title, form, header_wb)
    form.id = _choose_id(form, context)
    count = sum(1 for level, node, _ in form.walk() if level == 3)
    if definition.indicators is not None and count == 0 and not any(form.lists.values()):
        out.warn("表头下没有读到任何指标行")
    out.form = form
    out.header = header_wb
    return out
