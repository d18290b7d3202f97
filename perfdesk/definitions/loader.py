"""Load form definitions from forms/*.toml into typed definitions, refusing anything malformed.

A broken file is refused with a Chinese message naming the file and the key, so a provincial
variant written by hand fails at load, not later in a print run.
"""
from __future__ import annotations

import functools
from pathlib import Path

import msgspec

from ..domain.column_labels import placeholders
from ..domain.definition import (
    COLUMN_TYPES,
    FIELD_TYPES,
    ColumnDef,
    ExecutionDef,
    FieldDef,
    FormDefinition,
    FundsRowDef,
    FundsTableDef,
    IndicatorsDef,
    Level1Def,
    LinesDef,
    ListDef,
    SIGNATURE_SOURCES,
    PrintDef,
    RelationDef,
    ScoringDef,
    SectionDef,
    SignatureDef,
    SignatureItemDef,
    SummaryDef,
)
from ..domain.kinds import KindSet
from ..domain.values import Notation

from .kinds import kind_for
from . import locations
from .reader import (  # noqa: F401 - their home was here; callers import them from loader too
    _ID, DefinitionError, _kind_name, _parse_toml, _Reader, _tuple, forms_dir, read_toml, read_toml_text,
)


def _unique(reader: _Reader, name: str, ids: list[str]):
    seen = set()
    for i in ids:
        if i in seen:
            reader.fail(name, f"标识 “{i}” 重复")
        seen.add(i)


def _max_chars(r: _Reader) -> int | None:
    limit = r.get("max_chars", int, default=None)
    if limit is not None and limit < 1:
        r.fail("max_chars", "字数上限应为正整数")
    return limit


def _strings(r: _Reader, name: str, count: int | None = None) -> tuple[str, ...]:
    items = r.get(name, list, default=[])
    if not all(isinstance(x, str) and x.strip() for x in items):
        r.fail(name, "应为非空文本的列表")
    if count is not None and items and len(items) != count:
        r.fail(name, f"应有 {count} 项，实际 {len(items)} 项")
    return tuple(items)


def _execution_labels(ex: _Reader) -> tuple[str, ...]:
    """分值 | 执行率 | 得分, or two labels (分值 | 得分) where the table's rate column shows the rate."""
    labels = _strings(ex, "labels")
    if "labels" not in ex.data:
        return ("分值", "执行率", "得分")
    if len(labels) not in (2, 3):
        ex.fail("labels", f"应有 3 项（分值、执行率、得分的列名）或 2 项（分值、得分，不印执行率），实际 {len(labels)} 项")
    return labels


def _columns(r: _Reader, name: str, funds: bool = False, in_list: bool = False) -> tuple[ColumnDef, ...]:
    columns = []
    for c in r.tables(name):
        col = ColumnDef(
            id=c.ident("id"), label=c.get("label", str),
            type=c.get("type", str, default="text"), required=c.get("required", bool, default=False),
            max_chars=_max_chars(c), split=c.get("split", bool, default=False),
            split_labels=_strings(c, "split_labels", 3), of=_strings(c, "of", 2),
            choices=_strings(c, "choices"), source=c.get("from", str, default=""),
        )
        if col.source and not in_list:
            c.fail("from", "只有汇总表清单（[[lists]]）的列有 from")
        if col.choices and col.type != "text":
            c.fail("choices", "只有文本列（type = \"text\"）可以列出 choices")
        if col.type not in COLUMN_TYPES:
            c.fail("type", f"未知的列类型 “{col.type}”，可用：{'、'.join(COLUMN_TYPES)}")
        if (col.split or col.split_labels) and col.type != "value":
            c.fail("split", "只有指标值列（type = \"value\"）可以拆成 指标性质 | 指标值 | 度量单位")
        if col.type == "rate" and not funds:
            c.fail("type", "比率列（rate）只用于资金表")
        if col.type == "rate" and len(col.of) != 2:
            c.fail("of", "比率列需要 of = [\"分子列\", \"分母列\"]")
        if col.of and col.type != "rate" and not (in_list and col.type == "number"):
            c.fail("of", "只有比率列（type = \"rate\"）和清单的数字列（合计行显示两列合计之比）有 of")
        if col.of and in_list and len(col.of) != 2:
            c.fail("of", "需要 of = [\"分子列\", \"分母列\"]")
        if col.max_chars is not None and col.type not in ("text", "value"):
            c.fail("max_chars", "字数上限只用于文本列和指标值列")
        c.finish()
        columns.append(col)
    _unique(r, name, [c.id for c in columns])
    ids = {c.id for c in columns}
    for i, col in enumerate(columns):
        for part in col.of:
            if part not in ids or part == col.id:
                r.fail(f"{name}[{i}].of", f"引用了不存在的列 “{part}”")
            elif next(c for c in columns if c.id == part).type == "rate":
                r.fail(f"{name}[{i}].of", f"“{part}” 本身是比率列")
    return tuple(columns)


