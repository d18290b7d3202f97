"""A workbook whose own copy of a definition differs from the installed one: the user is told,
and keeps the copy or moves the forms to the installed version in one undoable edit."""
from perfdesk.definitions.locations import reset_defaults
from perfdesk.gui.migrate_dialog import MigrateDialog
from perfdesk.store.workbook_file import write_workbook

from .split_form import DEF_ID, split_definition, split_text, split_workbook

REASON = '  { id = "reason", label = "偏差原因分析及改进措施", type = "text", max_chars = 20 },\n'


def install(user_data_dir, text):
    folder = user_data_dir / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{DEF_ID}.toml").write_text(text, encoding="utf-8")
    reset_defaults()


def saved_workbook(tmp_path):
    wb = split_workbook(split_definition())
    wb.forms[0].indicators[0].children[0].children[0].cells["reason"] = "天气影响"
    path = tmp_path / "split.perfdesk"
    write_workbook(path, wb)
    return path


def newer_text():
    text = split_text()
    assert REASON in text
    return text.replace(REASON, "").replace('name = "项目支出绩效自评表（分栏测试）"', 'name = "项目支出绩效自评表（分栏测试 新版）"')


def test_opening_a_workbook_whose_copy_differs_says_so_and_keep_changes_nothing(qtbot, window, user_data_dir,
                                                                                tmp_path):
    path = saved_workbook(tmp_path)
    install(user_data_dir, newer_text())
    assert window.open_path(str(path))
    updates = window.definition_updates
    qtbot.waitUntil(lambda: updates.banner.isVisible())
    text = updates.banner.text.text()
    title = window.document.workbook.forms[0].title
    assert DEF_ID in text and "“项目支出绩效自评表（分栏测试）”" in text and f"“{title}”" in text
    assert updates.pending == [DEF_ID]
    steps = window.document.undo_stack.count()
    updates.banner.keep_button.click()
    assert not updates.banner.isVisible()
    assert window.document.undo_stack.count() == steps
    assert window.document.workbook.forms[0].definition.origin == "workbook"


def test_moving_to_the_installed_version_lists_the_lost_values_and_is_one_undo_step(qtbot, window, user_data_dir,
                                                                                    tmp_path, dialog_log):
    path = saved_workbook(tmp_path)
    install(user_data_dir, newer_text())
    assert window.open_path(str(path))
    updates = window.definition_updates
    qtbot.waitUntil(lambda: updates.banner.isVisible())
    form_id = window.document.workbook.forms[0].id
    window.show_form(form_id)
    seen = {}

    def answer(dialog):
        assert isinstance(dialog, MigrateDialog)
        seen["rows"] = dialog.rows()
        return True

    dialog_log.run_dialog = answer
    updates.banner.move_button.click()
    assert len(seen["rows"]) == 1
    where, what = seen["rows"][0][1:]
    assert "偏差原因" in where and what == "天气影响"
    doc = window.document
    form = doc.workbook.form(form_id)
    assert form.definition.name == "项目支出绩效自评表（分栏测试 新版）" and form.definition.origin == "user"
    assert "reason" not in form.indicators[0].children[0].children[0].cells
    assert form.indicators[0].children[0].children[0].cells["target_value"].parts == ("≥", "120", "公里")
    assert doc.undo_stack.count() == 1
    assert not updates.banner.isVisible()
    # the editor shows the new definition's columns
    editor = window.editors[form_id]
    headers = [editor.panel.model.column_label(i) for i in range(editor.panel.model.columnCount())]
    assert "偏差原因分析及改进措施" not in headers
    window.undo()
    form = doc.workbook.form(form_id)
    assert form.definition.origin == "workbook"
    assert form.indicators[0].children[0].children[0].cells["reason"] == "天气影响"


def test_cancelling_the_move_changes_nothing(qtbot, window, user_data_dir, tmp_path, dialog_log):
    path = saved_workbook(tmp_path)
    install(user_data_dir, newer_text())
    assert window.open_path(str(path))
    qtbot.waitUntil(lambda: window.definition_updates.banner.isVisible())
    dialog_log.run_dialog = lambda dialog: False
    assert not window.definition_updates.move()
    assert window.document.undo_stack.count() == 0
    assert window.definition_updates.banner.isVisible()


def test_no_banner_when_the_installed_definition_is_the_same(qtbot, window, user_data_dir, tmp_path):
    path = saved_workbook(tmp_path)
    install(user_data_dir, split_text())
    assert window.open_path(str(path))
    updates = window.definition_updates
    updates.look()
    assert updates.pending == [] and (updates._banner is None or not updates._banner.isVisible())
    assert updates.differing() == {}
    # …nor when it is not installed at all (the workbook's copy is all there is)
    install(user_data_dir, "")
    (user_data_dir / "forms" / f"{DEF_ID}.toml").unlink()
    reset_defaults()
    assert updates.differing() == {}
