"""The indicator table of a foreign sheet, row by row: blank spacer rows skipped, merged or blank
level-1/level-2 cells inherit from above, a repeated header re-maps the columns, the 合计/总分 row
gives the stated totals and ends the table, as does a footnote or the signature lines."""
from __future__ import annotations

import re
from decimal import Decimal

from ..domain.definition import ColumnDef
from ..domain.model import IndicatorNode
from ..domain.values import IndicatorValue, Kind, value_from_parts
from .detect import Header, is_header, row_roles
from .grid import cell_text, excel_serial_to_date, fold
from .labels import TOTAL_WORDS, clean_name, indicator_labels, norm, operator
from .layout import CONTINUED, POINTS_RE


_TOTALS = frozenset(norm(w) for w in TOTAL_WORDS)
_POINTS_TAIL = re.compile(r"\(\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?分?\)分?$|\d+分$")


def _bare(name: str) -> str:
    """A level-1 name without its points: 产出指标(40-50)分, 产出指标（50分） → 产出指标."""
    n = norm(name)
    return _POINTS_TAIL.sub("", n) or n


class IndicatorRows:
    """Mixed into ForeignSheetReader: needs grid, definition, form, out, typed(), _ends_table(),
    _first_text()."""

    def _indicators(self, header: Header):
        ind = self.definition.indicators
        labels = indicator_labels(self.definition)
        roles = header.roles
        l1 = l2 = None
        l2_identity = None
        branch_names = {b.name for b in ind.level1}
        unknown_reported: set[str] = set()
        self._use_header(header.first_row, header.row, roles)
        r = header.row + 1
        skip = getattr(self, "skip_rows", None)
        while r <= self.grid.max_row:
            if skip is not None and skip[0] <= r <= skip[1]:
                r = skip[1] + 1          # a trial read: the middle of a long table tells nothing new
                continue
            if not self.grid.row_has_content(r):
                r += 1
                continue
            # a header repeated on a new page names columns; a row with a figure in it is data
            again = {} if self._has_number(r) else row_roles(self.grid, r, labels)[0]
            if is_header(again, True):
                roles = again
                self._use_header(r, r, roles)
                r += 1
                continue
            if self._ends_table(r, roles):
                break
            if self._total_row(r, roles):
                break
            col = {v: c for c, v in roles.items()}
            # level 1
            c1 = col.get("l1")
            if c1 is not None and self._starts_with_text(r, c1):
                name = self._level1_name(self.grid.text(r, c1, False), branch_names)
                self.use(r, c1)
                if l1 is None or name != l1.name:
                    l1 = IndicatorNode(name)
                    self.form.indicators.append(l1)
                    l2 = None
                    l2_identity = None
                    if name not in branch_names and name not in unknown_reported:
                        unknown_reported.add(name)
                        self.out.warn(f"一级指标“{name}”不是表样“{self.definition.name}”中的一级指标", r, c1)
            if l1 is None:
                if self._row_values(r, roles) or self._level_text(r, col.get("l3")):
                    self.out.error("指标行前面没有一级指标（一级指标列为空）", r, c1)
                    return
                r += 1
                continue
            branch = ind.branch(l1.name)
            # level 2, with the branch's own level-2 columns (重点工作, 对应项目)
            c2 = col.get("l2")
            extras = {}
            for cdef in (branch.level2_columns if branch else ()):
                if cdef.id in col:
                    extras[cdef.id] = self._extra_value(cdef, r, col[cdef.id])
            starts2 = c2 is not None and self._starts_with_text(r, c2)
            # one cell across the level-1 and level-2 columns (湖南: 社会公众或服务对象满意度指标)
            # names the level 2 too where the branch has a level 2 of that name
            across = not starts2 and c1 is not None and c2 is not None and self._starts_with_text(r, c1) \
                and self.grid.anchor(r, c2) == (r, c1) and branch is not None \
                and self._level2_name(l1.name, branch) in branch.level2
            if starts2 or across or (l2 is None and (self._row_values(r, roles) or self._level_text(r, col.get("l3")))):
                raw = clean_name(self.grid.text(r, c2, False)) if starts2 else l1.name if across else ""
                if starts2:
                    self.use(r, c2)
                name = self._level2_name(raw, branch)
                explicit = {k: v for k, v in extras.items() if v is not None and v != CONTINUED}
                identity = (name, tuple(sorted((k, str(v)) for k, v in explicit.items())))
                new_merge = starts2 and self._merge_rows(r, c2) > 1 and not raw.endswith(CONTINUED)
                same = l2 is not None and (name == l2.name) and (not explicit or identity == l2_identity) \
                    and not new_merge
                if not same:
                    l2 = IndicatorNode(name)
                    l1.children.append(l2)
                    l2_identity = identity
                    for k, v in explicit.items():
                        l2.cells[k] = v
                    if branch and not branch.level2_free and name and name not in branch.level2 \
                            and (l1.name, name) not in unknown_reported:
                        unknown_reported.add((l1.name, name))
                        self.out.warn(f"二级指标“{name}”不在表样“{self.definition.name}”的“{l1.name}”之下", r, c2)
            # level 3 and the values
            c3 = col.get("l3")
            name3 = self._level_text(r, c3)
            values = self._row_values(r, roles)
            if name3:
                self.use(r, c3)
                node = IndicatorNode(name3, values)
                l2.children.append(node)
            elif values:
                if l2.children:
                    node = IndicatorNode("", values)   # a nameless level-3 row under the group
                    l2.children.append(node)
                else:
                    l2.cells.update(values)
            r += 1

    def _has_number(self, r: int) -> bool:
        cells = self.grid.cells
        for c in self.grid.columns_of(r):
            v = cells[(r, c)].value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return True
        return False

    def _use_header(self, first: int, last: int, roles: dict[int, str]) -> None:
        for hr in range(first, last + 1):
            for c in roles:
                self.use(hr, c)
        # the cell over a split header (年度指标值 over 指标性质 | 指标值 | 度量单位)
        if last > first:
            for c in roles:
                ar, ac = self.grid.anchor(first, c)
                if self.grid.cell(ar, ac) is not None:
                    self.use(ar, ac)

    def _starts_with_text(self, r: int, c: int) -> bool:
        return self.grid.anchor(r, c) == (r, c) and bool(self.grid.text(r, c, False).strip())

    def _merge_rows(self, r: int, c: int) -> int:
        m = self.grid.merge(r, c)
        return (m[2] - m[0] + 1) if m else 1

    def _level_text(self, r: int, c: int | None) -> str:
        if c is None:
            return ""
        return clean_name(self.grid.text(r, c, filled=True))

    def _level1_name(self, text: str, branch_names) -> str:
        name = clean_name(text)
        if name.endswith(CONTINUED):
            name = name[: -len(CONTINUED)]
        m = POINTS_RE.search(name)
        if m and name[: m.start()].strip():
            name = name[: m.start()].strip()
        for b in branch_names:
            if norm(b) == norm(name):
                return b
        # a branch named with its points (重庆: 成本指标(0-20)分) typed without them, or the other way
        bare = _bare(name)
        for b in branch_names:
            if _bare(b) == bare:
                return b
        return name

    def _level2_name(self, text: str, branch) -> str:
        name = clean_name(text)
        if name.endswith(CONTINUED):
            name = name[: -len(CONTINUED)]
        for known in (branch.level2 if branch else ()):
            if norm(known) == norm(name):
                return known
        return name

    def _extra_value(self, cdef: ColumnDef, r: int, c: int):
        if self.grid.anchor(r, c) != (r, c):
            return None       # inside a merge from above: the group continues
        value = self.typed(cdef, r, c)
        return value

    def _row_values(self, r: int, roles: dict[int, str]) -> dict:
        ind = self.definition.indicators
        by_id = {c.id: c for c in ind.columns}
        col = {v: c for c, v in roles.items()}
        out = {}
        op_text = measure = ""
        if "op" in col:
            raw = self.grid.text(r, col["op"], False).strip()
            op = operator(raw)
            if op is None:
                self.out.warn(f"“指标性质”列的“{raw}”无法识别，已忽略", r, col["op"])
            else:
                # as typed (﹦, >=, 定性): value_from_parts keeps the three texts and reads them
                op_text = raw if op or raw in ("定性",) else ""
        if "measure" in col:
            measure = self.grid.text(r, col["measure"], False).strip()
        for cid, c in col.items():
            cdef = by_id.get(cid)
            if cdef is None:
                continue
            if cdef.type == "value" and (op_text or measure) and self._is_target(cdef):
                text = self.grid.text(r, c, False).strip()
                if text:
                    # a value that carries its own sign or unit (≥40% beside ＝ | % of another
                    # column) stays as typed; otherwise the three texts are one value
                    op_part = "" if re.match(r"^[≥≤=<>＞＜＝≧≦﹦]", text) else op_text
                    unit_part = "" if measure and fold(text).endswith(fold(measure)) else measure
                    if op_part or unit_part:
                        value = value_from_parts(op_part, text, unit_part)
                        # a definition without split columns holds the value as one text (the
                        # meaning is the same; its Excel and PDF print one cell)
                        out[cid] = value if cdef.split else IndicatorValue.parse(value.text)
                    else:
                        out[cid] = IndicatorValue.parse(text)
                    for role in ("op", "measure"):
                        if role in col and self.grid.text(r, col[role], False).strip():
                            self.use(r, col[role])
                    self.use(r, c)
                continue
            value = self.typed(cdef, r, c)
            if value is not None:
                out[cid] = value
                self.use(r, c)
        self._serial_date(r, col, out)
        return out

    def _serial_date(self, r: int, col: dict[str, int], values: dict):
        """实际完成值 45503 where the target is a date: an Excel date serial that leaked through
        (a number cell without a date format)."""
        c = col.get("actual_value")
        target = values.get("target_value") or values.get("annual_value")
        actual = values.get("actual_value")
        if c is None or not isinstance(target, IndicatorValue) or not isinstance(actual, IndicatorValue):
            return
        if actual.kind is not Kind.QUANTITATIVE:      # a date format already made it a date
            return
        cell = self.grid.cell(r, c)
        if cell is None or isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
            return
        if target.kind not in (Kind.DEADLINE, Kind.DATE, Kind.PERIOD) or cell.value != int(cell.value):
            return
        if not 36526 <= cell.value <= 73050:   # 2000-01-01 … 2099-12-31
            return
        date = excel_serial_to_date(int(cell.value), self.grid.epoch)
        if date is None:
            return
        text = f"{date.year}年{date.month}月{date.day}日"
        values["actual_value"] = IndicatorValue.parse(text)
        self.out.warn(f"实际完成值 {int(cell.value)} 是 Excel 日期序列号（目标是日期），已按 {text} 导入", r, c)

    def _is_target(self, cdef: ColumnDef) -> bool:
        values = [c for c in self.definition.indicators.columns if c.type == "value"]
        return cdef.id in ("target_value", "annual_value", "half_value") or (values and values[0].id == cdef.id)

    def _total_row(self, r: int, roles) -> bool:
        first = norm(self._first_text(r, roles))
        if first not in _TOTALS and first != norm(self.definition.indicators.total_label):
            return False
        ind = self.definition.indicators
        by_id = {c.id: c for c in ind.columns}
        for c in range(1, self.grid.max_col + 1):
            if self.grid.anchor(r, c) == (r, c) and norm(self.grid.text(r, c, False)) == first:
                self.use(r, c)
                break
        for c, cid in roles.items():
            if cid in ind.totals and cid in by_id:
                value = self.typed(by_id[cid], r, c)
                if isinstance(value, Decimal):
                    self.form.stated_totals[cid] = value
                    self.use(r, c)
        return True
