"""The tree's shape: categories, 产出/效益/满意度 with indicators, names, duplicates, project refs."""
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.places import IndicatorPlace, IndicatorsPlace, ListPlace
from perfdesk.domain.values import IndicatorValue
from tests.domain.checks.helpers import node, of, run, sample

SZ = "shenzhen-guangming-2024"


def structure(findings):
    return [f for f in findings if f.code.startswith("structure.")]


def test_jiangsu_samples_have_a_clean_structure():
    # 苏州's 履职 repeats 商务执法辅助 and 商务领域监管服务 with different 重点工作: not duplicates
    assert structure(run(sample("suzhou-2024"))) == []
    assert structure(run(sample("nantong-2024"))) == []


def test_unknown_level1():
    form = sample("nantong-2024")
    form.indicators[1].name = "管理"
    (f,) = of(run(form), "structure.level1")
    assert f.place == IndicatorPlace((1,)) and "决策、过程、履职" in f.message


def test_level2_must_belong_to_its_level1():
    form = sample("hebei-2022", "project_01")
    assert of(run(form), "structure.level2") == []
    node(form, "效益指标", "经济效益指标").name = "质量指标"
    (f,) = of(run(form), "structure.level2")
    assert f.place == IndicatorPlace((1, 0)) and "“质量指标”不属于“效益指标”" in f.message


def test_a_fixed_level2_split_in_two_groups_is_a_hint():
    (f,) = of(run(sample("hebei-2022", "project_07")), "structure.level2_split")
    assert f.severity.value == "提示" and f.place == IndicatorPlace((0, 4))
    assert of(run(sample("hebei-2022", "project_01")), "structure.level2_split") == []


def test_lvzhi_duplicate_only_when_the_work_repeats_too():
    form = sample("suzhou-2024")
    lvzhi = node(form, "履职")
    assert lvzhi.children[1].name == lvzhi.children[2].name          # 商务执法辅助 twice: fine
    assert of(run(form), "structure.duplicate") == []
    lvzhi.children[2].cells["key_work"] = lvzhi.children[1].cells["key_work"]
    (f,) = of(run(form), "structure.duplicate")
    assert f.place == IndicatorPlace((2, 2)) and "第 2 行" in f.message and f.severity.value == "警告"


def test_duplicate_level3_names():
    form = sample("hebei-2022", "project_01")
    quantity = node(form, "产出指标", "数量指标")
    quantity.children.append(IndicatorNode("管理车辆数（辆）", {"target_value": IndicatorValue.parse("17辆")}))
    (f,) = of(run(form), "structure.duplicate")
    assert f.severity.value == "警告" and f.place == IndicatorPlace((0, 1, 1))
    quantity.children.pop()
    node(form, "效益指标", "经济效益指标").children[0].name = "管理车辆数（辆）"
    (f,) = of(run(form), "structure.duplicate")
    assert f.severity.value == "提示" and "产出指标 › 数量指标" in f.message


def test_output_benefit_satisfaction_each_need_a_named_indicator():
    # 深圳 scores 满意度 10 points on a level-2 with no indicator under it
    (f,) = of(run(sample(SZ)), "structure.missing")
    assert f.place == IndicatorPlace((2,)) and "10 分" in f.message and f.severity.value == "警告"
    form = sample("hebei-2022", "project_01")
    assert of(run(form), "structure.missing") == []
    del form.indicators[2]
    (f,) = of(run(form), "structure.missing")
    assert f.place == IndicatorsPlace() and "满意度指标" in f.message
    # 如皋 has 效益 and 满意度 as level-2 categories
    assert of(run(sample("rugao-2023")), "structure.missing") == []


def test_empty_names():
    form = sample("hebei-2022", "project_01")
    rate = node(form, "产出指标", "质量指标").children[0]
    rate.name = ""
    (f,) = of(run(form), "structure.empty_name")
    assert f.severity.value == "错误" and f.place == IndicatorPlace((0, 0, 0))
    rate.cells.clear()
    (f,) = of(run(form), "structure.empty_name")
    assert f.severity.value == "提示" and "空的" in f.message


def test_name_format():
    form = sample("hebei-2022", "project_01")
    rate = node(form, "产出指标", "质量指标").children[0]
    assert of(run(form), "structure.name_format") == []
    rate.name = "公车保险缴纳率 "
    assert len(of(run(form), "structure.name_format")) == 1
    rate.name = "长" * 101
    (f,) = of(run(form), "structure.name_format")
    assert "101" in f.message


def test_project_reference_must_name_a_project_line():
    form = sample("nantong-2024")
    first = node(form, "履职").children[0]
    first.cells["project"] = "网络及广告监测经费"
    assert of(run(form), "structure.project_ref") == []
    first.cells["project"] = "不存在的项目"
    (f,) = of(run(form), "structure.project_ref")
    assert f.place == IndicatorPlace((2, 0), "project") and "网络及广告监测经费" in f.message


def test_duplicate_list_items():
    form = sample("hebei-2022", "dept_plan")
    assert of(run(form), "structure.duplicate") == []
    form.lists["sub_goals"][3]["name"] = form.lists["sub_goals"][0]["name"]
    (f,) = of(run(form), "structure.duplicate")
    assert f.place == ListPlace("sub_goals", 3, "name")
