"""Measure how long printing takes (a script, not a test: timings depend on the machine).

    .venv/bin/python tests/pdf/measure_print.py [SAMPLE ...]

For each sample: the first print in a fresh process (fonts found and parsed), then the best of
five more (what the GUI pays for each preview). The bar: 深圳光明 and the whole Hebei workbook each
well under a second.
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from perfdesk.pdf import find_fonts, render_pdf  # noqa: E402
from perfdesk.samples import load_sample, sample_names  # noqa: E402

DEFAULT = ("shenzhen-guangming-2024", "hebei-2022")


def measure(name: str, repeat: int = 5) -> tuple[float, float, int]:
    workbook = load_sample(name)
    start = time.perf_counter()
    result = render_pdf(workbook, io.BytesIO())
    first = time.perf_counter() - start
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        render_pdf(workbook, io.BytesIO())
        best = min(best, time.perf_counter() - start)
    return first, best, result.pages


def main(names: list[str]) -> int:
    start = time.perf_counter()
    fonts = find_fonts()
    print(f"find fonts: {time.perf_counter() - start:.3f} s — {fonts.primary.shown}")
    for name in names or DEFAULT:
        if name not in sample_names():
            print(f"unknown sample {name}; samples: {', '.join(sample_names())}")
            return 2
        first, best, pages = measure(name)
        print(f"{name}: {pages} pages, first print {first:.3f} s, then {best:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
