"""Which form a foreign sheet is: every definition's labels are tried against the sheet's rows;
the row that names most of a definition's indicator columns (一级指标, 二级指标, 三级指标, 指标值 …)
or list columns is its header, and header fields, sections and funds rows found by their labels
break ties."""
from __future__ import annotations

import re


import msgspec

from ..domain.definition import FormDefinition
from .grid import SheetGrid
from ..domain.kinds import kind_of
from .labels import LabelMap, indicator_labels, label_keys, list_labels, norm, strip_numbering

_SCAN_ROWS = 400          # where a header may be
_AFTER_FIRST = 60         # how far below the first header row a better one is looked for


class Header(msgspec.Struct):
    row: int                      # the last header row; data starts below it
    first_row: int
    roles: dict[int, str]         # column → role
    score: int


# ---------------------------------------------------------------------------------- detection

def row_roles(grid: SheetGrid, r: int, labels: LabelMap) -> tuple[dict[int, str], int]:
    roles: dict[int, str] = {}
    taken: dict[str, int] = {}
    score = 0
    # most rows (the data under a header) name none of the labels: every candidate definition's
    # scan and every data row ask, so first a set test on the row's cached keys
    if _row_keys(grid, r).isdisjoint(labels.keys):
        return roles, score
    for c, text in grid.row_texts(r):       # a cell merged from the left is not a new column
        m = grid.merge(r, c)
        if m and m[0] == r and m[2] - m[0] > 2:   # a label down the side of the table
            continue
        got = labels.role(text)
        if not got:
            continue
        role, strength = got
        if role in taken and taken[role] >= strength:
            continue
        if role in taken:
            roles = {k: v for k, v in roles.items() if v != role}
            score -= taken[role]
        roles[c] = role
        taken[role] = strength
        score += strength
    return roles, score


def _row_keys(grid: SheetGrid, r: int) -> frozenset[str]:
    key = ("label_keys", r)
    got = grid.memo.get(key)
    if got is None:
        got = grid.memo[key] = frozenset(k for _c, text in grid.row_texts(r) for k in label_keys(text))
    return got


def is_header(roles: dict[int, str], indicator: bool) -> bool:
    values = [v for v in roles.values() if v not in ("l1", "l2", "l3", "op", "measure")]
    if indicator:
        has_levels = "l3" in roles.values() or {"l1", "l2"} <= set(roles.values())
        return has_levels and len(values) >= 1 and len(roles) >= 3
    return len(roles) >= 2


def find_header(grid: SheetGrid, labels: LabelMap, indicator: bool, start: int = 1) -> Header | None:
    """The best-matching header row; its `first_row` is where the table starts (the first
    header row of the same table: a later sub-header may name more columns)."""
    best: Header | None = None
    first: int | None = None
    last = min(grid.max_row, start + _SCAN_ROWS)
    for r in range(start, last + 1):
        roles, score = row_roles(grid, r, labels)
        if not is_header(roles, indicator):
            continue
        if first is None:
            first = r
            # the table starts here: a better header row further down is a sub-header close by,
            # not one 60 rows on (a repeated header on a later page scores the same)
            last = min(last, r + _AFTER_FIRST)
        header = Header(r, r, roles, score)
        # a second header row below (指标值 split into 指标性质 / 指标值 / 度量单位)
        below, below_score = row_roles(grid, r + 1, labels)
        extra = {c: v for c, v in below.items() if roles.get(c) != v}
        if extra and len(below) >= 2 and not _looks_like_data(grid, r + 1, below):
            merged = dict(roles)
            for c, v in below.items():
                merged = {k: x for k, x in merged.items() if x != v or k == c}
                merged[c] = v
            header = Header(r + 1, r, merged, max(score, below_score) + len(extra))
        if best is None or header.score > best.score:
            best = header
    if best is not None and first is not None and first < best.first_row:
        roles, score = row_roles(grid, first, labels)
        best = Header(first, first, roles, best.score)
    return best


def _looks_like_data(grid: SheetGrid, r: int, roles: dict[int, str]) -> bool:
    return any(isinstance(getattr(grid.cell(r, c), "value", None), (int, float)) for c in roles)


