"""The import preview: what an Excel import will add or change, and the problems found."""
import openpyxl
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog

from perfdesk.gui import import_preview
from perfdesk.gui.import_preview import ImportPreviewDialog, ImportPreviewModel
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.xlsx import export_xlsx, import_xlsx


def _edited_export(tmp_path):
    """The Shenzhen sample exported, one value changed in Excel, plus a sheet nobody can read."""
    path = tmp_path / "深圳.xlsx"
    export_xlsx(load_sample("shenzhen-guangming-2024"), path)
    wb = openpyxl.load_workbook(path)
    for row in wb.worksheets[0].iter_rows():
        for cell in row:
            if cell.value == "321人":
                cell.value = "330人"
    wb.create_sheet("说明")["A1"] = "填表说明：请如实填写"
    wb.save(path)
    return path


def test_preview_lists_changes_and_problems(qtbot, qtmodeltester, tmp_path):
    into = load_sample("shenzhen-guangming-2024")
    before = dump_workbook(into)
    result = import_xlsx(_edited_export(tmp_path), into=into)
    assert result.ok and result.warnings
    dialog = ImportPreviewDialog(result)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == ["类别", "表单 / 位置", "内容", "说明"]
    rows = [[model.data(model.index(r, c)) for c in range(3)] for r in range(model.rowCount())]
    assert rows[0][0] == "提示" and "工作表“说明”" in rows[0][1] and "未找到可识别的表头" in rows[0][2]
    assert rows[1][:2] == ["修改", "项目支出绩效自评表（project_self_eval）"]
    change = model.index(1, 0)
    details = [model.data(model.index(r, 2, change)) for r in range(model.rowCount(change))]
    assert any(d.startswith("指标：修改 1 行（如“后勤经费保障伙食人员数量”）") for d in details)
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) is not None
    assert "修改 1 张表" in dialog.summary.text() and "快照" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dump_workbook(into) == before          # the dialog changes nothing itself


def test_preview_of_a_broken_file_cannot_be_applied(qtbot, qtmodeltester, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_text("garbage")
    result = import_xlsx(bad, into=load_sample("rugao-2023"))
    dialog = ImportPreviewDialog(result)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0)) == "错误"
    assert dialog.model.data(dialog.model.index(0, 1)) == "整个文件"
    assert "不能导入" in dialog.summary.text()
    assert not dialog.import_button.isEnabled() and dialog.cancel_button.text() == "关闭"
    dialog.accept()                                # even when forced, nothing is accepted
    assert dialog.result() != QDialog.DialogCode.Accepted
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_confirm_import_goes_through_the_dialog_hook(qtbot, tmp_path, dialog_log):
    result = import_xlsx(_edited_export(tmp_path), into=load_sample("shenzhen-guangming-2024"))
    seen = []

    def answer(dialog):
        seen.append(dialog)
        qtbot.addWidget(dialog)
        return True

    dialog_log.run_dialog = answer
    assert import_preview.confirm_import(None, result) is True
    assert isinstance(seen[0], ImportPreviewDialog) and seen[0].import_result is result


def test_nothing_to_change_disables_import(qtbot, tmp_path):
    path = tmp_path / "same.xlsx"
    wb = load_sample("rugao-2023")
    export_xlsx(wb, path)
    result = import_xlsx(path, into=wb)
    assert result.ok and not result.has_effect
    dialog = ImportPreviewDialog(result)
    qtbot.addWidget(dialog)
    assert dialog.model.data(dialog.model.index(0, 0)) == "无变化"
    assert dialog.model.rowCount(dialog.model.index(0, 0)) == 0
    assert not dialog.import_button.isEnabled()
    assert "不作任何修改" in dialog.summary.text() or "内容相同" in dialog.summary.text()
    assert ImportPreviewModel(result).parent(QModelIndex()) == QModelIndex()
