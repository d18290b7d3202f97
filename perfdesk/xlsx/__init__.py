"""Excel in and out (issue 7): export forms laid out like the printed tables, import our own
exports exactly and foreign sheets laid out like the official tables. No Qt here.

    export_xlsx(workbook, path, form_ids=None) -> ExportReport
    import_xlsx(path, into=None) -> ImportResult      (never mutates `into`)

openpyxl loads with the writer or the importer, not with this package: the GUI names import
problems (perfdesk.xlsx.problems) without paying for openpyxl at start-up.
"""
from .problems import Change, ImportResult, Problem

_LAZY = {"ExportReport": "writer", "export_xlsx": "writer", "workbook_to_xlsx_bytes": "writer",
         "import_xlsx": "importer"}

__all__ = ["Change", "ExportReport", "ImportResult", "Problem", "export_xlsx", "import_xlsx",
           "workbook_to_xlsx_bytes"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    return getattr(import_module(f".{module}", __name__), name)
