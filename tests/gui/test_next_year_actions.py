"""生成下一年度… from the real window: a new file, figures kept or cleared, offered to open."""

from perfdesk.gui.next_year_dialog import NextYearDialog
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook




def open_file(window, tmp_path):
    path = tmp_path / "河北2022.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    assert window.open_path(str(path))
    return path


def answer(dialog_log, target, keep_figures=False, keep_actuals=False, seen=None):
    def run(dialog):
        assert isinstance(dialog, NextYearDialog)
        if seen is not None:
            seen.append(dialog.path_edit.text())
        dialog.path_edit.setText(str(target))
        dialog.keep_figures.setChecked(keep_figures)
        dialog.keep_actuals.setChecked(keep_actuals)
        return True
    dialog_log.run_dialog = run


def test_next_year_is_written_and_opened(qtbot, window, dialog_log, tmp_path):
    current = open_file(window, tmp_path)
    seen = []
    target = tmp_path / "河北2023"                      # the suffix is added
    answer(dialog_log, target, keep_figures=True, seen=seen)
    dialog_log.confirm_answer = True                    # 现在打开它吗？ 是
    action = window.next_year_actions.act_next_year
    assert action.isEnabled()
    action.trigger()
    assert seen == [str(tmp_path / "市场监管部门市场监督管理局本级2023年度绩效.perfdesk")]
    written = tmp_path / "河北2023.perfdesk"
    assert "已生成 2023 年度工作簿" in dialog_log.asked[-1]
    assert window.document.path == written and window.document.workbook.year == 2023
    new = window.document.workbook
    assert new.form("project_01").funds_table("budget").values          # figures kept
    assert read_workbook(current).year == 2022                          # this year's file untouched


def test_next_year_without_figures_stays_here_when_not_opened(qtbot, window, dialog_log, tmp_path):
    current = open_file(window, tmp_path)
    target = tmp_path / "下一年.perfdesk"
    answer(dialog_log, target)
    dialog_log.confirm_answer = False                   # 不打开
    assert window.next_year_actions.next_year() == target
    assert window.document.path == current and not window.document.modified
    new = read_workbook(target)
    assert new.year == 2023 and all(not t.values for f in new.forms for t in f.funds.values())
    assert "2023 年度" in window.statusBar().currentMessage()


def test_next_year_refuses_the_open_file_and_asks_before_overwriting(qtbot, window, dialog_log, tmp_path):
    current = open_file(window, tmp_path)
    answer(dialog_log, current)
    assert window.next_year_actions.next_year() is None
    assert "不能写到当前打开的文件" in dialog_log.errors[-1]
    other = tmp_path / "已有.perfdesk"
    other.write_bytes(b"x")
    answer(dialog_log, other)
    dialog_log.confirm_answer = False                   # 不覆盖
    assert window.next_year_actions.next_year() is None
    assert "已存在" in dialog_log.asked[-1] and other.read_bytes() == b"x"


def test_next_year_needs_a_workbook(qtbot, window):
    assert not window.next_year_actions.act_next_year.isEnabled()
    window.open_sample("rugao-2023")
    assert window.next_year_actions.act_next_year.isEnabled()
