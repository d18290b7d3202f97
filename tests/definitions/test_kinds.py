"""The form kinds (forms/kinds/*.toml): the shipped ones say what code used to know; a broken kinds
file is refused naming the file and the key."""
from pathlib import Path

import pytest

from perfdesk.definitions.kinds import KindsError, default_kinds, kinds_dir, load_kinds
from perfdesk.definitions.loader import DefinitionError, forms_dir, load_definition_file

NATIONAL = kinds_dir() / "national.toml"


def test_the_shipped_kinds_say_which_are_per_project_and_their_id_prefixes():
    kinds = default_kinds()
    assert set(kinds.ids) == {"dept_target", "dept_plan", "project_target", "dept_self_eval", "project_self_eval",
                              "dept_monitor", "project_monitor", "self_eval_summary", "target_summary"}
    assert {k.id for k in kinds.kinds if k.per_project} == {"project_target", "project_self_eval", "project_monitor"}
    assert {k.id: k.prefix for k in kinds.kinds} == {
        "dept_target": "dept_target", "dept_plan": "dept_plan", "dept_self_eval": "dept_self_eval",
        "project_target": "project", "project_self_eval": "project_eval",
        "dept_monitor": "dept_monitor", "project_monitor": "project_monitor",
        "self_eval_summary": "self_eval_summary", "target_summary": "target_summary"}
    self_eval = kinds.get("project_self_eval")
    assert self_eval.stage == "self_eval" and self_eval.project_title == "{project_name}项目支出绩效自评表"


def test_defaults_reach_every_kind_and_a_kinds_own_entry_replaces_one_role(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text("""
[defaults]
required_level1 = ["产出"]
links = { unit = ["unit_name"], year = ["eval_year"] }
aliases = { weight = ["权重"], score = ["得分"] }

[[kinds]]
id = "a"
name = "甲"

[[kinds]]
id = "b"
name = "乙"
required_level1 = []
links = { year = ["nd"] }
aliases = { score = ["自评得分"] }
""", encoding="utf-8")
    a, b = load_kinds(tmp_path).kinds
    assert a.required_level1 == ("产出",) and b.required_level1 == ()
    assert dict(a.links) == {"unit": ("unit_name",), "year": ("eval_year",)}
    assert dict(b.links) == {"unit": ("unit_name",), "year": ("nd",)}
    assert b.alias_names("weight") == ("权重",) and b.alias_names("score") == ("自评得分",)
    assert a.source == "kinds/k.toml" and a.prefix == "a"


def _refusal(tmp_path: Path, edit, name: str = "national.toml") -> DefinitionError:
    folder = tmp_path / "kinds"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(edit(NATIONAL.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_kinds(folder)
    return info.value


@pytest.mark.parametrize("edit, key, words", [
    (lambda t: t.replace('name = "项目支出绩效目标表"\n', ""), "kinds[2].name", "缺少必填项"),
    (lambda t: t.replace("per_project = true", 'per_project = "yes"', 1), "kinds[2].per_project", "布尔值"),
    (lambda t: t.replace('id_prefix = "project"', 'id_prefix = "Project-"'), "kinds[2].id_prefix", "小写字母"),
    (lambda t: t.replace('id_prefix = "project_eval"', 'id_prefix = "project"'), "kinds[4].id_prefix", "project"),
    (lambda t: t.replace('id = "dept_plan"', 'id = "dept_target"'), "kinds[1].id", "重复"),
    (lambda t: t.replace('stage = "target"\nper_project', 'stage = "target"\nper_projekt', 1),
     "kinds[2].per_projekt", "未知的键"),
    (lambda t: t.replace("project_code = [", "projekt_code = ["), "defaults.links.projekt_code", "未知的关联项"),
    (lambda t: t.replace('year = ["eval_year"]', 'year = ["Eval Year"]'), "defaults.links.year", "字段标识"),
    (lambda t: t.replace('"产出", "效益", "满意度"]', '"产出", 3]'), "defaults.required_level1[1]", "非空文本"),
    (lambda t: t.replace('weight = ["权重"', 'weight = [1, "权重"'), "defaults.aliases.weight", "文本"),
    (lambda t: t.replace("\n[defaults]\n", '\n[defaults]\nid_prefix = "x"\n'), "defaults.id_prefix", "不能作为默认值"),
    (lambda t: t[:t.index("[[kinds]]")], "kinds", "缺少必填项"),
])
def test_a_broken_kinds_file_is_refused_naming_file_and_key(tmp_path, edit, key, words):
    err = _refusal(tmp_path, edit)
    assert err.source == "kinds/national.toml" and err.key == key, str(err)
    assert str(err).startswith("表类型文件有误：kinds/national.toml，键 “" + key + "”：") and words in str(err)


def test_bad_toml_is_refused_naming_the_file(tmp_path):
    err = _refusal(tmp_path, lambda t: t + "\n[[kinds]\n")
    assert isinstance(err, KindsError) and err.source == "kinds/national.toml" and "TOML 语法错误" in str(err)


def test_a_kind_defined_in_two_files_is_refused(tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "province.toml").write_text('[[kinds]]\nid = "dept_target"\nname = "部门整体"\n', encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_kinds(kinds_dir(), folder)
    assert info.value.source == "kinds/province.toml" and info.value.key == "kinds[0].id"
    assert "kinds/national.toml" in str(info.value)


def _definition(tmp_path: Path, edit) -> Path:
    text = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    path = tmp_path / "shenzhen_project_self_eval.toml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_a_definitions_own_links_replace_its_kinds_for_that_role(tmp_path):
    path = _definition(tmp_path, lambda t: t.replace("[print]", '[links]\nunit = "parent_unit"\n\n[print]'))
    d = load_definition_file(path)
    assert d.kind_info.link_fields("unit") == ("parent_unit",)
    assert d.kind_info.link_fields("year") == ("eval_year",)       # the kind's, untouched
    assert default_kinds().get("project_self_eval").link_fields("unit") == ("unit_name", "implementing_unit")


@pytest.mark.parametrize("links, key, words", [
    ('unit = "nowhere"', "links.unit", "nowhere"),
    ('leader = "project_name"', "links.leader", "未知的关联项"),
    ("unit = 3", "links.unit", "文本"),
])
def test_a_definitions_bad_links_are_refused(tmp_path, links, key, words):
    path = _definition(tmp_path, lambda t: t.replace("[print]", f"[links]\n{links}\n\n[print]"))
    with pytest.raises(DefinitionError) as info:
        load_definition_file(path)
    assert info.value.key == key and words in str(info.value), str(info.value)
