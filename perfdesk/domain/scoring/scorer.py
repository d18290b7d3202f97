"""Suggest a score for every row of a self-evaluation, with the rule that produced it (DOMAIN.md §3).

The unit may enter another score; the suggestion says what the rule gives, so that an override
stays visible (the checks report it) instead of being silently accepted or refused.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import msgspec

from ..entry import cell_display      # values are quoted as their cells show them
from ..model import Form
from ..values import IndicatorValue, Kind, Op
from . import columns
from .profile import Grade, QualitativeBand, ScoringProfile
from .reading import Row, chinese_date, is_cost, leaked_date, num, scored_rows

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def _round(d: Decimal, decimals: int) -> Decimal:
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


class Suggestion(msgspec.Struct, frozen=True):
    """What the rule gives a row. low..high is the range an entered score may take without being
    an override: a single value for quantitative rules, a band for qualitative ones."""

    score: Decimal | None
    rule: str                              # 中文: the rule and its numbers
    method: str = "none"                   # quantitative | reverse | zero | qualitative | date | weight0 | none
    low: Decimal | None = None
    high: Decimal | None = None
    achieved: bool | None = None
    ratio: Decimal | None = None           # actual / target in percent (higher-is-better targets)

    def accepts(self, score: Decimal) -> bool:
        if self.low is None or self.high is None:
            return True
        return self.low <= score <= self.high


class RowScore(msgspec.Struct, frozen=True):
    path: tuple[int, ...]
    row: Row
    weight: Decimal | None
    entered: Decimal | None
    reason: str
    suggestion: Suggestion

    @property
    def overridden(self) -> bool:
        """An entered score the rule does not give (outside its band)."""
        return (self.entered is not None and self.suggestion.score is not None
                and not self.suggestion.accepts(self.entered))

    @property
    def difference(self) -> Decimal | None:
        if self.entered is None or self.suggestion.score is None:
            return None
        return self.entered - self.suggestion.score


class ExecutionScore(msgspec.Struct, frozen=True):
    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None                   # percent, rounded
    points: Decimal | None
    score: Decimal | None
    rule: str


class FormScore(msgspec.Struct, frozen=True):
    profile: ScoringProfile
    rows: tuple[RowScore, ...]
    execution: ExecutionScore | None

    def row(self, path: tuple[int, ...]) -> RowScore | None:
        return next((r for r in self.rows if r.path == path), None)

    @property
    def execution_points(self) -> Decimal:
        return self.execution.points if self.execution and self.execution.points is not None else ZERO

    @property
    def execution_score(self) -> Decimal:
        return self.execution.score if self.execution and self.execution.score is not None else ZERO

    @property
    def weight_total(self) -> Decimal:
        return sum((r.weight for r in self.rows if r.weight is not None), ZERO) + self.execution_points

    @property
    def entered_total(self) -> Decimal:
        return sum((r.entered for r in self.rows if r.entered is not None), ZERO) + self.execution_score

    @property
    def suggested_total(self) -> Decimal:
        """The total if every row took the rule's score (rows without a rule keep what was entered)."""
        total = self.execution_score
        for r in self.rows:
            s = r.suggestion.score if r.suggestion.score is not None else r.entered
            total += s or ZERO
        return total

    def grade(self, total: Decimal | None = None) -> Grade | None:
        return self.profile.grade_for(self.entered_total if total is None else total)


# ---------------------------------------------------------------------------------- execution

def score_execution(form: Form, profile: ScoringProfile) -> ExecutionScore | None:
    """执行率 = 全年执行数 / 全年预算数; its score = 分值 × min(执行率, 100 %), where the form scores it."""
    spec = form.definition.execution
    if spec is None:
        return None
    budget, spent = form.cell_ref(spec.budget), form.cell_ref(spec.spent)
    points = None
    scheme = form.definition.scoring
    if scheme is not None and scheme.execution_points is not None:
        points = Decimal(scheme.execution_points)       # the form fixes it (Sichuan 预算执行 10 分)
    elif spec.points is not None:
        points = profile.execution_points if profile.execution_points is not None else Decimal(spec.points)
    rate = score = None
    rule = "预算执行率无法计算（缺少全年预算数或全年执行数）"
    if budget and spent is not None:
        ratio = spent / budget
        rate = _round(ratio * HUNDRED, 2)
        rule = f"执行率 = {num(spent)} ÷ {num(budget)} = {num(rate)}%"
        if points is not None:
            score = _round(points * min(ratio, Decimal(1)), profile.decimals)
            rule += f"；得分 = {num(points)} × {'100' if ratio >= 1 else num(rate)}% = {num(score)}"
    return ExecutionScore(budget, spent, rate, points, score, rule)


