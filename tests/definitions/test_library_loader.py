"""The shipped indicator library loads, keeps to the seeds' rules, and broken library files are
refused naming the file and the key."""
from collections import Counter
from pathlib import Path

import pytest

from perfdesk.definitions.library import (
    LibraryFileError,
    default_library,
    library_dir,
    load_library_directory,
    load_library_file,
)
from perfdesk.definitions.loader import default_registry
from perfdesk.domain.library import accepts, check_value
from perfdesk.domain.values import Kind, parse_value


# ---------------------------------------------------------------------- the shipped files

def test_shipped_library_loads_with_both_scopes():
    library = default_library()
    assert 60 <= len(library) <= 100
    assert sorted(p.name for p in library_dir().glob("*.toml")) == ["project.toml", "unit_wide.toml"]
    assert len({e.key for e in library}) == len(library)
    assert all(e.source == "shipped" for e in library)
    scopes = Counter(e.definitions for e in library)
    assert scopes[("hebei_project_target", "shenzhen_project_self_eval")] >= 40
    assert scopes[("jiangsu_dept_target",)] >= 30
    assert scopes[("jiangsu_dept_self_eval",)] >= 10


def test_the_common_indicators_of_the_seeds_are_there():
    library = default_library()
    by_name = {(e.level1, e.name): e for e in library}
    # seeds 000 and 003: every 决策 and 过程 row both print
    for level1, name in [("决策", "中长期规划制定健全性"), ("决策", "预算编制规范性"), ("过程", "“三公经费”变动率"),
                         ("过程", "非税收入预算完成率"), ("过程", "预决算信息公开度"), ("过程", "固定资产利用率"),
                         ("过程", "在职人员控制率"), ("过程", "纪检监察工作有效性")]:
        assert (level1, name) in by_name
    assert by_name[("过程", "预算执行率")].column_values == (("half_value", "=40%"),)
    # seeds 001 and 004: the project indicators named in the issue
    for name in ["按项目计划完成工作", "项目控制预算数", "群众满意度", "服务对象满意度", "资金支付及时率"]:
        assert any(e.name == name and e.definitions[0] == "hebei_project_target" for e in library), name
    assert by_name[("产出指标", "按项目计划完成工作")].description == "按照工作要求按时完成预定计划。"


def test_every_shipped_entry_is_usable_in_the_forms_it_names():
    registry = default_registry()
    for e in default_library():
        assert e.description.strip(), e.name
        assert len(e.name) <= 100 and e.name == e.name.strip()
        for definition_id in e.definitions:
            assert accepts(registry[definition_id], e.level1, e.level2), (e.name, definition_id)
        for text in [e.value] + [v for _, v in e.column_values]:
            if text:
                assert check_value(text) is None, (e.name, text)
                value = parse_value(text.replace("{year}", "2024"))
                assert value.kind is not Kind.PLACEHOLDER
                if e.level2 == "成本指标" and value.kind is Kind.QUANTITATIVE:
                    assert value.op.lower_is_better, e.name
                if e.name.endswith("率") and value.kind is Kind.QUANTITATIVE:
                    assert value.unit == "%", e.name       # seed 001 gave a rate "7人"


# ------------------------------------------------------------------------------- refusals

GOOD = '''scope = "sample"
name = "测试指标库"
definitions = ["hebei_project_target"]

[[categories]]
level1 = "产出指标"
level2 = "时效指标"

[[categories.indicators]]
name = "按项目计划完成工作"
description = "按照工作要求按时完成预定计划。"
value = "100%"
'''


