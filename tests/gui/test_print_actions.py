"""打印预览, 打印 and 导出 PDF from the real window: which forms, checks first, fonts, progress."""
import re
import subprocess

import pytest

from tests.needs import POPPLER, have, needs
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from perfdesk.domain import edits
from perfdesk.domain.places import SectionPlace
from perfdesk.gui import navigator_menu, print_actions, print_preview
from perfdesk.gui.form_scope import ALL, FormScopeDialog
from perfdesk.gui.main_window import MainWindow
from perfdesk.gui.progress import Progress
from perfdesk.pdf import FontError

from .helpers import press

needs_poppler = needs(have("pdftoppm", "pdfinfo"), POPPLER, "poppler-utils (pdftoppm, pdfinfo) not installed")
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(print_preview, "qtpdf_available", lambda: False)   # poppler draws the pages
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for dialog in list(w.print_actions.previews):
        dialog.close()
    w.print_actions.remove_temporary_files()


def scope(dialog_log, choose=None, seen=None):
    """Answer the 范围 dialog: `choose(dialog)` picks, then 确定."""
    def answer(dialog):
        assert isinstance(dialog, FormScopeDialog)
        if seen is not None:
            seen.append(dialog)
        if choose is not None:
            choose(dialog)
        return True
    dialog_log.run_dialog = answer


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_actions_follow_the_document(qtbot, window):
    prints = window.print_actions
    assert not prints.act_preview.isEnabled() and not prints.act_export_pdf.isEnabled()
    window.open_sample("hebei-2022")
    assert prints.act_preview.isEnabled() and prints.act_export_pdf.isEnabled() and window.act_print.isEnabled()
    assert prints.act_preview_form.isEnabled()
    window.show_form("")
    assert not prints.act_preview_form.isEnabled() and prints.act_preview.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    for text in ("导入 Excel(&I)…", "导出 Excel(&E)…", "导出 PDF(&D)…", "打印预览(&V)…", "打印(&P)…", "生成下一年度(&Y)…"):
        assert text in texts
    assert texts.index("打印预览(&V)…") < texts.index("打印(&P)…")
    assert prints.act_preview in window.main_toolbar.actions()
    window.close_document()
    assert not prints.act_preview.isEnabled()