def _list(lr: _Reader) -> ListDef:
    columns = _columns(lr, "columns", in_list=True)
    ids = {c.id for c in columns}
    totals = _strings(lr, "totals")
    for name in totals:
        col = next((c for c in columns if c.id == name), None)
        if col is None or col.type != "number":
            lr.fail("totals", f"“{name}” 不是本清单的数字列")
    widths = lr.get("widths", list, default=[])
    numbered = lr.get("numbered", bool, default=True)
    printed = int(numbered) + sum(3 if c.split else 1 for c in columns)
    if widths and (len(widths) != printed or not all(isinstance(w, (int, float)) and w > 0 for w in widths)):
        lr.fail("widths", f"应为 {printed} 个正数（{'序号，再' if numbered else ''}每个打印列一个）")
    for c in columns:
        if c.of and c.type == "number" and any(x not in ids for x in c.of):
            lr.fail("columns", f"列 “{c.id}” 的 of 引用了不存在的列")
    total_row = lr.get("total_row", str, default="")
    if total_row and totals:
        lr.fail("total_row", "与 totals 只能用其一（合计行按表中所填，或由各项计算）")
    out = ListDef(id=lr.ident("id"), label=lr.get("label", str), item_label=lr.get("item_label", str, default="项"),
                  columns=columns, totals=totals, total_label=lr.get("total_label", str, default="合计"),
                  widths=tuple(float(w) for w in widths), total_row=total_row,
                  total_fill=lr.get("total_fill", str, default=""), numbered=numbered,
                  side_label=lr.get("side_label", bool, default=False),
                  amounts_label=lr.get("amounts_label", str, default=""))
    if out.amounts_label and not any(c.type == "number" for c in columns):
        lr.fail("amounts_label", "本清单没有数字列")
    lr.finish()
    return out


