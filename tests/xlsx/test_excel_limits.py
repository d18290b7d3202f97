"""Excel's limits: a text longer than a cell holds (32 767 characters) is never cut without a
word. The export is refused naming form, sheet, cell and field; a text at the limit round-trips."""
import pytest

from perfdesk.cli.main import main
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import write_workbook
from perfdesk.xlsx.importer import import_xlsx
from perfdesk.xlsx.writer import EXCEL_CELL_LIMIT, XlsxExportError, export_xlsx


def leaf(form):
    return form.indicators[0].children[0].children[0]


def test_a_40000_character_indicator_name_is_refused_with_its_place(tmp_path, capsys):
    wb = load_sample("rugao-2023")
    leaf(wb.forms[0]).name = "指" * 40_000
    out = tmp_path / "out.xlsx"
    with pytest.raises(XlsxExportError) as info:
        export_xlsx(wb, out)
    message = str(info.value)
    assert "dept_self_eval" in message and "40000 个字符" in message and "32767" in message
    assert "工作表“" in message and message.endswith("再导出")
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    path = tmp_path / "long.perfdesk"
    write_workbook(path, wb)
    assert main(["export", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "40000 个字符" in err and "Traceback" not in err and not out.exists()


def test_a_long_section_text_is_split_over_cells_and_joined_back(tmp_path):
    """Narrative sections are laid out in pieces (one per printed page part): a text over the
    cell limit is not refused, and comes back whole."""
    wb = load_sample("rugao-2023")
    form = wb.forms[0]
    section = next(iter(form.sections)) if form.sections else form.definition.sections[0].id
    text = "文" * (EXCEL_CELL_LIMIT + 5000)
    form.sections[section] = text
    out = tmp_path / "out.xlsx"
    try:
        export_xlsx(wb, out)
    except XlsxExportError as exc:       # refused: then with its place named
        assert "个字符" in str(exc)
        return
    result = import_xlsx(out)
    assert result.ok, [str(p) for p in result.problems]
    assert result.workbook.forms[0].sections[section] == text


def test_a_text_at_the_limit_round_trips_intact(tmp_path):
    wb = load_sample("rugao-2023")
    leaf(wb.forms[0]).name = name = "指标" * (EXCEL_CELL_LIMIT // 2) + "完"
    assert len(name) == EXCEL_CELL_LIMIT
    out = tmp_path / "out.xlsx"
    export_xlsx(wb, out)
    result = import_xlsx(out)
    assert result.ok, [str(p) for p in result.problems]
    assert leaf(result.workbook.forms[0]).name == name
