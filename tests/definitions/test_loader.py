"""The definition loader: the shipped forms load; broken files are refused naming file and key."""
import tomllib
from pathlib import Path

import pytest

from perfdesk.definitions.loader import DefinitionError, Registry, forms_dir, load_definition_file, parse_definition
from perfdesk.definitions.kinds import default_kinds

JIANGSU = forms_dir() / "jiangsu_dept_target.toml"


def test_all_shipped_forms_load_and_cover_every_kind():
    registry = Registry.from_directory(forms_dir())
    definitions = list(registry)
    assert len(definitions) == len(list(forms_dir().glob("*.toml")))
    summaries = list(Registry.from_directory(forms_dir() / "summaries"))     # the 汇总表 kinds' definitions
    assert {d.kind for d in definitions} | {d.kind for d in summaries} == set(default_kinds().ids)


def test_jiangsu_definition_carries_the_performance_branch_columns():
    d = load_definition_file(JIANGSU)
    lvzhi = d.indicators.branch("履职")
    assert lvzhi.level2_free
    assert [c.label for c in lvzhi.level2_columns] == ["重点工作", "对应项目"]
    assert d.indicators.branch("决策").level2 == ("计划制定", "目标设定", "预算编制")
    income = d.funds_table("income")
    assert income.row("total").sum == ("fiscal_subtotal", "social_security", "carryover", "other")
    assert d.funds_table("expense").row("project").sum_lines


def _broken(tmp_path: Path, edit, name="jiangsu_dept_target.toml") -> Path:
    text = JIANGSU.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(edit(text), encoding="utf-8")
    return path


def _refusal(path: Path) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        load_definition_file(path)
    return info.value


def test_toml_syntax_error_names_the_file(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t + "\n[[fields]\n"))
    assert err.source == "jiangsu_dept_target.toml"
    assert "TOML 语法错误" in str(err)


def test_missing_required_key(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('kind = "dept_target"\n', "")))
    assert err.key == "kind" and "缺少必填项" in str(err)


def test_unknown_kind(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('kind = "dept_target"', 'kind = "budget"')))
    assert err.key == "kind" and "budget" in str(err)


def test_misspelt_key_is_refused_not_ignored(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('required = true\n', 'requird = true\n', 1)))
    assert err.key == "fields[0].requird"
    assert "未知的键" in str(err)


def test_wrong_type(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace("decimals = 2", 'decimals = "two"')))
    assert err.key == "print.decimals" and "整数" in str(err)


def test_sum_of_a_row_that_does_not_exist(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('"carryover", "other"] }', '"carryover", "others"] }')))
    assert err.key == "funds[0].rows[0].sum" and "others" in str(err)


def test_sum_cycle(tmp_path):
    edit = lambda t: t.replace('{ id = "general_budget", label = "一般公共预算资金", indent = 1 }',
                               '{ id = "general_budget", label = "一般公共预算资金", sum = ["fiscal_subtotal"] }')
    err = _refusal(_broken(tmp_path, edit))
    assert "成环" in str(err)


def test_relation_referring_to_a_missing_column(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('columns = ["annual"]', 'columns = ["yearly"]')))
    assert err.key == "relations[0].columns" and "yearly" in str(err)


def test_unknown_column_type(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('type = "project_ref"', 'type = "link"')))
    assert err.key == "indicators.level1[2].level2_columns[1].type"


def test_level1_without_categories(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('level2 = ["服务对象满意度"]', "")))
    assert err.key == "indicators.level1[4].level2"


def test_layout_naming_something_the_form_lacks(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('"annual_goal", "indicators"]',
                                                         '"annual_goal", "indicator"]')))
    assert err.key == "print.layout" and "indicator" in str(err)


def test_duplicate_ids(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t.replace('id = "organisation"', 'id = "functions"')))
    assert "重复" in str(err)


def test_id_must_match_file_name(tmp_path):
    err = _refusal(_broken(tmp_path, lambda t: t, name="zhejiang_dept_target.toml"))
    assert err.key == "id"


def test_a_provincial_variant_is_a_new_file_not_new_code(tmp_path):
    # A variant with one more level-2 category and one fewer field loads from data alone.
    text = JIANGSU.read_text(encoding="utf-8").replace('id = "jiangsu_dept_target"', 'id = "anhui_dept_target"')
    text = text.replace('["计划制定", "目标设定", "预算编制"]', '["计划制定", "目标设定", "预算编制", "决策程序"]')
    (tmp_path / "anhui_dept_target.toml").write_text(text, encoding="utf-8")
    registry = Registry.from_directory(tmp_path)
    assert "决策程序" in registry["anhui_dept_target"].indicators.branch("决策").level2


def test_parse_refuses_non_table_root():
    with pytest.raises(DefinitionError):
        parse_definition(["not", "a", "table"], "x.toml")  # type: ignore[arg-type]


def test_shipped_files_are_valid_toml_with_ids_matching_names():
    for path in forms_dir().glob("*.toml"):
        assert tomllib.loads(path.read_text(encoding="utf-8"))["id"] == path.stem


def test_a_registry_reads_a_file_when_its_definition_is_first_asked_for(tmp_path):
    for name in ("jiangsu_dept_target", "hebei_project_target"):
        (tmp_path / f"{name}.toml").write_text((forms_dir() / f"{name}.toml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    (tmp_path / "broken_form.toml").write_text("id = \n", encoding="utf-8")
    registry = Registry.from_directory(tmp_path)            # nothing is read yet, the broken file neither
    assert "broken_form" in registry and "jiangsu_dept_target" in registry and "nowhere" not in registry
    assert registry["jiangsu_dept_target"].kind == "dept_target"
    assert registry["jiangsu_dept_target"] is registry["jiangsu_dept_target"]
    with pytest.raises(KeyError):
        registry["nowhere"]
    with pytest.raises(DefinitionError) as info:
        registry["broken_form"]
    assert info.value.source == "broken_form.toml"
    with pytest.raises(DefinitionError):
        list(registry)                                       # all of them: the broken one is refused


def test_the_program_reads_only_the_definitions_a_workbook_uses(tmp_path):
    import subprocess
    import sys

    code = ("from perfdesk.samples import load_sample\n"
            "from perfdesk.store.workbook_file import read_workbook, write_workbook\n"
            "from perfdesk.definitions import loader\n"
            "import sys\n"
            f"write_workbook(sys.argv[1], load_sample('shenzhen-guangming-2024'))\n"
            "loader.default_registry.cache_clear()\n"
            "read = []\n"
            "original = loader.load_definition_file\n"
            "loader.load_definition_file = lambda p, *a: read.append(p.stem) or original(p, *a)\n"
            "read_workbook(sys.argv[1])\n"
            "print(sorted(read))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.perfdesk")], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "['shenzhen_project_self_eval']"
