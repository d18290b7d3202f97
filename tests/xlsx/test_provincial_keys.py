"""Excel export and import of the definition keys of provincial 一体化 layouts: split value columns
(指标性质 | 指标值 | 度量单位), per-row rate columns, execution labels and span, section groups down
the left, the form's own signature block. The definition is built here from the Shenzhen one with
replacements, as a user would write their province's form."""
from decimal import Decimal

import openpyxl
import pytest

from perfdesk.definitions.loader import Registry, forms_dir, parse_definition_text
from perfdesk.domain.model import Form, FundsTable, IndicatorNode, Signature, Workbook
from perfdesk.domain.values import OPERATOR_CHOICES, IndicatorValue, value_from_parts
from perfdesk.codec import dump_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx
from perfdesk.xlsx.writer import FORM_MARK

BASE = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
LONG = "本项目按计划实施，完成了全部建设内容。" * 160          # 3 040 characters over several rows


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def provincial_text(signature: str | None = None) -> str:
    t = BASE
    t = _replace(t, 'id = "shenzhen_project_self_eval"', 'id = "test_province_self_eval"')
    t = _replace(t, '{ id = "target_value", label = "年度指标值", type = "value" }',
                 '{ id = "target_value", label = "年度指标值", type = "value", split = true, '
                 'split_labels = ["指标性质", "指标值", "度量单位"] }')
    t = _replace(t, '{ id = "actual_value", label = "实际完成值", type = "value" }',
                 '{ id = "actual_value", label = "实际完成值", type = "value", split = true }')
    t = _replace(t, '  { id = "spent", label = "全年执行数" },\n]',
                 '  { id = "spent", label = "全年执行数" },\n'
                 '  { id = "rate", label = "执行率", type = "rate", of = ["spent", "adjusted"] },\n]')
    t = _replace(t, "points = 10 }", 'points = 10, labels = ["权重", "预算执行率", "得分"], span = true }')
    t = _replace(t, "indicator_label_column = true", 'indicator_label_column = true\nsection_groups = "side"')
    t = _replace(t, '"goal_expected", "goal_actual", "indicators"]',
                 '"goal_expected", "goal_actual", "implementation", "indicators"]')
    t = _replace(t, '"unit_code", "execution"', '"unit_code", "project_lead", "execution"')
    t = _replace(t, 'label = "年度总体目标·预期目标"', 'label = "年度总体目标·预期目标"\ngroup = "项目基本情况"')
    t = _replace(t, 'label = "年度总体目标·实际完成情况"\n',
                 'label = "年度总体目标·实际完成情况"\ngroup = "项目基本情况"\n\n'
                 '[[sections]]\nid = "implementation"\nlabel = "项目实施内容及过程概述"\ngroup = "项目基本情况"\n'
                 'max_chars = 200\n')
    t = _replace(t, '[[fields]]\nid = "unit_code"',
                 '[[fields]]\nid = "project_lead"\nlabel = "项目负责人"\n\n[[fields]]\nid = "unit_code"')
    if signature is not None:
        t += "\n" + signature
    return t


CUSTOM_SIGNATURE = """[signature]
per_row = 2
items = [
  { label = "填报单位（盖章）", value = "unit" },
  { label = "项目负责人", value = "field:project_lead" },
  { label = "财务负责人" },
]
"""

PARTS = {   # (level-3 name) → (target, actual)
    "检测批次": (IndicatorValue.parse("5万批次以上"), IndicatorValue.parse("5.2万批次")),
    "合格率": (value_from_parts("﹦", "100", "%"), IndicatorValue.parse("100%")),
    "覆盖": (value_from_parts("≥", "5", "万批次"), value_from_parts("定性", "已覆盖", "")),
    "时效": (IndicatorValue.parse("2024年12月前"), IndicatorValue.parse("2024年11月")),
    "满意": (IndicatorValue.parse("90%以上"), value_from_parts("＞", "95", "%")),
    "成效": (IndicatorValue.parse("有效提升"), None),
}