def _summary(r: _Reader, lists: list[ListDef], sections, kinds_stage: str, money_unit: str) -> SummaryDef:
    """[summary] of a 汇总表: the list its rows fill, one row per project or unit, of which stage."""
    from ..domain.definition import SUMMARY_MONEY, SUMMARY_ROWS, SUMMARY_SOURCES

    sr = r.child("summary", data=r.get("summary", dict))
    out = SummaryDef(list=sr.get("list", str), rows=sr.get("rows", str, default="project"),
                     stage=sr.get("stage", str, default="self_eval"), note=sr.get("note", str, default=""))
    if kinds_stage != "summary":
        r.fail("summary", "只有汇总表类型（stage = \"summary\" 的表类型）的表样有 [summary]")
    ldef = next((x for x in lists if x.id == out.list), None)
    if ldef is None:
        sr.fail("list", f"“{out.list}” 不是本表的清单")
    if out.rows not in SUMMARY_ROWS:
        sr.fail("rows", f"应为 {' 或 '.join(SUMMARY_ROWS)}")
    if out.note and out.note not in {s.id for s in sections}:
        sr.fail("note", f"“{out.note}” 不是本表的段落")
    for i, c in enumerate(ldef.columns):
        if not c.source:
            r.fail(f"lists.columns[{i}]", f"汇总表的列 “{c.id}” 需要 from（可用：{'、'.join(SUMMARY_SOURCES)}）")
        if c.source not in SUMMARY_SOURCES:
            r.fail(f"lists.columns[{i}].from", f"未知的汇总数据 “{c.source}”，可用：{'、'.join(SUMMARY_SOURCES)}")
        if c.source in ("project", "project_code", "form_title") and out.rows != "project":
            r.fail(f"lists.columns[{i}].from", f"“{c.source}” 只用于每个项目一行的汇总表（rows = \"project\"）")
    if any(c.source in SUMMARY_MONEY for c in ldef.columns) and money_unit not in ("元", "万元"):
        r.fail("print.money_unit", "汇总表有金额列，须写明金额单位：money_unit = \"万元\" 或 \"元\"（各单位的金额换算到这个单位）")
    sr.finish()
    return out


def _funds_table(t: _Reader) -> FundsTableDef:
    table_id = t.ident("id")
    columns = _columns(t, "columns", funds=True)
    if not columns:
        t.fail("columns", "至少需要一列")
    rows = []
    for rr in t.tables("rows", required=True):
        row = FundsRowDef(
            id=rr.ident("id"), label=rr.get("label", str),
            sum=tuple(rr.get("sum", list, default=[])), sum_lines=rr.get("sum_lines", bool, default=False),
            indent=rr.get("indent", int, default=0),
        )
        rr.finish()
        rows.append(row)
    _unique(t, "rows", [r.id for r in rows])
    row_ids = {r.id for r in rows}
    for i, row in enumerate(rows):
        for part in row.sum:
            if part not in row_ids or part == row.id:
                t.fail(f"rows[{i}].sum", f"引用了不存在的行 “{part}”")
    _check_acyclic(t, rows)
    lines = None
    if "lines" in t.data:
        lr = t.child("lines", data=t.get("lines", dict))
        lines = LinesDef(label=lr.get("label", str), after=lr.get("after", str))
        if lines.after not in row_ids:
            lr.fail("after", f"引用了不存在的行 “{lines.after}”")
        lr.finish()
    if any(r.sum_lines for r in rows) and lines is None:
        t.fail("lines", "有行按项目明细求和（sum_lines），但未定义 lines")
    kind = t.get("kind", str, default="amounts")
    if kind not in ("amounts", "cumulative_plan"):
        t.fail("kind", f"未知的资金表类型 “{kind}”")
    table = FundsTableDef(table_id, t.get("label", str), t.get("unit", str), columns, tuple(rows), lines, kind)
    t.finish()
    return table


def _check_acyclic(t: _Reader, rows: list[FundsRowDef]):
    parts = {r.id: r.sum for r in rows}

    def visit(row_id, trail):
        if row_id in trail:
            t.fail("rows", f"求和关系成环：{' → '.join(trail + (row_id,))}")
        for p in parts.get(row_id, ()):
            visit(p, trail + (row_id,))

    for r in rows:
        visit(r.id, ())


def _ref(r: _Reader, name: str, value: str, funds: dict[str, FundsTableDef], parts: int) -> str:
    bits = value.split(".")
    if len(bits) != parts:
        r.fail(name, f"引用 “{value}” 的格式应为 {'表.行.列' if parts == 3 else '表.行'}")
    table = funds.get(bits[0])
    if table is None:
        r.fail(name, f"引用了不存在的资金表 “{bits[0]}”")
    if bits[1] not in {row.id for row in table.rows}:
        r.fail(name, f"引用了资金表 “{bits[0]}” 中不存在的行 “{bits[1]}”")
    if parts == 3 and bits[2] not in table.column_ids:
        r.fail(name, f"引用了资金表 “{bits[0]}” 中不存在的列 “{bits[2]}”")
    if parts == 3 and next(c for c in table.columns if c.id == bits[2]).computed:
        r.fail(name, f"“{bits[2]}” 是计算列，不能作为金额引用")
    return value


