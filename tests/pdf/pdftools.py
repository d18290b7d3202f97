"""Helpers for reading back the PDFs: poppler's pdftotext, pdffonts and pdfinfo."""
import re
import subprocess

import pytest

from tests.needs import POPPLER, have, needs

HAVE_POPPLER = have("pdftotext", "pdffonts", "pdfinfo")
needs_poppler = needs(HAVE_POPPLER, POPPLER, "poppler-utils (pdftotext, pdffonts, pdfinfo) not installed")


def pdf_pages_text(path) -> list[str]:
    """The text of each page in drawing order (-raw keeps a wrapped cell's lines together)."""
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_page_layout(path, page: int) -> str:
    """One page as laid out (columns kept on their lines): for the table of contents."""
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Without any whitespace: a cell's text wraps over lines, and justified lines gain spaces."""
    return "".join(text.split())


def pdf_fonts(path) -> list[dict]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    fonts = []
    for line in lines[2:]:
        cols = line.split()
        # name type [type2] encoding emb sub uni object ID: read from the right
        fonts.append({"name": cols[0], "emb": cols[-5], "sub": cols[-4], "uni": cols[-3]})
    return fonts


def pdf_page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_numbers(pages: list[str], front: int = 0) -> list[tuple[int, int]]:
    """(x, y) of 「第 x 页 共 y 页」 on each page after the first `front` (cover and contents,
    which must have none), in page order (one per page, or the test fails)."""
    found = []
    for text in pages[:front]:
        assert not re.findall(r"第(\d+)页共(\d+)页", squash(text)), "a cover or contents page is numbered"
    for text in pages[front:]:
        labels = re.findall(r"第(\d+)页共(\d+)页", squash(text))
        assert len(labels) == 1, f"page footer missing or repeated: {labels}"
        found.append(tuple(map(int, labels[0])))
    return found


def page_sizes(path) -> list[tuple[float, float]]:
    """(width, height) of every page, in points."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99999", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def band_text(path, page: int, top: float, height: float, width: float) -> str:
    """The squashed text inside a horizontal band of one page (points from the top edge)."""
    return squash(subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), "-x", "0",
                                  "-y", str(int(top)), "-W", str(int(width)), "-H", str(int(height)),
                                  str(path), "-"], capture_output=True, text=True, check=True).stdout)


def margin_texts(path) -> list[tuple[str, str]]:
    """(top margin, bottom margin) text of every page. A line box's glyphs reach a point or two past
    the frame's edge, so the bands stop 3 pt short of it."""
    from perfdesk.pdf.document import BOTTOM_MARGIN, TOP_MARGIN

    return [(band_text(path, n, 0, TOP_MARGIN - 3, w), band_text(path, n, h - BOTTOM_MARGIN + 3, BOTTOM_MARGIN - 3, w))
            for n, (w, h) in enumerate(page_sizes(path), start=1)]
