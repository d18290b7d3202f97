"""Read a sheet we did not write, laid out like an official table.

detect.py decides which form it is; this module reads the header fields, sections (beside their
label, under it as headed paragraphs, or in a 年度总体目标 × 预期目标 cross), funds rows found
by their labels, lists, and (foreign_indicators.py) the indicator table.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from decimal import Decimal

import msgspec

from ..domain.definition import ColumnDef, FormDefinition
from ..domain.kinds import link_fields, linked_value, per_project
from ..domain.model import Form, FundsLine, ImportSource, Workbook
from ..domain.values import IndicatorValue, decimal_text
from .detect import Header, candidates, row_roles, scope_differs, stage_differs
from .foreign_indicators import IndicatorRows
from .grid import PLACEHOLDERS, CellError, SheetGrid, cell_date, cell_decimal, cell_text, fold
from .labels import (FOOTER_PREFIXES, TOTAL_WORDS, base, clean_name, funds_column_meaning, funds_label_core,
                     funds_row_meaning, indicator_labels, label_synonyms, list_labels, norm, strip_numbering)
from .money import FACTORS, amount_with_unit, convert, declared_unit, shown
from .layout import CONTINUED
from .problems import ERROR, WARNING

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


class Outcome(msgspec.Struct):
    form: Form | None = None
    header: Workbook | None = None
    year_guessed: bool = False
    problems: list[tuple[str, str, int | None, int | None]] = msgspec.field(default_factory=list)
    # (source unit, unit, example, count) per funds table converted
    conversions: list[tuple[str, str, str, int]] = msgspec.field(default_factory=list)
    not_placed: list[tuple[int, int, str, str]] = msgspec.field(default_factory=list)   # row, col, text, why
    choice: tuple | None = None       # (definition, matched, total, runner-up definition, matched, total, forced)

    def error(self, message, row=None, col=None):
        self.problems.append((ERROR, message, row, col))

    def warn(self, message, row=None, col=None):
        self.problems.append((WARNING, message, row, col))


# ---------------------------------------------------------------------------------- reading

class TextIndex:
    """Where each label-like text sits on a sheet: one pass over the cells, then the label
    look-ups are dictionary reads instead of a scan of every cell per label (a 1000-row sheet
    has 7000 cells and a definition 20-odd labels)."""

    def __init__(self, grid: SheetGrid):
        self.by_norm: dict[str, list] = {}
        self.by_number: dict[str, list] = {}      # without 一、/（二）/1. numbering
        self.by_base: dict[str, list] = {}        # without a bracketed tail
        self.by_prefix: dict[str, list] = {}      # the part before 项目编码：…
        for rc in grid.ordered():
            value = grid.cells[rc].value
            if not isinstance(value, str) or len(value) > 80:     # figures and paragraphs
                continue
            raw = grid.text(*rc, False)
            n = norm(raw)
            if not n or len(n) > 60:             # a paragraph is never a label
                continue
            self.by_norm.setdefault(n, []).append(rc)
            self.by_number.setdefault(strip_numbering(raw), []).append(rc)
            self.by_base.setdefault(base(raw), []).append(rc)
            if ":" in n:
                self.by_prefix.setdefault(n.split(":", 1)[0], []).append(rc)

    @classmethod
    def of(cls, grid: SheetGrid) -> TextIndex:
        index = grid.memo.get("text_index")
        if index is None:
            index = grid.memo["text_index"] = cls(grid)
        return index

    def cells(self, *lists) -> list[tuple[int, int]]:
        return sorted({rc for found in lists for rc in found})


class ForeignSheetReader(IndicatorRows):
    def __init__(self, grid: SheetGrid, definition: FormDefinition, outcome: Outcome):
        self.grid, self.definition, self.out = grid, definition, outcome
        self.form = Form(id=definition.kind, definition=definition, title="")
        self.known_labels = self._known_labels()
        self.index = TextIndex.of(grid)
        self.used: set[tuple[int, int]] = set()     # source cells placed in the form (anchors)
        self.source_unit: str | None = None
        self._typed_units: set[str] = set()
        self.differs: dict[tuple[int, int], str] = {}   # cells not placed for a stated reason
        self.skip_rows: tuple[int, int] | None = None   # a trial read leaves these rows out

    def use(self, r: int, c: int) -> None:
        self.used.add(self.grid.anchor(r, c))

    def _known_labels(self) -> set[str]:
        d = self.definition
        labels = {norm(f.label) for f in d.fields} | {norm(s.label.split("·")[0]) for s in d.sections}
        labels |= {norm(x) for f in d.fields for x in label_synonyms(f.label)}
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
        text = self.grid.text(r, c, False).strip() if cell is not None else ""   # the grid's cached text
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
        # a list's 合计 row kept in a funds table (total_row) is below the list's header, and the
        # unit is in that header (年度预算金额(万元)); other funds rows are above the first table
        below = {x.total_row.split(".")[0]: h.row + 1 for x in self.definition.lists
                 if x.total_row and (h := list_headers.get(x.id)) is not None}
        end = header.first_row if header is not None else self.grid.max_row + 1
        self._funds(first_table, {t: end for t in below}, max([first_table, *below.values()]))
        for list_id, h in list_headers.items():
            self._list(list_id, h)
        if header is not None:
            self._indicators(header)
        return self.form

    def _title(self, limit: int):
        for r in range(1, limit):
            for c in range(1, self.grid.max_col + 1):
                text = clean_name(self.grid.text(r, c, filled=False))
                # a 报表编号:510000_0013zp line above the title is a label with its value, not the title
                if text and norm(text) not in self.known_labels and ("表" in text or "目标" in text) \
                        and ":" not in norm(text):
                    self.form.title = text
                    self.use(r, c)
                    return
                if text:
                    break
        self.form.title = ""

    def label_value(self, label: str, limit: int | None = None, passes=(True, False)) -> tuple[str, int, int] | None:
        """The text beside a label cell ('项目编码：' then the value on its right, or in the same cell).
        The label as written wins over the label without its numbering (（二）部门收支情况)."""
        key_norm, key_num, key_base = norm(label), strip_numbering(label), base(label)
        ix = self.index
        for exact in passes:
            if exact:
                where = ix.cells(ix.by_norm.get(key_norm, ()), ix.by_prefix.get(key_norm, ()),
                                 ix.by_base.get(key_base, ()) if key_base != key_norm else ())
            else:
                where = ix.cells(ix.by_number.get(key_num, ()))
            if ":" in key_norm:
                where = self.grid.ordered()         # a label with a colon inside: look everywhere
            for (r, c) in where:
                if limit is not None and r >= limit:
                    break
                raw = self.grid.text(r, c, filled=False)
                n = norm(raw)
                # 实施单位（盖章） is printed 实施单位 (盖章) or just 实施单位
                same = n == key_norm or (key_base != key_norm and base(raw) == key_base)
                if same if exact else (key_num and strip_numbering(raw) == key_num and n != key_norm):
                    found = self._right_of(r, c)
                    if found:
                        self.use(r, c)
                        if found[0]:
                            self.use(found[1], found[2])
                        return found
                elif exact and n.startswith(key_norm + ":") and len(n) > len(key_norm) + 1:
                    value = re.split(r"[:：]", raw, maxsplit=1)[1].strip()
                    self.use(r, c)
                    return value, r, c
        return None

    def _right_of(self, r: int, c: int) -> tuple[str, int, int] | None:
        col = self.grid.span_end(r, c) + 1
        while col <= self.grid.max_col:
            ar, ac = self.grid.anchor(r, col)
            cell = self.grid.cell(ar, ac)
            if cell is not None:
                text = cell_text(cell, self.grid.epoch)
                # another label (联系电话 beside 项目负责人 with both left blank) is not a value
                if norm(text) in self.known_labels or any(norm(text) == norm(p) for p in FOOTER_PREFIXES):
                    return None
                return text.strip(), ar, ac
            col = self.grid.span_end(r, col) + 1
        return None

    def _fields_and_sections(self, limit: int):
        d = self.definition
        for f in d.fields:
            got = self.label_value(f.label, limit)
            for alt in label_synonyms(f.label) if not (got and got[0]) else ():
                got = self.label_value(alt, limit, passes=(True,))
                if got and got[0]:
                    break
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
            if not text:
                text = self._under(s.label.split("·")[-1])
            for alt in label_synonyms(s.label.split("·")[-1]) if not text else ():
                got = self.label_value(alt, limit, passes=(True,))
                text = (self._section_text(got) if got else "") or self._below(alt) or self._under(alt)
                if text:
                    break
            if text:
                self.form.sections[s.id] = text

    def _below(self, label: str) -> str:
        """A headed paragraph: the label alone on its row, the text in the rows under it."""
        key_norm, key_num = norm(label), strip_numbering(label)
        ix = self.index
        found = ix.cells(ix.by_norm.get(key_norm, ()), ix.by_number.get(key_num, ()))
        candidates = sorted(found, key=lambda rc: (norm(self.grid.text(*rc, False)) != key_norm, rc))
        for (r, c) in candidates:
            raw = self.grid.text(r, c, filled=False)
            if norm(raw) != key_norm and strip_numbering(raw) != key_num:
                continue
            if self._anchors_with_text(r) != [c]:
                continue
            parts = []
            self.use(r, c)
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
                if norm(text) in self.known_labels or strip_numbering(text) in self.known_labels \
                        or self.signature_line(text):
                    break
                parts.append(text.strip())
                self.use(rr, c)
            return "\n".join(parts)
        return ""

    def _under(self, label: str) -> str:
        """A column header over its text: 预期目标 / 原因 with the paragraph in the cell below."""
        key_norm, key_num = norm(label), strip_numbering(label)
        ix = self.index
        for (r, c) in ix.cells(ix.by_norm.get(key_norm, ()), ix.by_number.get(key_num, ()),
                               ix.by_base.get(key_norm, ())):
            raw = self.grid.text(r, c, False)
            if norm(raw) != key_norm and strip_numbering(raw) != key_num and base(raw) != key_norm:
                continue
            m = self.grid.merge(r, c)
            below = (m[2] if m else r) + 1
            if self.grid.anchor(below, c) != (below, c):
                continue
            cell = self.grid.cell(below, c)
            if cell is None or not isinstance(cell.value, str):
                continue
            text = cell.value.strip()
            if not text or norm(text) in self.known_labels or self.signature_line(text):
                continue
            self.use(r, c)
            self.use(below, c)
            return text
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
                    self.use(rr, c)
            # the label continued on the next page: 三、主要绩效（续）
            nxt = m[2] + 1
            if clean_name(self.grid.text(nxt, label_col, False)) != label + CONTINUED:
                break
            self.use(nxt, label_col)
            cell = self.grid.cell(nxt, c)
            if cell is not None:
                parts.append(cell_text(cell, self.grid.epoch).strip())
                self.use(nxt, c)
            r, m = nxt, self.grid.merge(nxt, label_col)
        return "\n".join(p for p in parts if p)

    def _cross(self, row_label: str, col_label: str, limit: int) -> str:
        """年度总体目标·预期目标: the cell in the row labelled 年度总体目标 under the header 预期目标."""
        rows = [(r, c) for (r, c) in self.index.by_norm.get(norm(row_label), ()) if limit is None or r < limit]
        for r, c in rows:
            m = self.grid.merge(r, c)
            last = m[2] if m else r      # the label merged down: the texts may sit under the headers
            for hr in range(r, max(0, r - 6), -1):
                for hc in range(c + 1, self.grid.max_col + 1):
                    if norm(self.grid.text(hr, hc, False)) == norm(col_label) and self.grid.anchor(hr, hc) == (hr, hc):
                        for vr in range(r, last + 1):
                            ar, ac = self.grid.anchor(vr, hc)
                            if (ar, ac) != (hr, hc) and self.grid.cell(ar, ac) is not None:
                                for rc in ((r, c), (hr, hc), (ar, ac)):
                                    self.use(*rc)
                                return cell_text(self.grid.cell(ar, ac), self.grid.epoch).strip()
        return ""

    # -- funds ---------------------------------------------------------------------------
    def _find_label(self, label: str, limit: int, taken: set) -> tuple[int, int] | None:
        """The row label as the definition writes it, else a label that means the same
        (本年财政拨款 for 当年财政拨款, 其中：1.财政资金 for 财政资金)."""
        targets = {norm(label), norm(re.sub(r"^其中[:：]", "", label))}
        meaning = funds_row_meaning(label)
        by_meaning = None
        for (r, c) in self.grid.ordered():
            if r >= limit:
                break
            if (r, c) in taken:
                continue
            text = self.grid.text(r, c, False)
            if norm(re.sub(r"^其中[:：]", "", text)) in targets:
                return r, c
            if by_meaning is None and meaning and len(text) <= 30 and funds_row_meaning(text) == meaning:
                by_meaning = (r, c)
        return by_meaning

    def _column_of(self, label: str, r: int, c: int) -> int | None:
        want, meaning = base(label), funds_column_meaning(label)
        for hr in range(r - 1, max(0, r - 30), -1):
            for hc in range(c + 1, self.grid.max_col + 1):
                if self.grid.anchor(hr, hc) != (hr, hc):
                    continue
                text = self.grid.text(hr, hc, False)
                if base(text) == want or (meaning and funds_column_meaning(text) == meaning):
                    self.use(hr, hc)
                    return hc
        return None

    def _funds(self, limit: int, limits: dict[str, int] | None = None, unit_limit: int | None = None):
        d = self.definition
        self.source_unit = self._source_money_unit(unit_limit or limit)
        self._typed_units: set[str] = set()     # units typed with the amounts (20万元)
        taken: set[tuple[int, int]] = set()
        for tdef in d.funds:
            table = None
            self._converted = []
            self._unit_unknown_at = None
            for row in tdef.rows:
                at = self._find_label(row.label, (limits or {}).get(tdef.id, limit), taken)
                if at is None:
                    continue
                taken.add(at)
                r, c = at
                self.use(r, c)
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
                # a total row is kept as stated, even when its parts disagree (check reports it);
                # so is a computed column's figure (预算执行率), which the form works out itself
                typed = {k: v for k, v in values.items() if not row.computed and not tdef.column(k).computed}
                stated = {k: v for k, v in values.items() if k not in typed}
                if typed:
                    table.values[row.id] = typed
                if stated:
                    table.stated[row.id] = stated
                self._execution_figures(tdef, row.id, r, c, table)
                if tdef.lines and tdef.lines.after == row.id and columns:
                    self._lines(tdef, table, r, c, columns, limit)
            self._say_unit(tdef)
        if self.source_unit is None and len(self._typed_units) == 1:
            # no unit line, every amount typed with the same unit (甘肃: 20万元): the source's unit
            self.source_unit = next(iter(self._typed_units))
        self.form.funds = {k: t for k, t in self.form.funds.items() if t.values or t.stated or t.lines}

    def _source_money_unit(self, limit: int) -> str | None:
        """The money unit the sheet prints above its indicator table: a unit line (单位：元,
        金额单位：万元) or a bracketed unit in a label (项目资金(万元), 年初预算数(万元)). When
        both units appear, the one declared nearest above the first amount wins."""
        found = []
        for (r, c) in self.grid.ordered():
            if r >= limit:
                break
            unit = declared_unit(self.grid.text(r, c, False))
            if unit:
                found.append((r, c, unit))
        if not found:
            return None
        units = {u for _, _, u in found}
        for r, c, _ in found:
            self.use(r, c)
        if len(units) == 1:
            return found[0][2]
        first_amount = next((r for (r, c) in self.grid.ordered()
                             if r < limit and isinstance(self.grid.cells[(r, c)].value, (int, float))), limit)
        above = [f for f in found if f[0] <= first_amount] or found
        return above[-1][2]

    def _value_col_right_of(self, r: int, c: int) -> int | None:
        col = self.grid.span_end(r, c) + 1
        if col > self.grid.max_col or self.grid.anchor(r, col) != (r, col):
            return None
        text = self.grid.text(r, col, False)
        return None if norm(text) in self.known_labels else col

    def _amount(self, tdef, cdef, r, col) -> Decimal | None:
        cell = self.grid.cell(r, col)
        money = tdef.unit in FACTORS and cdef.type != "rate"
        typed_unit = None
        if money and cell is not None and isinstance(cell.value, str):
            got = amount_with_unit(cell.value)           # 150万 carries its own unit
            if got is not None:
                value, typed_unit = got
        if typed_unit is None:
            try:
                value = cell_decimal(cell, "金额", strip_units=(tdef.unit,) if tdef.unit != "%" else ())
            except CellError as exc:
                self.out.error(f"“{tdef.label}”的“{cdef.label}”{exc}", r, col)
                return None
        if value is not None:
            self.use(r, col)
        if value is not None and tdef.kind == "cumulative_plan" and isinstance(cell.value, float) \
                and "%" in (cell.number_format or ""):
            value = (value * 100).normalize()
        if value is None or not money:
            return value
        if typed_unit is not None:
            self._typed_units.add(typed_unit)
        source = typed_unit or self.source_unit
        if source is None:
            if value != 0 and self._unit_unknown_at is None:
                self._unit_unknown_at = (r, col)
            return value
        if source != tdef.unit:
            converted = convert(value, source, tdef.unit)
            self._converted.append((value, source, converted))
            return converted
        return value

    def _say_unit(self, tdef) -> None:
        if self._converted:
            value, source, converted = self._converted[0]
            sources = {s for _, s, _ in self._converted}
            example = f"{shown(value)} {source} → {shown(converted)} {tdef.unit}"
            self.out.conversions.append(("、".join(sorted(sources)), tdef.unit, example, len(self._converted)))
        if self._unit_unknown_at is not None:
            r, c = self._unit_unknown_at
            self.out.warn(f"未能确定“{tdef.label}”的金额单位（表中没有“单位：万元”“（万元）”之类的说明），"
                          f"金额按表样的单位“{tdef.unit}”原样读入，请核对", r, c)

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
            self.use(r, col)
            if key == "rate" and isinstance(cell.value, float) and "%" in (cell.number_format or ""):
                value = (value * 100).quantize(Decimal("0.01"))
            table.stated.setdefault(row_id, {})[key] = value
        # 分值: the definition fixes it; the sheet's figure is placed when it says the same, and
        # listed (not placed) when it differs, so that the officer sees the disagreement
        points = spec.points if spec.points is not None else self.definition.scoring.execution_points \
            if self.definition.scoring is not None else None
        label = spec.labels[0] if spec.labels else "分值"
        col = self._column_of(label, r, c) or self._column_of("权重", r, c)
        if col is not None and points is not None:
            try:
                stated = cell_decimal(self.grid.cell(r, col), label)
            except CellError:
                stated = None
            if stated is not None and stated == points:
                self.use(r, col)
            elif stated is not None:
                self.differs[(r, col)] = (f"表样“{self.definition.name}”规定预算执行{label} {points} 分，"
                                          f"表中为 {stated}，未导入")

    def _lines(self, tdef, table, r, c, columns, limit):
        row_labels = {norm(x.label) for x in tdef.rows}
        for rr in range(r + 1, min(limit, self.grid.max_row + 1)):
            if self.grid.anchor(rr, c) != (rr, c):
                break
            name = clean_name(self.grid.text(rr, c, False))
            if not name or norm(name) in self.known_labels or norm(name) in row_labels \
                    or funds_row_meaning(name):
                break
            self.use(rr, c)
            values = {}
            for cid, col in columns.items():
                cdef = next(x for x in tdef.columns if x.id == cid)
                value = self._amount(tdef, cdef, rr, col)
                if value is not None:
                    values[cid] = value
            table.lines.append(FundsLine(name, values))

    # -- what was not placed ---------------------------------------------------------------
    def unplaced(self, header: Header | None) -> list[tuple[int, int, str, str]]:
        """Every non-empty source cell the reading did not place, with why; the definition's
        own labels (and the names other provinces give them) are the table's structure."""
        labels = self._structure_labels()
        name = self.definition.name
        columns = {}
        if header is not None:
            for c in range(1, self.grid.max_col + 1):
                ar, ac = self.grid.anchor(header.row, c)
                columns[c] = clean_name(self.grid.text(ar, ac, False))
        # a table printed as two blocks side by side (实施周期: 二级 | 三级 | 指标值, then 当年度: 二级 |
        # 三级 | 指标值) names each indicator twice: the second level column repeats the first
        repeats: dict[int, int] = {}
        if header is not None and self.definition.indicators is not None:
            levels = {role: c for c, role in header.roles.items() if role in ("l1", "l2", "l3")}
            lm = indicator_labels(self.definition)
            for c, label in columns.items():
                got = lm.role(label) if label and c not in header.roles else None
                if got and got[0] in levels:
                    repeats[c] = levels[got[0]]
        out = []
        ordered = self.grid.ordered()
        if self.skip_rows is not None:      # a trial: the rows it left out are not counted
            lo = bisect.bisect_left(ordered, (self.skip_rows[0], 0))
            hi = bisect.bisect_left(ordered, (self.skip_rows[1] + 1, 0))
            ordered = ordered[:lo] + ordered[hi:]
        for (r, c) in ordered:
            cell = self.grid.cells[(r, c)]
            if (r, c) in self.used or self.grid.anchor(r, c) != (r, c):
                continue
            text = self.grid.text(r, c, False).strip()
            if re.sub(r"\s+", "", fold(text)) in PLACEHOLDERS:
                continue
            if self._is_structure(text, labels):
                continue
            if c in repeats and header is not None and r > header.row \
                    and norm(text) == norm(self.grid.text(*self.grid.anchor(r, repeats[c]), False)):
                continue
            if (r, c) in self.differs:
                why = self.differs[(r, c)]
            elif header is not None and r > header.row and columns.get(c) and c not in header.roles:
                why = f"所在列“{columns[c]}”在表样“{name}”中没有对应的栏目"
            elif header is not None and r > header.row:
                why = f"不在表样“{name}”指标表的任何一栏中"
            else:
                why = f"表样“{name}”中没有对应的栏目"
            out.append((r, c, text, why))
        return out

    def _structure_labels(self) -> set[str]:
        d = self.definition
        labels = set(self.known_labels)
        for _, label in definition_labels(d):
            labels |= {norm(label), base(label), strip_numbering(label)}
        labels |= {norm(d.name), norm(d.default_title or "")}
        for t in d.funds:
            labels |= {norm(t.label), base(t.label)} | {norm(x) for x in t.label.split("·")}
        if d.indicators is not None:
            ind = d.indicators
            labels |= {norm(ind.label), norm(ind.total_label)} | {norm(w) for w in TOTAL_WORDS}
            for b in ind.level1:
                labels.add(norm(b.name))
                labels |= {norm(x) for x in b.level2}
                if b.level2_label:
                    labels.add(norm(b.level2_label))
            lm = indicator_labels(d)
            labels |= set(lm.exact) | set(lm.aliases)
        if d.execution is not None:
            labels |= {norm(x) for x in d.execution.labels}
        for s in d.sections:
            labels |= {norm(x) for x in s.label.split("·")}
        labels.discard("")
        return labels

    def signature_line(self, text: str) -> bool:
        """A cell holding only the definition's signature labels, left blank to sign by hand
        (填表人:  联系电话:  填报日期:  单位负责人签字:): the form's signature block, not a text."""
        rest = norm(text)
        labels = sorted((norm(i.label) for i in self.definition.signature_block.items), key=len, reverse=True)
        if not rest or not labels:
            return False
        while rest:
            label = next((x for x in labels if rest.startswith(x)), None)
            if label is None:
                return False
            rest = re.sub(r"^(\(盖章\))?:?(\(盖章\))?", "", rest[len(label):])
        return True

    def _is_structure(self, text: str, labels: set[str]) -> bool:
        n = norm(text)
        if n in labels or base(n) in labels or strip_numbering(text) in labels:
            return True
        if self.signature_line(text):
            return True
        core = funds_label_core(text)
        if core in labels or funds_row_meaning(text) or funds_column_meaning(text):
            return True
        bare = re.sub(r"\(\d+(?:-\d+)?分?\)分?$|\d+分$", "", n)     # 产出指标(50分), 预算执行情况(10分)
        return bool(bare) and bare != n and (bare in labels or base(bare) in labels)

    def absent_items(self) -> tuple[str, ...]:
        """The definition's fields and sections whose label the sheet does not have at all."""
        ix = self.index
        texts = set(ix.by_norm) | set(ix.by_number) | set(ix.by_base) | set(ix.by_prefix)
        out = []
        for f in self.definition.fields:
            if not self.form.fields.get(f.id) and not ({norm(f.label), base(f.label)} & texts):
                out.append(f.id)
        for s in self.definition.sections:
            parts = s.label.split("·")
            if not self.form.sections.get(s.id) and not any(norm(p) in texts or strip_numbering(p) in texts
                                                            for p in parts):
                out.append(s.id)
        return tuple(out)

    # -- lists ---------------------------------------------------------------------------
    def _list(self, list_id: str, header: Header):
        ldef = self.definition.list_def(list_id)
        by_id = {c.id: c for c in ldef.columns}
        labels = list_labels(self.definition, ldef.columns)
        items = []
        for hr in range(header.first_row, header.row + 1):
            for c in header.roles:
                self.use(hr, c)
        for r in range(header.row + 1, self.grid.max_row + 1):
            if self.skip_rows is not None and self.skip_rows[0] <= r <= self.skip_rows[1]:
                continue
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
                        self.use(r, c)
            if item:
                items.append(item)
        if ldef.total_row:
            self._list_amounts_unit(ldef, items)
        self.form.lists[list_id] = items

    def _list_amounts_unit(self, ldef, items: list[dict]) -> None:
        """The amounts of a list whose 合计 row is a funds row (total_row) are in that table's
        unit: converted exactly from the source's, as the funds amounts are."""
        tdef = self.definition.funds_table(ldef.total_row.split(".")[0])
        source = self.source_unit
        if source is None or source == tdef.unit or source not in FACTORS or tdef.unit not in FACTORS:
            return
        done = []
        for item in items:
            for c in tdef.columns:
                if isinstance(item.get(c.id), Decimal):
                    converted = convert(item[c.id], source, tdef.unit)
                    done.append((item[c.id], converted))
                    item[c.id] = converted
        if done:
            example = f"{shown(done[0][0])} {source} → {shown(done[0][1])} {tdef.unit}"
            self.out.conversions.append((source, tdef.unit, example, len(done)))

    def _first_text(self, r: int, cols) -> str:
        """The row's first text, left to right (cells merged from above or the left skipped)."""
        anchor, text_of = self.grid.anchor, self.grid.text
        for c in self.grid.columns_of(r):
            if anchor(r, c) == (r, c):
                text = text_of(r, c, False).strip()
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
        return first.startswith(_FOOTERS)

    # -- indicators ----------------------------------------------------------------------


