"""[print] pairs (a one-column funds table printed as label | amount pairs among the header
fields) and [print] money_label (the words before the money unit), docs/forms.md § [print]."""
from decimal import Decimal

import openpyxl
import pytest

from perfdesk.codec import dump_workbook
from perfdesk.definitions.loader import DefinitionError, Registry, parse_definition_text
from perfdesk.domain.model import Form, Workbook
from perfdesk.xlsx import export_xlsx, import_xlsx
from tests.pdf.pdftools import needs_poppler, pdf_pages_text, squash

TEXT = '''
id = "pairs_example"
kind = "project_target"
name = "成对金额（示例）"

[print]
money_label = "金额单位:"
fields_per_row = 2
pairs = ["budget"]
layout = ["project_name", "budget", "fund_nature"]

[[fields]]
id = "project_name"
label = "二级项目名称"

[[funds]]
id = "budget"
label = ""
unit = "万元"
columns = [{ id = "amount", label = "金额" }]
rows = [
  { id = "investment", label = "项目总投资" },
  { id = "total", label = "预算申报数" },
]

[[fields]]
id = "fund_nature"
label = "资金性质"
'''


def load(text: str):
    return parse_definition_text(text, "pairs_example.toml", "user")


def workbook(text: str = TEXT) -> Workbook:
    form = Form("f1", load(text), "")
    form.fields.update(project_name="博物馆免费开放", fund_nature="一般公共预算")
    form.funds_table("budget").values.update(investment={"amount": Decimal("20")}, total={"amount": Decimal("12.5")})
    return Workbook(unit="某某馆", unit_code="", year=2023, forms=[form])


def test_the_keys_load():
    d = load(TEXT)
    assert d.print.pairs == ("budget",) and d.print.money_label == "金额单位:"
    assert load(TEXT.replace('money_label = "金额单位:"\n', "")).print.money_label == "单位："


@pytest.mark.parametrize("change, words", [
    ('pairs = ["budget"]', 'pairs = ["nothing"]'),
    ('{ id = "total", label = "预算申报数" }', '{ id = "total", label = "预算申报数", sum = ["investment"] }'),
    ('columns = [{ id = "amount", label = "金额" }]',
     'columns = [{ id = "amount", label = "金额" }, { id = "more", label = "其他" }]'),
])
def test_a_table_that_cannot_print_as_pairs_is_refused(change, words):
    with pytest.raises(DefinitionError, match="pairs"):
        load(TEXT.replace(*(change, words)))


def test_export_prints_pairs_among_the_fields_and_reads_them_back(tmp_path):
    wb = workbook()
    path = tmp_path / "out.xlsx"
    export_xlsx(wb, path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = [[c.value for c in row if c.value not in (None, "")] for row in ws.iter_rows()]
    flat = [v for r in rows for v in r if not (isinstance(v, str) and v.startswith(("f:", "perfdesk:")))]
    # (a sheet this narrow, without an indicator table, prints one pair to a row)
    assert flat[:8] == ["二级项目名称", "博物馆免费开放", "项目总投资", 20, "预算申报数", 12.5, "资金性质", "一般公共预算"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 12.5)
    assert cell.number_format.endswith('"万元"')      # no money line names the unit: the cell does
    back = import_xlsx(path, registry=Registry({"pairs_example": wb.forms[0].definition})).workbook
    assert dump_workbook(back) == dump_workbook(wb)


@needs_poppler
def test_pdf_pairs_and_money_line(tmp_path):
    from perfdesk.pdf import write_pdf

    pdf = tmp_path / "out.pdf"
    write_pdf(workbook(TEXT.replace('[print]\n', '[print]\nmoney_unit = "万元"\n')), pdf)
    text = squash("".join(pdf_pages_text(pdf)))
    assert "金额单位:万元" in text and "单位：万元" not in text
    assert "项目总投资20.00" in text and "20.00万元" not in text       # the money line says it
    pdf2 = tmp_path / "bare.pdf"
    write_pdf(workbook(), pdf2)
    text = squash("".join(pdf_pages_text(pdf2)))
    assert "二级项目名称博物馆免费开放项目总投资20.00万元预算申报数12.50万元资金性质一般公共预算" in text
