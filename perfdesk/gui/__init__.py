"""The Qt GUI: model/view adapters over the domain, undo commands, windows and dialogs.

The Qt-free layers that every window needs are imported here, before anything imports
PySide6: once PySide6 is loaded, it reads the source of each module imported after it (to see
whether the module uses PySide's `__feature__` switches), about 0.2 ms a module. What is
imported after it is spared that below.
"""
import csv  # noqa: F401  (the indicator clipboard's)
import decimal  # noqa: F401
import sqlite3  # noqa: F401

from ..definitions import loader  # noqa: F401
from ..domain import blank, completeness, entry, figures, places  # noqa: F401
from ..domain.checks import finding  # noqa: F401
from .. import codec  # noqa: F401
from ..store import session, workbook_file  # noqa: F401
from ..startup import spare_pyside_source_reads


# PySide need not read our modules' sources (perfdesk.startup)
spare_pyside_source_reads(__name__, __path__)