# ---------------------------------------------------------------------------------- entry

def _guess_header(grid: SheetGrid, form: Form, context, reader: ForeignSheetReader,
                  limit: int) -> tuple[Workbook, bool]:
    """Unit and year as the sheet states them; the flag says the year was not found. Only the
    cells above the first table count: a figure inside it (28.8万元) is not a unit line."""
    into = context.get("into")
    cells = [rc for rc in grid.ordered() if rc[0] < limit][:40]
    texts = [(None, form.title)] + [(rc, grid.text(*rc, False)) for rc in cells]
    year = None
    eval_year = linked_value(form, "year")
    if re.fullmatch(r"(19|20)\d\d", eval_year.strip()):
        year = int(eval_year.strip())
    for rc, t in texts:
        if year:
            break
        m = _YEAR.search(t or "")
        if m:
            year = int(m.group(1))
    for rc, t in texts[1:]:
        m = re.fullmatch(r"[(（]?\s*((?:19|20)\d\d)\s*年度?\s*[)）]?", (t or "").strip())
        if m and int(m.group(1)) == year:
            reader.use(*rc)               # (2022年度) says only the year, which the workbook holds
    unit = linked_value(form, "unit")
    unit_code = linked_value(form, "unit_code")
    if not unit:
        for rc, t in texts:
            m = re.search(r"(?:预算单位|自评价单位|填报单位|单位名称)(?:（盖章）|\(盖章\))?[:：]\s*(\S+)", t or "")
            if m and "盖章" not in m.group(1):
                unit = m.group(1)
                reader.use(*rc)
                break
    pr = form.definition.print
    for template in (pr.unit_line, pr.subtitle):
        if not template:
            continue
        # full- and half-width alike (报表编号：… printed, 报表编号:… typed)
        pattern = _template_regex(unicodedata.normalize("NFKC", template))
        for rc, t in texts[1:]:
            if rc in reader.used:        # the title, a label's value: not a unit line
                continue
            m = pattern.fullmatch(unicodedata.normalize("NFKC", t or "").strip())
            if m and all(m.groupdict().values()) and norm(t) not in reader.known_labels:
                got = m.groupdict()
                unit = unit or (got.get("unit") or "").strip()
                unit_code = unit_code or got.get("unit_code") or ""
                if year is None and got.get("year"):
                    year = int(got["year"])
                reader.use(*rc)
                break
    if not unit_code:
        unit_code, unit = split_code(unit)
    guessed = year is None
    if year is None:
        year = into.year if into is not None else dt.date.today().year
    return Workbook(unit, unit_code, year), guessed


