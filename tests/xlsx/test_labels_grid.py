"""The shared pieces of the foreign reader that remember their answers (labels.norm and friends,
SheetGrid's texts and rows, detect.row_roles' set test): the answers stay what they were."""
import openpyxl

from perfdesk.definitions.loader import default_registry
from perfdesk.xlsx.detect import row_roles
from perfdesk.xlsx.grid import SheetGrid, cell_text
from perfdesk.xlsx.labels import base, forget, indicator_labels, norm, strip_numbering


def test_norm_keeps_equal_keys_of_different_types_apart():
    forget()
    assert norm(1) == "1"
    assert norm(True) == "True"       # 1 == True: a cache keyed by value alone would answer "1"
    assert norm(1.0) == "1.0"


def test_norm_base_and_numbering_on_spaces_brackets_and_width():
    assert norm(" 其中：\u3000当年\xa0财政\t拨款\n") == "其中:当年财政拨款"
    assert norm("*指标值：") == "指标值"
    assert norm("ＡＢ１") == "AB1"
    assert base("权重（分）") == "权重"
    assert base("偏差原因\n(必填)") == "偏差原因"
    assert base("a(b)c") == "a(b)c"
    assert base("()") == "()"           # nothing left without the bracket: the text itself
    assert strip_numbering("（二）部门收支情况") == "部门收支情况"
    assert strip_numbering("3、其他资金") == "其他资金"


def _grid(rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
    for m in merges:
        ws.merge_cells(m)
    return SheetGrid(ws, wb.epoch)


def test_row_texts_skip_merges_from_the_left_and_show_merges_from_above():
    g = _grid([["绩效指标", "一级指标", "二级指标", "年度指标值", None, None],
               [None, None, None, "指标性质", "指标值", "度量单位"],
               [None, "产出指标", "数量指标", "=", 100, "%"]],
              ("A1:A3", "B1:B2", "C1:C2", "D1:F1"))
    assert g.row_texts(1) == [(1, "绩效指标"), (2, "一级指标"), (3, "二级指标"), (4, "年度指标值")]
    assert g.row_texts(2) == [(1, "绩效指标"), (2, "一级指标"), (3, "二级指标"), (4, "指标性质"), (5, "指标值"),
                              (6, "度量单位")]
    assert g.row_has_content(2) and not g.row_has_content(4)
    assert g.text(2, 2) == "一级指标" and g.text(2, 2, filled=False) == ""
    assert g.text(3, 5) == cell_text(g.cell(3, 5), g.epoch) == "100"


def test_row_roles_of_rows_without_labels_and_with_them():
    definition = default_registry()["national_project_self_eval"]
    labels = indicator_labels(definition)
    g = _grid([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"],
               ["产出指标", "数量指标", "培训场次", "=4场", "4场", 10]])
    roles, score = row_roles(g, 1, labels)
    assert roles == {1: "l1", 2: "l2", 3: "l3", 4: "target_value", 5: "actual_value", 6: "weight"}
    assert score == 18
    assert row_roles(g, 2, labels) == ({}, 0)
    assert row_roles(g, 5, labels) == ({}, 0)
