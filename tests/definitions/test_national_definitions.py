"""The national layouts (DOMAIN.md §7) as definitions in forms/: they load, and say what the
national documents say (财预〔2020〕10号 附1, 财预〔2015〕88号 附1 and 附2)."""
import pytest

from perfdesk.definitions.loader import default_registry, forms_dir

NATIONAL = {
    "national_project_self_eval": "project_self_eval",
    "national_project_target": "project_target",
    "national_dept_target": "dept_target",
    "national_dept_self_eval": "dept_self_eval",
}


@pytest.mark.parametrize("definition_id,kind", sorted(NATIONAL.items()))
def test_every_national_definition_loads(definition_id, kind):
    d = default_registry()[definition_id]
    assert d.kind == kind and d.indicators is not None
    assert [b.name for b in d.indicators.level1] == ["产出指标", "效益指标", "满意度指标"]
    assert d.print.subtitle == "（{year}年度）"


@pytest.mark.parametrize("definition_id", sorted(NATIONAL))
def test_each_header_names_where_its_layout_comes_from(definition_id):
    text = (forms_dir() / f"{definition_id}.toml").read_text(encoding="utf-8")
    header = text.split("\nid = ", 1)[0]
    assert "财预〔20" in header and "号" in header


def test_project_self_eval_is_the_2020_10_table():
    d = default_registry()["national_project_self_eval"]
    assert [f.label for f in d.fields] == ["项目名称", "主管部门", "实施单位"]   # no codes
    funds = d.funds_table("funds")
    assert funds.unit == "万元"
    assert [c.label for c in funds.columns] == ["年初预算数", "全年预算数（A）", "全年执行数（B）"]
    assert [r.label for r in funds.rows] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert d.execution.points == 10 and d.execution.budget == "funds.total.adjusted"
    assert [c.label for c in d.indicators.columns] == ["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert [b.points for b in d.indicators.level1] == [50, 30, 10]
    assert d.indicators.total_label == "总分"
    assert d.execution.labels == ("分值", "执行率（B/A）", "得分")
    assert (d.scoring.total, d.scoring.execution_points, d.scoring.indicator_points) == (100, 10, 90)


def test_project_target_holds_both_blocks_in_one_tree():
    d = default_registry()["national_project_target"]
    assert [c.label for c in d.indicators.columns] == ["中长期指标值", "年度指标值"]
    assert [c.label for c in d.funds_table("funds").columns] == ["中期资金总额", "年度资金总额"]
    assert [s.label for s in d.sections] == ["总体目标·中长期目标", "总体目标·年度目标"]
    assert d.field_def("project_attr").choices == ("新增项目", "延续项目")


def test_dept_forms_list_the_main_tasks():
    for definition_id in ("national_dept_target", "national_dept_self_eval"):
        d = default_registry()[definition_id]
        tasks = d.list_def("main_tasks")
        assert tasks.label == "年度主要任务"
        assert [c.label for c in tasks.columns][:2] == ["任务名称", "主要内容"]
