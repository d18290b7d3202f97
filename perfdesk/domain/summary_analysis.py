"""The 汇总分析 page's figures: counts by grade, the distribution of 执行率 and of self-evaluation
scores, and the units with the most 审核 errors. Plain data (no Qt, no ReportLab): the PDF draws
it (perfdesk/pdf/charts.py) and the GUI overview shows the same drawings as SVG.

Input: the rows of the 项目支出绩效自评汇总表 (perfdesk.collect.summary_tables: one dict per project
with "evaluated", "grade", "score_total", "execution_rate", "budget", "spent") and each unit's
审核 error count."""
from __future__ import annotations

from decimal import Decimal

import msgspec

GRADE_ORDER = ("优", "良", "中", "差")
UNGRADED = "未评级"
# [low, high) in percent; the last bin is open above
# (the ～ is in every CJK font; an en dash is not in some, e.g. 文鼎简报宋)
RATE_BINS = ((None, 60, "60%以下"), (60, 80, "60%～80%"), (80, 90, "80%～90%"), (90, 95, "90%～95%"),
             (95, 100, "95%～100%"), (100, None, "100%及以上"))
SCORE_BINS = ((None, 60, "60分以下"), (60, 70, "60～70分"), (70, 80, "70～80分"), (80, 90, "80～90分"),
              (90, 95, "90～95分"), (95, None, "95分及以上"))
TOP_ERRORS = 10


class Bar(msgspec.Struct, frozen=True):
    label: str
    value: int


class Chart(msgspec.Struct, frozen=True):
    id: str             # grades | execution_rate | scores | errors
    title: str
    unit: str           # what a bar counts: 个项目, 处错误
    bars: tuple[Bar, ...]
    horizontal: bool = False

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


class Analysis(msgspec.Struct, frozen=True):
    charts: tuple[Chart, ...]
    lines: tuple[str, ...]      # the headline figures, one sentence each

    def chart(self, chart_id: str) -> Chart:
        return next(c for c in self.charts if c.id == chart_id)


def _bin(value: Decimal, bins) -> str:
    for low, high, label in bins:
        if (low is None or value >= low) and (high is None or value < high):
            return label
    return bins[-1][2]


def _counts(values, bins) -> tuple[Bar, ...]:
    counts = dict.fromkeys((label for _, _, label in bins), 0)
    for v in values:
        counts[_bin(v, bins)] += 1
    return tuple(Bar(label, n) for label, n in counts.items())


def analyse(rows: list[dict], unit_errors: list[tuple[str, int]], missing_units: int = 0) -> Analysis:
    evaluated = [r for r in rows if r.get("evaluated") == "是"]
    grades = dict.fromkeys(GRADE_ORDER, 0)
    for r in evaluated:
        name = r.get("grade") or UNGRADED
        grades[name] = grades.get(name, 0) + 1
    if not grades.get(UNGRADED):
        grades.pop(UNGRADED, None)
    rates = [r["execution_rate"] for r in evaluated if isinstance(r.get("execution_rate"), Decimal)]
    scores = [r["score_total"] for r in evaluated if isinstance(r.get("score_total"), Decimal)]
    worst = sorted(((u, n) for u, n in unit_errors if n), key=lambda x: (-x[1], x[0]))[:TOP_ERRORS]
    charts = (
        Chart("grades", "自评等级分布", "个项目", tuple(Bar(k, v) for k, v in grades.items())),
        Chart("execution_rate", "预算执行率分布", "个项目", _counts(rates, RATE_BINS)),
        Chart("scores", "自评得分分布", "个项目", _counts(scores, SCORE_BINS)),
        Chart("errors", f"审核错误最多的单位（前 {TOP_ERRORS} 名）", "处错误",
              tuple(Bar(u, n) for u, n in worst), horizontal=True),
    )
    budget = sum((r["budget"] for r in evaluated if isinstance(r.get("budget"), Decimal)
                  and isinstance(r.get("spent"), Decimal)), Decimal(0))
    spent = sum((r["spent"] for r in evaluated if isinstance(r.get("budget"), Decimal)
                 and isinstance(r.get("spent"), Decimal)), Decimal(0))
    lines = [f"开展自评的项目 {len(evaluated)} 个，未开展自评的 {len(rows) - len(evaluated)} 个"
             + (f"（其中 {missing_units} 个单位未报送）" if missing_units else "") + "。"]
    if scores:
        mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))
        lines.append(f"自评得分平均 {mean} 分，最高 {max(scores)} 分，最低 {min(scores)} 分。")
    if budget:
        overall = (spent / budget * 100).quantize(Decimal("0.01"))
        lines.append(f"有执行数的项目合计执行率 {overall}%（执行数合计 ÷ 预算数合计）；执行率低于 60% 的项目 "
                     f"{sum(1 for r in rates if r < 60)} 个。")
    with_errors = sum(1 for _, n in unit_errors if n)
    lines.append(f"审核有错误的单位 {with_errors} 个，共 {sum(n for _, n in unit_errors)} 处错误；"
                 + ("错误须退回单位修改后重新报送。" if with_errors else "各单位审核均无错误。"))
    return Analysis(charts, tuple(lines))