_CODE_NAME = re.compile(r"^\s*([0-9A-Za-z]{3,})\s*[-－—–]+\s*(\S.*?)\s*$")


def split_code(text: str) -> tuple[str, str]:
    """`219001-池州市贵池区棠溪镇人民政府` → (219001, 池州市…); a name without a code → ("", name)."""
    m = _CODE_NAME.match(text or "")
    if m and any(ch.isdigit() for ch in m.group(1)):
        return m.group(1), m.group(2)
    return "", text


def _split_project_code(form: Form) -> None:
    """The project's `<code>-<name>` into the code field and the name, where the definition has
    both fields (and the code field is empty); kept whole where it has no code field."""
    code_fields = link_fields(form.definition, "project_code")
    name_fields = link_fields(form.definition, "project_name")
    code_field, name_field = (code_fields or ("",))[0], (name_fields or ("",))[0]
    if not code_field or not name_field or form.fields.get(code_field, "").strip():
        return
    code, name = split_code(form.fields.get(name_field, ""))
    if code:
        form.fields[code_field], form.fields[name_field] = code, name


def _template_regex(template: str) -> re.Pattern:
    pieces = re.split(r"(\{unit_code\}|\{unit\}|\{year\}|\{project_name\})", template)
    out = []
    for piece in pieces:
        if piece == "{unit_code}":
            out.append(r"(?P<unit_code>[0-9A-Za-z]{6,})")      # 414001…: not the 2023 of a date
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


