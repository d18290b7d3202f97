"""A bureau's workbook (dozens of project forms): editors are built when visited and the least
recently used let go, so memory stays flat; a form whose editor was let go comes back intact,
and undo still reaches it."""
from perfdesk.domain.places import SectionPlace
from perfdesk.gui import main_window as mw
from perfdesk.gui.document import Document
from perfdesk.gui.main_window import MainWindow
from perfdesk.samples.synthetic import synthetic_workbook

from .helpers import checks_done


def test_editors_are_kept_for_recent_forms_only(qtbot, monkeypatch):
    monkeypatch.setattr(mw, "MAX_EDITORS", 8)
    monkeypatch.setattr(mw, "PREBUILT_EDITORS", 3)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    wb = synthetic_workbook(20, 5)
    w.set_document(Document.untitled(wb))
    checks_done(qtbot, w)
    qtbot.waitUntil(lambda: len(w.editors) >= 3)
    qtbot.wait(50)
    assert len(w.editors) == 3          # only the first forms are built ahead
    first_project = wb.forms[1].id
    w.select_cell(first_project, SectionPlace("goal"))
    w.editor(first_project).section_widgets["goal"].setPlainText("第一个项目的新目标")
    w.finish_editing()
    w.show_form(wb.forms[0].id)         # leaving the field commits its text
    assert wb.form(first_project).sections["goal"] == "第一个项目的新目标"
    for form in wb.forms:
        w.show_form(form.id)
        assert len(w.editors) <= 8
    assert first_project not in w.editors          # let go of: least recently used
    assert w.current_form_id() == wb.forms[-1].id
    # coming back builds it again from the model, with what was typed
    w.show_form(first_project)
    assert w.editor(first_project).section_widgets["goal"].toPlainText() == "第一个项目的新目标"
    w.show_form(wb.forms[-1].id)
    for form in wb.forms[2:12]:
        w.show_form(form.id)
    assert first_project not in w.editors
    # undo reaches a form whose editor is gone, and shows it
    w.document.undo_stack.undo()
    qtbot.waitUntil(lambda: w.current_form_id() == first_project)
    assert wb.form(first_project).sections.get("goal", "") != "第一个项目的新目标"
    assert (w.editor(first_project).section_widgets["goal"].toPlainText()
            == wb.form(first_project).sections.get("goal", ""))
