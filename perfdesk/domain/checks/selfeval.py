"""Self-evaluation: weights against the profile, scores against weights and against the rule's
score, 偏差原因 where a score is below its weight or an actual far exceeds its target, and the
综合得分 and 等级 the narrative states against the computed ones."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..places import FieldPlace, FundsPlace, IndicatorPlace, SectionPlace, TotalPlace
from ..scoring import columns
from ..scoring.reading import leaf_weight, num
from ..scoring.scorer import FormScore, RowScore
from .context import FormContext

TOLERANCE = Decimal("0.005")
TOTAL_FIELD, GRADE_FIELD = "total_score", "grade"
_TOTAL_TEXT = re.compile(r"综合得分\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_GRADE_TEXT = re.compile(r"等级\s*(?:为|是)\s*[“\"「]?(优秀|良好|中等|较差|不合格|合格|优|良|中|差)")


def check(ctx: FormContext) -> None:
    fs = ctx.score
    if fs is None:
        return
    _weights(ctx, fs)
    _stated_totals(ctx, fs)
    for rs in fs.rows:
        _row(ctx, fs, rs)
    _summary(ctx, fs)
    _execution(ctx, fs)


def _total_where(ctx: FormContext, column: str) -> str:
    ind = ctx.definition.indicators
    return f"{ind.label} › {ind.total_label} › {ctx.column_label(column)}"


def _weights(ctx: FormContext, fs: FormScore) -> None:
    profile = fs.profile
    scheme = ctx.definition.scoring           # a form that fixes its own points overrides the profile's
    expected_total = Decimal(scheme.total) if scheme else profile.total
    source_total = "表样" if scheme else f"评分方案“{profile.name}”"
    total = fs.weight_total
    if abs(total - expected_total) > TOLERANCE:
        extra = f"（含预算执行率 {num(fs.execution_points)} 分）" if fs.execution_points else ""
        diff = total - expected_total
        ctx.error("score.weight_total", TotalPlace(columns.WEIGHT),
                  f"权重合计应为 {num(expected_total)}（{source_total}），各行相加为 {num(total)}{extra}，"
                  f"{'多' if diff > 0 else '少'} {num(abs(diff))}", _total_where(ctx, columns.WEIGHT))
    ind = ctx.definition.indicators
    for i, top in enumerate(ctx.form.indicators):
        branch = ind.branch(top.name.strip())
        expected, source = None, "表样"
        if branch is not None and branch.points is not None:
            expected = Decimal(branch.points)
        elif scheme is None:
            expected, source = profile.points_for(top.name), f"评分方案“{profile.name}”"
        got = leaf_weight(top)
        if expected is not None and abs(got - expected) > TOLERANCE:
            ctx.error("score.weight_branch", IndicatorPlace((i,)),
                      f"“{top.name}”应计 {num(expected)} 分（{source}），其下各指标权重相加为 {num(got)}")
    for row in ctx.rows:
        own = row.node.cells.get(columns.WEIGHT)
        if row.node.children and isinstance(own, Decimal):
            got = leaf_weight(row.node)
            if abs(got - own) > TOLERANCE:
                ctx.error("score.weight_branch", IndicatorPlace(row.path, columns.WEIGHT),
                          f"“{row.node.name}”的权重为 {num(own)}，其下各指标权重相加为 {num(got)}")


def _stated_totals(ctx: FormContext, fs: FormScore) -> None:
    for col, computed in ((columns.WEIGHT, fs.weight_total), (columns.SCORE, fs.entered_total)):
        stated = ctx.form.stated_totals.get(col)
        if stated is None or abs(stated - computed) <= TOLERANCE:
            continue
        label = ctx.column_label(col)
        ctx.error("score.stated_total", TotalPlace(col),
                  f"{ctx.definition.indicators.total_label}行的{label}填为 {num(stated)}，各行{label}相加为 {num(computed)}"
                  f"（相差 {num(abs(stated - computed))}）", _total_where(ctx, col))


def _row(ctx: FormContext, fs: FormScore, rs: RowScore) -> None:
    name = rs.row.node.name.strip() or "（未命名）"
    score_place = IndicatorPlace(rs.path, columns.SCORE)
    weight, entered, s = rs.weight, rs.entered, rs.suggestion
    if entered is not None and entered < 0:
        ctx.error("score.over_weight", score_place, f"“{name}”的得分 {num(entered)} 为负数")
    if entered is not None and weight is not None and entered > weight + TOLERANCE:
        ctx.error("score.over_weight", score_place, f"“{name}”的得分 {num(entered)} 超过权重 {num(weight)}")
    reason_col = columns.reason_column(ctx.definition)
    reason_label = ctx.column_label(reason_col) if reason_col else "偏差原因"
    if rs.overridden:
        code = "score.band" if s.method == "qualitative" else "score.rule"
        if s.method == "qualitative":
            what = f"得分 {num(entered)} 不在规则区间 {num(s.low)}–{num(s.high)} 内"
        else:
            diff = entered - s.score
            what = f"得分 {num(entered)} 与规则得分 {num(s.score)} 不同（{'多' if diff > 0 else '少'} {num(abs(diff))}）"
        if rs.reason:
            ctx.info(code, score_place, f"“{name}”{what}：{s.rule}。已说明：{_short(rs.reason)}")
        else:
            ctx.warning(code, score_place, f"“{name}”{what}：{s.rule}")
    if entered is not None and weight is not None and entered < weight - TOLERANCE and not rs.reason:
        place = IndicatorPlace(rs.path, reason_col) if reason_col else score_place
        ctx.error("score.reason_missing", place,
                  f"“{name}”得分 {num(entered)} 低于权重 {num(weight)}，须在“{reason_label}”栏写明偏差原因及改进措施")
    _overachieved(ctx, fs, rs, name, reason_label)


def _overachieved(ctx: FormContext, fs: FormScore, rs: RowScore, name: str, reason_label: str) -> None:
    profile = fs.profile
    ratio = rs.suggestion.ratio
    at = profile.overachievement_at
    if at is None or ratio is None or ratio < at or profile.overachievement_reason == "none":
        return
    place = IndicatorPlace(rs.path, columns.ACTUAL)
    what = f"“{name}”实际完成值为目标的 {num(ratio)}%（超出 {num(ratio - 100)}%，达到 {num(at)}% 的说明线）"
    if rs.reason:
        ctx.info("score.overachieved", place, f"{what}，已说明：{_short(rs.reason)}")
    elif profile.overachievement_reason == "required":
        ctx.error("score.overachieved", place, f"{what}，评分方案“{profile.name}”要求在“{reason_label}”栏写明原因")
    else:
        ctx.info("score.overachieved", place, f"{what}：目标可能定得偏低，建议在“{reason_label}”栏写明原因，并可按偏离度适度调减得分")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _summary(ctx: FormContext, fs: FormScore) -> None:
    computed = fs.entered_total
    d = ctx.definition
    stated_total = _number(ctx.form.fields.get(TOTAL_FIELD)) if d.field_def(TOTAL_FIELD) else None
    if stated_total is not None and abs(stated_total - computed) > TOLERANCE:
        ctx.error("score.summary_total", FieldPlace(TOTAL_FIELD),
                  f"自评综合得分填为 {num(stated_total)}，各行得分相加为 {num(computed)}")
    stated_grade = (ctx.form.fields.get(GRADE_FIELD) or "").strip() if d.field_def(GRADE_FIELD) else ""
    if stated_grade:
        _grade(ctx, fs, FieldPlace(GRADE_FIELD), stated_grade, computed)
    for s in d.sections:
        text = ctx.form.sections.get(s.id, "")
        for m in _TOTAL_TEXT.finditer(text):
            said = Decimal(m.group(1))
            if abs(said - computed) > TOLERANCE:
                ctx.error("score.summary_total", SectionPlace(s.id),
                          f"文中“{m.group(0)}”，各行得分相加为 {num(computed)}")
        for m in _GRADE_TEXT.finditer(text):
            _grade(ctx, fs, SectionPlace(s.id), m.group(1), computed, quoted=m.group(0))
    cap = fs.profile.cap_for(fs.execution.rate if fs.execution else None)
    if cap is not None and computed > cap.max_total + TOLERANCE:
        ctx.error("score.cap", TotalPlace(columns.SCORE),
                  f"执行率 {num(fs.execution.rate)}% 低于 {num(cap.below)}%，按评分方案“{fs.profile.name}”总分最高"
                  f" {num(cap.max_total)} 分，现为 {num(computed)}", _total_where(ctx, columns.SCORE))


def _grade(ctx: FormContext, fs: FormScore, place, stated: str, computed: Decimal, quoted: str = "") -> None:
    profile = fs.profile
    expected = profile.grade_for(computed)
    named = profile.grade_named(stated)
    shown = f"文中“{quoted}”" if quoted else f"自评等级填为“{stated}”"
    if named is None:
        ctx.warning("score.grade", place,
                    f"{shown}，不是评分方案“{profile.name}”的等级（{'、'.join(g.name for g in profile.grades)}）")
    elif expected is not None and named != expected:
        ctx.error("score.grade", place,
                  f"{shown}，但各行得分相加为 {num(computed)}，按评分方案应为“{expected.name}”（{num(expected.min)} 分及以上）")


def _number(text) -> Decimal | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return Decimal(text.strip().removesuffix("分"))
    except InvalidOperation:
        return None


def _execution(ctx: FormContext, fs: FormScore) -> None:
    below = fs.profile.execution_reason_below
    ex = fs.execution
    if below is None or ex is None or ex.rate is None or ex.rate >= below:
        return
    t, r, c = ctx.definition.execution.spent.split(".")
    ctx.warning("score.execution_reason", FundsPlace(t, r, c),
                f"预算执行率 {num(ex.rate)}% 低于 {num(below)}%，评分方案“{fs.profile.name}”要求说明原因")
