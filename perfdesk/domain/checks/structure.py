"""The indicator tree's shape: allowed categories, 产出/效益/满意度 with indicators, names, duplicates.

Jiangsu's 履职 branch lists a function (职能) per level-2 row, and consecutive rows may repeat the
same function with a different 重点工作 (苏州, seed 003): that is not a duplicate.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..kinds import kind_of
from ..places import IndicatorPlace, IndicatorsPlace, ListPlace
from ..scoring.reading import leaf_weight, num
from ..values import IndicatorValue
from .context import FormContext

MAX_NAME = 100


def check(ctx: FormContext) -> None:
    if ctx.definition.indicators is None:
        _lists(ctx)
        return
    _categories(ctx)
    _required_kinds(ctx)
    _names(ctx)
    _duplicates(ctx)
    _project_refs(ctx)
    _lists(ctx)


def _categories(ctx: FormContext) -> None:
    ind = ctx.definition.indicators
    allowed1 = [b.name for b in ind.level1]
    seen1: dict[str, int] = {}
    for i, top in enumerate(ctx.form.indicators):
        name = top.name.strip()
        branch = ind.branch(name)
        if not name:
            continue   # reported with the names
        if branch is None:
            ctx.error("structure.level1", IndicatorPlace((i,)),
                      f"“{name}”不是本表的{ind.level_labels[0]}，可用：{'、'.join(allowed1)}")
            continue
        if name in seen1:
            ctx.warning("structure.duplicate", IndicatorPlace((i,)),
                        f"{ind.level_labels[0]}“{name}”出现了两次（另见第 {seen1[name] + 1} 组），应合并为一组")
        seen1.setdefault(name, i)
        groups: dict[str, list[int]] = defaultdict(list)
        for j, child in enumerate(top.children):
            cname = child.name.strip()
            if not cname:
                continue
            if not branch.level2_free and cname not in branch.level2:
                ctx.error("structure.level2", IndicatorPlace((i, j)),
                          f"“{cname}”不属于“{name}”，其下的{ind.level_labels[1]}可用：{'、'.join(branch.level2)}")
            groups[cname].append(j)
        if branch.level2_free:
            _free_duplicates(ctx, i, top, branch)
            continue
        for cname, positions in groups.items():
            if len(positions) > 1 and cname in branch.level2:
                ctx.info("structure.level2_split", IndicatorPlace((i, positions[1])),
                         f"{ind.level_labels[1]}“{cname}”在“{name}”下分成了 {len(positions)} 组，可合并为一组")


def _free_duplicates(ctx: FormContext, i: int, top, branch) -> None:
    """A free level-2 (履职 → 职能) repeats only if its own columns (重点工作, 对应项目) repeat too."""
    seen: dict[tuple, int] = {}
    extra = [c.id for c in branch.level2_columns]
    for j, child in enumerate(top.children):
        key = (child.name.strip(),) + tuple(_text(child.cells.get(c)) for c in extra)
        if not key[0]:
            continue
        if key in seen:
            what = "、".join(c.label for c in branch.level2_columns) or "内容"
            ctx.warning("structure.duplicate", IndicatorPlace((i, j)),
                        f"{branch.level2_label or '二级指标'}“{_short(key[0])}”与第 {seen[key] + 1} 行重复"
                        f"（{what}也相同）")
        else:
            seen[key] = j


def _text(v) -> str:
    if isinstance(v, IndicatorValue):
        return v.text.strip()
    return "" if v is None else str(v).strip()


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _required_kinds(ctx: FormContext) -> None:
    """产出, 效益 and 满意度 (the kind's `required_level1`) each need a named level-3 indicator,
    where the form has them."""
    ind = ctx.definition.indicators
    for kind in kind_of(ctx.definition).required_level1:
        at_level1 = [b.name for b in ind.level1 if kind in b.name]
        at_level2 = [n for b in ind.level1 if kind not in b.name for n in b.level2 if kind in n]
        if not at_level1 and not at_level2:
            continue
        nodes = []   # (path, node) of the form's nodes of this kind
        for i, top in enumerate(ctx.form.indicators):
            if top.name.strip() in at_level1:
                nodes.append(((i,), top))
            for j, child in enumerate(top.children):
                if child.name.strip() in at_level2:
                    nodes.append(((i, j), child))
        named = [n for p, n in nodes if _has_named_level3(p, n)]
        if named:
            continue
        wanted = at_level1 or at_level2
        if not nodes:
            ctx.warning("structure.missing", IndicatorsPlace(),
                        f"缺少“{wanted[0]}”：{kind}指标至少应有一个具名的三级指标")
            continue
        path, node = nodes[0]
        points = sum((leaf_weight(n) for _, n in nodes), Decimal(0))
        extra = f"（却计了 {num(points)} 分）" if points else ""
        ctx.warning("structure.missing", IndicatorPlace(path),
                    f"“{node.name}”下没有具名的三级指标{extra}：{kind}指标至少应有一个")


def _has_named_level3(path, node) -> bool:
    if len(path) == 1:
        return any(g.name.strip() for c in node.children for g in c.children)
    return any(c.name.strip() for c in node.children)


def _names(ctx: FormContext) -> None:
    labels = ctx.definition.indicators.level_labels
    for row in ctx.rows:
        name = row.node.name
        label = labels[row.level - 1]
        has_content = bool(row.node.children) or any(_text(v) for v in row.node.cells.values())
        if not name.strip():
            if row.level == 3 and not has_content:
                ctx.info("structure.empty_name", IndicatorPlace(row.path), f"空的{label}行，可删除")
            else:
                ctx.error("structure.empty_name", IndicatorPlace(row.path), f"{label}名称未填写")
            continue
        if row.level != 3:
            continue   # level-2 names of 履职 are whole functions (long text)
        if name != name.strip() or "\n" in name:
            ctx.warning("structure.name_format", IndicatorPlace(row.path),
                        f"{label}“{name.strip()}”首尾有空格或含换行，省级系统会拒收")
        if len(name.strip()) > MAX_NAME:
            ctx.warning("structure.name_format", IndicatorPlace(row.path),
                        f"{label}名称有 {len(name.strip())} 个字，超过 {MAX_NAME} 字")


def _duplicates(ctx: FormContext) -> None:
    label = ctx.definition.indicators.level_labels[2]
    first: dict[str, tuple[int, ...]] = {}
    for row in ctx.rows:
        if row.level != 3 or not row.node.name.strip():
            continue
        name = row.node.name.strip()
        if name not in first:
            first[name] = row.path
            continue
        other = first[name]
        if other[:2] == row.path[:2]:
            ctx.warning("structure.duplicate", IndicatorPlace(row.path),
                        f"{label}“{name}”在同一{ctx.definition.indicators.level_labels[1]}下重复")
        else:
            where = " › ".join(n.name for n in _ancestors(ctx, other))
            ctx.info("structure.duplicate", IndicatorPlace(row.path), f"{label}“{name}”也出现在“{where}”下")


def _ancestors(ctx: FormContext, path):
    nodes, out = ctx.form.indicators, []
    for i in path[:-1]:
        out.append(nodes[i])
        nodes = nodes[i].children
    return out


def _project_refs(ctx: FormContext) -> None:
    ind = ctx.definition.indicators
    names = {line.name.strip() for t in ctx.form.funds.values() for line in t.lines}
    for row in ctx.rows:
        if row.level != 2:
            continue
        branch = ind.branch(row.level1.strip())
        for c in (branch.level2_columns if branch else ()):
            if c.type != "project_ref":
                continue
            ref = _text(row.node.cells.get(c.id))
            if ref and ref not in names:
                ctx.warning("structure.project_ref", IndicatorPlace(row.path, c.id),
                            f"{c.label}“{ref}”不在本表的项目明细中"
                            + (f"（有：{'、'.join(sorted(names))}）" if names else "（本表没有项目明细）"))


def _lists(ctx: FormContext) -> None:
    for ld in ctx.definition.lists:
        name_col = next((c.id for c in ld.columns if c.id == "name"), None)
        if name_col is None:
            continue
        seen: dict[str, int] = {}
        for i, item in enumerate(ctx.form.lists.get(ld.id, [])):
            name = _text(item.get(name_col))
            if not name:
                continue
            if name in seen:
                ctx.warning("structure.duplicate", ListPlace(ld.id, i, name_col),
                            f"{ld.item_label}“{name}”与第 {seen[name] + 1}{ld.item_label}重复")
            else:
                seen[name] = i
