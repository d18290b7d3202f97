"""表样管理: lists definitions, profiles and library files with where each comes from; adds one
from a file after checking it; asks before replacing a built-in one."""
from perfdesk.definitions.loader import default_registry, forms_dir
from perfdesk.gui.forms_manager import FormsManagerDialog
from perfdesk.store.workbook_file import write_workbook

from .split_form import DEF_ID, split_text, split_workbook


def test_the_list_names_each_item_its_kind_and_origin(qtbot, user_data_dir):
    dialog = FormsManagerDialog()
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    kinds = {r[0] for r in rows}
    assert kinds == {"表样", "评分方案", "指标库"}
    shenzhen = next(r for r in rows if r[1] == "shenzhen_project_self_eval")
    assert shenzhen[2] == "项目支出绩效自评表（深圳）" and shenzhen[3] == "内置"
    assert shenzhen[4] == "项目支出绩效自评表"          # its kind, as forms/kinds/ names it
    assert shenzhen[5].endswith("shenzhen_project_self_eval.toml")
    assert any(r[:2] == ("评分方案", "national") and r[3] == "内置" for r in rows)
    assert any(r[:2] == ("指标库", "project") and r[2] == "项目支出共性指标" for r in rows)


def test_adding_a_file_checks_it_copies_it_and_lists_it_as_the_users(qtbot, user_data_dir, tmp_path, dialog_log):
    path = tmp_path / f"{DEF_ID}.toml"
    path.write_text(split_text(), encoding="utf-8")
    dialog = FormsManagerDialog()
    qtbot.addWidget(dialog)
    assert dialog.add_from_file(str(path))
    assert (user_data_dir / "forms" / f"{DEF_ID}.toml").is_file()
    row = next(r for r in dialog.rows() if r[1] == DEF_ID)
    assert row[0] == "表样" and row[3] == "用户" and row[2] == "项目支出绩效自评表（分栏测试）"
    assert default_registry()[DEF_ID].origin == "user"
    assert dialog_log.asked and DEF_ID in dialog_log.asked[-1]


def test_a_broken_file_is_shown_with_file_key_and_line(qtbot, user_data_dir, tmp_path, dialog_log):
    path = tmp_path / "broken.toml"
    path.write_text(split_text().replace('id = "target_value", label = "年度指标值", type = "value"',
                                         'id = "target_value", label = "年度指标值", type = "valu"'), encoding="utf-8")
    dialog = FormsManagerDialog()
    qtbot.addWidget(dialog)
    assert not dialog.add_from_file(str(path))
    error = dialog_log.errors[-1]
    assert str(path) in error and "第 " in error and "行" in error and "type" in error
    assert not (user_data_dir / "forms" / "broken.toml").exists()
    assert not any(r[1] == DEF_ID for r in dialog.rows())


def test_replacing_a_built_in_definition_is_asked_first(qtbot, user_data_dir, tmp_path, dialog_log):
    text = (forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    path = tmp_path / "shenzhen_project_self_eval.toml"
    path.write_text(text.replace('name = "项目支出绩效自评表（深圳）"', 'name = "深圳自评表（本单位版）"'), encoding="utf-8")
    dialog = FormsManagerDialog()
    qtbot.addWidget(dialog)
    dialog_log.confirm_answer = False
    assert not dialog.add_from_file(str(path))
    assert "替换" in dialog_log.asked[-1] and "shenzhen_project_self_eval" in dialog_log.asked[-1]
    assert not (user_data_dir / "forms" / path.name).exists()
    dialog_log.confirm_answer = True
    assert dialog.add_from_file(str(path))
    row = next(r for r in dialog.rows() if r[1] == "shenzhen_project_self_eval")
    assert row[2] == "深圳自评表（本单位版）" and row[3] == "用户"


def test_the_open_workbooks_own_copies_are_listed_with_how_they_compare(qtbot, user_data_dir, tmp_path, window,
                                                                         dialog_log):
    path = tmp_path / "split.perfdesk"
    write_workbook(path, split_workbook())
    assert window.open_path(str(path))
    seen = {}

    def look(dialog):
        seen["rows"] = dialog.rows()
        return False

    dialog_log.run_dialog = look
    window.manage_forms()
    own = [r for r in seen["rows"] if r[3] == "工作簿"]
    form_row = next(r for r in own if r[1] == DEF_ID)
    assert form_row[0] == "表样" and "本机没有" in form_row[4] and form_row[5] == "split.perfdesk"
