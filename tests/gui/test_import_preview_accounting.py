"""The import preview of another office's sheet (issue 16): the definition chosen and why, the
money units converted, and every source cell the import did not place, before anything is applied."""
from pathlib import Path

import msgspec
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog

from perfdesk.gui import excel_actions, import_preview
from perfdesk.gui.import_preview import Answer, ImportPreviewDialog, is_doubtful
from perfdesk.samples import load_sample
from perfdesk.xlsx import import_xlsx
from perfdesk.xlsx.problems import (ADDED, CHANGED, ERROR, WARNING, Change, DefinitionChoice, ImportResult,
                                    NotPlaced, Problem, UnitConversion)

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
SELF_EVAL = "2022年度项目支出绩效自评表"

CHOICES = [
    DefinitionChoice(SELF_EVAL, "national_project_self_eval", "项目支出绩效自评表（全国，财预〔2020〕10号）", 95, 96,
                     "shenzhen_project_self_eval", "项目支出绩效自评表（深圳）", 80, 96),
    DefinitionChoice("部门整体", "national_dept_self_eval", "部门整体支出绩效自评表（全国）", 30, 40,
                     "jiangsu_dept_self_eval", "部门整体支出绩效自评价表", 28, 40),
    DefinitionChoice("绩效目标", "hebei_project_target", "项目支出绩效目标表", 12, 12, forced=True),
]
CONVERSIONS = [
    UnitConversion(SELF_EVAL, "万元", "元", "7.29 万元 → 72 900 元", 6),
    UnitConversion("部门整体", "万元", "元", "1 234.5 万元 → 12 345 000 元", 1),
]
WARNINGS = [
    Problem(WARNING, "没有找到金额单位，按元读入：请核对资金数额", "贵池.xlsx", "部门整体", 5, 2),
    Problem(WARNING, "“项目负责人”为空", "贵池.xlsx", SELF_EVAL, 3, 6),
]
CHANGES = [
    Change(ADDED, "national_project_self_eval", "棠溪镇人居环境整治项目", SELF_EVAL, ("指标：新增 18 行",)),
    Change(CHANGED, "national_dept_self_eval", "部门整体支出绩效自评表", "部门整体", ("单位名称：“棠溪镇”→“棠溪镇人民政府”",)),
]
LONG_NOTE = "注：" + "资金使用情况按照收付实现制填列；" * 20


def not_placed(n=15):
    sheets = [SELF_EVAL] * 11 + ["部门整体"] * 3 + ["绩效目标"]
    cells = [NotPlaced(sheets[i % len(sheets)], f"{'ABCDEFGHJK'[i % 10]}{i + 3}", f"内容{i}", f"原因{i}")
             for i in range(n)]
    cells[7] = NotPlaced(SELF_EVAL, "A31", LONG_NOTE, "表格下方的说明文字")
    return cells


def hand_built(**overrides) -> ImportResult:
    fields = dict(source="/某处/贵池.xlsx", workbook=load_sample("rugao-2023"), changes=list(CHANGES),
                  problems=list(WARNINGS), not_placed=not_placed(), choices=list(CHOICES),
                  conversions=list(CONVERSIONS))
    fields.update(overrides)
    return ImportResult(**fields)


def texts(model, parent=QModelIndex()):
    return [[model.data(model.index(r, c, parent)) for c in range(model.columnCount())]
            for r in range(model.rowCount(parent))]


