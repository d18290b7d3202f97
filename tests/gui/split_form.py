"""A provincial-style definition for GUI tests: the Shenzhen self-evaluation with its value
columns split into 指标性质 | 指标值 | 度量单位, character limits and a per-row 执行率 column."""
from decimal import Decimal

from perfdesk.definitions.loader import forms_dir, parse_definition_text
from perfdesk.domain.blank import new_workbook
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.values import IndicatorValue, value_from_parts

DEF_ID = "split_self_eval"


def split_text() -> str:
    text = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    replacements = [
        ('id = "shenzhen_project_self_eval"', f'id = "{DEF_ID}"'),
        ('name = "项目支出绩效自评表（深圳）"', 'name = "项目支出绩效自评表（分栏测试）"'),
        ('  { id = "target_value", label = "年度指标值", type = "value" },\n'
         '  { id = "unit", label = "度量单位", type = "text" },\n'
         '  { id = "actual_value", label = "实际完成值", type = "value" },',
         '  { id = "target_value", label = "年度指标值", type = "value", split = true },\n'
         '  { id = "actual_value", label = "实际完成值", type = "value", split = true,'
         ' split_labels = ["指标性质", "实际完成值", "单位"] },'),
        ('{ id = "reason", label = "偏差原因分析及改进措施", type = "text" }',
         '{ id = "reason", label = "偏差原因分析及改进措施", type = "text", max_chars = 20 }'),
        ('widths = [15, 13, 28, 16, 6, 16, 6, 6, 24]\n', ''),
        ('id = "goal_expected"\nlabel = "年度总体目标·预期目标"',
         'id = "goal_expected"\nlabel = "年度总体目标·预期目标"\nmax_chars = 100'),
        ('id = "project_name"\nlabel = "项目名称"', 'id = "project_name"\nlabel = "项目名称"\nmax_chars = 30'),
        ('  { id = "spent", label = "全年执行数" },\n]',
         '  { id = "spent", label = "全年执行数" },\n'
         '  { id = "rate", label = "执行率(%)", type = "rate", of = ["spent", "adjusted"] },\n]'),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def split_definition(origin: str = "user"):
    return parse_definition_text(split_text(), f"{DEF_ID}.toml", origin)


def split_workbook(definition=None):
    definition = definition or split_definition()
    wb = new_workbook("测试单位", "001", 2024, [(definition, 1)])
    form = wb.forms[0]
    form.fields["project_name"] = "道路养护"
    quantity = form.indicators[0].children[0]
    quantity.children = [
        IndicatorNode("养护里程", {"target_value": value_from_parts("≥", "120", "公里"),
                                   "actual_value": value_from_parts("＝", "126", "公里"),
                                   "weight": Decimal(20), "score": Decimal(20)}),
        IndicatorNode("验收合格率", {"target_value": IndicatorValue.parse("90%以上"),
                                     "actual_value": IndicatorValue.parse("100%"), "weight": Decimal(15)}),
        IndicatorNode("群众反映", {"target_value": value_from_parts("定性", "有效改善", "")}),
    ]
    table = form.funds_table("execution")
    table.values["current_fiscal"] = {"adjusted": Decimal("90"), "spent": Decimal("89.974")}
    return wb
