"""Item-data roles our models offer beyond Qt's: how a cell is edited, and where it is."""
from PySide6.QtCore import Qt

EDITOR_ROLE = Qt.ItemDataRole.UserRole + 1       # "amount" | "number" | "value" | "text" | "date" | "choice"
#                                                  | "part_value" | "part_unit" (a split value's parts)
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 2      # list[str] offered by a choice editor
FREE_CHOICE_ROLE = Qt.ItemDataRole.UserRole + 3  # bool: may type something not in the list
PLACE_ROLE = Qt.ItemDataRole.UserRole + 4        # the domain Place of a cell
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 5       # text the navigator filter matches
FORM_ROLE = Qt.ItemDataRole.UserRole + 6         # a form id
DECIMALS_ROLE = Qt.ItemDataRole.UserRole + 7     # decimals an amount is typed with
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 8       # a part of a form ("fields", a section id, "indicators")
STATED_ROLE = Qt.ItemDataRole.UserRole + 9      # what the original form stated where it differs from the sum