def shown_dialog(qtbot, result, definitions=None):
    dialog = ImportPreviewDialog(result, None, definitions)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_order_choices_units_problems_changes_then_not_placed(qtbot, qtmodeltester):
    result = hand_built()
    dialog = shown_dialog(qtbot, result)
    model = dialog.model
    qtmodeltester.check(model)
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == ["类别", "表单 / 位置", "内容", "说明"]
    rows = texts(model)
    assert [r[0] for r in rows] == ["表样"] * 3 + ["金额单位"] * 2 + ["提示"] * 2 + ["新增", "修改", "未导入"]
    first = rows[0]
    assert first[1] == f"工作表“{SELF_EVAL}”"
    assert "项目支出绩效自评表（全国，财预〔2020〕10号）（national_project_self_eval）" in first[2] and "读入 95/96 个单元格" in first[2]
    assert first[3] == "其次：项目支出绩效自评表（深圳）（shenzhen_project_self_eval）：80/96"
    assert "匹配不确定" in rows[1][3] and "28/40" in rows[1][3]        # 10 of 40 cells left: doubtful
    assert rows[2][2].startswith("按指定的表样读入：项目支出绩效目标表（hebei_project_target）") and "匹配不确定" not in rows[2][3]
    assert rows[3][2] == "按万元读入，换算为元" and rows[3][3] == "7.29 万元 → 72 900 元，共 6 个金额"
    assert rows[4][3] == "1 234.5 万元 → 12 345 000 元"
    assert rows[5][1] == "工作表“部门整体”，第 5 行，B 列"
    assert rows[9][1] == "未导入的单元格（15 个）"
    # the doubtful match is coloured like a warning; the sure one is not
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert "改用表样" in model.data(model.index(1, 2), Qt.ItemDataRole.ToolTipRole)


def test_every_not_placed_cell_is_listed_and_in_view(qtbot, qtmodeltester):
    result = hand_built()
    dialog = shown_dialog(qtbot, result)
    model = dialog.model
    group = model.not_placed_index()
    assert group.isValid() and dialog.view.isExpanded(group)
    assert model.data(group, Qt.ItemDataRole.FontRole).bold()
    listed = []
    for s, (_, sheet, count, _) in enumerate(texts(model, group)):
        sheet_index = model.index(s, 0, group)
        assert dialog.view.isExpanded(sheet_index)
        cells = texts(model, sheet_index)
        assert count == f"{len(cells)} 个单元格"
        listed += [(sheet, address, text, why) for _, address, text, why in cells]
    expected = [(f"工作表“{c.sheet}”", c.cell, c.text, c.why) for c in result.not_placed]
    long_shown = [x for x in listed if x[1] == "A31"][0]
    assert long_shown[2].endswith("…") and len(long_shown[2]) == 200    # shortened in the list …
    listed = [x if x[1] != "A31" else (x[0], "A31", LONG_NOTE, x[3]) for x in listed]
    assert sorted(listed) == sorted(expected)
    a31 = [model.index(r, 2, model.index(0, 0, group)) for r in range(11)
           if model.data(model.index(r, 1, model.index(0, 0, group))) == "A31"][0]
    tip = model.data(a31, Qt.ItemDataRole.ToolTipRole)
    assert LONG_NOTE in tip and SELF_EVAL in tip                        # … whole in its tooltip
    # a long text wraps: its row is taller than a one-line row
    assert dialog.view.visualRect(a31).height() > dialog.view.visualRect(model.index(0, 2, group)).height()
    assert "有 15 个单元格未导入" in dialog.summary.text()


def test_not_placed_cells_need_a_tick_before_importing(qtbot):
    dialog = shown_dialog(qtbot, hand_built())
    assert dialog.import_button.text() == "仍然导入"
    assert dialog.reviewed.isVisible() and "15 个未导入的单元格" in dialog.reviewed.text()
    assert not dialog.import_button.isEnabled() and dialog.import_button.toolTip()
    assert dialog.cancel_button.isDefault() and not dialog.import_button.isDefault()
    dialog.accept()                                   # Enter, or a forced accept: nothing happens
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    qtbot.mouseClick(dialog.reviewed, Qt.MouseButton.LeftButton)
    assert dialog.reviewed.isChecked() and dialog.import_button.isEnabled()
    assert dialog.cancel_button.isDefault()           # Enter still does not import
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_every_cell_placed_reads_as_a_plain_import(qtbot, qtmodeltester):
    result = hand_built(not_placed=[], choices=CHOICES[:1], conversions=[])
    dialog = shown_dialog(qtbot, result)
    qtmodeltester.check(dialog.model)
    assert "未导入" not in [r[0] for r in texts(dialog.model)]
    assert not dialog.model.not_placed_index().isValid()
    assert dialog.import_button.text() == "导入" and dialog.import_button.isEnabled()
    assert not dialog.reviewed.isVisible() and not dialog.cancel_button.isDefault()
    assert "每个非空单元格都已放入工作簿" in dialog.summary.text() and "未导入" not in dialog.summary.text()
    assert "匹配不确定" not in dialog.summary.text()
    # our own export: no choice was made, so nothing is claimed about the cells
    assert "非空单元格" not in import_preview.summary_text(hand_built(not_placed=[], choices=[]))


