"""Character limits (max_chars) shown while typing, and the over-long text in the 审核 dock."""
from PySide6.QtCore import Qt

from perfdesk.domain.places import FieldPlace, SectionPlace
from perfdesk.gui.char_limit import OVER_STYLE
from perfdesk.gui.document import Document
from perfdesk.gui.list_model import ListTableModel

from .helpers import checks_done, finding_index, type_text
from .split_form import split_workbook


def open_split(window):
    window.set_document(Document.untitled(split_workbook()))
    form_id = window.document.workbook.forms[0].id
    window.show_form(form_id)
    return window.editors[form_id]


def test_a_section_counts_its_characters_while_typing_and_turns_red_when_over(qtbot, window):
    editor = open_split(window)
    counter = editor.counters["goal_expected"]
    assert counter.text() == "0/100字" and counter.styleSheet() != OVER_STYLE
    edit = editor.section_widgets["goal_expected"]
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    type_text(qtbot, "完成道路养护")
    assert counter.text() == "6/100字"
    type_text(qtbot, "路" * 95)
    assert counter.text() == "101/100字" and counter.styleSheet() == OVER_STYLE
    assert "超出 1 字" in counter.toolTip()
    assert "限 100 字" in edit.toolTip()
    # undo brings the count back with the text
    window.undo()
    assert counter.text() == "0/100字" and counter.styleSheet() != OVER_STYLE


def test_a_field_counts_too_and_the_check_dock_names_the_over_long_text(qtbot, window):
    editor = open_split(window)
    counter = editor.counters["project_name"]
    assert counter.text() == "4/30字"
    field = editor.field_widgets["project_name"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    type_text(qtbot, "及" * 27)
    assert counter.text() == "31/30字" and counter.styleSheet() == OVER_STYLE
    form_id = editor.form_id
    checks_done(qtbot, window)
    dock = window.check_dock
    qtbot.waitUntil(lambda: any(f.code == "length.max_chars" for f in dock.findings(form_id)), timeout=5000)
    index = finding_index(dock, "length.max_chars", FieldPlace("project_name"))
    assert "限 30 字，现为 31 字" in index.data(Qt.ItemDataRole.DisplayRole)
    # the field itself is marked with the finding
    qtbot.waitUntil(lambda: "限 30 字" in field.toolTip())


def test_a_section_over_its_limit_is_found_on_opening(qtbot, window):
    wb = split_workbook()
    wb.forms[0].sections["goal_expected"] = "字" * 120
    window.set_document(Document.untitled(wb))
    window.show_form(wb.forms[0].id)
    checks_done(qtbot, window)
    index = finding_index(window.check_dock, "length.max_chars", SectionPlace("goal_expected"))
    assert "现为 120 字" in index.data(Qt.ItemDataRole.DisplayRole)
    assert window.editors[wb.forms[0].id].counters["goal_expected"].text() == "120/100字"


def test_limited_list_columns_name_the_limit_in_their_header():
    from perfdesk.definitions.loader import default_registry
    from perfdesk.domain.blank import new_workbook
    import msgspec

    definition = next(d for d in default_registry() if d.lists)
    ldef = definition.lists[0]
    text_column = next(c for c in ldef.columns if c.type == "text")
    limited = msgspec.structs.replace(ldef, columns=tuple(
        msgspec.structs.replace(c, max_chars=50) if c is text_column else c for c in ldef.columns))
    definition = msgspec.structs.replace(definition, lists=(limited,) + definition.lists[1:])
    doc = Document.untitled(new_workbook("单位", "1", 2024, [(definition, 1)]))
    model = ListTableModel(doc, doc.workbook.forms[0].id, ldef.id)
    section = list(ldef.columns).index(text_column)
    assert model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "限 50 字"


def test_the_counter_counts_as_the_check_does():
    from perfdesk.domain.checks.length import text_length as checked
    from perfdesk.gui.char_limit import text_length as counted

    for text in ["", "  项目 目标  ", "第一段\n第二段\r\n第三段", "abc\n\n", "１００％以上"]:
        assert counted(text) == checked(text)