_FOOTERS = tuple(norm(p) for p in FOOTER_PREFIXES)
_TRIAL_ROWS = 20   # a trial read keeps this many rows at each end of a long table
_TRIALS = 5        # definitions read in full before choosing (the best by header score first)


def read_foreign_sheet(grid: SheetGrid, registry, context) -> Outcome:
    """The sheet read with the definition that places most of its cells. A definition the user
    named (context["definition"]) is the only candidate."""
    if not grid.cells:
        return Outcome()
    forced = context.get("definition")
    pool = [registry[forced]] if forced else registry
    ranked = candidates(grid, pool)
    if not ranked:
        out = Outcome()
        if forced:
            out.error(f"工作表与指定的表样“{registry[forced].name}”（{forced}）不符：未找到它的表头")
        else:
            out.warn("未找到可识别的表头（一级指标、二级指标、三级指标、指标值……），已跳过此工作表")
        return out
    best_score = ranked[0][0]
    contenders = [t for t in ranked[:_TRIALS] if t[0] * 2 >= best_score]
    # several contenders: each is read without the middle of a long table (the same rows for all:
    # it holds indicator rows, placed alike by any definition whose header fits), and the winner
    # is then read whole
    skip = None
    if len(contenders) > 1:
        start = max(h.row for _, _, header, lists in contenders for h in ([header] if header else []) + list(lists.values()))
        skip = (start + _TRIAL_ROWS, grid.max_row - _TRIAL_ROWS)
        if skip[0] > skip[1]:
            skip = None
    trials = []
    for score, definition, header, list_headers in contenders:
        out = Outcome()
        reader = ForeignSheetReader(grid, definition, out)
        reader.skip_rows = skip
        form = reader.read(header, list_headers)
        failed = any(p[0] == ERROR for p in out.problems)
        unplaced, header_wb = [], None
        if not failed:
            limit = min(h.first_row for h in ([header] if header else []) + list(list_headers.values()))
            header_wb, out.year_guessed = _guess_header(grid, form, context, reader, limit)
            unplaced = reader.unplaced(header)
        # a definition of another stage than the title names (a 监控表 for a 绩效目标表) wins only
        # when no definition of the named stage reads the sheet
        trials.append(((failed, stage_differs(grid, definition), scope_differs(grid, definition), len(unplaced), -score), out, reader, form,
                       unplaced, header_wb))
        if not failed and not unplaced:
            break        # every cell placed: the contenders after it score no better and cannot win
    trials.sort(key=lambda t: t[0])
    if skip is not None:               # the winner, whole
        winner = trials[0][2].definition
        score, definition, header, list_headers = next(t for t in contenders if t[1] is winner)
        out = Outcome()
        reader = ForeignSheetReader(grid, definition, out)
        form = reader.read(header, list_headers)
        failed, unplaced, header_wb = any(p[0] == ERROR for p in out.problems), [], None
        if not failed:
            limit = min(h.first_row for h in ([header] if header else []) + list(list_headers.values()))
            header_wb, out.year_guessed = _guess_header(grid, form, context, reader, limit)
            unplaced = reader.unplaced(header)
        trials[0] = ((failed, stage_differs(grid, definition), scope_differs(grid, definition), len(unplaced), -score), out, reader, form, unplaced,
                     header_wb)
    _, out, reader, form, unplaced, header_wb = trials[0]
    definition = reader.definition
    total = _non_empty(grid)
    runner = next((t for t in trials[1:] if t[2].definition is not definition and not t[0][0]), None)
    runner_def = runner[2].definition if runner else None
    r_placed = total - len(runner[4]) if runner and not runner[0][0] else 0
    out.choice = (definition, total - len(unplaced), total, runner_def, r_placed, total if runner else 0,
                  bool(forced))
    if any(p[0] == ERROR for p in out.problems):
        return out
    _split_project_code(form)
    out.not_placed = unplaced
    from .layout import fill
    if not form.title:
        form.title = fill(definition.default_title, form, header_wb)
    elif definition.print.subtitle:
        # 部门预算项目支出绩效自评表(2023年度) typed on one line, where the form prints its
        # (2023年度) as a line of its own: the same words on paper, not the year twice
        subtitle = norm(fill(definition.print.subtitle, form, header_wb))
        title = form.title.rstrip()
        if subtitle and norm(title).endswith(subtitle) and norm(title) != subtitle:
            cut = len(title)
            while cut > 0 and norm(title[cut - 1:]) != subtitle:
                cut -= 1
            if cut > 0 and norm(title[:cut - 1]):
                form.title = title[:cut - 1].rstrip()
    form.id = _choose_id(form, context)
    form.source = ImportSource(context.get("file", ""), grid.title, reader.source_unit or "",
                               reader.absent_items())
    count = sum(1 for level, node, _ in form.walk() if level == 3)
    if definition.indicators is not None and count == 0 and not any(form.lists.values()):
        out.warn("表头下没有读到任何指标行")
    out.form = form
    out.header = header_wb
    return out


