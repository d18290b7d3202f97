"""校验码 on the command line and on paper: `perfdesk verify FILE CODE`, the code in `perfdesk info`
(text and --json) and in the footer of every page of the printed form (docs/print-code.md)."""
import json
import re

import pytest

from perfdesk.cli.main import main
from perfdesk.domain.print_code import content_code, form_codes
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook
from tests.pdf.pdftools import needs_poppler, pdf_pages_text, squash


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hebei(tmp_path):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    return path


def test_verify_names_the_form_whose_code_it_is(capsys, hebei):
    wb = read_workbook(hebei)
    code = content_code(wb, wb.form("project_03"))
    status, out, err = run(capsys, "verify", hebei, code.lower().replace("-", ""))
    assert status == 0 and not err
    assert out.startswith("一致") and code in out and "提前下达2022年市场监管补助经费绩效目标表" in out


def test_verify_says_no_after_a_printed_value_changes_and_lists_the_current_codes(capsys, hebei):
    wb = read_workbook(hebei)
    old = content_code(wb, wb.form("project_01"))
    wb.form("project_01").fields["project_name"] = "车辆保险费（调整）"
    write_workbook(hebei, wb)
    status, out, _ = run(capsys, "verify", hebei, old)
    assert status == 1
    assert out.startswith("不一致") and old in out.splitlines()[0]
    new = content_code(read_workbook(hebei), read_workbook(hebei).form("project_01"))
    assert new != old and f"{new}\t【车辆保险费绩效目标表】（project_01）" in out


def test_verify_json_and_a_text_that_is_no_code(capsys, hebei):
    codes = form_codes(read_workbook(hebei))
    status, out, _ = run(capsys, "verify", hebei, codes["dept_plan"], "--json")
    data = json.loads(out)
    assert status == 0 and data["match"] is True and data["code"] == codes["dept_plan"]
    assert [f["id"] for f in data["forms"] if f["match"]] == ["dept_plan"]
    assert {f["id"]: f["code"] for f in data["forms"]} == codes
    status, out, _ = run(capsys, "verify", hebei, "0O1I-LLLL")
    assert status == 1 and "不是校验码的写法" in out


def test_verify_an_unreadable_file_is_exit_1_with_the_reason_on_stderr(capsys, tmp_path):
    bad = tmp_path / "bad.perfdesk"
    bad.write_bytes(b"not a workbook at all" * 20)
    status, out, err = run(capsys, "verify", bad, "ABCD-EFGH")
    assert status == 1 and not out and "bad.perfdesk" in err
    status, _, err = run(capsys, "verify", tmp_path / "missing.perfdesk", "ABCD-EFGH")
    assert status == 1 and "不存在" in err


def test_info_shows_each_forms_code(capsys, hebei):
    codes = form_codes(read_workbook(hebei))
    _, out, _ = run(capsys, "info", hebei, "--json")
    assert {f["id"]: f["code"] for f in json.loads(out)["forms"]} == codes
    _, out, _ = run(capsys, "info", hebei)
    for form_id, code in codes.items():
        assert re.search(rf"^  {form_id}\t.*校验码 {code}$", out, re.M), form_id


@needs_poppler
def test_every_page_of_a_form_carries_its_code_whatever_the_font(capsys, hebei, tmp_path):
    from perfdesk.pdf import font_choices, write_pdf

    wb = read_workbook(hebei)
    codes = form_codes(wb)
    fonts = [None] + [f.path for f in font_choices()][:2]
    for n, font in enumerate(fonts):     # the font is a print setting, not content: same code
        path = tmp_path / f"hebei{n}.pdf"
        result = write_pdf(wb, path, font_path=str(font) if font else None)
        pages = [squash(t) for t in pdf_pages_text(path)]
        for form_id, (first, last) in result.form_pages.items():
            for page in pages[first - 1:last]:
                assert page.count("校验码") == 1 and f"校验码{codes[form_id]}" in page, (form_id, font)
        assert not any("校验码" in p for p in pages[:result.front_pages])      # cover, contents: none
