"""导出 Excel… and 导入 Excel… from the real window: preview, snapshot, one undoable step."""
import openpyxl
import pytest

from perfdesk.gui.form_scope import FormScopeDialog
from perfdesk.gui.import_preview import ImportPreviewDialog
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import WorkbookFile, write_workbook
from perfdesk.xlsx import export_xlsx




def value_of(workbook, name):
    form = workbook.form("project_self_eval")
    for level, node, _ in form.walk():
        if level == 3 and node.name == name:
            value = node.cells.get("actual_value")     # 实际完成值
            return getattr(value, "text", value)
    raise AssertionError(name)


def edited_export(tmp_path):
    """The Shenzhen sample exported, one value changed in Excel."""
    path = tmp_path / "深圳.xlsx"
    export_xlsx(load_sample("shenzhen-guangming-2024"), path)
    wb = openpyxl.load_workbook(path)
    for row in wb.worksheets[0].iter_rows():
        for cell in row:
            if cell.value == "321人":
                cell.value = "330人"
    wb.save(path)
    return path


def open_file(window, tmp_path, sample):
    path = tmp_path / f"{sample}.perfdesk"
    write_workbook(path, load_sample(sample))
    assert window.open_path(str(path))
    return path


def test_export_excel_of_the_whole_workbook(qtbot, window, dialog_log, tmp_path):
    window.open_sample("hebei-2022")
    seen = []

    def answer(dialog):
        assert isinstance(dialog, FormScopeDialog) and dialog.windowTitle() == "导出 Excel"
        assert dialog.scope == "all" and not dialog.cover_check.isVisibleTo(dialog)   # no cover in Excel
        seen.append(dialog)
        return True

    dialog_log.run_dialog = answer
    dialog_log.save_path = str(tmp_path / "河北.xlsx")
    window.excel_actions.act_export.trigger()
    assert seen
    book = openpyxl.load_workbook(tmp_path / "河北.xlsx")
    assert len([ws for ws in book.worksheets if ws.sheet_state == "visible"]) == 10
    assert "已导出 10 张表" in window.statusBar().currentMessage()


def test_export_excel_of_one_form(qtbot, window, dialog_log, tmp_path):
    window.open_sample("hebei-2022")
    window.show_form("project_04")

    def answer(dialog):
        dialog.radio_current.setChecked(True)
        return True

    dialog_log.run_dialog = answer
    dialog_log.save_path = str(tmp_path / "一张.xlsx")
    assert window.excel_actions.export() == tmp_path / "一张.xlsx"
    book = openpyxl.load_workbook(tmp_path / "一张.xlsx")
    assert len([ws for ws in book.worksheets if ws.sheet_state == "visible"]) == 1


def test_import_excel_previews_snapshots_and_is_one_undo_step(qtbot, window, dialog_log, tmp_path):
    path = open_file(window, tmp_path, "shenzhen-guangming-2024")
    doc = window.document
    before = dump_workbook(doc.workbook)
    steps = doc.undo_stack.count()
    shown = []

    def answer(dialog):
        assert isinstance(dialog, ImportPreviewDialog)
        shown.append(dialog.summary.text())
        assert dialog.import_button.isEnabled()
        return True

    dialog_log.run_dialog = answer
    dialog_log.open_path = str(edited_export(tmp_path))
    window.excel_actions.act_import.trigger()
    assert "修改 1 张表" in shown[0]
    assert value_of(doc.workbook, "后勤经费保障伙食人员数量") == "330人"
    assert doc.undo_stack.count() == steps + 1 and doc.undo_stack.undoText() == "导入 深圳.xlsx"
    assert doc.modified and window.current_form_id() == "project_self_eval"
    assert "快照" in window.statusBar().currentMessage()
    with WorkbookFile.open(path, read_only=True) as f:          # the snapshot is in the file
        snaps = f.snapshots()
        assert [s.name for s in snaps] == ["导入 深圳.xlsx 之前"] and snaps[0].auto
        assert dump_workbook(f.snapshot_workbook(snaps[0])) == before
    window.act_undo.trigger()
    assert dump_workbook(doc.workbook) == before
    assert value_of(doc.workbook, "后勤经费保障伙食人员数量") == "321人"
    window.act_redo.trigger()
    assert value_of(doc.workbook, "后勤经费保障伙食人员数量") == "330人"
    assert window.editor("project_self_eval").form is doc.workbook.form("project_self_eval")


