"""The 校验码 (docs/print-code.md): equal for equal printed content — across save/load, our own
xlsx export → import, dump → load, id and dict order — and different after any printed change."""
from decimal import Decimal

import pytest

from perfdesk.codec import dump_workbook, workbook_from_dict
from perfdesk.domain.print_code import ALPHABET, content_code, form_codes, forms_with_code, normalise_code
from perfdesk.domain.values import parse_value
from perfdesk.samples import SAMPLES, load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx

SHENZHEN = "shenzhen-guangming-2024"


def _third_level(form):
    return next(node for level, node, _ in form.walk() if level == 3)


def test_the_code_is_eight_unambiguous_characters_in_two_groups():
    codes = form_codes(load_sample("hebei-2022"))
    assert len(set(codes.values())) == len(codes)       # ten different forms, ten codes
    for code in codes.values():
        head, dash, tail = code.partition("-")
        assert dash and len(head) == len(tail) == 4
        assert all(ch in ALPHABET for ch in head + tail)
    assert not set("01OIL") & set(ALPHABET)


@pytest.mark.parametrize("name", [s.name for s in SAMPLES])
def test_stable_across_save_load_dump_load_and_a_fresh_copy(tmp_path, name):
    wb = load_sample(name)
    codes = form_codes(wb)
    path = tmp_path / "wb.perfdesk"
    write_workbook(path, wb)
    assert form_codes(read_workbook(path)) == codes
    import json
    assert form_codes(workbook_from_dict(json.loads(dump_workbook(wb)))) == codes
    assert form_codes(load_sample(name)) == codes           # another load, another run: same


@pytest.mark.parametrize("name", ["hebei-2022", SHENZHEN, "rugao-2023", "nantong-2024"])
def test_stable_across_our_own_xlsx_export_and_import(tmp_path, name):
    wb = load_sample(name)
    export_xlsx(wb, tmp_path / "out.xlsx")
    assert form_codes(import_xlsx(tmp_path / "out.xlsx").workbook) == form_codes(wb)


def _field(wb):
    wb.forms[0].fields["project_name"] += "（二期）"


def _section(wb):
    wb.forms[0].sections["goal_actual"] = "已完成。" + wb.forms[0].sections["goal_actual"]


def _amount(wb):
    wb.forms[0].funds["execution"].values["current_fiscal"]["spent"] += Decimal("0.01")


def _indicator_value(wb):
    _third_level(wb.forms[0]).cells["target_value"] = parse_value("≥274人")


def _weight(wb):
    _third_level(wb.forms[0]).cells["weight"] = Decimal("3")


def _stated_total(wb):
    wb.forms[0].stated_totals["score"] = Decimal("99.48")


def _stated_funds(wb):
    wb.forms[0].funds["execution"].stated["total"]["spent"] = Decimal("14268915.72")


def _title(wb):
    wb.forms[0].title += "（修订）"


def _unit(wb):
    wb.unit += "本级"


def _signature(wb):
    wb.signature.preparer = "张三"


def _indicator_name(wb):
    _third_level(wb.forms[0]).name += "（含临时工）"


@pytest.mark.parametrize("change", [_field, _section, _amount, _indicator_value, _weight, _title, _unit,
                                    _signature, _indicator_name])
def test_any_printed_change_changes_the_code(change):
    wb = load_sample(SHENZHEN)
    before = content_code(wb, wb.forms[0])
    change(wb)
    assert content_code(wb, wb.forms[0]) != before


def _form_id(wb):
    wb.forms[0].id = "renamed"


def _key_order(wb):
    form = wb.forms[0]
    form.fields = dict(reversed(list(form.fields.items())))
    form.sections = dict(reversed(list(form.sections.items())))
    form.stated_totals = dict(reversed(list(form.stated_totals.items())))
    for _, node, _ in form.walk():
        node.cells = dict(reversed(list(node.cells.items())))
    for table in form.funds.values():
        table.values = {k: dict(reversed(list(v.items()))) for k, v in reversed(list(table.values.items()))}


def _same_amount_other_scale(wb):
    row = wb.forms[0].funds["execution"].values["current_fiscal"]
    row["spent"] = Decimal("14268915.7100")      # 14268915.71 on paper all the same


def _unprinted_field(wb):
    wb.forms[0].fields["no_such_field"] = "不在表样中，不打印"


def _import_source(wb):
    from perfdesk.domain.model import ImportSource
    wb.forms[0].source = ImportSource(file="某.xlsx", sheet="Sheet1", money_unit="元")


@pytest.mark.parametrize("change", [_form_id, _key_order, _same_amount_other_scale, _unprinted_field,
                                    _import_source])
def test_what_is_not_printed_leaves_the_code_alone(change):
    wb = load_sample(SHENZHEN)
    before = content_code(wb, wb.forms[0])
    change(wb)
    assert content_code(wb, wb.forms[0]) == before


def test_computing_the_code_changes_nothing_in_the_workbook():
    wb = load_sample("nantong-2024")
    text = dump_workbook(wb)
    form_codes(wb)
    assert dump_workbook(wb) == text


def test_a_typed_code_is_read_leniently_and_finds_its_form():
    wb = load_sample("hebei-2022")
    code = content_code(wb, wb.form("project_02"))
    typed = "校验码 " + code.lower().replace("-", " ")
    assert normalise_code(typed) == code
    assert normalise_code(code.replace("-", "").translate(str.maketrans("23456789", "２３４５６７８９"))) == code
    assert [f.id for f in forms_with_code(wb, typed)] == ["project_02"]
    assert normalise_code("0OIL-1234") == "" and normalise_code("ABCD") == ""
    assert forms_with_code(wb, "ABCD-EFGH" if code != "ABCD-EFGH" else "ABCD-EFGJ") == []


@pytest.mark.parametrize("change", [_stated_total, _stated_funds])
def test_a_stated_figure_the_paper_does_not_show_leaves_the_code(change):
    # the PDF prints the computed sums; the 原表 figures are for the checks, not on the paper
    wb = load_sample(SHENZHEN)
    before = content_code(wb, wb.forms[0])
    change(wb)
    assert content_code(wb, wb.forms[0]) == before
