"""From a finding's place to a cell of an indicator view: the "take me there" half of the dock.

The main window owns the editors; it connects CheckDock.place_activated to its own slot and uses
these helpers for the indicator table (other places — fields, sections, funds cells — are the
editors' own business; the Place types of perfdesk.domain.places name them all).
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from ..domain.model import Form
from ..domain.places import IndicatorPlace, Place


def indicator_column(model: QAbstractItemModel, form: Form, column_id: str) -> int:
    """The view column of an indicator column id: 0 (the name) when none; the model's own
    column_of() where it has one, else the column whose header is the column's label."""
    if not column_id:
        return 0
    column_of = getattr(model, "column_of", None)
    if column_of is not None:
        return max(column_of(column_id), 0)
    ind = form.definition.indicators
    col = ind.column(column_id) if ind else None
    if col is None:
        return 0
    for section in range(model.columnCount()):
        if model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == col.label:
            return section
    return 0


def indicator_index(model: QAbstractItemModel, form: Form, place: Place) -> QModelIndex:
    """The model index of an IndicatorPlace in a tree model over the form's indicators
    (rows by the place's path, column by the column's label); invalid for other places."""
    if not isinstance(place, IndicatorPlace) or not place.path:
        return QModelIndex()
    parent = QModelIndex()
    index = QModelIndex()
    for row in place.path:
        index = model.index(row, 0, parent)
        if not index.isValid():
            return QModelIndex()
        parent = index
    column = indicator_column(model, form, place.column_id)
    return index.siblingAtColumn(column) if column else index


def select_place(view: QAbstractItemView, form: Form, place: Place) -> bool:
    """Make the place's cell current and visible in an indicator view; False if it is not there."""
    model = view.model()
    index = indicator_index(model, form, place) if model is not None else QModelIndex()
    if not index.isValid():
        return False
    expand = getattr(view, "expand", None)
    if expand is not None:
        parent = index.parent()
        while parent.isValid():
            expand(parent)
            parent = parent.parent()
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.scrollTo(index)
    view.setFocus()
    return True