@needs_poppler
def test_preview_of_the_current_form_names_the_font(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("dept_plan")                       # no errors on this one
    seen = []
    scope(dialog_log, seen=seen)
    window.print_actions.act_preview.trigger()
    assert seen[0].scope == "current" and seen[0].form_ids() == ["dept_plan"]
    dialog = window.print_actions.previews[-1]
    assert dialog.isVisible()
    result = window.print_actions.last_result
    assert list(result.form_pages) == ["dept_plan"] and len(dialog.page_labels) == result.pages
    assert dialog.note_label.text().startswith("使用字体：") and dialog.warning_label.text() == ""
    assert "使用字体：" in window.statusBar().currentMessage()
    font_file = str(result.fonts.primary.file.path)      # named, never shown as a file path
    assert font_file not in dialog.note_label.text() and font_file not in window.statusBar().currentMessage()
    assert dialog_log.asked == [] and dialog_log.errors == []        # clean: no question asked


@needs_poppler
def test_whole_workbook_with_errors_prints_a_marked_draft(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    scope(dialog_log, lambda d: d.radio_all.setChecked(True))
    dialog_log.choice_answer = 0                         # 预览草稿
    window.print_actions.act_preview.trigger()
    assert dialog_log.choices == [["预览草稿", "转到第一处错误", "取消"]]
    errors = sum(1 for f in window.check_dock.findings() if f.severity.blocks_print)
    assert f"审核发现 {errors} 处错误" in dialog_log.asked[0]
    result = window.print_actions.last_result
    assert len(result.form_pages) == 10
    assert result.form_pages["dept_plan"][0] == 3        # after the cover and the contents
    dialog = window.print_actions.previews[-1]
    assert dialog.note_label.text().startswith("使用字体：")
    assert f"这是草稿，每页顶端标有“草稿：审核有 {errors} 处错误，不能盖章报送”" in dialog.warning_label.text()
    text = pdf_text(dialog.path)
    assert "目" in text and "录" in text and f"草稿：审核有 {errors} 处错误" in text


def test_going_to_the_first_error_prints_nothing(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("dept_plan")
    scope(dialog_log, lambda d: d.set_checked(["dept_plan", "project_02", "project_05"]))
    dialog_log.choice_answer = 1                         # 转到第一处错误
    window.print_actions.act_preview.trigger()
    assert window.print_actions.previews == [] and window.print_actions.last_result is None
    first = next(f for f in window.check_dock.findings("project_02") if f.severity.blocks_print)
    assert window.current_form_id() == "project_02"
    assert first.message in window.statusBar().currentMessage()
    assert "在“" in dialog_log.asked[0] and "project" not in dialog_log.asked[0]   # titles, not ids


def test_cancelling_the_check_question_prints_nothing(qtbot, window, dialog_log):
    window.open_sample("suzhou-2024")
    scope(dialog_log)
    dialog_log.choice_answer = None
    assert window.print_actions.preview() is None
    assert window.print_actions.last_result is None


def test_export_pdf_of_a_selection(qtbot, window, dialog_log, tmp_path):
    window.open_sample("hebei-2022")
    scope(dialog_log, lambda d: d.set_checked(["project_01", "project_03"]))
    dialog_log.choice_answer = 0
    dialog_log.save_path = str(tmp_path / "两张表.pdf")
    window.print_actions.act_export_pdf.trigger()
    assert (tmp_path / "两张表.pdf").stat().st_size > 10_000
    result = window.print_actions.last_result
    assert list(result.form_pages) == ["project_01", "project_03"]
    assert result.form_pages["project_01"][0] == 3       # several forms: cover and contents
    message = window.statusBar().currentMessage()
    assert "已导出 PDF（草稿）" in message and "使用字体：" in message
    assert dialog_log.choices == [["导出草稿", "转到第一处错误", "取消"]]     # the verb of 导出 PDF
    fonts = result.fonts.primary
    assert str(fonts.file.path) not in message and fonts.title in message     # the font's name, not its file


def test_a_selection_is_not_carried_to_another_workbook(qtbot, window, dialog_log, tmp_path):
    window.open_sample("hebei-2022")
    scope(dialog_log, lambda d: d.set_checked(["project_01", "project_03"]))
    dialog_log.choice_answer = None              # stop at the check question
    window.print_actions.preview()
    window.open_sample("nantong-2024")
    seen = []
    scope(dialog_log, seen=seen)
    dialog_log.save_path = str(tmp_path / "nt.pdf")
    window.print_actions.export_pdf()
    assert seen[0].scope == "current" and seen[0].form_ids() == ["dept_target"]
    assert (tmp_path / "nt.pdf").exists()


def test_export_pdf_without_cover(qtbot, window, dialog_log, tmp_path):
    window.open_sample("nantong-2024")
    def choose(d):
        d.radio_all.setChecked(True)
        d.cover_check.setChecked(False)
    scope(dialog_log, choose)
    dialog_log.save_path = str(tmp_path / "nt.pdf")
    assert window.print_actions.export_pdf() == tmp_path / "nt.pdf"
    assert window.print_actions.last_result.form_pages == {"dept_target": (1, window.print_actions.last_result.pages)}
    assert dialog_log.asked == []                        # nantong has no errors


@needs_poppler
def test_ctrl_p_prints_to_the_chosen_printer(qtbot, window, dialog_log, tmp_path):
    window.open_sample("nantong-2024")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    dialog_log.printer = printer
    scope(dialog_log)
    window.editors["dept_target"].setFocus()
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    pages = window.print_actions.last_result.pages
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(rf"^Pages:\s+{pages}$", info, re.M)
    assert f"共 {pages} 页" in window.statusBar().currentMessage()


def test_cancelled_printer_dialog_prints_nothing(qtbot, window, dialog_log):
    window.open_sample("nantong-2024")
    scope(dialog_log)
    dialog_log.printer = None
    assert window.print_actions.print_() == 0
    assert window.statusBar().currentMessage() == "已取消打印"


def test_progress_can_be_cancelled_while_laying_out(qtbot, window, dialog_log, monkeypatch):
    window.open_sample("hebei-2022")
    scope(dialog_log, lambda d: d.radio_all.setChecked(True))
    dialog_log.choice_answer = 0
    labels = []
    real_step = Progress.step

    def step(self, label):
        labels.append(label)
        if len(labels) == 3:
            self.dialog.cancel()            # the user presses 取消 while the third form is laid out
        real_step(self, label)

    monkeypatch.setattr(Progress, "step", step)
    # the dialog shows at once (not after the usual delay), so there is a 取消 to press
    monkeypatch.setattr(print_actions, "Progress", lambda parent, title, total: Progress(parent, title, total, 0))
    assert window.print_actions.preview() is None
    assert labels[0] == "正在排版第 1 张，共 10 张：部门整体绩效目标"
    assert len(labels) == 3 and window.print_actions.previews == []
    assert window.statusBar().currentMessage() == "已取消"


def test_no_chinese_font_is_said_plainly(qtbot, window, dialog_log, monkeypatch):
    import perfdesk.pdf

    def no_font(*args, **kwargs):
        raise FontError("找不到可用的中文 TrueType 字体，无法打印")

    monkeypatch.setattr(perfdesk.pdf, "find_fonts", no_font)
    window.open_sample("nantong-2024")
    scope(dialog_log)
    assert window.print_actions.preview() is None
    assert dialog_log.errors == ["找不到可用的中文 TrueType 字体，无法打印"]


@needs_poppler
def test_missing_characters_are_warned_about(qtbot, window, dialog_log):
    window.open_sample("nantong-2024")
    doc = window.document
    doc.push(edits.SetValue("dept_target", SectionPlace("long_term_goal"), "中长期目标\ue000"), "输入")
    scope(dialog_log)
    dialog = window.print_actions.preview()
    warning = dialog.warning_label.text()
    assert warning.startswith("警告：以下字符在所有可用字体中都没有") and "\ue000" in warning
    assert "color: #b00020" in dialog.warning_label.styleSheet()
    assert dialog.note_label.text().startswith("使用字体：") and "警告" not in dialog.note_label.text()
    assert "有缺字" in window.statusBar().currentMessage()
    # printing asks first; 否 prints nothing
    dialog_log.confirm_answer = False
    assert window.print_actions.print_() == 0
    assert "\ue000" in dialog_log.asked[-1] and dialog_log.asked[-1].endswith("仍要打印吗？")


def test_navigator_menu_offers_what_fits_the_form(qtbot, window):
    window.open_sample("hebei-2022")
    model = window.nav_view.model()
    workbook = model.index(0, 0)
    group = model.index(1, 0, workbook)
    assert group.data(Qt.ItemDataRole.DisplayRole).startswith("项目支出")
    index = model.index(0, 0, group)
    assert index.data(Qt.ItemDataRole.DisplayRole).startswith("车辆保险费")
    menu = navigator_menu.build_menu(window, index)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert window.current_form_id() == "project_01"
    assert texts == ["打印预览此表", "打印此表…", "生成自评表(&G)", "规范指标值写法(&N)…", "删除当前表单"]
    menu.deleteLater()
    menu = navigator_menu.build_menu(window, workbook)     # the workbook itself
    assert [a.text() for a in menu.actions() if not a.isSeparator()][:3] == [
        "打印预览(&V)…", "导出 PDF(&D)…", "导出 Excel(&E)…"]
    menu.deleteLater()


def test_scope_dialog_choices(qtbot):
    from perfdesk.samples import load_sample

    wb = load_sample("hebei-2022")
    dialog = FormScopeDialog(wb, "", "打印", "打印…")
    qtbot.addWidget(dialog)
    assert dialog.scope == ALL and not dialog.radio_current.isEnabled()     # no current form
    assert len(dialog.form_ids()) == 10 and dialog.cover()
    dialog.radio_selected.setChecked(True)
    dialog.select_none.click()
    assert dialog.form_ids() == [] and not dialog.ok_button.isEnabled()
    dialog.form_list.item(2).setCheckState(Qt.CheckState.Checked)
    assert dialog.form_ids() == ["project_02"] and not dialog.cover() and dialog.ok_button.isEnabled()
    assert not dialog.cover_check.isEnabled()


@needs_poppler
def test_printing_many_pages_can_be_cancelled(qtbot, window, dialog_log, tmp_path, monkeypatch):
    window.open_sample("hebei-2022")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    dialog_log.printer = printer
    scope(dialog_log, lambda d: d.radio_all.setChecked(True))
    dialog_log.choice_answer = 0
    labels = []
    real_step = Progress.step

    def step(self, label):
        labels.append(label)
        if label.startswith("正在发送第 3 页"):
            self.dialog.cancel()
        real_step(self, label)

    monkeypatch.setattr(Progress, "step", step)
    monkeypatch.setattr(print_actions, "Progress", lambda parent, title, total: Progress(parent, title, total, 0))
    assert window.print_actions.print_() == 0
    assert labels[-1] == "正在发送第 3 页，共 14 页"
    assert window.statusBar().currentMessage().startswith("已取消打印")


@needs_poppler
def test_the_previews_print_button_prints_as_print_does(qtbot, window, dialog_log, tmp_path, monkeypatch):
    window.open_sample("nantong-2024")
    window.document.push(edits.SetValue("dept_target", SectionPlace("long_term_goal"), "中长期目标\ue000"), "输入")
    scope(dialog_log)
    dialog = window.print_actions.preview()
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "from-preview.pdf"))
    dialog_log.printer = printer
    # the missing character is asked about first; 否 sends nothing
    dialog_log.confirm_answer = False
    assert dialog.print_pages() == 0
    assert "\ue000" in dialog_log.asked[-1] and not (tmp_path / "from-preview.pdf").exists()
    # 是: the pages go out with progress, and the status bar says so
    dialog_log.confirm_answer = True
    labels = []
    real_step = Progress.step

    def step(self, label):
        labels.append(label)
        real_step(self, label)

    monkeypatch.setattr(Progress, "step", step)
    sent = dialog.print_pages()
    assert sent > 0 and labels[-1] == f"正在发送第 {sent} 页，共 {sent} 页"
    assert (tmp_path / "from-preview.pdf").stat().st_size > 10_000
    assert window.statusBar().currentMessage().startswith("已送往打印机")
