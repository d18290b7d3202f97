"""Excel in and out (issue 7): export forms laid out like the printed tables, import our own
exports exactly and foreign sheets laid out like the official tables. No Qt here.

    export_xlsx(workbook, path, form_ids=None) -> ExportReport
    import_xlsx(path, into=None) -> ImportResult      (never mutates `into`)
"""
from .problems import Change, ImportResult, Problem
from .writer import ExportReport, export_xlsx, workbook_to_xlsx_bytes
from .importer import import_xlsx

__all__ = ["Change", "ExportReport", "ImportResult", "Problem", "export_xlsx", "import_xlsx",
           "workbook_to_xlsx_bytes"]