def _relations(r: _Reader, funds: dict[str, FundsTableDef]) -> tuple[RelationDef, ...]:
    out = []
    for rr in r.tables("relations"):
        kind = rr.get("kind", str)
        message = rr.get("message", str)
        if kind == "equal":
            left = tuple(_ref(rr, "left", v, funds, 2) for v in rr.get("left", list))
            right = _ref(rr, "right", rr.get("right", str), funds, 2)
            columns = tuple(rr.get("columns", list))
            for ref in left + (right,):
                for col in columns:
                    if col not in funds[ref.split(".")[0]].column_ids:
                        rr.fail("columns", f"资金表 “{ref.split('.')[0]}” 没有列 “{col}”")
            out.append(RelationDef(kind, message, left=left, right=right, columns=columns))
        elif kind == "column_not_greater":
            table = rr.get("table", str)
            if table not in funds:
                rr.fail("table", f"引用了不存在的资金表 “{table}”")
            left, right = rr.get("left", str), rr.get("right", str)
            for name, col in (("left", left), ("right", right)):
                if col not in funds[table].column_ids:
                    rr.fail(name, f"资金表 “{table}” 没有列 “{col}”")
            out.append(RelationDef(kind, message, left=(left,), right=right, table=table))
        else:
            rr.fail("kind", f"未知的关系类型 “{kind}”，可用：equal、column_not_greater")
        rr.finish()
    return tuple(out)


def _indicators(r: _Reader) -> IndicatorsDef:
    labels = r.get("level_labels", list)
    if len(labels) != 3 or not all(isinstance(x, str) for x in labels):
        r.fail("level_labels", "应为三个文本（一级、二级、三级的列名）")
    columns = _columns(r, "columns")
    branches = []
    for b in r.tables("level1", required=True):
        branch = Level1Def(
            name=b.get("name", str),
            level2=tuple(b.get("level2", list, default=[])),
            level2_free=b.get("level2_free", bool, default=False),
            level2_label=b.get("level2_label", str, default=""),
            level2_columns=_columns(b, "level2_columns"),
            points=b.get("points", int, default=None),
            widths=tuple(b.get("widths", list, default=[])),
        )
        if not branch.level2 and not branch.level2_free:
            b.fail("level2", "应列出允许的二级指标，或设 level2_free = true")
        clash = {c.id for c in branch.level2_columns} & {c.id for c in columns}
        if clash:
            b.fail("level2_columns", f"列 “{sorted(clash)[0]}” 与指标表的列重名")
        b.finish()
        branches.append(branch)
    if not branches:
        r.fail("level1", "至少需要一个一级指标")
    _unique(r, "level1", [b.name for b in branches])
    col_ids = {c.id for c in columns}
    totals = tuple(r.get("totals", list, default=[]))
    for t in totals:
        if t not in col_ids:
            r.fail("totals", f"合计列 “{t}” 不在 columns 中")
    ind = IndicatorsDef(
        label=r.get("label", str, default="绩效指标"),
        level_labels=tuple(labels),
        columns=columns,
        level1=tuple(branches),
        widths=tuple(r.get("widths", list, default=[])),
        totals=totals,
        total_label=r.get("total_label", str, default="合计"),
    )
    r.finish()
    return ind


