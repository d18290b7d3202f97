"""Foreign xlsx sheets under Hypothesis: small grids of cells — labels of the official forms,
indicator values with operators, amounts, data texts, formulas without results, merged ranges —
written with openpyxl and read by import_xlsx and `perfdesk import --dry-run`. Nothing raises;
when the import succeeds every data text of the sheet is in the workbook or listed as not placed."""
import json
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import event, given, strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from perfdesk.codec import dump_workbook
from perfdesk.xlsx import import_xlsx

from .cli_helpers import assert_failure_said_in_chinese, run
from .conftest import examples
from .strategies import VALUE_TEXTS

LABELS = ["项目支出绩效自评表", "部门整体支出绩效自评表", "项目支出绩效目标表", "项目名称", "主管部门", "实施单位",
          "单位名称", "年度", "预算执行情况", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
          "年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金", "一级指标", "二级指标", "三级指标",
          "年度指标值", "指标值", "实际完成值", "度量单位", "权重", "偏差原因分析及改进措施", "产出指标", "数量指标",
          "质量指标", "时效指标", "成本指标", "效益指标", "社会效益指标", "经济效益指标", "满意度指标",
          "服务对象满意度指标", "总分", "合计", "序号", "年度总体目标", "预期目标", "实际完成情况", "单位：万元", "单位：元"]
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
# data texts: a prefix no label has, so each can be found again in the workbook
DATA = st.builds(lambda n, tail: f"数据{n}{tail}", st.integers(0, 10**6), st.sampled_from(["", "项", "工程", "率"]))
CELL = st.one_of(
    st.none(), st.none(),
    st.sampled_from(LABELS),
    DATA,
    VALUE_TEXTS.filter(lambda t: not t.startswith("=") and not ILLEGAL_CHARACTERS_RE.search(t)),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "=E7-E8"]),      # formulas: no result in the file
)
ROW = st.lists(CELL, min_size=0, max_size=8)


@st.composite
def sheets(draw):
    rows = draw(st.lists(ROW, min_size=1, max_size=12))
    if draw(st.booleans()):           # most real files have an indicator header: give one often
        at = draw(st.integers(0, len(rows)))
        rows.insert(at, HEADER)
    width = max((len(r) for r in rows), default=1) or 1
    merges = []
    for _ in range(draw(st.integers(0, 3))):
        r1 = draw(st.integers(1, len(rows)))
        c1 = draw(st.integers(1, width))
        r2 = draw(st.integers(r1, min(len(rows), r1 + 3)))
        c2 = draw(st.integers(c1, min(width, c1 + 2)))
        if (r1, c1) != (r2, c2) and not any(not (r2 < a or r1 > c or c2 < b or c1 > d) for a, b, c, d in merges):
            merges.append((r1, c1, r2, c2))
    return rows, merges


def write(path: Path, rows, merges) -> dict[str, object]:
    """The sheet as a file; returns the cells left holding a value (merged-away cells drop)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(row=r, column=c, value=value)
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    kept = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and not isinstance(cell, openpyxl.cell.cell.MergedCell):
                kept[cell.coordinate] = cell.value
    wb.save(path)
    return kept


@pytest.mark.timeout(900)
@examples(400)
@given(sheets())
def test_a_generated_sheet_imports_or_is_refused_and_nothing_is_lost(data):
    rows, merges = data
    with tempfile.TemporaryDirectory(prefix="perfdesk-prop-") as folder:
        path = Path(folder) / "sheet.xlsx"
        cells = write(path, rows, merges)
        result = import_xlsx(path)
    for p in result.problems:
        assert p.message and p.file == "sheet.xlsx"
    event("imported" if result.ok else "refused")
    if not result.ok:
        assert result.errors or result.workbook is None
        return
    dump = json.loads(dump_workbook(result.workbook))
    text = json.dumps(dump, ensure_ascii=False)
    unplaced = {(n.sheet, n.cell) for n in result.not_placed}
    for ref, value in cells.items():
        if isinstance(value, str) and value.startswith("="):
            assert ("自评表", ref) in unplaced, f"formula {ref} {value} neither placed nor listed"
        elif isinstance(value, str) and value.startswith("数据"):
            assert value in text or ("自评表", ref) in unplaced, f"{ref} “{value}” lost"


@pytest.mark.timeout(900)
@examples(120)
@given(sheets(), st.booleans())
def test_import_dry_run_on_a_generated_sheet(capsys, data, strict):
    rows, merges = data
    with tempfile.TemporaryDirectory(prefix="perfdesk-prop-") as folder:
        path, out = Path(folder) / "sheet.xlsx", Path(folder) / "out.perfdesk"
        write(path, rows, merges)
        code, stdout, err = run(capsys, ["import", str(path), "-o", str(out), "--dry-run",
                                         *(["--strict"] if strict else [])])
        assert code in (0, 1) and not out.exists()
        if code:
            assert_failure_said_in_chinese(code, stdout, err, "import")