def make_workbook(signature: str | None = CUSTOM_SIGNATURE) -> tuple[Workbook, Registry]:
    d = parse_definition_text(provincial_text(signature), "test_province_self_eval.toml", "user")
    leaves = {name: IndicatorNode(name, {k: v for k, v in (("target_value", t), ("actual_value", a),
                                                           ("weight", Decimal(10)), ("score", Decimal("9.5")))
                                         if v is not None})
              for name, (t, a) in PARTS.items()}
    leaves["检测批次"].cells["unit"] = "批次"
    form = Form("p1", d, "某项目支出绩效自评表",
                fields={"project_code": "P001", "project_name": "某项目", "eval_year": "2024",
                        "implementing_unit": "某中心", "project_lead": "李四"},
                sections={"goal_expected": "完成某项工作。", "goal_actual": "已完成。", "implementation": LONG},
                indicators=[
                    IndicatorNode("产出指标", children=[
                        IndicatorNode("数量指标", children=[leaves["检测批次"], leaves["覆盖"]]),
                        IndicatorNode("质量指标", children=[leaves["合格率"]]),
                        IndicatorNode("时效指标", children=[leaves["时效"]])]),
                    IndicatorNode("效益指标", children=[
                        IndicatorNode("社会效益指标", children=[leaves["成效"]])]),
                    IndicatorNode("满意度指标", children=[
                        IndicatorNode("服务对象满意度指标", children=[leaves["满意"]])]),
                ])
    table = FundsTable(d.funds_table("execution"))
    table.values = {"current_fiscal": {"initial": Decimal("90"), "adjusted": Decimal("90"), "spent": Decimal("89.974")},
                    "carryover": {"adjusted": Decimal("10"), "spent": Decimal("5")},
                    "other": {"spent": Decimal("1")}}
    form.funds["execution"] = table
    wb = Workbook("某单位", "", 2024, forms=[form], signature=Signature(leader="张三", preparer="王五"))
    return wb, Registry({d.id: d})


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    wb, registry = make_workbook()
    path = tmp_path_factory.mktemp("prov") / "prov.xlsx"
    export_xlsx(wb, path)
    return wb, registry, path


def _find(ws, text, after=0):
    for row in ws.iter_rows(min_row=after + 1):
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on the sheet")


def _merged(ws, ref):
    return next((rng for rng in ws.merged_cells.ranges if ref in rng), None)


def _row_values(ws, r):
    """The row's printed cells (not the hidden key and typed-text columns)."""
    key_col = next(c.column for c in ws[1] if isinstance(c.value, str) and c.value.startswith(FORM_MARK))
    return [c.value for c in ws[r]][: key_col - 1]


def test_export_then_import_gives_the_same_dump(exported):
    wb, registry, path = exported
    result = import_xlsx(path, registry=registry)
    assert result.ok and not result.problems, [str(p) for p in result.problems]
    assert dump_workbook(result.workbook) == dump_workbook(wb)
    back = result.workbook.forms[0]
    produced = back.indicators[0].children[1].children[0].cells["target_value"]
    assert produced.parts == ("﹦", "100", "%") and produced.shown == "﹦100%"     # ﹦ stays ﹦
    typed = back.indicators[0].children[0].children[0].cells["target_value"]
    assert typed.parts is None and typed.text == "5万批次以上"                     # no parts, typed text
    split = back.indicators[0].children[0].children[1].cells["target_value"]
    assert split.parts == ("≥", "5", "万批次")                                       # parts kept


def test_split_columns_are_three_cells_with_a_drop_down(exported):
    _, _, path = exported
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = _find(ws, "一级指标").row
    labels = [v for v in _row_values(ws, header) if v]
    assert labels == ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "度量单位",
                      "指标性质", "实际完成值", "度量单位", "权重", "得分", "偏差原因分析及改进措施"]
    op_col = _find(ws, "指标性质", header - 1).column
    row = _find(ws, "检测批次").row
    values = _row_values(ws, row)
    assert values[op_col - 1: op_col + 2] == ["≥", "5", "万批次"]
    assert values[op_col + 2] == "批次"                        # the form's own 度量单位 column
    assert values[op_col + 3: op_col + 6] == ["＝", "5.2", "万批次"]
    r = _find(ws, "合格率").row
    assert _row_values(ws, r)[op_col - 1: op_col + 2] == ["﹦", "100", "%"]
    r = _find(ws, "成效").row
    assert _row_values(ws, r)[op_col - 1: op_col + 2] == ["定性", "有效提升", None]
    assert _row_values(ws, r)[op_col + 3: op_col + 6] == [None, None, None]
    r = _find(ws, "满意").row
    assert _row_values(ws, r)[op_col + 3: op_col + 6] == ["＞", "95", "%"]
    # values as typed, never rewritten (90%以上 stays, not ≥90%)
    assert _find(ws, "90").row == r and _row_values(ws, r)[op_col - 1] == "≥"
    letter = openpyxl.utils.get_column_letter(op_col)
    validations = ws.data_validations.dataValidation
    assert len(validations) == 2
    dv = next(v for v in validations if any(letter in str(rng) for rng in v.sqref.ranges))
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(OPERATOR_CHOICES) + '"'
    covered = {row for rng in dv.sqref.ranges for row in range(rng.min_row, rng.max_row + 1)}
    name_col = _find(ws, "三级指标").column
    leaf_rows = {c.row for c in ws.iter_cols(min_col=name_col, max_col=name_col).__next__()
                 if c.value in PARTS}
    assert leaf_rows and leaf_rows <= covered and header not in covered