def test_errors_with_not_placed_cells_cannot_be_imported(qtbot, qtmodeltester):
    result = hand_built(workbook=None, problems=[Problem(ERROR, "资金数额无法识别：“八万”", "贵池.xlsx", SELF_EVAL, 9, 3)])
    dialog = shown_dialog(qtbot, result)
    qtmodeltester.check(dialog.model)
    assert "不能导入" in dialog.summary.text() and "15 个单元格未能导入" in dialog.summary.text()
    assert not dialog.reviewed.isVisible()
    dialog.reviewed.setChecked(True)                  # even ticked, an error is an error
    assert not dialog.import_button.isEnabled() and dialog.cancel_button.text() == "关闭"


def test_ask_import_keeps_the_dialogs_rule_whatever_the_stand_in_answers(qtbot, dialog_log):
    dialog_log.run_dialog = lambda dialog: True       # "accepted" without the tick
    assert import_preview.ask_import(None, hand_built()) == Answer(False)
    assert import_preview.confirm_import(None, hand_built()) is False

    def tick(dialog):
        dialog.reviewed.setChecked(True)
        return True

    dialog_log.run_dialog = tick
    assert import_preview.ask_import(None, hand_built()) == Answer(True)
    assert import_preview.confirm_import(None, hand_built(not_placed=[])) is True


DEFINITIONS = [("hebei_project_target", "项目支出绩效目标表"), ("jiangsu_dept_self_eval", "部门整体支出绩效自评价表"),
               ("national_dept_self_eval", "部门整体支出绩效自评表（全国）"),
               ("national_project_self_eval", "项目支出绩效自评表（全国，财预〔2020〕10号）"),
               ("shenzhen_project_self_eval", "项目支出绩效自评表（深圳）")]