def _non_empty(grid: SheetGrid) -> int:
    """The sheet's non-empty cells, a merged range once, dashes and slashes not counted."""
    count = 0
    for cell in grid.cells.values():          # the grid holds anchors only (no covered cells)
        v = cell.value
        if not isinstance(v, str) or len(v) > 4 or re.sub(r"\s+", "", fold(v)) not in PLACEHOLDERS:
            count += 1
    return count


def definition_labels(definition: FormDefinition) -> list[tuple[str, str]]:
    """(kind, label) of what a sheet of this definition prints as labels."""
    d = definition
    out = [("field", f.label) for f in d.fields]
    out += [("section", s.label.split("·")[0]) for s in d.sections]
    for t in d.funds:
        out += [("row", r.label) for r in t.rows]
        out += [("column", c.label) for c in t.columns]
    if d.indicators is not None:
        ind = d.indicators
        out += [("level", x) for x in ind.level_labels]
        for c in ind.columns:
            out += [("split", x) for x in c.split_labels] if c.split_labels else [("indicator", c.label)]
    for ldef in d.lists:
        out += [("list", c.label) for c in ldef.columns]
    seen, unique = set(), []
    for kind, label in out:
        if label and norm(label) not in seen:
            seen.add(norm(label))
            unique.append((kind, label))
    return unique