def test_rate_column_is_a_formula_and_never_read_back(exported, tmp_path):
    wb, registry, path = exported
    ws = openpyxl.load_workbook(path).worksheets[0]
    head = _find(ws, "执行率")
    assert _find(ws, "全年执行数").row == head.row
    fiscal = _find(ws, "其中：当年财政拨款").row
    cell = ws.cell(fiscal, head.column)
    assert cell.value.startswith("=IF(") and "ROUND(" in cell.value and cell.number_format == "0.00%"
    cached = openpyxl.load_workbook(path, data_only=True).worksheets[0].cell(fiscal, head.column).value
    assert cached == pytest.approx(0.9997)                          # 89.974 / 90, as the model computes it
    total = _find(ws, "年度资金总额").row
    assert openpyxl.load_workbook(path, data_only=True).worksheets[0].cell(total, head.column).value \
        == pytest.approx(float(wb.forms[0].funds["execution"].value("total", "rate") / 100))
    # a rate cell that disagrees is no error of the import: it is computed, never stored
    xl = openpyxl.load_workbook(path)
    xl.worksheets[0].cell(fiscal, head.column).value = 0.5
    xl.save(tmp_path / "edited.xlsx")
    result = import_xlsx(tmp_path / "edited.xlsx", registry=registry)
    assert result.ok and not result.problems
    assert dump_workbook(result.workbook) == dump_workbook(wb)


def test_execution_labels_and_span(exported):
    _, _, path = exported
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = _find(ws, "全年执行数").row
    labels = [v for v in _row_values(ws, header) if v]
    assert labels[-3:] == ["权重", "预算执行率", "得分"]
    points = ws.cell(header + 1, _find(ws, "权重").column)
    assert points.value == 10
    rng = _merged(ws, points.coordinate)
    assert (rng.min_row, rng.max_row) == (header + 1, _find(ws, "其他资金").row)    # down all the rows
    rate = ws.cell(header + 1, _find(ws, "预算执行率").column)
    assert rate.value.startswith("=IF(") and _merged(ws, rate.coordinate).max_row == rng.max_row


def test_section_group_down_the_left(exported):
    _, _, path = exported
    ws = openpyxl.load_workbook(path).worksheets[0]
    group = _find(ws, "项目基本情况")
    rng = _merged(ws, group.coordinate)
    assert group.column == 1 and rng.min_col == 1
    expected_top = _find(ws, "预期目标").row       # the header of the side-by-side pair
    assert rng.min_row == expected_top
    label = _find(ws, "项目实施内容及过程概述")
    assert label.column == rng.max_col + 1
    # the long text runs over several rows, all inside the group (or its 「（续）」 on the next page)
    text_rows = [c.row for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("本项目按计划实施")]
    assert len(text_rows) > 1
    groups = [r for r in ws.merged_cells.ranges if r.min_col == 1 and
              str(ws.cell(r.min_row, 1).value or "").startswith("项目基本情况")]
    assert max(r.max_row for r in groups) == max(text_rows)
    assert ws.cell(expected_top, 1).value == "项目基本情况"
    assert not any(c.value == "项目基本情况" for row in ws.iter_rows() for c in row if c.column > 1)


def test_custom_signature_block(exported):
    _, _, path = exported
    ws = openpyxl.load_workbook(path).worksheets[0]
    unit = _find(ws, "填报单位（盖章）：某单位")
    assert _find(ws, "项目负责人：李四").row == unit.row               # per_row = 2
    assert _find(ws, "财务负责人：").row == unit.row + 1
    assert not any(isinstance(c.value, str) and c.value.startswith(("单位负责人", "填报人", "联系电话"))
                   for row in ws.iter_rows() for c in row)


