"""Export: the sheets look like the printed tables, and read back exactly."""
import datetime as dt
import json
import os
import stat
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from perfdesk.samples import load_sample, sample_names
from perfdesk.codec import dump_workbook, workbook_from_dict, workbook_to_dict
from perfdesk.xlsx import export_xlsx, import_xlsx
from perfdesk.xlsx.writer import META_SHEET, XlsxExportError


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    d = tmp_path_factory.mktemp("export")
    files = {}
    for name in sample_names():
        files[name] = d / f"{name}.xlsx"
        export_xlsx(load_sample(name), files[name])
    return files


@pytest.mark.parametrize("name", sample_names())
def test_round_trip_of_every_sample_is_exact(exported, name):
    original = load_sample(name)
    result = import_xlsx(exported[name])
    assert result.ok, [str(p) for p in result.problems]
    assert result.own_export and not result.problems
    assert dump_workbook(result.workbook) == dump_workbook(original)


def test_round_trip_through_a_second_export_is_stable(exported, tmp_path):
    again = tmp_path / "again.xlsx"
    export_xlsx(import_xlsx(exported["hebei-2022"]).workbook, again)
    assert dump_workbook(import_xlsx(again).workbook) == dump_workbook(load_sample("hebei-2022"))


def test_one_sheet_per_form_and_a_hidden_info_sheet(exported):
    wb = openpyxl.load_workbook(exported["hebei-2022"])
    assert len(wb.sheetnames) == 11
    assert wb.sheetnames[:2] == ["部门整体绩效目标", "车辆保险费绩效目标表"]
    assert wb[META_SHEET].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames[:-1])


def _merged_containing(ws, ref):
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return rng
    return None


def _find(ws, text, after=0):
    for row in ws.iter_rows(min_row=after + 1):
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on the sheet")


def test_indicator_table_merges_levels_and_wraps_text(exported):
    ws = openpyxl.load_workbook(exported["shenzhen-guangming-2024"]).active
    # level 1 spans its rows (split at a page break, continued with 「（续）」)
    output = _find(ws, "产出指标\n（50分）")
    rng = _merged_containing(ws, output.coordinate)
    assert rng is not None and rng.max_row - rng.min_row >= 5
    assert _find(ws, "产出指标（续）").row == rng.max_row + 1
    quantity = _find(ws, "数量指标")
    rng = _merged_containing(ws, quantity.coordinate)
    assert rng.max_row - rng.min_row + 1 == 9           # its nine level-3 rows
    name = _find(ws, "后勤经费保障伙食人员数量")
    assert name.alignment.wrap_text and name.font.name == "宋体"
    # widths from the definition: 一级, 二级, 三级 …, after the 年度绩效指标 label column
    widths = [ws.column_dimensions[c].width for c in "BCDEFGHIJ"]
    assert widths == [15, 13, 28, 16, 6, 16, 6, 6, 24]
    side = _find(ws, "年度绩效指标")
    assert side.column == 1 and side.alignment.textRotation == 255
    assert _merged_containing(ws, side.coordinate).max_row > side.row + 10
    # the key column beyond the table is hidden and not printed
    assert ws.column_dimensions["K"].hidden
    assert ws.print_area == f"'{ws.title}'!$A$1:$J${ws.max_row}"


def test_print_setup_is_a4_fit_to_width_with_repeated_header(exported):
    ws = openpyxl.load_workbook(exported["shenzhen-guangming-2024"]).active
    assert int(ws.page_setup.paperSize) == 9                # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    header = _find(ws, "一级指标").row
    assert ws.print_title_rows == f"${header}:${header}"
    assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text
    assert len(ws.row_breaks.brk) >= 1
    portrait = openpyxl.load_workbook(exported["nantong-2024"]).active
    assert portrait.page_setup.orientation == "portrait"