def parse_definition(data: dict, source: str, kinds: KindSet | None = None) -> FormDefinition:
    """`kinds`: the form kinds a definition may name (default: forms/kinds/)."""
    r = _Reader(source, data)
    form_id = r.ident("id")
    kind = r.get("kind", str)
    kind_info = kind_for(r, kind, kinds)

    fields = []
    for f in r.tables("fields"):
        fd = FieldDef(id=f.ident("id"), label=f.get("label", str), type=f.get("type", str, default="text"),
                      required=f.get("required", bool, default=False),
                      choices=tuple(f.get("choices", list, default=[])), max_chars=_max_chars(f))
        if fd.type not in FIELD_TYPES:
            f.fail("type", f"未知的字段类型 “{fd.type}”，可用：{'、'.join(FIELD_TYPES)}")
        if fd.type == "choice" and not fd.choices:
            f.fail("choices", "选择字段需要 choices")
        f.finish()
        fields.append(fd)
    sections = []
    for s in r.tables("sections"):
        sections.append(SectionDef(id=s.ident("id"), label=s.get("label", str),
                                   group=s.get("group", str, default=""),
                                   required=s.get("required", bool, default=False),
                                   max_chars=_max_chars(s)))
        s.finish()
    funds = [_funds_table(t) for t in r.tables("funds")]
    lists = [_list(lr) for lr in r.tables("lists")]
    all_ids = [x.id for x in fields] + [x.id for x in sections] + [x.id for x in funds] + [x.id for x in lists]
    _unique(r, "fields/sections/funds/lists", all_ids + (["indicators"] if "indicators" in data else []))
    funds_by_id = {t.id: t for t in funds}
    relations = _relations(r, funds_by_id)
    for i, x in enumerate(lists):
        if not x.total_row:
            continue
        table_id, _, row_id = x.total_row.partition(".")
        table = funds_by_id.get(table_id)
        numbers = {c.id for c in x.columns if c.type == "number"}
        if table is None or not any(row.id == row_id for row in table.rows):
            r.fail(f"lists[{i}].total_row", f"“{x.total_row}” 不是资金表的行（写作 资金表id.行id）")
        elif len(table.rows) != 1 or any(c.id not in numbers for c in table.columns):
            r.fail(f"lists[{i}].total_row", f"资金表“{table_id}”应只有这一行，且各列都是本清单的数字列（同一 id）")

    budget_total, execution = "", None
    if "funds_summary" in data:
        fs = r.child("funds_summary", data=r.get("funds_summary", dict))
        if "budget_total" in fs.data:
            budget_total = _ref(fs, "budget_total", fs.get("budget_total", str), funds_by_id, 3)
        if "execution" in fs.data:
            ex = fs.child("execution", data=fs.get("execution", dict))
            execution = ExecutionDef(
                budget=_ref(ex, "budget", ex.get("budget", str), funds_by_id, 3),
                spent=_ref(ex, "spent", ex.get("spent", str), funds_by_id, 3),
                points=ex.get("points", int, default=None),
                labels=_execution_labels(ex),
                span=ex.get("span", bool, default=False),
                other_rows=ex.get("other_rows", str, default=""),
            )
            ex.finish()
        fs.finish()

    indicators = None
    if "indicators" in data:
        indicators = _indicators(r.child("indicators", data=r.get("indicators", dict)))

    pr = r.child("print", data=r.get("print", dict, default={}))
    layout = tuple(pr.get("layout", list, default=[]))
    known = set(all_ids) | {"indicators"}
    for item in layout:
        if item not in known:
            pr.fail("layout", f"版式中的 “{item}” 不是本表的字段、段落、资金表或指标表")
    orientation = pr.get("orientation", str, default="portrait")
    if orientation not in ("portrait", "landscape"):
        pr.fail("orientation", "应为 portrait 或 landscape")
    print_def = PrintDef(
        subtitle=pr.get("subtitle", str, default=""), unit_line=pr.get("unit_line", str, default=""),
        money_unit=pr.get("money_unit", str, default=""), money_label=pr.get("money_label", str, default="单位："),
        orientation=orientation,
        decimals=pr.get("decimals", int, default=2), layout=layout,
        fields_per_row=pr.get("fields_per_row", int, default=1),
        narrative=pr.get("narrative", bool, default=False),
        horizontal=tuple(pr.get("horizontal", list, default=[])),
        pairs=tuple(pr.get("pairs", list, default=[])),
        indicator_label_column=pr.get("indicator_label_column", bool, default=False),
        section_groups=pr.get("section_groups", str, default="heading"),
    )
    if print_def.section_groups not in ("heading", "side"):
        pr.fail("section_groups", "应为 heading（分组标题）或 side（左侧合并的分组标签）")
    for table_id in print_def.horizontal:
        if table_id not in {t.id for t in funds}:
            pr.fail("horizontal", f"“{table_id}” 不是本表的资金表")
    for table_id in print_def.pairs:
        tdef = next((t for t in funds if t.id == table_id), None)
        if tdef is None:
            pr.fail("pairs", f"“{table_id}” 不是本表的资金表")
        elif len(tdef.columns) != 1 or tdef.lines is not None or tdef.kind != "amounts" \
                or any(row.sum or row.sum_lines for row in tdef.rows):
            pr.fail("pairs", f"资金表“{table_id}”应只有一列金额、没有合计行和分项目行，才能按“栏目｜金额”成对打印")
        elif table_id in print_def.horizontal:
            pr.fail("pairs", f"资金表“{table_id}”已在 horizontal 中")
    if print_def.fields_per_row < 1:
        pr.fail("fields_per_row", "应为正整数")
    pr.finish()

    nr = r.child("notation", data=r.get("notation", dict, default={}))
    notation = Notation(operator=nr.get("operator", str, default="symbol"),
                        percent=nr.get("percent", str, default="%"),
                        exact_sign=nr.get("exact_sign", bool, default=False))
    if notation.operator not in ("symbol", "fullwidth", "suffix"):
        nr.fail("operator", "应为 symbol、fullwidth 或 suffix")
    if notation.percent not in ("%", "百分比"):
        nr.fail("percent", "应为 % 或 百分比")
    nr.finish()

    _label_placeholders(r, {f.id for f in fields}, funds, lists, indicators)
    scoring = _scoring(r, indicators) if "scoring" in data else None
    summary = _summary(r, lists, sections, kind_info.stage if kind_info else "", print_def.money_unit) if "summary" in data else None
    if summary is None and any(c.source for x in lists for c in x.columns):
        r.fail("lists", "列的 from 只用于汇总表（需要 [summary]）")
    signature = _signature(r, {f.id for f in fields}) if "signature" in data else None

    definition = FormDefinition(
        id=form_id, kind=kind, name=r.get("name", str), default_title=r.get("default_title", str, default=""),
        source=source, print=print_def, notation=notation, fields=tuple(fields), sections=tuple(sections),
        funds=tuple(funds), relations=relations, lists=tuple(lists), indicators=indicators,
        budget_total=budget_total, execution=execution, scoring=scoring, signature=signature,
        kind_info=kind_info, summary=summary,
    )
    r.finish()
    return definition


