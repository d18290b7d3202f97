"""A justified line spreads its characters with Tc (character spacing). Tc belongs to the PDF
graphics state, not to the text object, so it must be set back to 0 before the text object ends:
left set, it spread out every later line of the table (ReportLab's next text object assumes 0)."""
import base64
import re
import zlib

import pytest

from tests.needs import FONTS, missing

from perfdesk.pdf import render_pdf_bytes
from perfdesk.pdf.fonts import FontError, find_fonts
from perfdesk.samples import load_sample


def content_streams(pdf: bytes) -> list[bytes]:
    """Every stream ReportLab wrote compressed (Flate, or ASCII85 then Flate for page contents)."""
    out = []
    for m in re.finditer(rb"/Filter\s*\[([^\]]*)\][^>]*>>\s*stream\r?\n", pdf):
        data = pdf[m.end():]
        if b"ASCII85Decode" in m.group(1):
            data = base64.a85decode(data[:data.index(b"~>") + 2], adobe=True)
        if b"FlateDecode" in m.group(1):
            data = zlib.decompressobj().decompress(data)      # stops at the stream's end
        out.append(data)
    return out


def test_character_spacing_never_outlives_its_line():
    try:
        fonts = find_fonts()
    except FontError as exc:   # pragma: no cover
        missing(FONTS, str(exc))
    data, _ = render_pdf_bytes(load_sample("shenzhen-guangming-2024"), fonts=fonts, invariant=True)
    spaced = 0
    for stream in content_streams(data):
        for block in re.findall(rb"BT(.*?)ET", stream, re.S):
            values = [float(v) for v in re.findall(rb"(-?[\d.]+) Tc", block)]
            if values and values[0] != 0:
                spaced += 1
                assert values[-1] == 0, "a text object leaves character spacing set"
    assert spaced > 0       # the sample has justified lines: the test looks at something
