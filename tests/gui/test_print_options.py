"""The print options (字体, 封面, 目录) in the print/preview/export dialog: offered, remembered per
user across windows, applied to the PDF; a remembered font that is gone falls back, said so."""
import subprocess

import pytest

from tests.needs import POPPLER, have, needs
from PySide6.QtCore import QSettings

from perfdesk.gui import print_options, print_preview
from perfdesk.gui.form_scope import FormScopeDialog
from perfdesk.gui.main_window import MainWindow
from perfdesk.gui.settings import settings
from perfdesk.pdf import fonts as fontmod
from perfdesk.pdf import font_choices
from perfdesk.resources import bundled_font

needs_poppler = needs(have("pdftotext", "pdffonts", "pdfinfo"), POPPLER, "poppler-utils not installed")
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def fake_fonts(tmp_path, monkeypatch):
    """This PC's fonts: 宋体 (the bundled font's outlines under simsun.ttf's name) and the bundled
    font itself, so two names are offered whatever fonts the test machine has."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "simsun.ttf").symlink_to(bundled_font())
    monkeypatch.setattr(fontmod, "font_dirs", lambda: [folder])
    monkeypatch.setattr(fontmod, "_sets", {})     # font sets found here stay here (cached per process)
    monkeypatch.delenv(fontmod.ENV_FONT, raising=False)
    return folder


def new_window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(print_preview, "qtpdf_available", lambda: False)
    w = new_window(qtbot)
    yield w
    for dialog in list(w.print_actions.previews):
        dialog.close()
    w.print_actions.remove_temporary_files()


def answer(dialog_log, choose=None, seen=None):
    def run(dialog):
        assert isinstance(dialog, FormScopeDialog)
        if seen is not None:
            seen.append(dialog)
        if choose is not None:
            choose(dialog)
        return True
    dialog_log.run_dialog = run


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def embedded_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_options_are_offered_by_name(qtbot, window, dialog_log, fake_fonts, tmp_path):
    window.open_sample("hebei-2022")
    seen = []
    answer(dialog_log, lambda d: d.radio_all.setChecked(True), seen)
    dialog_log.save_path = str(tmp_path / "all.pdf")
    dialog_log.choice_answer = 0                      # the sample has errors: 导出草稿
    window.print_actions.export_pdf()
    dialog = seen[0]
    names = [dialog.font_combo.itemText(i) for i in range(dialog.font_combo.count())]
    assert names == ["宋体（SimSun）（默认）", fontmod.BUNDLED_LABEL]
    assert not any("/" in n or "\\" in n or ".tt" in n for n in names)        # names, never paths
    assert dialog.options_box.isVisibleTo(dialog) and dialog.cover_check.text() == "封面"
    assert dialog.contents_check.text() == "目录" and dialog.cover() and dialog.contents()
    assert not dialog.font_note.isVisibleTo(dialog)


@needs_poppler
def test_choices_are_applied_and_remembered_in_a_new_window(qtbot, window, dialog_log, fake_fonts, tmp_path):
    window.open_sample("hebei-2022")

    def choose(d):
        d.radio_all.setChecked(True)
        d.font_combo.setCurrentIndex(1)               # the bundled font, not the default 宋体
        d.cover_check.setChecked(False)               # contents only
    answer(dialog_log, choose)
    dialog_log.save_path = str(tmp_path / "first.pdf")
    dialog_log.choice_answer = 0
    window.print_actions.export_pdf()
    result = window.print_actions.last_result
    assert result.fonts.primary.file.path == bundled_font() and result.fonts.primary.title == fontmod.BUNDLED_LABEL
    pages = pdf_pages(tmp_path / "first.pdf")
    assert "预算绩效管理表" not in pages[0] and "目录" in "".join(pages[0].split())   # no cover: contents first
    assert result.front_pages == 1

    # a new window (a later run): the dialog starts from these choices, and they are used
    other = new_window(qtbot)
    other.open_sample("hebei-2022")
    seen = []
    answer(dialog_log, lambda d: d.radio_all.setChecked(True), seen)
    dialog_log.save_path = str(tmp_path / "second.pdf")
    other.print_actions.export_pdf()
    d = seen[0]
    assert d.font_combo.currentText() == fontmod.BUNDLED_LABEL and d.font_name() == fontmod.BUNDLED_LABEL
    assert not d.cover_check.isChecked() and d.contents_check.isChecked()
    assert other.print_actions.last_result.fonts.primary.file.path == bundled_font()
    assert other.print_actions.last_result.front_pages == 1
    other.print_actions.remove_temporary_files()

    # the default again, with cover but no contents
    def default_cover_only(dlg):
        dlg.radio_all.setChecked(True)
        dlg.font_combo.setCurrentIndex(0)
        dlg.cover_check.setChecked(True)
        dlg.contents_check.setChecked(False)
    answer(dialog_log, default_cover_only)
    dialog_log.save_path = str(tmp_path / "third.pdf")
    window.print_actions.export_pdf()
    pages = pdf_pages(tmp_path / "third.pdf")
    assert "2022年度预算绩效管理表" in pages[0] and not any("目录" in "".join(p.split()) for p in pages[:2])
    assert window.print_actions.last_result.front_pages == 1
    s = settings()
    assert s.value("print/font") == "" and print_options.load_options() == print_options.PrintOptions("", True, False)


def test_a_remembered_font_that_is_gone_falls_back_with_a_note(qtbot, window, dialog_log, fake_fonts):
    print_options.save_options(print_options.PrintOptions("宋体（SimSun）", True, True))
    (fake_fonts / "simsun.ttf").unlink()             # uninstalled since
    window.open_sample("nantong-2024")
    window.print_actions.act_preview_form.trigger()   # no dialog: the remembered options
    note = print_options.missing_font_note("宋体（SimSun）")
    assert note in window.statusBar().currentMessage()
    assert window.print_actions.last_result is not None       # printed, with the default font
    assert note in window.print_actions.previews[-1].note_label.text()
    # the dialog says it too, and offers the default
    seen = []
    answer(dialog_log, seen=seen)
    window.print_actions.preview()
    assert seen[0].font_note.isVisibleTo(seen[0]) and seen[0].font_note.text() == note
    assert seen[0].font_combo.currentIndex() == 0 and seen[0].font_name() == ""
    assert note in window.statusBar().currentMessage()


def _second_real_font():
    fonts = font_choices()
    return fonts[1] if len(fonts) > 1 else None


@needs_poppler
@pytest.mark.skipif(_second_real_font() is None, reason="only one CJK TrueType font on this machine")
def test_a_second_installed_font_is_embedded(qtbot, window, dialog_log, tmp_path, monkeypatch):
    monkeypatch.delenv(fontmod.ENV_FONT, raising=False)
    second = _second_real_font()
    window.open_sample("nantong-2024")
    answer(dialog_log, lambda d: d.font_combo.setCurrentIndex(d.font_combo.findData(second.label)))
    dialog_log.save_path = str(tmp_path / "second.pdf")
    window.print_actions.export_pdf()
    family = window.print_actions.last_result.fonts.primary
    assert family.file == second
    base = fontmod.TTFont("probe", str(second.path), subfontIndex=second.index).face.name
    base = base.decode() if isinstance(base, bytes) else base
    assert f"+{base}" in embedded_fonts(tmp_path / "second.pdf")
    assert second.label in window.statusBar().currentMessage()
