"""The national monitoring forms (财预〔2019〕136号) as data: the N-month labels filled from the
`month` field when printed, exported and read back; `{x}` naming no field is refused."""
from decimal import Decimal

import pytest

from perfdesk.codec import dump_workbook
from perfdesk.definitions.loader import DefinitionError, default_registry, parse_definition
from perfdesk.domain.blank import new_workbook
from perfdesk.domain.column_labels import BLANK, fill, labelled
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.values import IndicatorValue


def _workbook(month="6"):
    reg = default_registry()
    wb = new_workbook("某局", "123456", 2025, [(reg["national_project_monitor"], 1), (reg["national_dept_monitor"], 1)])
    form = wb.forms[0]
    form.fields.update(project_name="水文监测", month=month)
    form.funds_table("funds").values["fiscal"] = {"initial": Decimal("100"), "adjusted": Decimal("120"),
                                                  "spent": Decimal("50"), "forecast": Decimal("118")}
    form.indicators[0].children[0].children.append(IndicatorNode("监测站点数", cells={
        "target_value": IndicatorValue.parse("≥20个"), "actual_value": IndicatorValue.parse("8个"),
        "deviation": "经费保障", "reason": "资金下达晚", "likelihood": "有可能"}))
    return wb


def test_the_kinds_and_columns_are_data():
    reg = default_registry()
    project, dept = reg["national_project_monitor"], reg["national_dept_monitor"]
    assert project.kind_info.per_project and project.kind_info.stage == "monitoring"
    assert dept.kind_info.stage == "monitoring" and not dept.kind_info.per_project
    cols = {c.id: c for c in project.indicators.columns}
    assert cols["deviation"].choices == ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
    assert cols["likelihood"].choices == ("确定能", "有可能", "完全不可能")
    assert [c.label for c in project.funds_table("funds").columns] == [
        "年初预算数", "调整后预算数", "1-{month}月执行数", "1-{month}月执行率", "全年预计执行数"]


def test_labels_are_filled_from_the_forms_field_and_the_definition_is_untouched():
    form = _workbook("7").forms[0]
    shown = labelled(form)
    assert [c.label for c in shown.definition.funds_table("funds").columns][2:4] == ["1-7月执行数", "1-7月执行率"]
    assert shown.definition.indicators.column("actual_value").label == "1-7月执行情况"
    assert form.definition.indicators.column("actual_value").label == "1-{month}月执行情况"
    assert fill("1-{month}月执行数", {}) == f"1-{BLANK}月执行数"
    plain = default_registry()["hebei_project_target"]
    wb = new_workbook("某局", "", 2025, [(plain, 1)])
    assert labelled(wb.forms[0]) is wb.forms[0]


def test_a_placeholder_naming_no_field_is_refused():
    data = {"id": "x", "kind": "project_monitor", "name": "x",
            "funds": [{"id": "f", "label": "资金", "unit": "万元", "columns": [{"id": "a", "label": "1-{mnth}月执行数"}],
                       "rows": [{"id": "t", "label": "合计"}]}]}
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "x.toml")
    assert "{mnth}" in str(info.value) and "funds[0].columns[0].label" in info.value.key


def test_choices_only_on_text_columns():
    data = {"id": "x", "kind": "project_monitor", "name": "x",
            "indicators": {"level_labels": ["一级", "二级", "三级"],
                           "columns": [{"id": "v", "label": "值", "type": "number", "choices": ["1"]}],
                           "level1": [{"name": "产出指标"}]}}
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "x.toml")
    assert "choices" in info.value.key


@pytest.mark.parametrize("month", ["6", ""])
def test_printed_with_the_month_and_exported_and_imported_back_identically(tmp_path, month):
    from perfdesk.pdf.document import render_pdf_bytes
    from perfdesk.xlsx import export_xlsx, import_xlsx
    import openpyxl

    wb = _workbook(month)
    pdf, _ = render_pdf_bytes(wb)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "m.xlsx"
    export_xlsx(wb, path)
    texts = {str(c.value) for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for c in row if c.value}
    want = f"1-{month or BLANK}月执行数"
    assert want in texts and "1-{month}月执行数" not in texts
    result = import_xlsx(path, registry=default_registry())
    assert dump_workbook(result.workbook) == dump_workbook(wb)
