"""Load scoring profiles from forms/profiles/*.toml, refusing anything malformed.

Like the form definitions, a broken profile is refused with a Chinese message naming the file and
the key, so a hand-written provincial variant fails at load, not in the middle of a check.
"""
from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.monitor import NATIONAL as NATIONAL_MONITORING, BudgetRule, Colour, MonitorRules, ProgressRule, QualitativeWords
from ..domain.scoring.profile import (
    REASON_POLICIES,
    ExecutionCap,
    Grade,
    Level1Points,
    ProfileSet,
    QualitativeBand,
    ScoringProfile,
)
import msgspec

from .reader import DefinitionError, _parse_toml, _Reader, forms_dir, read_toml_text
from . import locations


class ProfileError(DefinitionError):
    """A refused scoring profile: file, line, key and problem, in Chinese."""

    KIND = "评分方案文件"


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
        raise ProfileError(exc.source, exc.key, exc.problem, exc.line) from None


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

    monitoring = _monitoring(r) if "monitoring" in data else NATIONAL_MONITORING

    profile = ScoringProfile(
        id=profile_id, name=r.get("name", str), source=source, total=total,
        execution_points=execution_points, execution_reason_below=reason_below,
        level1=tuple(level1), decimals=decimals, reverse_zero_at=reverse_zero_at,
        overachievement_at=over_at, overachievement_reason=over_reason,
        qualitative=tuple(bands), grades=tuple(grades), caps=tuple(caps),
        applies_to=_strings(r, "applies_to"), default=r.get("default", bool, default=False),
        description=r.get("description", str, default=""), monitoring=monitoring,
    )
    r.finish()
    return profile


def _band(r: _Reader, name: str, default: Decimal | None) -> Decimal | None:
    value = _decimal(r, name, default=default)
    return value


def _monitoring(r: _Reader) -> MonitorRules:
    """[monitoring]: the warning-light thresholds (percent), national defaults for what is left out."""
    mr = r.child("monitoring", data=r.get("monitoring", dict))
    budget, higher, words = NATIONAL_MONITORING.budget, NATIONAL_MONITORING.higher, NATIONAL_MONITORING.qualitative
    if "budget" in mr.data:
        br = mr.child("budget", data=mr.get("budget", dict))
        budget = BudgetRule(red_below=_band(br, "red_below", budget.red_below),
                            green_from=_band(br, "green_from", budget.green_from))
        if budget.red_below > budget.green_from:
            br.fail("green_from", f"绿灯下限 {budget.green_from} 不应低于红灯上限 {budget.red_below}")
        br.finish()
    if "higher" in mr.data:
        hr = mr.child("higher", data=mr.get("higher", dict))
        blue = hr.get("blue_from", (int, float, str, bool), default=None)
        higher = ProgressRule(red_below=_band(hr, "red_below", higher.red_below),
                              green_from=_band(hr, "green_from", higher.green_from),
                              blue_from=None if blue is False else _band(hr, "blue_from", higher.blue_from),
                              prorate_percent=hr.get("prorate_percent", bool, default=higher.prorate_percent))
        if higher.red_below > higher.green_from:
            hr.fail("green_from", f"绿灯下限 {higher.green_from} 不应低于红灯上限 {higher.red_below}")
        if higher.blue_from is not None and higher.blue_from <= higher.green_from:
            hr.fail("blue_from", f"蓝灯下限 {higher.blue_from} 应高于绿灯下限 {higher.green_from}")
        hr.finish()
    if "qualitative" in mr.data:
        words = []
        for wr in mr.tables("qualitative"):
            name = wr.get("colour", str)
            try:
                colour = Colour(name)
            except ValueError:
                wr.fail("colour", f"应为 red、yellow、green 或 blue，实际为 {name!r}")
            phrases = _strings(wr, "phrases")
            if not phrases:
                wr.fail("phrases", "至少需要一个表述")
            wr.finish()
            words.append(QualitativeWords(colour, phrases))
        words = tuple(words)
    mr.finish()
    return MonitorRules(budget=budget, higher=higher, qualitative=words)


