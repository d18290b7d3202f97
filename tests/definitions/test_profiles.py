"""Scoring profiles: the shipped ones load as typed data; broken files are refused naming file and key."""
from decimal import Decimal
from pathlib import Path

import pytest

from perfdesk.definitions.loader import DefinitionError
from perfdesk.definitions.profiles import ProfileError, load_profile_file, load_profiles, profiles_dir

NATIONAL = profiles_dir() / "national.toml"


def test_shipped_profiles_national_and_a_regional_variant():
    ps = load_profiles()
    assert {"national", "guangxi"} <= set(ps.ids)
    national = ps.get("national")
    assert national.execution_points == 10 and national.total == 100
    assert [(lp.name, lp.points) for lp in national.level1] == [
        ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert national.points_for("产出") == 50                     # alias
    assert [g.name for g in national.grades] == ["优", "良", "中", "差"]
    assert [(b.low, b.high) for b in national.qualitative] == [(80, 100), (60, 80), (0, 60)]
    guangxi = ps.get("guangxi")
    assert guangxi.execution_points == 10 and guangxi.level1 == ()   # 10 + 90, split freely
    assert guangxi.overachievement_at == 130 and guangxi.overachievement_reason == "required"
    assert guangxi.cap_for(Decimal("75")).max_total == 89
    assert guangxi.cap_for(Decimal("45")).max_total == 59 and guangxi.cap_for(Decimal("95")) is None


def test_profiles_are_chosen_by_definition_with_a_default():
    ps = load_profiles()
    assert ps.for_definition("shenzhen_project_self_eval").id == "national"
    assert ps.for_definition("some_future_self_eval").id == "national"


def _broken(tmp_path: Path, edit, name="national.toml") -> Path:
    path = tmp_path / name
    path.write_text(edit(NATIONAL.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _refusal(path: Path) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    assert isinstance(info.value, DefinitionError)       # the CLI and GUI already handle these
    assert str(info.value).startswith("评分方案文件有误：")
    return info.value


def test_syntax_error_names_the_file(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t + "\n[[grades]\n"))
    assert err.source == "profiles/national.toml" and "TOML 语法错误" in str(err)


def test_wrong_type_names_the_key(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace("points = 50", 'points = "五十"')))
    assert err.key == "level1[0].points" and "五十" in str(err)


def test_misspelt_key_is_refused(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace("reverse_zero_at = 2", "reverse_zero = 2")))
    assert err.key == "quantitative.reverse_zero" and "未知的键" in str(err)


def test_points_must_add_up_to_the_total(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace("points = 30", "points = 35")))
    assert err.key == "level1" and "105" in str(err)


def test_bad_band_and_bad_policy(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace("low = 60\nhigh = 80", "low = 90\nhigh = 80")))
    assert err.key == "qualitative[1].high"
    err = _refusal(_broken(tmp_path, lambda t: t.replace('reason = "recommended"', 'reason = "maybe"')))
    assert err.key == "overachievement.reason"


def test_grades_need_a_bottom_band_and_id_must_match_the_file(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('min = 0\n', 'min = 40\n')))
    assert err.key == "grades" and "下限应为 0" in str(err)
    err = _refusal(_broken(tmp_path, lambda t: t, name="sichuan.toml"))
    assert err.key == "id" and "sichuan" in str(err)


def test_two_profiles_may_not_claim_one_definition(tmp_path):
    (tmp_path / "national.toml").write_text(NATIONAL.read_text(encoding="utf-8"), encoding="utf-8")
    other = NATIONAL.read_text(encoding="utf-8").replace('id = "national"', 'id = "other"').replace(
        "default = true", "default = false")
    (tmp_path / "other.toml").write_text(other, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profiles(tmp_path)
    assert info.value.key == "applies_to" and "shenzhen_project_self_eval" in str(info.value)
