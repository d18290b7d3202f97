"""The parts of a printed form other than the indicator table: header blocks as ruled tables,
funds tables with computed totals, narrative sections, lists, and the signature block."""
from __future__ import annotations

import math
from decimal import Decimal

import msgspec
from reportlab.platypus import Flowable

from ..domain import figures
from ..domain.definition import DEFAULT_SIGNATURE, SUMMARY_MONEY, ColumnDef, FundsTableDef, ListDef, SectionDef
from ..domain.model import Form, Signature, Workbook
from ..domain.printed import pair_unit
from ..domain.signature import signature_lines
from .fonts import FontSet
from .formatting import SPLIT_SHARES, amount_text, cell_text, column_labels, number_text, percent_text, value_texts
from .linebreak import Line
from .table import Cell, GridStyle, RowsBuilder, RuledTable
from .text import TextBlock, TextStyle, draw_lines, layout_lines, line_width

CHINESE_ORDINALS = "一二三四五六七八九十"
NO_VALUE = "—"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for lists on a form)."""
    if n <= 10:
        return CHINESE_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_ORDINALS[tens - 1]
    return head + "十" + (CHINESE_ORDINALS[ones - 1] if ones else "")


def split_label(label: str) -> tuple[str, str]:
    """"部门整体资金（万元）·收入" → ("部门整体资金（万元）", "收入"); no group → ("", label)."""
    if "·" in label:
        group, _, own = label.partition("·")
        return group.strip(), own.strip()
    return "", label


class Page(msgspec.Struct):
    """What the composer needs to know about the frame it fills."""
    width: float
    height: float
    landscape: bool


class BlockBuilder:
    def __init__(self, workbook: Workbook, form: Form, fonts: FontSet, grid: GridStyle, page: Page,
                 body: TextStyle):
        self.workbook, self.form, self.fonts, self.grid, self.page = workbook, form, fonts, grid, page
        self.body = body
        self.definition = form.definition
        self.decimals = form.definition.print.decimals

    # -- widths ---------------------------------------------------------------------------
    @property
    def label_width(self) -> float:
        """The left label column of header blocks (单位名称, 单位主要职能 …)."""
        return 7 * self.grid.text.size + 2 * self.grid.pad_x

    def table(self, widths, header, body, breakable=None) -> RuledTable:
        return RuledTable(widths, header, body, self.fonts, self.grid, breakable, frame_height=self.page.height)

    # -- fields ---------------------------------------------------------------------------
    def fields(self, items: list[tuple]) -> list[Flowable]:
        """Label | value pairs, fields_per_row to a row: fields, and the rows of a `pairs` funds
        table (项目总投资 | 20.00万元) among them (perfdesk.domain.printed.header_items)."""
        pairs = []
        for item in items:
            if item[0] == "field":
                pairs.append((item[1].label, self.form.fields.get(item[1].id, "").strip(), "left"))
            else:
                _, t, row = item
                value = self.form.funds_table(t.id).value(row.id, t.columns[0].id)
                text = amount_text(value, self.decimals)
                pairs.append((row.label, text + pair_unit(self.definition, t, row) if text else "", "right"))
        per_row = max(1, self.definition.print.fields_per_row)
        lw = self.label_width
        value_w = (self.page.width - per_row * lw) / per_row
        widths = [lw, value_w] * per_row
        b = RowsBuilder(2 * per_row)
        for start in range(0, len(pairs), per_row):
            chunk = pairs[start:start + per_row]
            cells = []
            for i, (label, text, align) in enumerate(chunk):
                span = 1 if i < len(chunk) - 1 else 1 + 2 * (per_row - len(chunk))
                cells += [Cell(label, label=True), Cell(text, align=align, colspan=span)]
            b.add(cells)
        rows, breakable = b.finish()
        return [self.table(widths, [], rows, breakable)]

    # -- sections -------------------------------------------------------------------------
    def section_rows(self, defs: list[SectionDef]) -> list[Flowable]:
        """Label | text rows; sections that share a group ("年度总体目标·预期目标") sit side by side."""
        out: list[Flowable] = []
        plain: list[SectionDef] = []

        def flush():
            if plain:
                b = RowsBuilder(2)
                for d in plain:
                    b.add([Cell(d.label, label=True), Cell(self.form.sections.get(d.id, ""), align="justify")],
                          breakable=True)
                rows, breakable = b.finish()
                out.append(self.table([self.label_width, self.page.width - self.label_width], [], rows, breakable))
                plain.clear()

        i = 0
        while i < len(defs):
            group, _ = split_label(defs[i].label)
            j = i + 1
            while group and j < len(defs) and split_label(defs[j].label)[0] == group:
                j += 1
            if j - i > 1:
                flush()
                out.append(self._side_by_side(group, defs[i:j]))
            else:
                plain.append(defs[i])
            i = j
        flush()
        return out

    @property
    def group_width(self) -> float:
        """The narrow column of a section group's label printed down the left: three characters,
        so that a label continued on the next page keeps 「（续）」 on one line."""
        return 3 * self.grid.text.size + 2 * self.grid.pad_x + 1

    def _label_column(self, labels: list[str]) -> float:
        """A label column: the labels on one line where they are short (年度目标完成情况), up to ten
        characters; never narrower than the usual label column."""
        longest = max((self.fonts.text_width(t, self.grid.text.size) for t in labels if len(t) <= 10), default=0.0)
        return max(self.label_width, longest + 2 * self.grid.pad_x + 2)

    def section_rows_side(self, defs: list[SectionDef]) -> list[Flowable]:
        """`section_groups = "side"`: group | label | text; each group's label merged down the left
        of its sections' rows (continued with 「（续）」 after a page break); a section outside any
        group spans the group and label columns. Labels "A·B" (1.项目年度目标完成情况·项目年度目标)
        add a column: A merged down the consecutive sections that share it, B beside it; a label
        without 「·」 spans both."""
        parts = [split_label(d.label) for d in defs]
        sub = any(head for head, _own in parts)
        widths = [self.group_width]
        if sub:
            widths.append(self._label_column([head for head, _own in parts if head]))
        widths.append(self._label_column([own if sub else d.label for d, (_h, own) in zip(defs, parts)]))
        widths.append(self.page.width - sum(widths))
        labels = len(widths) - 2          # label columns between the group and the text
        b = RowsBuilder(len(widths))
        i = 0
        while i < len(defs):
            group = defs[i].group
            j = i + 1
            while group and j < len(defs) and defs[j].group == group:
                j += 1
            k = i
            while k < j:
                head = parts[k][0]
                m = k + 1
                while head and m < j and parts[m][0] == head:
                    m += 1
                for n in range(k, m):
                    d = defs[n]
                    cells = [Cell(group, rowspan=j - i, label=True)] if n == i and group else []
                    if head:
                        if n == k:
                            cells.append(Cell(head, rowspan=m - k, label=True))
                        cells.append(Cell(parts[n][1], label=True))
                    else:
                        cells.append(Cell(d.label, colspan=labels + (0 if group else 1), label=True))
                    cells.append(Cell(self.form.sections.get(d.id, ""), align="justify"))
                    b.add(cells, breakable=True)
                k = m
            i = j
        rows, breakable = b.finish()
        return [self.table(widths, [], rows, breakable)]

    def _side_by_side(self, group: str, defs: list[SectionDef]) -> RuledTable:
        lw = self.label_width
        share = (self.page.width - lw) / len(defs)
        header = RowsBuilder(1 + len(defs))
        header.add([Cell("")] + [Cell(split_label(d.label)[1]) for d in defs])
        body = RowsBuilder(1 + len(defs))
        body.add([Cell(group, label=True)] + [Cell(self.form.sections.get(d.id, ""), align="justify") for d in defs],
                 breakable=True)
        header_rows, _ = header.finish()
        rows, breakable = body.finish()
        return self.table([lw] + [share] * len(defs), header_rows, rows, breakable)

    def narrative(self, defs: list[SectionDef], last_group: list[str]) -> list[Flowable]:
        """Headed paragraphs: 一、部门概述 / （一）部门基本情况 / text with a two-character indent."""
        out: list[Flowable] = []
        for d in defs:
            heads = []
            if d.group and d.group != last_group[0]:
                heads.append((d.group, self.heading_style(1)))
            last_group[0] = d.group
            heads.append((d.label, self.heading_style(2 if d.group else 1)))
            text = self.form.sections.get(d.id, "").strip()
            out.append(TextBlock(text, self.fonts, self.body.but(align="justify", indent=2), heads=tuple(heads)))
        return out

    def heading_style(self, level: int) -> TextStyle:
        if level == 1:
            return self.body.but(bold=True, size=self.body.size + 1, leading=self.body.leading + 2, space_before=8)
        return self.body.but(bold=True, space_before=4, indent=2)

    # -- funds ----------------------------------------------------------------------------
    def _extra_columns(self, table: FundsTableDef) -> tuple[list[str], str | None, list[str], bool]:
        """分值 | 执行率 | 得分 beside the row that carries the form's execution (项目支出绩效自评表),
        or merged down all the table's rows (`span`); the headers are the definition's `labels`
        (two of them: 分值 | 得分 without the rate, which the table's rate column shows)."""
        spec = self.definition.execution
        if spec is None or spec.points is None or spec.budget.split(".")[0] != table.id:
            return [], None, [], False
        ex = figures.execution(self.form)
        values = [number_text(ex.points)]
        if spec.has_rate:
            # beside rate columns (执行率 per row) the form's rate looks like theirs: 100.00%
            values.append(self._amount(table, next(c for c in table.columns if c.computed), ex.rate)
                          if any(c.computed for c in table.columns) else percent_text(ex.rate))
        values.append(amount_text(ex.score, 2) if ex.score is not None else "")
        return list(spec.labels), spec.budget.split(".")[1], values, spec.span

    def _amount(self, table: FundsTableDef, column: ColumnDef, value: Decimal | None) -> str:
        if column.computed:       # a rate column: percent with two decimals
            return "" if value is None else amount_text(value, 2) + "%"
        return amount_text(value, self.decimals)

    def _line_value(self, column: ColumnDef, values: dict[str, Decimal]) -> Decimal | None:
        if not column.computed:
            return values.get(column.id)
        top, bottom = (values.get(c) for c in column.of)
        return None if top is None or not bottom else (top / bottom * 100).quantize(Decimal("0.01"))

    def funds_group(self, tables: list[FundsTableDef]) -> list[Flowable]:
        """One ruled table for consecutive funds tables ("部门整体资金（万元）·收入", "…·支出").

        Each table's 项目 | 年初预算数 | … row is a heading: it repeats when the table breaks."""
        group, _ = split_label(tables[0].label)
        money = self.definition.print.money_unit
        plans = []
        for t in tables:
            extra_labels, extra_row, extra_values, extra_span = self._extra_columns(t)
            plans.append((t, [c.label for c in t.columns] + extra_labels, extra_row, extra_values, extra_span))
        k = math.lcm(*[len(p[1]) for p in plans])
        lw = self.label_width
        block_w = 3 * self.grid.text.size + 2 * self.grid.pad_x if group else 0
        rest = self.page.width - lw - block_w
        row_label_w = min(rest * 0.4, 14 * self.grid.text.size + 2 * self.grid.pad_x)
        value_w = (rest - row_label_w) / k
        widths = [lw] + ([block_w] if group else []) + [row_label_w] + [value_w] * k
        b = RowsBuilder(len(widths))
        headings: list[int] = []
        total_rows = sum(1 + len(t.rows) + len(self.form.funds_table(t.id).lines) for t, *_ in plans)
        outer_label = group or tables[0].label
        if not group and tables[0].unit and tables[0].unit != money:
            outer_label += f"（{tables[0].unit}）"
        outer = Cell(outer_label, rowspan=total_rows, label=True)
        for t, labels, extra_row, extra_values, extra_span in plans:
            data = self.form.funds_table(t.id)
            span = k // len(labels)
            extra = len(labels) - len(t.columns)
            rows_here = 1 + len(t.rows) + len(data.lines)
            first = [outer] if outer is not None else []
            outer = None
            if group:
                first.append(Cell(split_label(t.label)[1], rowspan=rows_here, label=True))
            headings.append(b.add(first + [Cell("项目", bold=True)]
                                  + [Cell(lbl, colspan=span, bold=True) for lbl in labels]))
            spanned = extra_span and extra > 0     # the three cells once, down all the table's rows

            def extra_cells(row_id: str | None) -> list[Cell]:
                nonlocal spanned
                if not extra:
                    return []
                if extra_span:
                    if not spanned:
                        return []
                    spanned = False
                    return [Cell(v, colspan=span, rowspan=rows_here - 1) for v in extra_values]
                if row_id == extra_row:
                    return [Cell(v, colspan=span, align="right") for v in extra_values]
                other = self.definition.execution.other_rows
                # the form's own mark ("/") is centred, as the form prints it; the dash as before
                return [Cell(other, colspan=span) if other else Cell(NO_VALUE, colspan=span, align="right")
                        for _ in range(extra)]

            for row in t.rows:
                values = [self._amount(t, c, data.value(row.id, c.id)) for c in t.columns]
                b.add([Cell("\u3000" * row.indent + row.label, align="left", label=True)]
                      + [Cell(v, colspan=span, align="right") for v in values] + extra_cells(row.id))
                if t.lines is not None and row.id == t.lines.after:
                    for line in data.lines:
                        values = [self._amount(t, c, self._line_value(c, line.values)) for c in t.columns]
                        b.add([Cell("\u3000" + line.name, align="left", label=True)]
                              + [Cell(v, colspan=span, align="right") for v in values] + extra_cells(None))
        rows, breakable = b.finish()
        marks = [r in headings for r in range(len(rows))]
        return [RuledTable(widths, [], rows, self.fonts, self.grid, breakable, frame_height=self.page.height,
                           headings=marks)]

    def funds_horizontal(self, t: FundsTableDef) -> list[Flowable]:
        """预算数 | 6.80 | 其中：财政资金 | 6.80 | 其他资金 | … in one row (a single-column table)."""
        data = self.form.funds_table(t.id)
        column = t.columns[0]
        lw = self.label_width
        # a table without a label (湖南: 年度本级预算金额 | 250 | 该项目支出上级资金 | 0): its first
        # row's label takes the label column
        lead = [Cell(t.label, label=True)] if t.label.strip() else []
        count = len(lead) + 2 * len(t.rows)
        share = (self.page.width - lw) / (count - 1)
        cells = list(lead)
        for row in t.rows:
            cells += [Cell(row.label, label=not cells),
                      Cell(amount_text(data.value(row.id, column.id), self.decimals), align="right")]
        b = RowsBuilder(count)
        b.add(cells)
        rows, breakable = b.finish()
        return [self.table([lw] + [share] * (count - 1), [], rows, breakable)]

    def funds_plan(self, t: FundsTableDef) -> list[Flowable]:
        """资金支出计划（%）: the months as a header row, the cumulative percentages under them."""
        data = self.form.funds_table(t.id)
        lw = self.label_width
        with_row_labels = len(t.rows) > 1
        row_label_w = 8 * self.grid.text.size if with_row_labels else 0
        share = (self.page.width - lw - row_label_w) / len(t.columns)
        widths = [lw] + ([row_label_w] if with_row_labels else []) + [share] * len(t.columns)
        b = RowsBuilder(len(widths))
        b.add([Cell(t.label, rowspan=1 + len(t.rows), label=True)] + ([Cell("")] if with_row_labels else [])
              + [Cell(c.label, bold=True) for c in t.columns])
        for row in t.rows:
            values = [data.value(row.id, c.id) for c in t.columns]
            texts = [percent_text(v) if t.unit == "%" else amount_text(v, self.decimals) for v in values]
            b.add(([Cell(row.label, align="left")] if with_row_labels else []) + [Cell(v) for v in texts])
        rows, breakable = b.finish()
        return [self.table(widths, [], rows, breakable)]

    # -- lists ----------------------------------------------------------------------------
    def list_items(self, d: ListDef, narrative: bool) -> list[Flowable]:
        items = self.form.lists.get(d.id, [])
        if not narrative and (d.side_label or d.amounts_label or d.total_row or not d.numbered):
            return self._list_grid(d, items)
        if not narrative:     # a split value column prints as 指标性质 | 指标值 | 度量单位
            labels = [t for c in d.columns for t in column_labels(c)]
            b = RowsBuilder(1 + len(labels))
            header = RowsBuilder(1 + len(labels))
            header.add([Cell("序号")] + [Cell(label) for label in labels])
            for n, item in enumerate(items, start=1):
                b.add([Cell(str(n))] + [Cell(t, align=self._list_align(c)) for c in d.columns
                                        for t in self._list_texts(c, item.get(c.id))])
            if d.totals:
                b.add(self._list_total_row(d))
            header_rows, _ = header.finish()
            rows, breakable = b.finish()
            if d.widths:
                unit = self.page.width / sum(d.widths)
                widths = [w * unit for w in d.widths]
            else:
                share = (self.page.width - 2.5 * self.grid.text.size) / len(d.columns)
                widths = [2.5 * self.grid.text.size] + [share * w for c in d.columns
                                                        for w in (SPLIT_SHARES if c.split else (1.0,))]
            table = self.table(widths, header_rows, rows, breakable)
            table.spaceBefore = 4
            # a long list (a 汇总表 of 200 units) must not take its heading to the next page
            # with it: ReportLab's keep-with-next moves the pair whole when the table is taller
            # than what is left, leaving the title alone on the first page
            return [TextBlock("", self.fonts, self.body, heads=((d.label, self.heading_style(1)),),
                              keep_with_next=len(items) <= 12), table]
        out: list[Flowable] = []
        heads = [(d.label, self.heading_style(1))]
        for n, item in enumerate(items, start=1):
            first, *others = d.columns
            heads.append((f"（{chinese_ordinal(n)}）{cell_text(item.get(first.id))}",
                          self.heading_style(2).but(space_before=2)))
            lines: list[str] = []
            for c in others:
                text = cell_text(item.get(c.id))
                if c.type == "value" and lines:       # 绩效指标：监管执法计划完成率≥90%
                    lines[-1] += text
                else:
                    lines.append(f"{c.label}：{text}")
            out.append(TextBlock("\n".join(lines), self.fonts, self.body.but(align="justify", indent=2),
                                 heads=tuple(heads)))
            heads = []
        if not items:
            out.append(TextBlock("", self.fonts, self.body, heads=tuple(heads)))
        return out


    def _list_grid(self, d: ListDef, items: list[dict]) -> list[Flowable]:
        """A list printed as the published table does (东莞 年度主要任务): its label down the left
        (`side_label`) or as a heading, 序号 only when `numbered`, a header over the number
        columns (`amounts_label`), and the 合计 row: computed (`totals`) or as the form states it
        in a funds row (`total_row`, its label across the first columns, `total_fill` in the
        other text columns)."""
        printed = [(c, t) for c in d.columns for t in column_labels(c)]
        numbers = [n for n, (c, _) in enumerate(printed) if c.type == "number"]
        lead = int(d.side_label) + int(d.numbered)
        n_cols = lead + len(printed)
        share = (self.page.width - (self.label_width if d.side_label else 0)
                 - (2.5 * self.grid.text.size if d.numbered else 0))
        weights = [w for c in d.columns for w in (SPLIT_SHARES if c.split else (1.0,))]
        if d.widths:
            weights = list(d.widths[1:] if d.numbered else d.widths)
        unit = share / sum(weights)
        widths = ([self.label_width] if d.side_label else []) + ([2.5 * self.grid.text.size] if d.numbered else []) \
            + [w * unit for w in weights]
        two = bool(d.amounts_label and numbers)
        total = self._stated_total(d) if d.total_row else None
        b = RowsBuilder(n_cols)
        body = (2 if two else 1) + len(items)
        head: list[Cell] = [Cell(d.label, rowspan=body, label=True)] if d.side_label else []
        head += [Cell("序号", rowspan=2 if two else 1)] if d.numbered else []
        k = 0
        while k < len(printed):
            if two and k == numbers[0]:
                head.append(Cell(d.amounts_label, colspan=len(numbers)))
                k += len(numbers)
            else:
                head.append(Cell(printed[k][1], rowspan=2 if two else 1))
                k += 1
        b.add(head)
        if two:
            b.add([Cell(printed[n][1]) for n in numbers])
        for n, item in enumerate(items, start=1):
            b.add(([Cell(str(n))] if d.numbered else [])
                  + [Cell(t, align=self._list_align(c)) for c in d.columns for t in self._list_texts(c, item.get(c.id))],
                  breakable=True)
        if total is not None:
            label, values = total
            first = numbers[0] if numbers else len(printed)
            span = 1 if first > 1 else max(1, first)
            cells = [Cell(label, bold=True, colspan=(int(d.side_label) + int(d.numbered) + span))]
            cells += [Cell(d.total_fill, colspan=first - span)] if first - span > 0 else []
            cells += [Cell(amount_text(values.get(c.id), self.decimals) if values.get(c.id) is not None else "",
                           align="right", bold=True) for c, _ in printed[first:]]
            b.add(cells)
        elif d.totals:
            b.add(([Cell("")] if d.side_label else []) + self._list_total_row(d))
        rows, breakable = b.finish()
        table = self.table(widths, [], rows, breakable)
        if d.side_label:
            return [table]
        table.spaceBefore = 4
        return [TextBlock("", self.fonts, self.body, heads=((d.label, self.heading_style(1)),),
                          keep_with_next=len(items) <= 12), table]

    def _stated_total(self, d: ListDef) -> tuple[str, dict]:
        """The label and figures of the funds row a list names as its 合计 row (`total_row`)."""
        table_id, _, row_id = d.total_row.partition(".")
        tdef = self.definition.funds_table(table_id)
        data = self.form.funds_table(table_id)
        row = next(r for r in tdef.rows if r.id == row_id)
        return row.label, {c.id: data.value(row_id, c.id) for c in tdef.columns}

    # -- list helpers: amounts of a 汇总表 print with the form's decimals, a 合计 row ---------
    def _list_texts(self, c: ColumnDef, value) -> list[str]:
        if c.source in SUMMARY_MONEY + ("execution_rate",) and isinstance(value, Decimal):
            return [amount_text(value, self.decimals)]
        return value_texts(c, value)

    @staticmethod
    def _list_align(c: ColumnDef) -> str:
        return "justify" if c.type == "text" and not c.source else "right" if c.type == "number" else "center"

    def _list_total_row(self, d: ListDef) -> list[Cell]:
        totals = figures.list_totals(self.form, d.id)
        printed = [(c, i) for c in d.columns for i in range(3 if c.split else 1)]
        first = next(n for n, (c, _) in enumerate(printed) if c.id in d.totals)
        cells = [Cell(d.total_label, bold=True, colspan=1 + first)]
        for c, _ in printed[first:]:
            value = totals.get(c.id) if c.id in d.totals else None
            cells.append(Cell(self._list_texts(c, value)[0] if value is not None else "", align=self._list_align(c),
                              bold=True))
        return cells

class SignatureBlock(Flowable):
    """填报单位（盖章）, 单位负责人, 填报人, 联系电话, 填报日期: room for the stamp, blanks to write on."""

    ITEMS = (("leader", "单位负责人："), ("preparer", "填报人："), ("phone", "联系电话："), ("date", "填报日期："))

    def __init__(self, unit: str, signature: Signature, fonts: FontSet, style: TextStyle):
        super().__init__()
        self.unit, self.signature, self.fonts, self.style = unit, signature, fonts, style
        self.spaceBefore = 14

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._unit_lines = layout_lines(f"填报单位（盖章）：{self.unit}", self.fonts, self.style, avail_width * 0.6)
        self.height = self.style.leading * (len(self._unit_lines) + 1) + 26
        return self.width, self.height

    def draw(self):
        canv, st = self.canv, self.style
        lead = st.leading
        draw_lines(canv, self.fonts, self._unit_lines, 0, self.height, self.width * 0.6, st)
        y_top = lead + 4
        col = self.width / len(self.ITEMS)
        canv.saveState()
        canv.setLineWidth(0.5)
        for i, (attr, label) in enumerate(self.ITEMS):
            x = i * col
            value = getattr(self.signature, attr, "").strip()
            draw_lines(canv, self.fonts, [Line(label + value, True)], x, y_top, col, st)
            if not value:   # a line to write on
                start = x + line_width(label, self.fonts, st.size) + 1
                baseline = y_top - 0.5 * lead - 0.36 * st.size
                canv.line(start, baseline - 2, x + col - 8, baseline - 2)
        canv.restoreState()


class SignatureLines(Flowable):
    """A form's own block (`[signature]`): `per_row` label：value pairs on each line, a line to sign
    on after a label without a value; a long value (the unit's name) wraps inside its slot."""

    GAP = 12          # between lines: room to sign

    def __init__(self, items: list[tuple[str, str]], per_row: int, fonts: FontSet, style: TextStyle):
        super().__init__()
        self.items, self.per_row, self.fonts, self.style = items, max(1, per_row), fonts, style
        self.spaceBefore = 14

    def _rows(self) -> list[list[tuple[str, str]]]:
        n = self.per_row
        return [self.items[i:i + n] for i in range(0, len(self.items), n)]

    def _columns(self, width: float) -> list[float]:
        """Column widths: each column as wide as its longest label：value, the room left shared out
        equally (an underline fills it); equal columns, with wrapping, when that does not fit."""
        n = self.per_row
        need = [0.0] * n
        for row in self._rows():
            for j, (label, value) in enumerate(row):
                need[j] = max(need[j], line_width(f"{label}：{value}", self.fonts, self.style.size) + self.PAD)
        if sum(need) > width:
            return [width / n] * n
        spare = (width - sum(need)) / n
        return [w + spare for w in need]

    PAD = 24          # the least room after a label: a blank to sign on, the gap to the next pair

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._col_w = self._columns(avail_width)
        self._laid = [[(label, value, layout_lines(f"{label}：{value}", self.fonts, self.style, self._col_w[j] - 8))
                       for j, (label, value) in enumerate(row)] for row in self._rows()]
        self._heights = [max(len(lines) for *_x, lines in row) * self.style.leading for row in self._laid]
        self.height = sum(self._heights) + self.GAP * max(0, len(self._heights) - 1)
        return self.width, self.height

    def draw(self):
        canv, st = self.canv, self.style
        top = self.height
        canv.saveState()
        canv.setLineWidth(0.5)
        for row, height in zip(self._laid, self._heights):
            x = 0.0
            for j, (label, value, lines) in enumerate(row):
                slot = self._col_w[j]
                draw_lines(canv, self.fonts, lines, x, top, slot - 8, st)
                if not value:   # a line to write on
                    start = x + line_width(f"{label}：", self.fonts, st.size) + 1
                    baseline = top - 0.5 * st.leading - 0.36 * st.size
                    canv.line(start, baseline - 2, x + slot - 8, baseline - 2)
                x += slot
            top -= height + self.GAP
        canv.restoreState()


def signature_block(workbook: Workbook, form: Form, fonts: FontSet, style: TextStyle) -> Flowable | None:
    """The form's stamp and signature block; None when its definition has `items = []`. Without a
    `[signature]` (or with exactly the default one) it is the block every form printed before."""
    spec = form.definition.signature
    if spec is None or spec == DEFAULT_SIGNATURE:
        return SignatureBlock(workbook.unit, workbook.signature, fonts, style)
    if not spec.items:
        return None
    return SignatureLines(signature_lines(workbook, form), spec.per_row, fonts, style)