def profile_from_text(text: str, source: str, origin: str, data: dict | None = None) -> ScoringProfile:
    """A profile from its TOML text (a file's, or the copy a workbook keeps); a problem is
    refused naming source, line and key."""
    if data is None:
        try:
            data = _parse_toml(text, source)
        except DefinitionError as exc:
            raise ProfileError(exc.source, exc.key, exc.problem, exc.line) from None
    try:
        profile = parse_profile(data, source)
    except ProfileError as exc:
        raise exc.at_line(text) from None
    return msgspec.structs.replace(profile, text=text, origin=origin)


def load_profile_file(path: Path, origin: str = "builtin") -> ScoringProfile:
    source = f"profiles/{path.name}" if origin == "builtin" else str(path)
    try:
        text, data = read_toml_text(path, source)
    except DefinitionError as exc:
        raise ProfileError(exc.source, exc.key, exc.problem, exc.line) from None
    profile = profile_from_text(text, source, origin, data)
    if profile.id != path.stem:
        raise ProfileError(source, "id", f"标识 “{profile.id}” 应与文件名 “{path.stem}” 一致").at_line(text)
    return profile


def _conflict(profiles: list[ScoringProfile], candidate: ScoringProfile) -> str:
    """Why `candidate` cannot join `profiles` (a second default, a definition claimed twice)."""
    if candidate.default:
        other = next((p.id for p in profiles if p.default), None)
        if other:
            return f"只能有一个默认评分方案，{other} 已设 default = true"
    for definition_id in candidate.applies_to:
        other = next((p.id for p in profiles if definition_id in p.applies_to), None)
        if other:
            return f"表样 “{definition_id}” 已由评分方案 “{other}” 认领"
    return ""


def load_profiles(directory: Path | None = None) -> ProfileSet:
    directory = directory or profiles_dir()
    profiles: list[ScoringProfile] = []
    for p in [load_profile_file(p) for p in sorted(directory.glob("*.toml"))]:
        problem = _conflict(profiles, p)
        if problem:
            raise ProfileError(p.source, "default" if "default" in problem else "applies_to", problem)
        profiles.append(p)
    return ProfileSet(tuple(profiles))


def load_installed_profiles(user_directory: Path | None = None,
                            replaced: frozenset[str] = frozenset()) -> tuple[ProfileSet, list[str]]:
    """The built-in profiles (a broken one is refused) and the user's (a broken or clashing one
    is ignored, and said so in the problems returned)."""
    shipped = load_profiles()
    profiles = list(shipped.profiles)
    problems = []
    if user_directory is not None and user_directory.is_dir():
        for path in sorted(user_directory.glob("*.toml")):
            try:
                p = load_profile_file(path, "user")
            except ProfileError as exc:
                problems.append(f"用户评分方案未能读取，已忽略：{exc}")
                continue
            if p.id in shipped.ids:
                if p.id not in replaced:
                    problems.append(f"用户评分方案 {path} 的标识 “{p.id}” 与内置评分方案相同，已忽略"
                                    f"（如要替换内置评分方案，请用 perfdesk forms add --profile --replace）")
                    continue
                profiles = [x for x in profiles if x.id != p.id]
            problem = _conflict(profiles, p)
            if problem:
                problems.append(f"用户评分方案 {path} 已忽略：{problem}")
                continue
            profiles.append(p)
    return ProfileSet(tuple(profiles)), problems


_problems: list[str] = []


@functools.cache
def default_profiles() -> ProfileSet:
    """The installed profiles: forms/profiles and the user's (locations.user_profiles_dir).
    Loaded once; locations.reset_defaults() forgets them."""
    from .locations import replaced, user_profiles_dir

    profiles, problems = load_installed_profiles(user_profiles_dir(), replaced("profiles"))
    _problems[:] = problems
    return profiles


def profile_problems() -> list[str]:
    """What default_profiles() ignored among the user's files, in Chinese."""
    default_profiles()
    return list(_problems)


def reset() -> None:
    default_profiles.cache_clear()
    _problems.clear()


locations.forget_on_reset(reset)
