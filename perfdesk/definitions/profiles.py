"""Load scoring profiles from forms/profiles/*.toml, refusing anything malformed.

Like the form definitions, a broken profile is refused with a Chinese message naming the file and
the key, so a hand-written provincial variant fails at load, not in the middle of a check.
"""
from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.scoring.profile import (
    REASON_POLICIES,
    ExecutionCap,
    Grade,
    Level1Points,
    ProfileSet,
    QualitativeBand,
    ScoringProfile,
)
from .loader import DefinitionError, _Reader, forms_dir, read_toml


class ProfileError(DefinitionError):
    """A refused scoring profile: file, key and problem, in Chinese."""

    def __init__(self, source: str, key: str, problem: str):
        super().__init__(source, key, problem)
        where = f"{source}" + (f"，键 “{key}”" if key else "")
        self.args = (f"评分方案文件有误：{where}：{problem}",)

    def __str__(self) -> str:
        return self.args[0]


def profiles_dir() -> Path:
    return forms_dir() / "profiles"


def _decimal(r: _Reader, name: str, default=..., minimum: Decimal | None = Decimal(0)) -> Decimal | None:
    value = r.get(name, (int, float, str), default=default)
    if value is None:
        return None
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        r.fail(name, f"应为数字，实际为 {value!r}")
    if not d.is_finite():
        r.fail(name, f"应为有限的数字，实际为 {value!r}")
    if minimum is not None and d < minimum:
        r.fail(name, f"不能小于 {minimum}，实际为 {value!r}")
    return d


def _strings(r: _Reader, name: str) -> tuple[str, ...]:
    items = r.get(name, list, default=[])
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            r.fail(f"{name}[{i}]", f"应为非空文本，实际为 {item!r}")
    return tuple(items)


def parse_profile(data: dict, source: str) -> ScoringProfile:
    """A profile from parsed TOML; refuses anything malformed with a ProfileError."""
    try:
        return _parse(data, source)
    except ProfileError:
        raise
    except DefinitionError as exc:
        raise ProfileError(exc.source, exc.key, exc.problem) from None


