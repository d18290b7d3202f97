"""The indicator table: level-1 and level-2 cells merged over their rows, driven by the definition.

A branch with columns of its own at level 2 (Jiangsu 履职: 职能 | 重点工作 | 对应项目) prints as its
own block with its own header, as the official form does; consecutive level-2 nodes that repeat
the same name (one 职能, several 重点工作) share one merged cell. A 合计/总分 row adds up the rows.

A value column with `split = true` prints as three columns, 指标性质 | 指标值 | 度量单位 (its
`part_labels`), from `split_parts(value)`. Widths: `[indicators].widths` gives one number per
PRINTED column, so a split column takes three entries (10 entries for 一级 | 二级 | 三级 | 指标性质 |
指标值 | 度量单位 | 权重 | 完成值 | 得分 | 偏差原因). A list with one entry per definition column (the
length before the column was split) still works: a split column's entry is shared equally
among its parts. A branch's own `widths` (level2_columns) follow the same two rules. Any other
length prints equal widths, as before.
"""
from __future__ import annotations


from ..domain import figures
from ..domain.definition import ColumnDef, IndicatorsDef, Level1Def
from ..domain.model import Form, IndicatorNode
from .fonts import FontSet
from .formatting import SPLIT_SHARES, column_labels, number_text, value_texts
from .table import Cell, GridStyle, RowsBuilder, RuledTable

_TEXT_TYPES = ("text", "project_ref")


def _align(column: ColumnDef) -> str:
    return "justify" if column.type in _TEXT_TYPES else "center"


def printed_count(columns) -> int:
    """How many printed columns these definition columns make (a split value column makes three)."""
    return sum(3 if c.split else 1 for c in columns)


def level1_label(node: IndicatorNode, branch: Level1Def | None) -> str:
    if branch is not None and branch.points is not None:
        return f"{node.name}（{branch.points}分）"
    return node.name


def _blank_tree(ind: IndicatorsDef) -> list[IndicatorNode]:
    """An empty form prints the definition's level-1/level-2 names with room to write."""
    return [IndicatorNode(b.name, children=[IndicatorNode(n) for n in b.level2]) for b in ind.level1]


def _segments(form: Form, nodes: list[IndicatorNode]) -> list[tuple[Level1Def | None, list[IndicatorNode]]]:
    """Consecutive level-1 nodes that share a column layout print as one block."""
    ind = form.definition.indicators
    out: list[tuple[Level1Def | None, list[IndicatorNode]]] = []
    for node in nodes:
        branch = ind.branch(node.name)
        own = branch if branch is not None and branch.level2_columns else None
        if out and (out[-1][0] is own or (own is None and out[-1][0] is None)):
            out[-1][1].append(node)
        else:
            out.append((own, [node]))
    return out


def _given_widths(widths, columns) -> list[float] | None:
    """The definition's widths for these printed columns (None for a level column): one entry per
    printed column, or one per definition column with a split column's entry shared among its
    three parts; None when the list fits neither."""
    printed = sum(3 if c is not None and c.split else 1 for c in columns)
    if len(widths) == printed:
        return [float(w) for w in widths]
    if len(widths) != len(columns):
        return None
    out: list[float] = []
    for w, column in zip(widths, columns):
        out += [float(w) * share for share in SPLIT_SHARES] if column is not None and column.split else [float(w)]
    return out


def _widths(ind: IndicatorsDef, own: Level1Def | None, count: int) -> list[float]:
    if own is not None:
        given = _given_widths(own.widths, [None, None, *own.level2_columns, None, *ind.columns])
        if given is not None:
            return given
    base = _given_widths(ind.widths, [None, None, None, *ind.columns]) or [1.0] * (3 + printed_count(ind.columns))
    if own is None:
        return base
    n = 1 + printed_count(own.level2_columns)
    share = base[1] / n
    return [base[0]] + [share] * n + base[2:]


def _merged_by_name(children: list[IndicatorNode]) -> list[list[IndicatorNode]]:
    groups: list[list[IndicatorNode]] = []
    for child in children:
        if groups and groups[-1][0].name.strip() == child.name.strip() and child.name.strip():
            groups[-1].append(child)
        else:
            groups.append([child])
    return groups