# ---------------------------------------------------------------------------------- rows

def score_form(form: Form, profile: ScoringProfile) -> FormScore:
    d = form.definition
    target_col = columns.target_column(d)
    reason_col = columns.reason_column(d)
    out = []
    for row in scored_rows(form):
        cells = row.node.cells
        weight = _decimal(cells.get(columns.WEIGHT))
        entered = _decimal(cells.get(columns.SCORE))
        reason = cells.get(reason_col) if reason_col else None
        reason = reason.strip() if isinstance(reason, str) else ""
        target = _value(cells.get(target_col)) if target_col else None
        actual = _value(cells.get(columns.ACTUAL))
        suggestion = suggest(row, weight, target, actual, profile)
        out.append(RowScore(row.path, row, weight, entered, reason, suggestion))
    return FormScore(profile, tuple(out), score_execution(form, profile))


def _decimal(v) -> Decimal | None:
    return v if isinstance(v, Decimal) else None


def _value(v) -> IndicatorValue | None:
    return v if isinstance(v, IndicatorValue) else None


def suggest(row: Row, weight: Decimal | None, target: IndicatorValue | None, actual: IndicatorValue | None,
            profile: ScoringProfile) -> Suggestion:
    if weight is None:
        return Suggestion(None, "未填写权重，无法计分")
    if weight == 0:
        return Suggestion(ZERO, "权重为 0", "weight0", ZERO, ZERO)
    band = _band_of(actual, target, profile)
    if band is not None:
        return _qualitative(weight, band, profile)
    if target is None or target.kind in (Kind.EMPTY, Kind.NONE, Kind.PLACEHOLDER, Kind.UNPARSED):
        return Suggestion(None, "没有可用的指标值，不按规则计分")
    if actual is None or actual.kind in (Kind.EMPTY, Kind.NONE, Kind.PLACEHOLDER, Kind.UNPARSED):
        return Suggestion(None, "没有可用的实际完成值，不按规则计分")
    if target.kind in (Kind.DEADLINE, Kind.DATE, Kind.PERIOD):
        return _date(row, weight, target, actual, profile)
    if target.kind is Kind.QUANTITATIVE:
        return _quantitative(row, weight, target, actual, profile)
    return Suggestion(None, f"实际完成值“{cell_display(actual)}”不是约定的定性表述"
                            f"（{'、'.join(b.label for b in profile.qualitative)}），无法判定档次")


def _band_of(actual, target, profile) -> QualitativeBand | None:
    if actual is None or actual.kind is Kind.EMPTY:
        return None
    text = cell_display(actual)
    for band in profile.qualitative:
        if text in band.phrases:
            return band
    if target is not None and target.kind is Kind.QUALITATIVE and actual.kind is Kind.QUALITATIVE:
        if text == cell_display(target):
            return next((b for b in profile.qualitative if b.matches_target), None)
    return None


def _qualitative(weight: Decimal, band: QualitativeBand, profile: ScoringProfile) -> Suggestion:
    low = _round(weight * band.low / HUNDRED, profile.decimals)
    high = _round(weight * band.high / HUNDRED, profile.decimals)
    rule = (f"定性指标“{band.label}”：得分应在权重的 {num(band.low)}%–{num(band.high)}%"
            f"（{num(low)}–{num(high)} 分）")
    return Suggestion(high, rule, "qualitative", low, high, achieved=band.matches_target)


