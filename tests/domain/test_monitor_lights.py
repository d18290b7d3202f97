"""Warning lights of the monitoring forms (DOMAIN.md §7): every rule at and around each threshold,
the thresholds read from the profile, and a light only where the values say something."""
from decimal import Decimal

import pytest

from perfdesk.definitions.profiles import ProfileError, default_profiles, parse_profile
from perfdesk.domain.monitor import (
    NATIONAL, Colour, MonitorRules, ProgressRule, budget_light, indicator_light,
)
from perfdesk.domain.values import IndicatorValue

V = IndicatorValue.parse
R, Y, G, B = Colour.RED, Colour.YELLOW, Colour.GREEN, Colour.BLUE


@pytest.mark.parametrize("spent, colour", [
    ("0", R), ("29.99", R), ("30", Y), ("39.99", Y), ("40", G), ("50", G), ("75", G), ("100", G),
])
def test_budget_execution_against_elapsed_time(spent, colour):
    # month 6 of 12: 50 % of the year; 30 of 100 spent is 60 % of time progress (yellow from there)
    light = budget_light(Decimal(spent), Decimal(100), 6)
    assert light.colour is colour
    assert "时间进度 50%" in light.reason and colour.label in light.reason


def test_budget_light_uses_the_month_and_says_the_numbers():
    light = budget_light(Decimal("28"), Decimal("60"), 7)      # 46.67 % against 58.33 %: 80 % exactly
    assert light.colour is G
    assert "46.67%" in light.reason and "58.33%" in light.reason and "80%" in light.reason


@pytest.mark.parametrize("spent, budget, month", [(None, "100", 6), ("10", "0", 6), ("10", None, 6), ("10", "100", None)])
def test_no_budget_light_without_the_figures(spent, budget, month):
    d = lambda x: None if x is None else Decimal(x)
    assert budget_light(d(spent), d(budget), month) is None


@pytest.mark.parametrize("actual, colour", [
    # ≥120个 by month 6: 60个 due; 60 % of that is 36, 80 % is 48, 120 % is 72
    ("35.9个", R), ("36个", Y), ("47.9个", Y), ("48个", G), ("60个", G), ("71.9个", G), ("72个", B), ("130个", B),
])
def test_higher_is_better_progress_against_the_share_due(actual, colour):
    found = indicator_light(V("≥120个"), V(actual), 6)
    assert found[0] is colour and colour.label in found[1] and "正向指标" in found[1]


@pytest.mark.parametrize("actual, colour", [
    # a rate is compared with the whole target (prorate_percent = false): 95 % × 60 % = 57
    ("56.9%", R), ("57%", Y), ("75.9%", Y), ("76%", G), ("95%", G), ("100%", G),
])
def test_a_rate_is_compared_with_the_whole_target(actual, colour):
    found = indicator_light(V("≥95%"), V(actual), 6)
    assert found[0] is colour and "按全年目标" in found[1]


def test_a_rate_prorated_when_the_profile_says_so():
    rules = MonitorRules(higher=ProgressRule(prorate_percent=True))
    assert indicator_light(V("≥95%"), V("57%"), 6, rules)[0] is B        # 57 / 47.5 = 120 %
    assert indicator_light(V("≥95%"), V("57%"), 6)[0] is Y


@pytest.mark.parametrize("target, actual, colour", [
    ("≤100万元", "60万元", G), ("≤100万元", "100万元", G), ("≤100万元", "100.01万元", R),
    ("<100万元", "99.99万元", G), ("<100万元", "100万元", R), ("≤5%", "6%", R),
])
def test_lower_is_better_green_within_the_target_else_red(target, actual, colour):
    found = indicator_light(V(target), V(actual), 6)
    assert found[0] is colour and "反向指标" in found[1]


@pytest.mark.parametrize("actual, colour", [
    ("达成", G), ("达成年度指标", G), ("部分达成", Y), ("未达成", R), ("已完成", G), ("未完成", R),
    ("部分完成", Y), ("按进度推进", G), ("进度滞后", Y),
])
def test_qualitative_progress_by_its_words(actual, colour):
    found = indicator_light(V("健全"), V(actual), 6)
    assert found[0] is colour and "定性指标" in found[1]


@pytest.mark.parametrize("target, actual, month", [
    ("≥20个", "", 6), ("≥20个", "8公里", 6), ("≥20个", "8个", None), ("健全", "情况良好", 6), (None, "8个", 6),
    ("2025年12月前", "2025年6月", 6),
])
def test_no_light_where_the_values_say_nothing_comparable(target, actual, month):
    assert indicator_light(V(target) if target else None, V(actual), month) is None


def test_the_national_profile_carries_the_national_thresholds():
    assert default_profiles().get("national").monitoring == NATIONAL
    assert NATIONAL.budget.red_below == 60 and NATIONAL.budget.green_from == 80
    assert NATIONAL.higher.blue_from == 120


def _profile(monitoring: dict) -> dict:
    return {"id": "p", "name": "p", "monitoring": monitoring}


def test_a_province_changes_the_thresholds_in_its_profile():
    profile = parse_profile(_profile({"budget": {"red_below": 50, "green_from": 70},
                                      "higher": {"blue_from": False},
                                      "qualitative": [{"colour": "green", "phrases": ["好"]}]}), "p.toml")
    rules = profile.monitoring
    assert budget_light(Decimal("25"), Decimal(100), 6, rules).colour is Y     # 50 %: yellow here
    assert budget_light(Decimal("35"), Decimal(100), 6, rules).colour is G     # 70 %
    assert indicator_light(V("≥120个"), V("130个"), 6, rules)[0] is G          # no blue light
    assert indicator_light(V("健全"), V("未达成"), 6, rules) is None           # only its own words
    assert rules.higher.green_from == 80                                        # the rest national


@pytest.mark.parametrize("monitoring, key", [
    ({"budget": {"red_below": 90, "green_from": 80}}, "green_from"),
    ({"higher": {"blue_from": 70}}, "blue_from"),
    ({"qualitative": [{"colour": "purple", "phrases": ["好"]}]}, "colour"),
    ({"budget": {"red": 50}}, "red"),
])
def test_bad_thresholds_are_refused_naming_the_key(monitoring, key):
    with pytest.raises(ProfileError) as info:
        parse_profile(_profile(monitoring), "p.toml")
    assert key in info.value.key