def _label_placeholders(r: _Reader, field_ids: set[str], funds, lists, indicators) -> None:
    """A column label may carry `{field_id}` ("1-{month}月执行数"): each must name a field."""
    where = [(f"funds[{i}].columns[{j}]", c) for i, t in enumerate(funds) for j, c in enumerate(t.columns)]
    where += [(f"lists[{i}].columns[{j}]", c) for i, x in enumerate(lists) for j, c in enumerate(x.columns)]
    if indicators is not None:
        where += [(f"indicators.columns[{j}]", c) for j, c in enumerate(indicators.columns)]
    for key, col in where:
        for name in placeholders(col.label) + tuple(n for x in col.split_labels for n in placeholders(x)):
            if name not in field_ids:
                r.fail(f"{key}.label", f"列名中的 {{{name}}} 不是本表的字段（可用本表字段的 id，如 {{month}}）")


def _scoring(r: _Reader, indicators: IndicatorsDef | None) -> ScoringDef:
    sr = r.child("scoring", data=r.get("scoring", dict))
    scoring = ScoringDef(total=sr.get("total", int, default=100),
                         execution_points=sr.get("execution_points", int, default=None),
                         indicator_points=sr.get("indicator_points", int, default=None))
    if scoring.total <= 0:
        sr.fail("total", "总分应大于 0")
    parts = [p for p in (scoring.execution_points, scoring.indicator_points) if p is not None]
    if any(p < 0 for p in parts):
        sr.fail("indicator_points", "分值不能为负")
    if len(parts) == 2 and sum(parts) != scoring.total:
        sr.fail("indicator_points", f"预算执行分值与指标分值之和为 {sum(parts)}，应等于总分 {scoring.total}")
    fixed = [b.points for b in (indicators.level1 if indicators else ()) if b.points is not None]
    if scoring.indicator_points is not None and sum(fixed) > scoring.indicator_points:
        sr.fail("indicator_points", f"各一级指标的固定分值之和 {sum(fixed)} 超过指标分值 {scoring.indicator_points}")
    sr.finish()
    return scoring