def test_computed_cells_are_formulas_with_their_values(exported):
    path = exported["shenzhen-guangming-2024"]
    formulas = openpyxl.load_workbook(path).active
    values = openpyxl.load_workbook(path, data_only=True).active
    total = _find(formulas, "年度资金总额")
    row = [c for c in formulas[total.row] if isinstance(c.value, str) and c.value.startswith("=SUM(")]
    assert len(row) == 3                               # 年初, 全年预算, 全年执行
    assert [values[c.coordinate].value for c in row] == [14143700, 14315925, 14268915.71]
    # 分值 | 10 | 执行率 | 99.67% | 得分 | 9.97: the columns of this form are too narrow to put
    # them beside the amounts, so they have a row of their own under the table
    rate = _find(formulas, "执行率").offset(column=1)
    while rate.value is None:
        rate = rate.offset(column=1)
    assert rate.value.startswith("=IF(") and rate.number_format == "0.00%"
    assert values[rate.coordinate].value == pytest.approx(14268915.71 / 14315925)
    score = _find(formulas, "得分", after=rate.row - 1).offset(column=1)
    while score.value is None:
        score = score.offset(column=1)
    assert "ROUND(" in score.value and values[score.coordinate].value == 9.97
    score_total = _find(formulas, "总分")
    cells = [c for c in formulas[score_total.row] if isinstance(c.value, str) and c.value.startswith("=SUM(")]
    assert [values[c.coordinate].value for c in cells] == [100, 99.47]


def test_numbers_dates_and_values_keep_their_types(exported):
    ws = openpyxl.load_workbook(exported["shenzhen-guangming-2024"]).active
    # an actual completion date is a real Excel date with a Chinese date format
    done = _find(ws, dt.datetime(2024, 9, 29))
    assert done.number_format == 'yyyy"年"m"月"d"日"'
    # the leaked serial stays text as it was typed, so the checker still sees it
    assert _find(ws, "45503").data_type == "s"
    amount = _find(ws, 14143700)
    assert amount.number_format == "0.00"              # the form's two decimals
    nantong = openpyxl.load_workbook(exported["nantong-2024"]).active
    exact = _find(nantong, "=100%")                    # a value, not a formula
    assert exact.data_type == "s"


def test_page_breaks_never_cut_a_merged_cell_and_merges_never_overlap(exported):
    for path in exported.values():
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.title == META_SHEET:
                continue
            breaks = [b.id for b in ws.row_breaks.brk]     # a break after row id
            covered = set()
            for rng in ws.merged_cells.ranges:
                assert not any(rng.min_row <= b < rng.max_row for b in breaks), (ws.title, str(rng))
                cells = {(r, c) for r in range(rng.min_row, rng.max_row + 1)
                         for c in range(rng.min_col, rng.max_col + 1)}
                assert not cells & covered, (ws.title, str(rng))   # Excel calls overlaps a damaged file
                covered |= cells


def test_export_of_chosen_forms_only(tmp_path):
    wb = load_sample("hebei-2022")
    path = tmp_path / "two.xlsx"
    report = export_xlsx(wb, path, ["project_02", "dept_plan"])
    assert [form_id for _, form_id in report.sheets] == ["dept_plan", "project_02"]
    back = import_xlsx(path).workbook
    assert [f.id for f in back.forms] == ["dept_plan", "project_02"]
    with pytest.raises(XlsxExportError, match="没有表单 “nope”"):
        export_xlsx(wb, tmp_path / "x.xlsx", ["nope"])
    assert not (tmp_path / "x.xlsx").exists()


def test_edits_made_in_excel_come_back(exported, tmp_path):
    path = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(exported["shenzhen-guangming-2024"])
    ws = wb.active
    _find(ws, "321人").value = "330人"
    row = _find(ws, "后勤经费保障伙食人员数量").row
    ws.cell(row=row, column=_find(ws, "权重").column).value = "2.5"     # typed as text
    _find(ws, "市场监督管理综合事务").value = "市场监督管理综合事务（改）"
    wb.save(path)
    result = import_xlsx(path, into=load_sample("shenzhen-guangming-2024"))
    assert result.ok, [str(p) for p in result.problems]
    form = result.workbook.forms[0]
    first = form.indicators[0].children[0].children[0]
    assert first.cells["actual_value"].text == "330人"
    assert first.cells["weight"] == Decimal("2.5")
    assert form.fields["project_name"] == "市场监督管理综合事务（改）"
    (change,) = result.changes
    assert change.kind == "changed"
    assert any("项目名称" in d for d in change.details)
    assert any(d.startswith("指标：修改 1 行") for d in change.details)


