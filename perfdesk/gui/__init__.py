"""The Qt GUI: model/view adapters over the domain, undo commands, windows and dialogs.

The Qt-free layers that every window needs are imported here, before anything imports
PySide6: once PySide6 is loaded, it reads the source of each module imported after it (to see
whether the module uses PySide's `__feature__` switches), about 0.2 ms a module. What is
imported after it is spared that below.
"""
import csv  # noqa: F401  (the indicator clipboard's)
import decimal  # noqa: F401
import sqlite3  # noqa: F401
import sys

from ..definitions import loader  # noqa: F401
from ..domain import blank, completeness, entry, figures, places  # noqa: F401
from ..domain.checks import finding  # noqa: F401
from .. import codec  # noqa: F401
from ..store import session, workbook_file  # noqa: F401


def _spare_pyside_source_reads() -> None:
    """PySide reads the whole source of each module the first time an import statement names it
    after PySide has loaded (to see whether it switches `__feature__`s, PYSIDE-2029): about
    0.2 ms a module, 10–15 ms for the sixty-odd modules the window's modules import. Tell it the
    answer instead: no module of ours switches features (its dictionary's "-1": leave alone; "0":
    PySide's defaults). Uses a table PySide keeps to itself, so where it is not as expected
    nothing is done and PySide reads the sources as before."""
    import pkgutil

    import PySide6  # noqa: F401  (loads PySide's import hook and its table)

    table = getattr(sys.modules.get("PySide6.support.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in list(sys.modules):
        table.setdefault(name, -1)
    for module in pkgutil.iter_modules(__path__, __name__ + "."):
        table.setdefault(module.name, 0)


_spare_pyside_source_reads()
