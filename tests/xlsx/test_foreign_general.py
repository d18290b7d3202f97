"""Foreign import for provinces no definition was written from: the title's stage, other names of
header fields and sections, and two indicator blocks printed side by side."""
from pathlib import Path

from perfdesk.domain.kinds import kind_of
from perfdesk.xlsx import import_xlsx
from perfdesk.xlsx.detect import title_stage
from perfdesk.xlsx.labels import label_synonyms

DATA = Path(__file__).resolve().parents[1] / "data" / "foreign"


def test_title_stage_monitoring_before_target():
    assert title_stage({"项目支出绩效目标执行监控表"}) == "monitoring"
    assert title_stage({"省级部门预算项目支出绩效目标表"}) == "target"
    assert title_stage({"财政项目支出绩效自评表"}) == "self_eval"
    assert title_stage({"项目名称", "绩效指标"}) == ""


def test_field_and_section_synonyms():
    assert "项目主管部门" in label_synonyms("主管部门")
    assert "年度绩效目标" in label_synonyms("年度目标")
    assert "实施周期总目标" in label_synonyms("中长期目标")
    assert label_synonyms("项目名称") == ()


def test_a_target_table_is_read_with_a_target_definition():
    # 甘肃 省级部门预算项目支出绩效目标表: a monitoring definition places as many cells, the title says 目标表
    result = import_xlsx(DATA / "real_gansu_jiayuguan_2023.xlsx")
    form = result.workbook.forms[0]
    assert kind_of(form.definition).stage == "target"


def test_side_by_side_blocks_and_synonym_sections():
    # 东莞 财政项目支出绩效目标表: 实施周期 | 当年度 value columns, the 当年度 block repeating 二级/三级;
    # read by the national layout with the same two blocks (its own definition reads it whole)
    result = import_xlsx(DATA / "real_guangdong_dongguan_2022.xlsx", definition="national_project_target")
    form = result.workbook.forms[0]
    assert form.definition.id == "national_project_target"
    assert [(i.sheet, i.cell) for i in result.not_placed] == [("Sheet1", "G4")]     # the funds amount only
    own = import_xlsx(DATA / "real_guangdong_dongguan_2022.xlsx")
    assert own.workbook.forms[0].definition.id == "dongguan_project_target" and not own.not_placed
    assert form.sections["long_term_goal"].startswith("东莞展览馆是")
    node = form.indicators[0].children[1].children[0]
    assert node.name == "物业管理保障工作合格率"
    assert (node.cells["long_term_value"].number, node.cells["annual_value"].number) == (100, 100)


def test_title_scope_unit_wide_or_project():
    from perfdesk.xlsx.detect import title_scope

    assert title_scope({"岳阳楼区价格认证鉴定中心2023年度整体绩效目标表"}) == "unit"
    assert title_scope({"部门(单位)整体支出绩效目标批复表"}) == "unit"
    assert title_scope({"2023年项目支出绩效目标申报表"}) == "project"
    assert title_scope({"绩效指标"}) == ""


def test_a_unit_wide_table_is_read_with_a_unit_wide_definition():
    # 岳阳楼区 整体绩效目标表: two project target definitions place a few more cells, the title says 整体
    result = import_xlsx(DATA / "real_hunan_yueyanglou_2023.xlsx")
    form = result.workbook.forms[0]
    assert kind_of(form.definition).stage == "target" and not kind_of(form.definition).per_project
    # and a project table stays with a project definition
    project = import_xlsx(DATA / "real_hunan_xiangtan_2023.xlsx").workbook.forms[0]
    assert kind_of(project.definition).per_project