def _date(row, weight, target, actual, profile) -> Suggestion:
    # an actual written as a period (服务周期 2023.07-2024.01) was done by its end
    done = actual.date if actual.kind in (Kind.DATE, Kind.PERIOD) else None
    note = ""
    if done is None:
        done = leaked_date(row.node.name, actual, target)
        if done is not None:
            note = f"（按 Excel 日期序列号 {num(actual.number)} 即 {chinese_date(done)} 计）"
    if done is None:
        return Suggestion(None, "实际完成值不是日期，无法与期限比较")
    due = target.date
    if done <= due:
        return Suggestion(weight, f"在期限 {chinese_date(due)} 前完成{note}：得满分 {num(weight)}",
                          "date", weight, weight, achieved=True)
    return Suggestion(ZERO, f"完成于 {chinese_date(done)}，晚于期限 {chinese_date(due)}{note}：按规则得 0 分",
                      "date", ZERO, ZERO, achieved=False)


def _quantitative(row, weight, target, actual, profile) -> Suggestion:
    if actual.kind is not Kind.QUANTITATIVE:
        return Suggestion(None, f"实际完成值“{cell_display(actual)}”不是数量，无法与目标 “{cell_display(target)}” 比较")
    if target.unit and actual.unit and target.unit != actual.unit:
        return Suggestion(None, f"实际完成值的单位“{actual.unit}”与目标的单位“{target.unit}”不同，无法比较")
    unit = target.unit or actual.unit
    t, a = target.number, max(actual.number, ZERO)
    shown_t, shown_a = num(t) + unit, num(actual.number) + unit
    op = target.op
    cost_note = ""
    if op is Op.EQ and not target.explicit_op and is_cost(row.level2):
        op, cost_note = Op.LE, "（成本指标按“越低越好”计）"
    dec = profile.decimals

    def exact(score, rule, method, achieved=None, ratio=None):
        score = _round(score, dec)
        return Suggestion(score, rule, method, score, score, achieved, ratio)

    if op in (Op.GE, Op.GT) or (op is Op.EQ and t > 0):
        ratio = _round(a / t * HUNDRED, 2) if t > 0 else None
        met = a > t if op is Op.GT else a >= t
        if met:
            sign = ">" if op is Op.GT else "≥"
            return exact(weight, f"定量指标已达成（实际 {shown_a} {sign} 目标 {shown_t}）：得满分 {num(weight)}",
                         "quantitative", True, ratio)
        if t <= 0:
            return exact(ZERO, f"未达成目标 {shown_t}：得 0 分", "quantitative", False, ratio)
        score = weight * a / t
        return exact(score, f"定量指标未达成：权重 × 实际 ÷ 目标 = {num(weight)} × {num(a)} ÷ {num(t)}"
                            f" = {num(_round(score, dec))}", "quantitative", False, ratio)
    if op is Op.EQ or t <= 0:   # a target of 0 (重大事故 0次, ≤0%)
        if a <= 0:
            return exact(weight, f"目标为 {shown_t}，实际 {shown_a}：得满分 {num(weight)}", "zero", True)
        return exact(ZERO, f"目标为 {shown_t}，实际 {shown_a} 超出：得 0 分", "zero", False)
    # ≤ and ＜: lower is better
    met = a < t if op is Op.LT else a <= t
    if met:
        sign = "<" if op is Op.LT else "≤"
        return exact(weight, f"反向指标已达成（实际 {shown_a} {sign} 目标 {shown_t}）{cost_note}：得满分 {num(weight)}",
                     "reverse", True)
    limit = t * profile.reverse_zero_at
    if a >= limit:
        return exact(ZERO, f"反向指标实际 {shown_a} 达到目标 {shown_t} 的 {num(profile.reverse_zero_at)} 倍"
                           f"{cost_note}：得 0 分", "reverse", False)
    score = weight * (1 - (a - t) / t)
    return exact(score, f"反向指标超出目标{cost_note}：权重 × (1 − (实际 − 目标) ÷ 目标) = {num(weight)} × "
                        f"(1 − ({num(a)} − {num(t)}) ÷ {num(t)}) = {num(_round(score, dec))}", "reverse", False)


def overachievement(rs: RowScore, profile: ScoringProfile) -> Decimal | None:
    """How far (percent of target) a higher-is-better actual exceeds the profile's threshold, or None."""
    at = profile.overachievement_at
    ratio = rs.suggestion.ratio
    if at is None or ratio is None or ratio < at:
        return None
    return ratio

