"""Printing: the official tables as PDF (ReportLab). No Qt here; the GUI shows what this writes."""
from .document import (DRAFT_MARK, PrintResult, UnknownFormError, draft_mark, render_pdf, render_pdf_bytes,
                       select_forms, write_pdf)
from .fonts import FontError, FontFile, FontSet, find_fonts, font_by_name, font_choices

__all__ = ["DRAFT_MARK", "FontError", "FontFile", "FontSet", "PrintResult", "UnknownFormError", "draft_mark",
           "find_fonts", "font_by_name", "font_choices", "render_pdf", "render_pdf_bytes", "select_forms", "write_pdf"]