def test_export_writes_atomically_and_keeps_no_temporary_files(tmp_path):
    path = tmp_path / "a.xlsx"
    export_xlsx(load_sample("rugao-2023"), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]
    assert zipfile.is_zipfile(path)


def test_control_characters_are_dropped_with_a_note(tmp_path):
    data = workbook_to_dict(load_sample("shenzhen-guangming-2024"))
    data["forms"][0]["sections"]["goal_actual"] = "完成\x07情况"
    report = export_xlsx(workbook_from_dict(json.loads(json.dumps(data))), tmp_path / "c.xlsx")
    assert report.notes and "控制字符" in report.notes[0]
    back = import_xlsx(tmp_path / "c.xlsx").workbook
    assert back.forms[0].sections["goal_actual"] == "完成情况"


def test_a_row_added_in_excel_inside_the_indicator_table_is_read(tmp_path):
    """Rows typed into the table in Excel have no key in the hidden column: their names place them."""
    from perfdesk.domain.model import IndicatorNode
    from perfdesk.domain.values import IndicatorValue

    wb = load_sample("shenzhen-guangming-2024")
    group = wb.forms[0].indicators[0].children[1]                 # 质量指标
    group.children.append(IndicatorNode("新增的指标", {"target_value": IndicatorValue.parse("≥95%"),
                                                      "weight": Decimal(1)}))
    path = tmp_path / "added.xlsx"
    export_xlsx(wb, path)
    book = openpyxl.load_workbook(path)
    ws = book.active
    key_col = ws.max_column
    row = _find(ws, "新增的指标").row
    assert ws.cell(row=row, column=key_col).value == "i:3/3"
    ws.cell(row=row, column=key_col).value = None                 # as if typed by hand
    book.save(path)
    result = import_xlsx(path)
    assert result.ok
    assert dump_workbook(result.workbook) == dump_workbook(wb)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_exported_file_gets_ordinary_permissions(tmp_path):
    """Not tempfile's 0600: a colleague on the shared folder must be able to open it."""
    old = os.umask(0o022)
    try:
        path = tmp_path / "a.xlsx"
        export_xlsx(load_sample("rugao-2023"), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        os.chmod(path, 0o640)                      # overwriting keeps what the user set
        export_xlsx(load_sample("rugao-2023"), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_totals_line_up_with_their_column_and_the_money_unit_sits_at_the_right_edge(exported):
    ws = openpyxl.load_workbook(exported["shenzhen-guangming-2024"]).active
    total = _find(ws, "总分")
    weight_col = _find(ws, "权重").column
    first = _find(ws, "后勤经费保障伙食人员数量")
    assert ws.cell(row=total.row, column=weight_col).alignment.horizontal == \
        ws.cell(row=first.row, column=weight_col).alignment.horizontal == "center"
    money = _find(ws, "单位：元")
    assert money.alignment.horizontal == "right"
    rng = _merged_containing(ws, money.coordinate)
    assert get_column_letter(rng.max_col) == ws.print_area.split(":")[-1].split("$")[1]


def test_a_list_that_runs_on_to_the_next_page_repeats_its_header(exported):
    ws = openpyxl.load_workbook(exported["hebei-2022"])["部门整体绩效目标"]
    headers = [c.row for c in ws["A"] if c.value == "名称"]
    breaks = [b.id + 1 for b in ws.row_breaks.brk]        # rows that start a page
    assert len(headers) == 2 and headers[1] in breaks
    assert [ws.cell(row=headers[1], column=c).value for c in range(1, 5)] == ["名称", "绩效目标", "绩效指标", "指标值"]
    assert ws.cell(row=headers[1] - 1, column=1).value not in (None, "名称")   # an item right before it


def test_continued_labels_never_leave_a_lone_bracket_on_a_line(exported):
    from perfdesk.xlsx import textsize

    ws = openpyxl.load_workbook(exported["suzhou-2024"]).active
    cont = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.endswith("（续）")]
    assert "效益指标\n（续）" in [c.value for c in cont]      # 效益指标（续） is too wide for its column
    for cell in cont:
        rng = _merged_containing(ws, cell.coordinate)
        last = rng.max_col if rng else cell.column
        width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(cell.column, last + 1))
        assert textsize.line_count(cell.value.split("\n")[-1], width) == 1, cell.value