def _parse(data: dict, source: str) -> ScoringProfile:
    r = _Reader(source, data)
    profile_id = r.ident("id")
    total = _decimal(r, "total", default=Decimal(100))
    if total <= 0:
        r.fail("total", "总分应大于 0")

    execution_points, reason_below, caps = None, None, []
    if "execution" in data:
        er = r.child("execution", data=r.get("execution", dict))
        execution_points = _decimal(er, "points", default=None)
        reason_below = _decimal(er, "reason_below", default=None)
        if reason_below is not None and reason_below > 100:
            er.fail("reason_below", "执行率是百分数，不能超过 100")
        for cr in er.tables("caps"):
            cap = ExecutionCap(below=_decimal(cr, "below"), max_total=_decimal(cr, "max_total"))
            if cap.below > 100:
                cr.fail("below", "执行率是百分数，不能超过 100")
            if cap.max_total > total:
                cr.fail("max_total", f"封顶分 {cap.max_total} 超过总分 {total}")
            cr.finish()
            caps.append(cap)
        er.finish()

    level1 = []
    for lr in r.tables("level1"):
        level1.append(Level1Points(name=lr.get("name", str), points=_decimal(lr, "points"),
                                   aliases=_strings(lr, "aliases")))
        lr.finish()
    names = [n for lp in level1 for n in (lp.name,) + lp.aliases]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup:
        r.fail("level1", f"一级指标名称 “{dup}” 重复")
    fixed = sum((lp.points for lp in level1), Decimal(0)) + (execution_points or Decimal(0))
    if level1 and fixed != total:
        r.fail("level1", f"执行率分值与各一级指标分值之和为 {fixed}，应等于总分 {total}")
    if execution_points is not None and execution_points > total:
        r.fail("execution.points", f"执行率分值 {execution_points} 超过总分 {total}")

    decimals, reverse_zero_at = 2, Decimal(2)
    if "quantitative" in data:
        qr = r.child("quantitative", data=r.get("quantitative", dict))
        decimals = qr.get("decimals", int, default=2)
        if not 0 <= decimals <= 4:
            qr.fail("decimals", "小数位数应在 0 到 4 之间")
        reverse_zero_at = _decimal(qr, "reverse_zero_at", default=Decimal(2))
        if reverse_zero_at <= 1:
            qr.fail("reverse_zero_at", "应大于 1（反向指标在目标的几倍处得 0 分）")
        qr.finish()

    over_at, over_reason = None, "none"
    if "overachievement" in data:
        orr = r.child("overachievement", data=r.get("overachievement", dict))
        over_at = _decimal(orr, "at")
        if over_at <= 100:
            orr.fail("at", "超额阈值是目标的百分数，应大于 100")
        over_reason = orr.get("reason", str, default="recommended")
        if over_reason not in REASON_POLICIES:
            orr.fail("reason", f"应为 {'、'.join(REASON_POLICIES)} 之一")
        orr.finish()

    bands = []
    for br in r.tables("qualitative"):
        band = QualitativeBand(label=br.get("label", str), phrases=_strings(br, "phrases"),
                               low=_decimal(br, "low"), high=_decimal(br, "high"),
                               matches_target=br.get("matches_target", bool, default=False))
        if not band.phrases:
            br.fail("phrases", "至少需要一个表述")
        if band.low > band.high or band.high > 100:
            br.fail("high", f"区间 {band.low}–{band.high} 不对：应满足 0 ≤ low ≤ high ≤ 100")
        br.finish()
        bands.append(band)
    if sum(b.matches_target for b in bands) > 1:
        r.fail("qualitative", "只能有一个档次设 matches_target = true")

    grades = []
    for gr in r.tables("grades"):
        grade = Grade(name=gr.get("name", str), min=_decimal(gr, "min"), aliases=_strings(gr, "aliases"))
        if grade.min > total:
            gr.fail("min", f"等级下限 {grade.min} 超过总分 {total}")
        gr.finish()
        grades.append(grade)
    mins = [g.min for g in grades]
    if len(set(mins)) != len(mins):
        r.fail("grades", "两个等级的下限相同")
    if grades and min(mins) != 0:
        r.fail("grades", "最低一档的下限应为 0，否则低分没有等级")

    profile = ScoringProfile(
        id=profile_id, name=r.get("name", str), source=source, total=total,
        execution_points=execution_points, execution_reason_below=reason_below,
        level1=tuple(level1), decimals=decimals, reverse_zero_at=reverse_zero_at,
        overachievement_at=over_at, overachievement_reason=over_reason,
        qualitative=tuple(bands), grades=tuple(grades), caps=tuple(caps),
        applies_to=_strings(r, "applies_to"), default=r.get("default", bool, default=False),
        description=r.get("description", str, default=""),
    )
    r.finish()
    return profile


def load_profile_file(path: Path) -> ScoringProfile:
    source = f"profiles/{path.name}"
    try:
        data = read_toml(path, source)
    except DefinitionError as exc:
        raise ProfileError(exc.source, exc.key, exc.problem) from None
    profile = parse_profile(data, source)
    if profile.id != path.stem:
        raise ProfileError(source, "id", f"标识 “{profile.id}” 应与文件名 “{path.stem}” 一致")
    return profile


def load_profiles(directory: Path | None = None) -> ProfileSet:
    directory = directory or profiles_dir()
    profiles = [load_profile_file(p) for p in sorted(directory.glob("*.toml"))]
    defaults = [p.id for p in profiles if p.default]
    if len(defaults) > 1:
        raise ProfileError(f"profiles/{defaults[1]}.toml", "default",
                           f"只能有一个默认评分方案，{'、'.join(defaults)} 都设了 default = true")
    claimed: dict[str, str] = {}
    for p in profiles:
        for definition_id in p.applies_to:
            if definition_id in claimed:
                raise ProfileError(p.source, "applies_to",
                                   f"表样 “{definition_id}” 已由评分方案 “{claimed[definition_id]}” 认领")
            claimed[definition_id] = p.id
    return ProfileSet(tuple(profiles))


@functools.cache
def default_profiles() -> ProfileSet:
    return load_profiles()