def indicator_tables(form: Form, fonts: FontSet, style: GridStyle, frame_height: float,
                     side_label: bool = False) -> list[RuledTable]:
    ind = form.definition.indicators
    if ind is None:
        return []
    nodes = form.indicators or _blank_tree(ind)
    segments = _segments(form, nodes)
    tables = []
    for number, (own, level1_nodes) in enumerate(segments):
        l2cols = own.level2_columns if own is not None else ()
        # The printed header is the official one (二级指标 over the 履职 functions too, as seeds 000
        # and 003 print it); a branch's level2_label (职能) names the column on screen only.
        labels = [*ind.level_labels[:2], *[t for c in l2cols for t in column_labels(c)], ind.level_labels[2],
                  *[t for c in ind.columns for t in column_labels(c)]]
        ncols = len(labels)
        header = RowsBuilder(ncols)
        header.add([Cell(label) for label in labels])
        body = RowsBuilder(ncols)
        for node in level1_nodes:
            _add_branch(body, node, ind.branch(node.name), l2cols, ind.columns, ncols)
        last = number == len(segments) - 1
        if last and ind.totals:
            _add_totals(body, form, ind, labels, l2cols)
        header_rows, _ = header.finish()
        body_rows, breakable = body.finish()
        # printed columns after 一级 | 二级: None is the 三级 name column
        columns = [c for c in l2cols for _ in column_labels(c)] + [None] \
            + [c for c in ind.columns for _ in column_labels(c)]
        donors = tuple(2 + i for i, c in enumerate(columns) if c is None or c.type in _TEXT_TYPES)
        tables.append(RuledTable(_widths(ind, own, ncols), header_rows, body_rows, fonts, style, breakable,
                                 side_label=ind.label if side_label else "", frame_height=frame_height,
                                 min_widths=label_widths(header_rows + body_rows, ncols, fonts, style),
                                 donors=donors))
    return tables


SHORT_LABEL = 7     # characters: a label up to this long (可持续影响指标) should not wrap


def label_widths(rows, ncols: int, fonts: FontSet, style: GridStyle) -> list[float]:
    """The width each column needs so that its short texts (headers, 满意度指标, ≥20000件) fit on
    one line with a little air to the rules; longer texts wrap as they must."""
    need = [0.0] * ncols
    air = 2 * style.pad_x + 2
    for row in rows:
        for c, cell in row.items():
            if cell.colspan == 1 and cell.text and len(cell.text) <= SHORT_LABEL and "\n" not in cell.text:
                need[c] = max(need[c], fonts.text_width(cell.text, style.text.size) + air)
    return need


def _add_branch(body: RowsBuilder, node: IndicatorNode, branch: Level1Def | None, l2cols, columns,
                ncols: int) -> None:
    label = level1_label(node, branch)
    if not node.children:
        body.add([Cell(label, label=True)] + [Cell() for _ in range(ncols - 1)])
        return
    rows_of = {id(l2): max(1, len(l2.children)) for l2 in node.children}
    # a branch whose one level 2 bears its own name prints it once, across both columns (湖南:
    # 社会公众或服务对象满意度指标)
    across = not l2cols and len(node.children) == 1 and node.children[0].name.strip() == node.name.strip()
    pending_l1 = Cell(label, rowspan=sum(rows_of.values()), colspan=2 if across else 1, label=True)
    for group in _merged_by_name(node.children):
        pending_l2 = None if across else Cell(group[0].name, rowspan=sum(rows_of[id(n)] for n in group),
                                              label=True)
        for l2 in group:
            leaves = l2.children or [None]
            for i, leaf in enumerate(leaves):
                cells = []
                if pending_l1 is not None:
                    cells.append(pending_l1)
                    pending_l1 = None
                if pending_l2 is not None:
                    cells.append(pending_l2)
                    pending_l2 = None
                if i == 0:
                    cells += [Cell(t, rowspan=rows_of[id(l2)], label=True, align=_align(c))
                              for c in l2cols for t in value_texts(c, l2.cell(c.id))]
                source = leaf if leaf is not None else l2
                cells.append(Cell(leaf.name if leaf is not None else "", align="justify"))
                cells += [Cell(t, align=_align(c)) for c in columns for t in value_texts(c, source.cell(c.id))]
                body.add(cells)


def _add_totals(body: RowsBuilder, form: Form, ind: IndicatorsDef, labels: list[str], l2cols) -> None:
    offset = 3 + printed_count(l2cols)     # where ind.columns start among the labels
    printed = []                           # (printed position, column) of each printed column
    for column in ind.columns:
        for _ in column_labels(column):
            printed.append((offset + len(printed), column))
    first = min(pos for pos, c in printed if c.id in ind.totals)
    cells = [Cell(ind.total_label, colspan=first, bold=True)]
    for pos, column in printed:
        if pos < first:
            continue
        value = figures.column_total(form, column.id) if column.id in ind.totals else None
        cells.append(Cell(number_text(value), bold=column.id in ind.totals))
    body.add(cells)
