"""The form editor shows the 校验码 its printout carries, and follows edits (docs/print-code.md)."""
from perfdesk.domain.places import SectionPlace
from perfdesk.domain.print_code import code_label, content_code

from .helpers import focus, type_text


def test_the_editor_header_shows_the_code_and_follows_a_printed_edit(qtbot, window):
    window.open_sample("shenzhen-guangming-2024")
    wb = window.document.workbook
    form = wb.forms[0]
    label = window.editors[form.id].code_label
    before = content_code(wb, form)
    assert label.text() == code_label(before)
    window.select_cell(form.id, SectionPlace("goal_actual"))
    focus()
    type_text(qtbot, "已完成")
    qtbot.waitUntil(lambda: label.text() != code_label(before), timeout=3000)
    assert label.text() == code_label(content_code(wb, form))