def test_another_definition_can_be_asked_for(qtbot, dialog_log):
    offered = []

    def pick(dialog):
        assert not dialog.definition_button.isHidden()
        offered.append(dialog.definition_items())
        dialog_log.item_answer = 1
        qtbot.mouseClick(dialog.definition_button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.run_dialog = pick
    answer = import_preview.ask_import(None, hand_built(), DEFINITIONS)
    # the runners-up first, then the rest; every sheet's own choice stays available for the others
    assert [d for d, _ in offered[0]][:2] == ["shenzhen_project_self_eval", "jiangsu_dept_self_eval"]
    assert sorted(offered[0]) == sorted(DEFINITIONS)
    assert answer == Answer(False, "jiangsu_dept_self_eval")
    # one sheet: the definition it was read with is not offered again
    one = hand_built(choices=CHOICES[:1])
    dialog = shown_dialog(qtbot, one, DEFINITIONS)
    assert "national_project_self_eval" not in [d for d, _ in dialog.definition_items()]
    dialog_log.item_answer = None                     # 取消 in the list: the preview stays
    qtbot.mouseClick(dialog.definition_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.requested_definition is None
    # without definitions to offer (the reader cannot be told one) there is no button
    assert not shown_dialog(qtbot, one).definition_button.isVisible()


def test_definitions_are_offered_only_when_the_reader_takes_one():
    def old_reader(path, into=None, registry=None, limits=None, progress=None):
        raise AssertionError

    def new_reader(path, into=None, registry=None, limits=None, progress=None, definition=None):
        raise AssertionError

    result = hand_built()
    assert excel_actions._definitions_to_offer(old_reader, result) is None
    offered = excel_actions._definitions_to_offer(new_reader, result)
    from perfdesk.definitions.loader import default_registry

    assert [d for d, _ in offered] == default_registry().ids() and "national_project_self_eval" in dict(offered)
    own = hand_built(choices=[], own_export=True, problems=[])
    assert excel_actions._definitions_to_offer(new_reader, own) is None


def test_import_reads_again_with_the_definition_chosen_in_the_preview(qtbot, window, dialog_log, tmp_path,
                                                                      monkeypatch):
    """The whole loop in the window, with a reader that takes `definition` (as the lead's will)."""
    from perfdesk.xlsx import importer

    window.open_sample("rugao-2023")
    doc = window.document
    real = importer.import_xlsx(FOREIGN / "syn_unit_line_yuan.xlsx", into=doc.workbook)
    assert real.ok and real.has_effect
    calls = []

    def reader(path, into=None, registry=None, limits=None, progress=None, definition=None):
        calls.append(definition)
        choice = (DefinitionChoice("Sheet1", definition, "指定的表样", 5, 6, forced=True) if definition else
                  DefinitionChoice("Sheet1", "shenzhen_project_self_eval", "项目支出绩效自评表（深圳）", 4, 9,
                                   "national_project_self_eval", "项目支出绩效自评表（全国）", 4, 9))
        return msgspec.structs.replace(real, choices=[choice], not_placed=[NotPlaced("Sheet1", "H2", "备注", "无处可放")])

    monkeypatch.setattr(importer, "import_xlsx", reader)
    shown = []

    def answer(dialog):
        shown.append([r[2] for r in texts(dialog.model)][0])
        if len(shown) == 1:
            assert is_doubtful(dialog.import_result.choices[0])
            dialog_log.item_answer = 0                # the runner-up, listed first
            dialog.definition_button.click()
            return False
        dialog.reviewed.setChecked(True)
        return True

    dialog_log.run_dialog = answer
    dialog_log.open_path = str(FOREIGN / "syn_unit_line_yuan.xlsx")
    assert window.excel_actions.import_()
    assert calls == [None, "national_project_self_eval"]
    assert shown[1].startswith("按指定的表样读入：指定的表样（national_project_self_eval）")
    assert len(doc.workbook.forms) == len(load_sample("rugao-2023").forms) + 1
    assert "1 个单元格未导入" in window.statusBar().currentMessage()


def test_a_real_foreign_import_previews_consistently(qtbot, qtmodeltester):
    """syn_unit_line_yuan.xlsx read for real: whatever the reader reports, the preview shows all
    of it (its lists may be empty until the foreign reader fills them)."""
    result = import_xlsx(FOREIGN / "syn_unit_line_yuan.xlsx", into=load_sample("rugao-2023"))
    assert result.ok and result.has_effect
    dialog = shown_dialog(qtbot, result)
    model = dialog.model
    qtmodeltester.check(model)
    kinds = [r[0] for r in texts(model)]
    assert kinds.count("表样") == len(result.choices) and kinds.count("金额单位") == len(result.conversions)
    assert kinds.index("新增") > max([i for i, k in enumerate(kinds) if k in ("表样", "金额单位", "提示")], default=-1)
    group = model.not_placed_index()
    assert group.isValid() == bool(result.not_placed)
    if result.not_placed:
        listed = sum(model.rowCount(model.index(s, 0, group)) for s in range(model.rowCount(group)))
        assert listed == len(result.not_placed)
        assert f"有 {len(result.not_placed)} 个单元格未导入" in dialog.summary.text()
        assert dialog.import_button.text() == "仍然导入" and not dialog.import_button.isEnabled()
    else:
        assert dialog.import_button.text() == "导入" and dialog.import_button.isEnabled()
        assert "未导入" not in dialog.summary.text()
    for choice in result.choices:
        assert any(str(choice.matched) + "/" + str(choice.total) in r[2] for r in texts(model) if r[0] == "表样")
