"""Warning lights of a monitoring form (绩效运行监控, 财预〔2019〕136号), computed from its figures.

A light is never typed: budget execution is compared with the share of the year elapsed (month
N of 12), a quantitative indicator's progress with the share of its annual target due by then,
a qualitative one by the words of its to-date text. The thresholds are data (the scoring
profile's [monitoring] table; DOMAIN.md §7 has the national defaults), so a province may change
them. Each light carries the rule's explanation in Chinese, with the numbers.
"""
from __future__ import annotations

import enum
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from .model import Form, IndicatorNode
from .values import IndicatorValue, Kind, Op, decimal_text

HUNDRED = Decimal(100)
TWELVE = Decimal(12)


class Colour(enum.Enum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"           # ahead of time: the target may be set too low

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {Colour.RED: "红灯", Colour.YELLOW: "黄灯", Colour.GREEN: "绿灯", Colour.BLUE: "蓝灯"}


class BudgetRule(msgspec.Struct, frozen=True):
    """执行率 / (N / 12): below red_below red, below green_from yellow, else green (percent)."""

    red_below: Decimal = Decimal(60)
    green_from: Decimal = Decimal(80)


class ProgressRule(msgspec.Struct, frozen=True):
    """A higher-is-better indicator: to-date / (target / 12 × N) × 100, as BudgetRule, and blue
    from blue_from. `prorate_percent`: whether a percentage (合格率 ≥95%) is also expected in
    proportion to time, or compared with the whole target (the national rule states no exception;
    false is the sensible reading for rates, which do not accumulate)."""

    red_below: Decimal = Decimal(60)
    green_from: Decimal = Decimal(80)
    blue_from: Decimal | None = Decimal(120)
    prorate_percent: bool = False


class QualitativeWords(msgspec.Struct, frozen=True):
    """The words of a qualitative to-date text and their colour (达成 / 部分达成 / 未达成)."""

    colour: Colour
    phrases: tuple[str, ...]


NATIONAL_WORDS = (
    QualitativeWords(Colour.RED, ("未达成", "未完成", "未开展", "未启动", "严重滞后")),
    QualitativeWords(Colour.YELLOW, ("部分达成", "部分完成", "基本达成", "进度滞后", "滞后")),
    QualitativeWords(Colour.GREEN, ("达成", "已完成", "完成", "按进度推进", "正常推进", "符合预期")),
)


class MonitorRules(msgspec.Struct, frozen=True):
    budget: BudgetRule = msgspec.field(default_factory=BudgetRule)
    higher: ProgressRule = msgspec.field(default_factory=ProgressRule)
    qualitative: tuple[QualitativeWords, ...] = NATIONAL_WORDS

    def word_colour(self, text: str) -> tuple[Colour, str] | None:
        """The colour of a qualitative text: the longest phrase found wins (部分达成 before 达成)."""
        found = [(len(p), w.colour, p) for w in self.qualitative for p in w.phrases if p and p in text]
        if not found:
            return None
        _, colour, phrase = max(found, key=lambda x: x[0])
        return colour, phrase


NATIONAL = MonitorRules()


class Light(msgspec.Struct, frozen=True):
    colour: Colour
    reason: str                      # the rule, with the numbers, in Chinese
    path: tuple[int, ...] = ()       # indicator path (level-1, level-2, level-3 index); () = budget
    name: str = ""                   # the indicator's name, or 预算执行


def _pct(d: Decimal) -> str:
    return decimal_text(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + "%"


def _band(value: Decimal, red_below: Decimal, green_from: Decimal, blue_from: Decimal | None = None) -> Colour:
    if value < red_below:
        return Colour.RED
    if value < green_from:
        return Colour.YELLOW
    if blue_from is not None and value >= blue_from:
        return Colour.BLUE
    return Colour.GREEN


def _band_text(colour: Colour, red_below: Decimal, green_from: Decimal, blue_from: Decimal | None) -> str:
    r, g = decimal_text(red_below), decimal_text(green_from)
    if colour is Colour.RED:
        return f"低于 {r}%"
    if colour is Colour.YELLOW:
        return f"在 {r}%–{g}% 之间"
    if colour is Colour.BLUE:
        return f"达到 {decimal_text(blue_from)}% 及以上，进度明显超前，目标可能偏低"
    return f"达到 {g}% 及以上" + (f"、低于 {decimal_text(blue_from)}%" if blue_from is not None else "")


def month_of(form: Form) -> int | None:
    text = (form.fields.get("month") or "").strip().removesuffix("月")
    try:
        month = int(text)
    except ValueError:
        return None
    return month if 1 <= month <= 12 else None


def budget_light(spent: Decimal | None, budget: Decimal | None, month: int | None,
                 rules: MonitorRules = NATIONAL) -> Light | None:
    """(spent / budget) / (N / 12) × 100 against the budget rule; None when not computable."""
    if spent is None or not budget or month is None:
        return None
    rate = spent / budget * HUNDRED
    expected = Decimal(month) / TWELVE * HUNDRED
    ratio = rate / expected * HUNDRED
    rule = rules.budget
    colour = _band(ratio, rule.red_below, rule.green_from)
    reason = (f"预算执行率 {_pct(rate)}（1-{month}月执行数 {decimal_text(spent)} ÷ 调整后预算数 {decimal_text(budget)}），"
              f"时间进度 {_pct(expected)}（{month}/12），执行进度为时间进度的 {_pct(ratio)}，"
              f"{_band_text(colour, rule.red_below, rule.green_from, None)}：{colour.label}")
    return Light(colour, reason, (), "预算执行")


def indicator_light(target: IndicatorValue | None, actual: IndicatorValue | None, month: int | None,
                    rules: MonitorRules = NATIONAL) -> tuple[Colour, str] | None:
    """The light of one indicator from its annual target and its to-date value, or None when the
    values say nothing comparable (no to-date value, different units, a date)."""
    if target is None or actual is None or actual.is_empty or target.is_empty:
        return None
    if target.kind is Kind.QUANTITATIVE and actual.kind is Kind.QUANTITATIVE and actual.number is not None:
        if target.unit != actual.unit or target.number is None:
            return None
        op = target.op
        if op is not None and op.lower_is_better:
            within = actual.number <= target.number if op is Op.LE else actual.number < target.number
            colour = Colour.GREEN if within else Colour.RED
            how = "在目标以内" if within else "超出目标"
            return colour, (f"反向指标（越低越好）：1-{month or 'N'}月 {actual.text} {how}（年度指标值 {target.text}）："
                            f"{colour.label}")
        if month is None or target.number == 0:
            return None
        rule = rules.higher
        whole = target.unit == "%" and not rule.prorate_percent
        expected = target.number if whole else target.number / TWELVE * Decimal(month)
        progress = actual.number / expected * HUNDRED
        colour = _band(progress, rule.red_below, rule.green_from, rule.blue_from)
        due = (f"比率指标按全年目标 {decimal_text(target.number)}{target.unit} 比较" if whole else
               f"应完成 {decimal_text(target.number)}{target.unit} × {month}/12 = "
               f"{decimal_text(expected.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}{target.unit}")
        return colour, (f"正向指标：1-{month}月完成 {decimal_text(actual.number)}{actual.unit}，{due}，"
                        f"完成进度 {_pct(progress)}，{_band_text(colour, rule.red_below, rule.green_from, rule.blue_from)}："
                        f"{colour.label}")
    words = rules.word_colour(actual.text)
    if words is None:
        return None
    colour, phrase = words
    return colour, f"定性指标：执行情况为“{phrase}”：{colour.label}"


def form_lights(form: Form, rules: MonitorRules = NATIONAL) -> list[Light]:
    """The budget light, then one light per indicator that has a computable one, in reading order."""
    month = month_of(form)
    out: list[Light] = []
    funds = [t for t in form.definition.funds if {"adjusted", "spent"} <= set(t.column_ids)]
    if funds and funds[0].rows:
        table = form.funds_table(funds[0].id)
        row = funds[0].rows[0].id
        light = budget_light(table.value(row, "spent"), table.value(row, "adjusted"), month, rules)
        if light is not None:
            out.append(light)

    def visit(nodes: list[IndicatorNode], path: tuple[int, ...]):
        for i, node in enumerate(nodes):
            here = path + (i,)
            if node.children:
                visit(node.children, here)
            elif len(here) >= 2:
                target, actual = node.cells.get("target_value"), node.cells.get("actual_value")
                found = indicator_light(target if isinstance(target, IndicatorValue) else None,
                                        actual if isinstance(actual, IndicatorValue) else None, month, rules)
                if found is not None:
                    out.append(Light(found[0], found[1], here, node.name))

    visit(form.indicators, ())
    return out


def is_monitoring(form: Form) -> bool:
    kind = form.definition.kind_info
    return kind is not None and kind.stage == "monitoring"


def light_counts(lights: list[Light]) -> dict[str, int]:
    """Indicator lights per colour (the budget light not counted)."""
    counts = {c.value: 0 for c in Colour}
    for light in lights:
        if light.path:
            counts[light.colour.value] += 1
    return counts
