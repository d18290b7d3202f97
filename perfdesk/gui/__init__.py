"""The Qt GUI: model/view adapters over the domain, undo commands, windows and dialogs.

The Qt-free layers that every window needs are imported here, before anything imports
PySide6. Once PySide6 is loaded, it reads the source of each module imported after it (to see
whether the module uses PySide's `__feature__` switches): about 0.2 ms a module, some 60
modules on the way to the first window. Those below are read by nobody.
"""
import csv  # noqa: F401  (the indicator clipboard's)
import decimal  # noqa: F401
import sqlite3  # noqa: F401

from ..definitions import loader  # noqa: F401
from ..domain import blank, completeness, entry, figures, places  # noqa: F401
from ..domain.checks import finding  # noqa: F401
from ..store import codec, session, workbook_file  # noqa: F401