def _signature(r: _Reader, field_ids: set[str]) -> SignatureDef:
    sr = r.child("signature", data=r.get("signature", dict))
    items = []
    for ir in sr.tables("items"):
        item = SignatureItemDef(label=ir.get("label", str), value=ir.get("value", str, default=""))
        if item.value.startswith("field:"):
            if item.value[6:] not in field_ids:
                ir.fail("value", f"引用了本表没有的字段 “{item.value[6:]}”")
        elif item.value and item.value not in SIGNATURE_SOURCES:
            ir.fail("value", f"应为 {'、'.join(SIGNATURE_SOURCES)}、field:字段标识，或不填（手写）")
        ir.finish()
        items.append(item)
    per_row = sr.get("per_row", int, default=3)
    if per_row < 1:
        sr.fail("per_row", "应为正整数")
    sr.finish()
    return SignatureDef(items=tuple(items), per_row=per_row)


def definition_from_text(text: str, source: str, origin: str, data: dict | None = None,
                         kinds: KindSet | None = None) -> FormDefinition:
    """A definition from its TOML text (a file's, or the copy a workbook keeps); a problem is
    refused naming source, line and key."""
    if data is None:
        data = _parse_toml(text, source)
    try:
        definition = parse_definition(data, source, kinds)
    except DefinitionError as exc:
        raise exc.at_line(text) from None
    return msgspec.structs.replace(definition, text=text, origin=origin)


def parse_definition_text(text: str, source: str, origin: str, kinds: KindSet | None = None) -> FormDefinition:
    """A definition from its TOML text (a workbook's own copy, a file being checked)."""
    return definition_from_text(text, source, origin, kinds=kinds)


def load_definition_file(path: Path, origin: str = "builtin", kinds: KindSet | None = None) -> FormDefinition:
    source = path.name if origin == "builtin" else str(path)
    text, data = read_toml_text(path, source)
    definition = definition_from_text(text, source, origin, data, kinds)
    if definition.id != path.stem:
        raise DefinitionError(source, "id", f"标识 “{definition.id}” 应与文件名 “{path.stem}” 一致").at_line(text)
    return definition


