"""Excel export of the execution cells with two labels (分值 | 得分, no rate cell: the table's rate
column shows the rate, as the Sichuan form's 权重 | 得分) beside the scored row or merged down the
table, `other_rows` ("/") on the other rows, and the import of what is exported."""
import openpyxl
import pytest

from perfdesk.definitions.loader import Registry, parse_definition_text
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx

from .test_provincial_keys import _find, _merged, _row_values, make_workbook, provincial_text

THREE = 'labels = ["权重", "预算执行率", "得分"], span = true'


def variant(execution_keys: str):
    """The provincial test workbook with its execution keys replaced."""
    wb, _ = make_workbook()
    text = provincial_text()
    assert THREE in text
    d = parse_definition_text(text.replace(THREE, execution_keys), "test_province_self_eval.toml", "user")
    wb.forms[0].definition = d
    return wb, Registry({d.id: d})


def export(tmp_path, execution_keys: str):
    wb, registry = variant(execution_keys)
    path = tmp_path / "x.xlsx"
    export_xlsx(wb, path)
    result = import_xlsx(path, registry=registry)
    assert result.ok and not result.problems, [str(p) for p in result.problems]
    assert dump_workbook(result.workbook) == dump_workbook(wb)
    return openpyxl.load_workbook(path).worksheets[0]


def test_two_labels_beside_the_scored_row_with_slash_elsewhere(tmp_path):
    ws = export(tmp_path, 'labels = ["权重", "得分"], other_rows = "/"')
    header = _find(ws, "全年执行数").row
    labels = [v for v in _row_values(ws, header) if v]
    assert labels[-3:] == ["执行率", "权重", "得分"] and labels.count("执行率") == 1
    total = _find(ws, "年度资金总额").row
    points = ws.cell(total, _find(ws, "权重").column)
    score = ws.cell(total, _find(ws, "得分", header - 1).column)
    assert points.value == 10
    assert _merged(ws, points.coordinate) is None or _merged(ws, points.coordinate).max_row == total
    assert score.value.startswith("=IF(") and points.coordinate in score.value
    for name in ("其中：当年财政拨款", "其他资金"):
        r = _find(ws, name).row
        assert ws.cell(r, points.column).value == "/" and ws.cell(r, score.column).value == "/"


def test_two_labels_without_other_rows_leave_the_other_rows_empty(tmp_path):
    ws = export(tmp_path, 'labels = ["权重", "得分"]')
    header = _find(ws, "全年执行数").row
    col = _find(ws, "权重").column
    assert ws.cell(_find(ws, "年度资金总额").row, col).value == 10
    assert ws.cell(_find(ws, "其他资金").row, col).value is None
    assert _find(ws, "得分", header - 1).row == header


def test_two_labels_merged_down_the_table(tmp_path):
    ws = export(tmp_path, 'labels = ["权重", "得分"], span = true, other_rows = "/"')
    header = _find(ws, "全年执行数").row
    labels = [v for v in _row_values(ws, header) if v]
    assert labels[-3:] == ["执行率", "权重", "得分"]
    points = ws.cell(header + 1, _find(ws, "权重").column)
    assert points.value == 10
    rng = _merged(ws, points.coordinate)
    assert (rng.min_row, rng.max_row) == (header + 1, _find(ws, "其他资金").row)
    score = ws.cell(header + 1, _find(ws, "得分", header - 1).column)
    assert score.value.startswith("=IF(") and _merged(ws, score.coordinate).max_row == rng.max_row
    assert not any(c.value == "/" for row in ws.iter_rows() for c in row)    # nothing else to mark


def test_sichuan_sample_exports_two_cells_and_imports_the_same(tmp_path):
    wb = load_sample("sichuan-qingshen-2023")
    path = tmp_path / "s.xlsx"
    export_xlsx(wb, path)
    result = import_xlsx(path)
    assert result.ok and dump_workbook(result.workbook) == dump_workbook(wb)
    ws = openpyxl.load_workbook(path).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert values.count("预算执行率") == 1 and "执行率" not in values
