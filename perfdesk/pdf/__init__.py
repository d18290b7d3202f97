"""Printing: the official tables as PDF (ReportLab). No Qt here; the GUI shows what this writes."""
from .document import PrintResult, UnknownFormError, render_pdf, render_pdf_bytes, select_forms, write_pdf
from .fonts import FontError, FontSet, find_fonts

__all__ = ["FontError", "FontSet", "PrintResult", "UnknownFormError", "find_fonts", "render_pdf",
           "render_pdf_bytes", "select_forms", "write_pdf"]
