"""A provincial 一体化-style definition for the print tests, made from the Shenzhen form's text with
replacements (as tests/definitions/test_new_keys.py does): 指标性质 | 指标值 | 度量单位 split
columns, a per-row 执行率 rate column with the execution cells merged down the table, the sections
in a 项目基本情况 group printed at the side, and a signature block of its own."""
from decimal import Decimal

from perfdesk.definitions.loader import forms_dir, parse_definition_text
from perfdesk.domain.model import FundsLine, FundsTable, Workbook
from perfdesk.samples import load_sample

BASE = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old       # the Shenzhen form changed: fix the replacement, not the test
    return text.replace(old, new)


def provincial_text(base: str = BASE) -> str:
    t = replaced(base, '  { id = "target_value", label = "年度指标值", type = "value" },\n'
                       '  { id = "unit", label = "度量单位", type = "text" },\n',
                 '  { id = "target_value", label = "年度指标值", type = "value", split = true },\n')
    # one width per printed column: the split column takes three entries
    t = replaced(t, "widths = [15, 13, 28, 16, 6, 16, 6, 6, 24]", "widths = [15, 13, 28, 8, 10, 7, 16, 6, 6, 24]")
    t = replaced(t, '  { id = "spent", label = "全年执行数" },\n]',
                 '  { id = "spent", label = "全年执行数" },\n'
                 '  { id = "rate", label = "执行率", type = "rate", of = ["spent", "adjusted"] },\n]')
    t = replaced(t, 'spent = "execution.total.spent", points = 10 }',
                 'spent = "execution.total.spent", points = 10, labels = ["权重", "预算执行率", "得分"], span = true }')
    t = replaced(t, 'label = "年度总体目标·预期目标"', 'label = "项目年度目标"\ngroup = "项目基本情况"')
    t = replaced(t, 'label = "年度总体目标·实际完成情况"', 'label = "年度目标完成情况"\ngroup = "项目基本情况"')
    t = replaced(t, "indicator_label_column = true", 'indicator_label_column = true\nsection_groups = "side"')
    return t + ('\n[signature]\nper_row = 3\nitems = [\n'
                '  { label = "填报单位（盖章）", value = "unit" },\n'
                '  { label = "项目负责人", value = "field:implementing_unit" },\n'
                '  { label = "财务负责人" },\n'
                '  { label = "联系电话", value = "phone" },\n'
                '  { label = "填报日期", value = "date" },\n]\n')


def provincial_definition(text: str | None = None):
    return parse_definition_text(text or provincial_text(), "provincial_test.toml", "user")


def rebind(workbook: Workbook, definition) -> Workbook:
    """The workbook's forms of the same kind moved onto `definition` (values kept)."""
    for form in workbook.forms:
        form.definition = definition
        form.funds = {t.id: FundsTable(t, values=form.funds[t.id].values if t.id in form.funds else {},
                                       lines=form.funds[t.id].lines if t.id in form.funds else [])
                      for t in definition.funds}
    return workbook


def provincial_workbook(text: str | None = None) -> Workbook:
    """The 深圳光明 sample on the provincial definition, with a phone number for the signature."""
    wb = rebind(load_sample("shenzhen-guangming-2024"), provincial_definition(text))
    wb.signature.phone = "0755-12345678"
    return wb


__all__ = ["BASE", "Decimal", "FundsLine", "provincial_definition", "provincial_text", "provincial_workbook",
           "rebind", "replaced"]