def test_import_adds_new_forms_after_the_others(qtbot, window, dialog_log, tmp_path):
    source = tmp_path / "项目.xlsx"
    export_xlsx(load_sample("hebei-2022"), source, ["project_02", "project_03"])
    window.open_sample("nantong-2024")                  # no file: nothing to snapshot
    doc = window.document
    dialog_log.run_dialog = lambda dialog: True
    dialog_log.open_path = str(source)
    assert window.excel_actions.import_()
    assert [f.id for f in doc.workbook.forms] == ["dept_target", "project_02", "project_03"]
    window.check_dock.flush()
    assert window.check_dock.model.form_ids() == ["dept_target", "project_02", "project_03"]   # checked too
    window.undo()
    assert [f.id for f in doc.workbook.forms] == ["dept_target"]
    assert not doc.modified


def test_a_broken_file_changes_nothing(qtbot, window, dialog_log, tmp_path):
    path = open_file(window, tmp_path, "rugao-2023")
    doc = window.document
    before = dump_workbook(doc.workbook)
    bad = tmp_path / "坏.xlsx"
    bad.write_text("garbage")
    shown = []

    def answer(dialog):
        shown.append(dialog)
        assert not dialog.import_button.isEnabled()
        return False                                   # all the user can do is 关闭

    dialog_log.run_dialog = answer
    dialog_log.open_path = str(bad)
    assert not window.excel_actions.import_()
    assert shown and "不能导入" in shown[0].summary.text()
    assert dump_workbook(doc.workbook) == before and doc.undo_stack.count() == 0
    with WorkbookFile.open(path, read_only=True) as f:
        assert f.snapshots() == []


def test_cancelling_the_preview_changes_nothing(qtbot, window, dialog_log, tmp_path):
    path = open_file(window, tmp_path, "shenzhen-guangming-2024")
    doc = window.document
    dialog_log.run_dialog = lambda dialog: False
    dialog_log.open_path = str(edited_export(tmp_path))
    assert not window.excel_actions.import_()
    assert value_of(doc.workbook, "后勤经费保障伙食人员数量") == "321人"
    assert doc.undo_stack.count() == 0 and window.statusBar().currentMessage() == "未导入 深圳.xlsx"
    with WorkbookFile.open(path, read_only=True) as f:
        assert f.snapshots() == []


def test_excel_actions_need_a_workbook(qtbot, window):
    assert not window.excel_actions.act_import.isEnabled() and not window.excel_actions.act_export.isEnabled()
    window.open_sample("rugao-2023")
    assert window.excel_actions.act_import.isEnabled() and window.excel_actions.act_export.isEnabled()


class CancelledByUser:
    """The real progress dialog, shown at once, whose 取消 the user presses after `after` steps."""

    def __init__(self, after: int):
        self.after, self.steps = after, []

    def __call__(self, parent, title, total, delay_ms=400):
        from perfdesk.gui.progress import Progress
        outer = self

        class Pressed(Progress):
            def step(self, label):
                outer.steps.append(label)
                if len(outer.steps) > outer.after:
                    self.dialog.cancel()
                super().step(label)

        return Pressed(parent, title, total, delay_ms=0)


def test_a_long_import_can_be_cancelled_and_changes_nothing(qtbot, window, dialog_log, tmp_path, monkeypatch):
    from perfdesk.gui import excel_actions
    from perfdesk.samples.synthetic import synthetic_workbook

    path = open_file(window, tmp_path, "hebei-2022")
    doc = window.document
    before = dump_workbook(doc.workbook)
    big = tmp_path / "合成.xlsx"
    export_xlsx(synthetic_workbook(8, 2), big)
    pressed = CancelledByUser(after=3)
    monkeypatch.setattr(excel_actions, "Progress", pressed)
    dialog_log.run_dialog = lambda dialog: pytest.fail("no preview after a cancelled import")
    dialog_log.open_path = str(big)
    assert not window.excel_actions.import_()
    assert len(pressed.steps) == 4 and "第 4/9 张工作表" in pressed.steps[-1]
    assert dump_workbook(doc.workbook) == before and doc.undo_stack.count() == 0
    assert "已取消导入" in window.statusBar().currentMessage()
    with WorkbookFile.open(path, read_only=True) as f:
        assert f.snapshots() == []


def test_a_long_export_can_be_cancelled_and_writes_no_file(qtbot, window, dialog_log, tmp_path, monkeypatch):
    from perfdesk.gui import excel_actions

    window.open_sample("hebei-2022")
    pressed = CancelledByUser(after=2)
    monkeypatch.setattr(excel_actions, "Progress", pressed)
    dialog_log.run_dialog = lambda dialog: True           # the whole workbook
    dialog_log.save_path = str(tmp_path / "河北.xlsx")
    assert window.excel_actions.export() is None
    assert "第 3/10 张表" in pressed.steps[-1]
    assert list(tmp_path.iterdir()) == []
    assert "已取消导出" in window.statusBar().currentMessage()