def _write(tmp_path: Path, text: str, name: str = "sample.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(tmp_path: Path, text: str, name: str = "sample.toml") -> LibraryFileError:
    with pytest.raises(LibraryFileError) as info:
        load_library_file(_write(tmp_path, text, name))
    error = info.value
    assert error.source == f"library/{name}"
    assert str(error).startswith(f"指标库文件有误：library/{name}")
    return error


def test_a_good_file_loads(tmp_path):
    (entry,) = load_library_file(_write(tmp_path, GOOD))
    assert entry.key == ("产出指标", "时效指标", "按项目计划完成工作")
    assert entry.definitions == ("hebei_project_target",) and entry.value == "100%"


def test_refuses_toml_syntax_errors_and_wrong_scope(tmp_path):
    assert "TOML 语法错误" in _refusal(tmp_path, GOOD + "name = \n").problem
    error = _refusal(tmp_path, GOOD, name="other.toml")
    assert error.key == "scope" and "other" in error.problem


def test_refuses_a_misspelt_key_naming_its_path(tmp_path):
    error = _refusal(tmp_path, GOOD.replace('value = "100%"', 'valeu = "100%"'))
    assert error.key == "categories[0].indicators[0].valeu"
    assert "未知的键" in error.problem


def test_refuses_missing_or_empty_description(tmp_path):
    error = _refusal(tmp_path, GOOD.replace('description = "按照工作要求按时完成预定计划。"\n', ""))
    assert error.key == "categories[0].indicators[0].description" and "缺少" in error.problem
    error = _refusal(tmp_path, GOOD.replace('"按照工作要求按时完成预定计划。"', '""'))
    assert error.key == "categories[0].indicators[0].description"


def test_refuses_placeholders_and_values_that_do_not_parse(tmp_path):
    error = _refusal(tmp_path, GOOD.replace('"100%"', '"是/否"'))
    assert error.key == "categories[0].indicators[0].value" and "占位符" in error.problem
    assert "缺少度量单位" in _refusal(tmp_path, GOOD.replace('"100%"', '"88"')).problem
    assert "不是可识别" in _refusal(tmp_path, GOOD.replace('"100%"', '"≥ 9x9%"')).problem
    assert "{year}" in _refusal(tmp_path, GOOD.replace('"100%"', '"{year}个"')).problem
    assert _refusal(tmp_path, GOOD.replace('"100%"', '"100"')).key.endswith("value")


def test_refuses_a_cost_that_is_not_an_upper_limit(tmp_path):
    text = GOOD.replace('level2 = "时效指标"', 'level2 = "成本指标"').replace('"100%"', '"4000元/宗"')
    error = _refusal(tmp_path, text)
    assert error.key == "categories[0].indicators[0].value" and "≤4000元/宗" in error.problem
    assert load_library_file(_write(tmp_path, text.replace('"4000元/宗"', '"≤4000元/宗"')))


def test_refuses_categories_the_forms_do_not_have(tmp_path):
    error = _refusal(tmp_path, GOOD.replace('level2 = "时效指标"', 'level2 = "时间指标"'))
    assert error.key == "categories[0].level2"
    assert "hebei_project_target" in error.problem and "时效指标" in error.problem
    error = _refusal(tmp_path, GOOD.replace('level1 = "产出指标"', 'level1 = "决策"'))
    assert error.key == "categories[0].level1"
    error = _refusal(tmp_path, GOOD.replace('["hebei_project_target"]', '["jiangsu_dept_target"]'))
    assert error.key == "categories[0].level1"


def test_refuses_unknown_definitions(tmp_path):
    error = _refusal(tmp_path, GOOD.replace('"hebei_project_target"', '"hebei_project"'))
    assert error.key == "definitions" and "hebei_project" in error.problem
    error = _refusal(tmp_path, GOOD.replace('["hebei_project_target"]', '["hebei_dept_plan"]'))
    assert "没有绩效指标表" in error.problem
    error = _refusal(tmp_path, GOOD.replace('["hebei_project_target"]', "[]"))
    assert error.key == "definitions"


def test_refuses_duplicates_and_bad_names(tmp_path):
    twice = GOOD + GOOD[GOOD.index("[[categories.indicators]]"):]
    error = _refusal(tmp_path, twice)
    assert error.key == "categories[0].indicators[1].name" and "重复" in error.problem
    error = _refusal(tmp_path, GOOD.replace('name = "按项目计划完成工作"', 'name = " 按项目计划完成工作"'))
    assert error.key == "categories[0].indicators[0].name"
    error = _refusal(tmp_path, GOOD.replace('name = "按项目计划完成工作"', f'name = "{"长" * 101}"'))
    assert "100" in error.problem


def test_refuses_values_for_columns_the_forms_lack(tmp_path):
    text = GOOD.replace('value = "100%"', 'value = "100%"\nvalues = { half_value = "=40%" }')
    error = _refusal(tmp_path, text)
    assert error.key == "categories[0].indicators[0].values.half_value"
    assert "target_value" in error.problem


def test_refuses_wrong_types(tmp_path):
    error = _refusal(tmp_path, GOOD.replace('value = "100%"', "value = 100"))
    assert error.key == "categories[0].indicators[0].value" and "文本" in error.problem


def test_refuses_the_same_entry_in_two_files(tmp_path):
    _write(tmp_path, GOOD)
    _write(tmp_path, GOOD.replace('scope = "sample"', 'scope = "second"'), "second.toml")
    with pytest.raises(LibraryFileError) as info:
        load_library_directory(tmp_path)
    assert info.value.source == "library/second.toml" and "library/sample.toml" in info.value.problem
