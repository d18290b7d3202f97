"""A scoring profile (评分方案): weights and scoring rules of a self-evaluation, as data.

The national rule (财预〔2020〕10号) and provincial variants differ in the points of 预算执行率 and
of each level-1 branch, in how over-achievement is treated and in the grade bands, so these are a
profile loaded from forms/profiles/, never code.
"""
from __future__ import annotations

from decimal import Decimal

import msgspec

from ..monitor import NATIONAL as NATIONAL_MONITORING, MonitorRules

REASON_POLICIES = ("none", "recommended", "required")


class Level1Points(msgspec.Struct, frozen=True):
    """The points of a level-1 branch (产出指标 50); aliases match other spellings (产出)."""

    name: str
    points: Decimal
    aliases: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        return name.strip() in (self.name,) + self.aliases


class QualitativeBand(msgspec.Struct, frozen=True):
    """One of the three qualitative outcomes and the share of the weight its score must lie in."""

    label: str                    # 达成年度指标
    phrases: tuple[str, ...]      # what the actual may say
    low: Decimal                  # percent of the weight
    high: Decimal
    matches_target: bool = False  # an actual that repeats the target text (健全 / 健全) is this band


class Grade(msgspec.Struct, frozen=True):
    name: str                     # 优
    min: Decimal                  # lowest total for this grade
    aliases: tuple[str, ...] = () # 优秀

    def matches(self, text: str) -> bool:
        return text.strip() in (self.name,) + self.aliases


class ExecutionCap(msgspec.Struct, frozen=True):
    """Below this 执行率 (percent) the total may be at most max_total."""

    below: Decimal
    max_total: Decimal


class ScoringProfile(msgspec.Struct, frozen=True):
    id: str
    name: str
    source: str                                   # the file it was loaded from, for messages
    total: Decimal = Decimal(100)
    execution_points: Decimal | None = Decimal(10)
    execution_reason_below: Decimal | None = None  # a reason is needed below this 执行率 (percent)
    level1: tuple[Level1Points, ...] = ()
    decimals: int = 2
    reverse_zero_at: Decimal = Decimal(2)         # a ≤ indicator scores 0 at this multiple of its target
    overachievement_at: Decimal | None = None     # percent of target from which the excess is explained
    overachievement_reason: str = "recommended"   # one of REASON_POLICIES
    qualitative: tuple[QualitativeBand, ...] = ()
    grades: tuple[Grade, ...] = ()
    caps: tuple[ExecutionCap, ...] = ()
    applies_to: tuple[str, ...] = ()              # form definition ids that use it by default
    default: bool = False                         # used where no profile claims a definition
    description: str = ""
    text: str = ""                                # the TOML text it was parsed from
    origin: str = "builtin"                       # "builtin", "user" or "workbook"
    monitoring: MonitorRules = NATIONAL_MONITORING  # warning-light thresholds of monitoring forms

    def points_for(self, level1_name: str) -> Decimal | None:
        for lp in self.level1:
            if lp.matches(level1_name):
                return lp.points
        return None

    def grade_for(self, total: Decimal) -> Grade | None:
        for g in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= g.min:
                return g
        return None

    def grade_named(self, text: str) -> Grade | None:
        return next((g for g in self.grades if g.matches(text)), None)

    def cap_for(self, rate: Decimal | None) -> ExecutionCap | None:
        """The strictest cap that applies to an execution rate (percent)."""
        if rate is None:
            return None
        applying = [c for c in self.caps if rate < c.below]
        return min(applying, key=lambda c: c.max_total) if applying else None


class ProfileSet(msgspec.Struct, frozen=True):
    """The profiles available, and which applies to a form definition."""

    profiles: tuple[ScoringProfile, ...] = msgspec.field(default_factory=tuple)

    def get(self, profile_id: str) -> ScoringProfile:
        for p in self.profiles:
            if p.id == profile_id:
                return p
        raise KeyError(profile_id)

    def for_definition(self, definition_id: str) -> ScoringProfile | None:
        for p in self.profiles:
            if definition_id in p.applies_to:
                return p
        return next((p for p in self.profiles if p.default), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.profiles)
