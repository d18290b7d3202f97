"""Printing: the official tables as PDF (ReportLab). No Qt here; the GUI shows what this writes."""
from .document import (DRAFT_MARK, PrintResult, UnknownFormError, draft_mark, render_pdf, render_pdf_bytes,
                       select_forms, write_pdf)
from .fonts import FontError, FontSet, find_fonts

__all__ = ["DRAFT_MARK", "FontError", "FontSet", "PrintResult", "UnknownFormError", "draft_mark", "find_fonts",
           "render_pdf", "render_pdf_bytes", "select_forms", "write_pdf"]
