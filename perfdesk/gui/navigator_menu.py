"""The navigator's context menu: on a form, what can be done with that form (print it, derive its
self-evaluation, compare with its target, normalise its values, delete it); elsewhere, the workbook-wide commands."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from .roles import FORM_ROLE
from .views import viewport_of


def install(window) -> None:
    view = window.nav_view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(lambda pos: _show(window, pos))


def build_menu(window, index) -> QMenu | None:
    """The menu for a navigator item (the form it names becomes the current one first)."""
    if window.document is None:
        return None
    form_id = index.data(FORM_ROLE) if index.isValid() else ""
    menu = QMenu(window.nav_view)
    prints, derive = window.print_actions, window.derive_actions
    if form_id:
        if form_id != window.current_form_id():
            window.show_form(form_id, focus=False)
        derive.update_actions(now=True)
        menu.addAction(prints.act_preview_form)
        menu.addAction(prints.act_print_form)
        menu.addSeparator()
        for action in derive.actions:
            if action.isEnabled():
                menu.addAction(action)
        window.normalise_actions.update_actions()
        for action in window.normalise_actions.actions:
            if action.isEnabled():
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(window.act_remove_form)
    else:
        menu.addAction(prints.act_preview)
        menu.addAction(prints.act_export_pdf)
        menu.addAction(window.excel_actions.act_export)
        menu.addSeparator()
        menu.addAction(window.act_add_form)
    return menu


def _show(window, pos: QPoint) -> None:
    view = window.nav_view
    menu = build_menu(window, view.indexAt(pos))
    if menu is not None:
        menu.exec(viewport_of(view).mapToGlobal(pos))
        menu.deleteLater()