def test_default_and_empty_signature_blocks(tmp_path):
    wb, registry = make_workbook(signature=None)
    export_xlsx(wb, tmp_path / "default.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "default.xlsx").worksheets[0]
    first = _find(ws, "填报单位（盖章）：某单位")
    assert _find(ws, "单位负责人：张三").row == first.row                 # as before: two, then three
    assert {_find(ws, t).row for t in ("填报人：王五", "联系电话：", "填报日期：")} == {first.row + 1}
    result = import_xlsx(tmp_path / "default.xlsx", registry=registry)
    assert result.ok and dump_workbook(result.workbook) == dump_workbook(wb)

    wb, registry = make_workbook(signature="[signature]\nitems = []\n")
    export_xlsx(wb, tmp_path / "none.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "none.xlsx").worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(t.startswith(("填报单位", "单位负责人", "填报人")) for t in texts)
    assert "sig" not in texts
    result = import_xlsx(tmp_path / "none.xlsx", registry=registry)
    assert result.ok and dump_workbook(result.workbook) == dump_workbook(wb)


def test_signature_is_not_read_as_content(exported, tmp_path):
    """Signature lines with a field's value and a label like a field's do not become fields."""
    wb, registry, path = exported
    xl = openpyxl.load_workbook(path)
    ws = xl.worksheets[0]
    _find(ws, "项目负责人：李四").value = "项目负责人：赵六"
    xl.save(tmp_path / "sig.xlsx")
    result = import_xlsx(tmp_path / "sig.xlsx", registry=registry)
    assert result.ok and dump_workbook(result.workbook) == dump_workbook(wb)


def test_split_cells_edited_in_excel_become_parts(exported, tmp_path):
    wb, registry, path = exported
    xl = openpyxl.load_workbook(path)
    ws = xl.worksheets[0]
    op_col = _find(ws, "指标性质").column
    row = _find(ws, "检测批次").row
    ws.cell(row, op_col + 1).value = 6                     # typed as a number in Excel
    row2 = _find(ws, "成效").row
    ws.cell(row2, op_col + 4).value = "定性"                # a blank 实际完成值 filled in split form
    ws.cell(row2, op_col + 5).value = "明显提升"
    xl.save(tmp_path / "edited.xlsx")
    result = import_xlsx(tmp_path / "edited.xlsx", registry=registry)
    assert result.ok, [str(p) for p in result.problems]
    tree = result.workbook.forms[0].indicators
    changed = tree[0].children[0].children[0].cells["target_value"]
    assert changed.parts == ("≥", "6", "万批次") and changed.number == Decimal(60000)
    filled = tree[1].children[0].children[0].cells["actual_value"]
    assert filled.parts == ("定性", "明显提升", "") and filled.shown == "明显提升"
    # everything else as exported
    assert tree[0].children[0].children[1].cells == wb.forms[0].indicators[0].children[0].children[1].cells


def test_the_hidden_key_holds_the_typed_texts(exported):
    _, _, path = exported
    ws = openpyxl.load_workbook(path).worksheets[0]
    key_col = next(c.column for c in ws[1] if isinstance(c.value, str) and c.value.startswith(FORM_MARK))
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(key_col)].hidden
    assert ws.max_column == key_col                      # nothing right of the key column
    row = _find(ws, "检测批次").row
    assert ws.cell(row, key_col).value == 'i:123/3\t{"actual_value": "5.2万批次", "target_value": "5万批次以上"}'
    row = _find(ws, "合格率").row       # typed split: nothing to keep, the cells are the value
    assert ws.cell(row, key_col).value == 'i:23/3\t{"actual_value": "100%"}'
    row = _find(ws, "满意").row
    assert ws.cell(row, key_col).value == 'i:123/3\t{"target_value": "90%以上"}'


@pytest.mark.parametrize("text", ["90%以上", "5万批次以上", "100%", "=100%", "≥95百分比"])
def test_values_export_as_typed_never_in_the_forms_notation(tmp_path, text):
    """Shenzhen's [notation] (operator symbol, no exact sign) is for 规范指标值写法 only."""
    d = parse_definition_text(BASE, "shenzhen_project_self_eval.toml", "builtin")
    leaf = IndicatorNode("指标", {"target_value": IndicatorValue.parse(text), "actual_value": IndicatorValue.parse(text)})
    form = Form("p1", d, "表", indicators=[IndicatorNode("产出指标", children=[IndicatorNode("数量指标", children=[leaf])])])
    export_xlsx(Workbook("某单位", "", 2024, forms=[form]), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    row = _row_values(ws, _find(ws, "指标").row)
    assert row.count(text) == 2
