"""Our fast sheet writer must write byte for byte what openpyxl's own writer writes, for every
export and for unusual cells: a guard for openpyxl upgrades. fastsave switches itself off for an
openpyxl it does not know (or with lxml installed); for the openpyxl release pyproject.toml pins
(3.1.x) that is a failure here, not a skip, so CI cannot pass with exports on the slow path."""
import datetime
import io

from openpyxl import Workbook as X
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet._writer import WorksheetWriter

from perfdesk.samples import load_sample, sample_names
from perfdesk.samples.synthetic import synthetic_workbook
from perfdesk.xlsx import fastsave, writer as W


def sheets_xml(xl, cls, contents=None):
    out = []
    for idx, ws in enumerate(xl.worksheets, 1):
        ws._id = idx
        if cls is WorksheetWriter:
            w = cls(ws, io.BytesIO())
        else:
            w = cls(ws, io.BytesIO(), {}, (contents or {}).get(id(ws)))
        w.write()
        out.append(w.read())
    return out


def odd_cells():
    odd = X()
    ws = odd.active
    ws["A1"] = " lead"; ws["B1"] = "trail "; ws["C1"] = "   "; ws["D1"] = 'a&b<c>"d"\nx\ty'; ws["E1"] = 5
    ws["F1"] = 2.5; ws["G1"] = "=SUM(E1:F1)"; ws["H1"].font = Font(bold=True); ws["A2"] = True; ws["B2"] = 10**17
    ws["C2"] = 1e-7; ws["D2"] = "=x"; ws["D2"].data_type = "s"
    ws["E2"] = '=A1&"<"'; ws["F2"] = datetime.date(2024, 7, 30)
    ws["G2"] = "note"; ws["G2"].comment = Comment("c", "me")
    ws["H2"] = "link"; ws["H2"].hyperlink = "http://example.com"
    ws["A3"] = ""; ws["B3"] = "#N/A"; ws["C3"] = float("nan")
    ws.merge_cells("A4:C5"); ws["A4"].font = Font(italic=True)
    ws.row_dimensions[7].height = 20; ws["D3"] = -0.0; ws["E3"] = 123456789012345678
    return odd


def test_fastsave_is_on_for_the_pinned_openpyxl():
    """pyproject.toml pins openpyxl 3.1.x, the release whose XML fastsave writes; off, every export
    takes the slow path (export_xlsx in benchmarks/run.py about doubles)."""
    import openpyxl

    assert openpyxl.__version__.startswith("3.1."), (
        f"openpyxl {openpyxl.__version__} is not the pinned 3.1.x: check fastsave's row writer against "
        "its cell writer, then move the pin (pyproject.toml) and fastsave.SUPPORTED together")
    assert not openpyxl.LXML, "lxml is installed: openpyxl then writes through it and fastsave is off"
    assert fastsave.SUPPORTED


def test_fast_sheet_writer_matches_openpyxl_byte_for_byte(monkeypatch):
    assert fastsave.SUPPORTED, "fastsave is off: see test_fastsave_is_on_for_the_pinned_openpyxl"
    captured = []
    orig = fastsave.save_bytes

    def capture(xl, cached, contents=None):
        captured.append((xl, contents))
        return orig(xl, cached, contents)

    monkeypatch.setattr(fastsave, "save_bytes", capture)
    for wb in [load_sample(n) for n in sample_names()] + [synthetic_workbook(20, 1)]:
        W.workbook_to_xlsx_bytes(wb)
    assert captured, "the exporter did not use fastsave"
    captured.append((odd_cells(), None))
    from_records = 0
    for xl, contents in captured:
        fast = sheets_xml(xl, fastsave._SheetWriter, contents)     # records written directly
        for ws in xl.worksheets:
            if contents and id(ws) in contents:
                from_records += 1
                fastsave.materialize(ws, contents[id(ws)])
        theirs = sheets_xml(xl, WorksheetWriter)                   # the same as openpyxl cells
        assert sheets_xml(xl, fastsave._SheetWriter) == theirs
        assert fast == theirs
    assert from_records > 0