class Registry:
    """All form definitions by id.

    From directories, a file is read when its definition is first asked for: opening a workbook
    reads only the definitions its forms use (parsing TOML costs about 2 ms a file). A broken
    file is refused, naming it, when it is first read. The built-in forms/ comes first; the
    user's folder adds to it (see `locations`): a user file whose id is a built-in one is
    ignored, and said so in `problems`, unless the user added it with --replace. A registry may
    lie over another (`fallback`): a workbook's own copies over the installed definitions."""

    def __init__(self, definitions: dict[str, FormDefinition] | None = None,
                 files: dict[str, Path] | None = None, origins: dict[str, str] | None = None,
                 fallback: Registry | None = None):
        self._by_id = dict(definitions or {})
        self._files = {k: v for k, v in (files or {}).items() if k not in self._by_id}   # not read yet
        self.paths = dict(files or {})          # id → the file it comes from
        self._origins = dict(origins or {})     # id → "builtin" | "user" for files
        self.fallback = fallback
        self.problems: list[str] = []           # user files ignored, or that could not be read
        self._broken: set[str] = set()

    def _read(self, definition_id: str) -> FormDefinition:
        path = self._files[definition_id]
        definition = load_definition_file(path, self._origins.get(definition_id, "builtin"))   # checks id
        del self._files[definition_id]
        self._by_id[definition_id] = definition
        return definition

    def __getitem__(self, definition_id: str) -> FormDefinition:
        found = self._by_id.get(definition_id)
        if found is not None:
            return found
        if definition_id in self._files:
            return self._read(definition_id)
        if self.fallback is not None and definition_id in self.fallback:
            return self.fallback[definition_id]
        raise KeyError(f"未知的表样定义 “{definition_id}”")

    def __contains__(self, definition_id: str) -> bool:
        return (definition_id in self._by_id or definition_id in self._files
                or (self.fallback is not None and definition_id in self.fallback))

    def origin(self, definition_id: str) -> str:
        """Where a definition comes from, without reading it: builtin, user or workbook."""
        if definition_id in self._by_id:
            return self._by_id[definition_id].origin
        if definition_id in self._origins:
            return self._origins[definition_id]
        if self.fallback is not None and definition_id in self.fallback:
            return self.fallback.origin(definition_id)
        raise KeyError(f"未知的表样定义 “{definition_id}”")

    def ids(self) -> list[str]:
        own = set(self._by_id) | set(self._files)
        if self.fallback is not None:
            own |= set(self.fallback.ids())
        return sorted(own)

    def __iter__(self):
        """Every definition, by id. A broken user file is left out (and named in `problems`);
        a broken built-in one is refused."""
        for definition_id in sorted(set(self._files) - self._broken):
            try:
                self._read(definition_id)
            except DefinitionError as exc:
                if self._origins.get(definition_id) != "user":
                    raise
                self._broken.add(definition_id)       # asked for by id, it is refused again
                self.problems.append(f"用户表样未能读取，已忽略：{exc}")
        own = dict(self._by_id)
        if self.fallback is not None:
            for d in self.fallback:
                own.setdefault(d.id, d)
        return iter(sorted(own.values(), key=lambda d: d.id))

    @classmethod
    def from_directory(cls, directory: Path) -> Registry:
        return cls(files={path.stem: path for path in sorted(directory.glob("*.toml"))})

    @classmethod
    def from_directories(cls, builtin: Path, user: Path | None = None,
                         replaced: frozenset[str] = frozenset()) -> Registry:
        """The built-in definitions with the user's added (see the class comment)."""
        files = {path.stem: path for path in sorted(builtin.glob("*.toml"))}
        origins = dict.fromkeys(files, "builtin")
        problems = []
        if user is not None and user.is_dir():
            for path in sorted(user.glob("*.toml")):
                if path.stem in files and path.stem not in replaced:
                    problems.append(f"用户表样 {path} 的标识 “{path.stem}” 与内置表样相同，已忽略"
                                    f"（如要替换内置表样，请用 perfdesk forms add --replace）")
                    continue
                files[path.stem], origins[path.stem] = path, "user"
        registry = cls(files=files, origins=origins)
        registry.problems = problems
        return registry


@functools.cache
def default_registry() -> Registry:
    """The installed definitions: forms/ and the user's folder (locations.user_forms_dir).
    Loaded once; locations.reset_defaults() forgets it (after forms add, between tests)."""
    from .locations import replaced, user_forms_dir

    return Registry.from_directories(forms_dir(), user_forms_dir(), replaced("forms"))


locations.forget_on_reset(default_registry.cache_clear)
