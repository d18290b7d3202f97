"""The indicator library dock in the real window: search (also by pinyin initials), the category
filter, inserting by double click and by dropping onto the indicator tree (the entry lands under
its own level-1/level-2 wherever it is dropped), and the user's own library across a restart."""
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from perfdesk.domain.places import IndicatorPlace

from .helpers import make_window, focus, press, type_text






def names(nodes):
    return [n.name for n in nodes]


def search(qtbot, window, text):
    panel = window.library_panel
    panel.raise_()                      # the dock is tabbed with 完成度: bring it to the front
    qtbot.waitUntil(panel.search_edit.isVisible)
    panel.search_edit.setFocus()
    qtbot.waitUntil(lambda: focus() is panel.search_edit)
    panel.search_edit.selectAll()
    if text:
        type_text(qtbot, text)
    else:
        press(qtbot, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: panel.search_edit.text() == text and not panel._timer.isActive(), timeout=2000)
    return [e.name for e in panel.model.entries]


def double_click(qtbot, view, index):
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_search_by_text_and_pinyin_initials_and_filter_by_category(qtbot, window):
    window.open_sample("nantong-2024")
    panel = window.library_panel
    assert panel.definition is window.document.workbook.forms[0].definition
    panel.raise_()                                       # loaded once it is looked at
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    everything = panel.model.rowCount()
    assert everything > 10
    assert all(e.applies_to("jiangsu_dept_target") for e in panel.model.entries)
    assert search(qtbot, window, "yszxl")[0] == "预算执行率"          # 预 算 执 行 率
    assert "预算执行率" in search(qtbot, window, "执行")
    assert search(qtbot, window, "没有这种指标xyz") == []
    assert "没有找到" in panel.status.text()
    search(qtbot, window, "")
    assert panel.model.rowCount() == everything
    # the category filter offers the form's categories in the form's order
    labels = [panel.category.itemText(i) for i in range(panel.category.count())]
    assert labels[0] == "全部类别" and labels[1] == "决策 › 计划制定"
    panel.category.setCurrentIndex(labels.index("过程 › 预算执行"))
    shown = panel.model.entries
    assert shown and {(e.level1, e.level2) for e in shown} == {("过程", "预算执行")}
    assert search(qtbot, window, "yszxl") == ["预算执行率"]
    panel.category.setCurrentIndex(labels.index("决策 › 计划制定"))
    assert panel.model.rowCount() == 0                               # 预算执行率 is not 计划制定


def test_double_click_inserts_under_its_own_category_and_undo_takes_it_back(qtbot, window):
    window.open_sample("hebei-2022")
    window.show_form("project_01")
    form = window.document.workbook.form("project_01")
    timely = form.indicators[0].children[2]
    assert timely.name == "时效指标"
    before = names(timely.children)
    panel = window.library_panel
    search(qtbot, window, "zjzfjsl")                                  # 资金支付及时率
    index = panel.model.index(0, 0)
    assert index.data() == "资金支付及时率"
    window.select_cell("project_01", IndicatorPlace((2, 0, 0)))       # anywhere: it finds its place
    double_click(qtbot, panel.view, index)
    assert names(timely.children) == before + ["资金支付及时率"]
    leaf = timely.children[-1]
    assert leaf.cells["target_value"].format() == "100%"
    editor = window.editors["project_01"]
    assert editor.panel.current_path() == (0, 2, len(before))          # the new row is selected
    assert focus() is editor.panel.view
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(timely.children) == before
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert names(timely.children) == before + ["资金支付及时率"]