def _title_core(definition: FormDefinition) -> str:
    """项目支出绩效自评表 of "{year}年度项目支出绩效自评表": what any sheet of this form is titled."""
    title = re.sub(r"\{[^}]*\}", "", definition.default_title or definition.name)
    title = re.sub(r"[（(][^）)]*[）)]", "", norm(title))
    return re.sub(r"^[年度级市本]+", "", title)


# The stage a sheet's title names: a 监控 table is also a 绩效目标…表, so the first word that
# matches wins (绩效目标执行监控表 is monitoring, 绩效目标表 and 绩效目标申报表 are targets).
_STAGE_WORDS = (("监控", "monitoring"), ("自评", "self_eval"), ("评价", "self_eval"), ("绩效目标", "target"))


def title_stage(texts: set[str]) -> str:
    """The stage (target, self_eval, monitoring) the sheet's title names, '' when none does."""
    for t in texts:
        if t.endswith("表") and "绩效" in t:
            for word, stage in _STAGE_WORDS:
                if word in t:
                    return stage
    return ""


def title_scope(texts: set[str]) -> str:
    """"unit" for a title naming a unit-wide form (整体绩效目标表, 部门整体支出绩效自评表), "project"
    for one naming a project's (项目支出绩效目标表), '' when the title says neither."""
    for t in texts:
        if t.endswith("表") and "绩效" in t:
            if "整体" in t:
                return "unit"
            if "项目" in t:
                return "project"
    return ""


def scope_differs(grid: SheetGrid, definition: FormDefinition) -> bool:
    """The sheet's title names a unit-wide or a project form and the definition is the other."""
    scope = grid.memo.get("title_scope", "")
    return bool(scope) and (scope == "project") != kind_of(definition).per_project


def stage_differs(grid: SheetGrid, definition: FormDefinition) -> bool:
    """The sheet's title names a stage and the definition's kind is of another one."""
    stage = grid.memo.get("title_stage", "")
    return bool(stage) and kind_of(definition).stage not in (stage, "")


def _context_score(grid: SheetGrid, definition: FormDefinition, texts: set[str]) -> int:
    core = _title_core(definition)
    # the sheet's title tells a project form from a unit-wide one when the columns are alike
    score = 3 if core and any(core in t for t in texts) else 0
    # and a target form from a self-evaluation or monitoring one
    score -= 3 * stage_differs(grid, definition)
    score -= 30 * scope_differs(grid, definition)     # so that forms of the named scope are among those tried
    for f in definition.fields:
        score += norm(f.label) in texts
    for s in definition.sections:
        score += norm(s.label.split("·")[0]) in texts or strip_numbering(s.label) in texts
    for t in definition.funds:
        score += sum(norm(r.label) in texts for r in t.rows)
    return score


def candidates(grid: SheetGrid, registry) -> list[tuple[int, FormDefinition, Header | None, dict[str, Header]]]:
    """Every definition whose header the sheet has, best score first."""
    texts = grid.memo.get("label_texts")
    if texts is None:      # once per sheet; a paragraph (over 60 characters) is never a label
        texts = set()
        for cell in grid.cells.values():
            v = cell.value
            if isinstance(v, str) and len(v) <= 80:
                n = norm(v)
                if n and len(n) <= 60:
                    texts.add(n)
                    texts.add(strip_numbering(v))
        grid.memo["label_texts"] = texts
        titles = {t for t in texts if len(t) <= 40}
        grid.memo["title_stage"] = title_stage(titles)
        grid.memo["title_scope"] = title_scope(titles)
    ranked = []
    for definition in registry:
        header = None
        score = 0
        if definition.indicators is not None:
            header = find_header(grid, indicator_labels(definition), True)
            if header:
                score = header.score * 10
        list_headers = {}
        for ldef in definition.lists:
            h = find_header(grid, list_labels(definition, ldef.columns), False)
            if h and len(h.roles) >= max(2, len(ldef.columns) - 1):
                list_headers[ldef.id] = h
                score = max(score, h.score * 10)
        if not score:
            continue
        score += _context_score(grid, definition, texts)
        ranked.append((score, definition, header, list_headers))
    ranked.sort(key=lambda x: -x[0])      # stable: the registry's order breaks a tie
    return ranked


def detect(grid: SheetGrid, registry) -> tuple[FormDefinition, Header | None, dict[str, Header]] | None:
    ranked = candidates(grid, registry)
    if not ranked:
        return None
    return ranked[0][1], ranked[0][2], ranked[0][3]