def test_enter_in_the_library_inserts_and_a_missing_level2_is_created_in_order(qtbot, window):
    window.open_sample("hebei-2022")
    window.show_form("project_01")
    form = window.document.workbook.form("project_01")
    assert names(form.indicators[1].children) == ["经济效益指标"]
    search(qtbot, window, "案件办结率")
    press(qtbot, Qt.Key.Key_Return)                                       # from the search box to the list
    assert focus() is window.library_panel.view
    press(qtbot, Qt.Key.Key_Return)                                       # insert the current entry
    assert names(form.indicators[1].children) == ["经济效益指标", "社会效益指标"]
    assert names(form.indicators[1].children[1].children) == ["案件办结率"]
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(form.indicators[1].children) == ["经济效益指标"]


def send_drop(view, index, data):
    """Drag-enter, drag-move and drop over a row of a view, as a drag from another widget does."""
    pos = view.visualRect(index).center()
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    move = QDragMoveEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), move)
    accepted = move.isAccepted()
    drop = QDropEvent(QPoint(pos), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    return accepted


def test_dropping_an_entry_anywhere_on_the_tree_lands_under_its_level1_and_level2(qtbot, window):
    window.open_sample("hebei-2022")
    editor = window.show_form("project_01")
    form = window.document.workbook.form("project_01")
    panel = window.library_panel
    search(qtbot, window, "群众满意度")
    data = panel.model.mimeData([panel.model.index(0, 0)])
    tree = editor.panel.view
    model = editor.panel.model
    satisfaction = form.indicators[2].children[0]
    before = names(satisfaction.children)
    # dropped onto a 产出指标 row: still goes to 满意度指标 › 服务对象满意度指标
    assert send_drop(tree, model.index_of((0, 0, 0)), data)
    assert names(satisfaction.children) == before + ["群众满意度"]
    assert names(form.indicators[0].children[0].children) == ["公车保险缴纳率"]
    window.undo()
    assert names(satisfaction.children) == before
    # an entry for another kind of form has no place here: the drop is refused
    window.show_form("dept_plan")
    window.open_sample("nantong-2024")
    search(qtbot, window, "中长期规划制定健全性")
    foreign = panel.model.mimeData([panel.model.index(0, 0)])
    window.open_sample("hebei-2022")
    editor = window.show_form("project_01")
    assert not editor.panel.model.canDropMimeData(foreign, Qt.DropAction.CopyAction, -1, 0,
                                                  editor.panel.model.index_of((0,)))
    assert not send_drop(editor.panel.view, editor.panel.model.index_of((0, 0, 0)), foreign)
    assert not window.document.modified


def test_a_row_added_to_the_user_library_is_found_after_a_restart(qtbot, window, isolated_data_dir):
    window.open_sample("hebei-2022")
    window.select_cell("project_01", IndicatorPlace((0, 1, 0)))       # 数量指标 › 管理车辆数（辆）
    tree = window.editors["project_01"].panel.view
    press(qtbot, Qt.Key.Key_F2)
    QApplication.focusWidget().selectAll()
    type_text(qtbot, "新能源车充电桩建设数量")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Escape)
    window.select_cell("project_01", IndicatorPlace((0, 1, 0)))
    assert focus() is tree
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)   # 加入指标库
    assert "已加入个人指标库" in window.statusBar().currentMessage()
    assert (isolated_data_dir / "indicator_library.json").exists()
    assert search(qtbot, window, "xnyccdzjssl") == ["新能源车充电桩建设数量"]
    window.close_document()
    window.close()

    again = make_window(qtbot)                                        # a new start of the program
    again.open_sample("shenzhen-guangming-2024")                      # another project form definition
    assert search(qtbot, again, "充电桩") == ["新能源车充电桩建设数量"]
    entry = again.library_panel.model.entries[0]
    assert entry.source == "user" and entry.value == "17辆" and entry.category == "产出指标 › 数量指标"
    assert again.library_panel.model.data(again.library_panel.model.index(0, 0),
                                          Qt.ItemDataRole.ForegroundRole) is not None
    # and it inserts like any other entry
    again.library_panel.view.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    form = again.document.workbook.forms[0]
    assert form.indicators[0].children[0].children[-1].name == "新能源车充电桩建设数量"
