"""Render resources/icons/perfdesk.svg to the PNG sizes and the Windows .ico the program ships.

    python tools/render_icons.py        # needs rsvg-convert (Debian: librsvg2-bin)

The rendered files are committed, so neither a build nor the program needs rsvg-convert. The .ico
holds PNG-compressed images (16–256 px), which Windows Vista and later read.

16 and 24 px come from their own drawings (perfdesk-16.svg, perfdesk-24.svg): perfdesk.svg scaled
that far down blurs the sheet's edges across pixels and turns the seal's star into a smudge (seen
in a title bar under Xvfb); the small drawings put every edge on a whole pixel.
"""
from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
OWN_DRAWING = (16, 24)      # sizes drawn on their own pixel grid


def source(size: int) -> Path:
    return ICONS / (f"perfdesk-{size}.svg" if size in OWN_DRAWING else "perfdesk.svg")


def write_ico(pngs: list[tuple[int, bytes]], target: Path) -> None:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        dim = 0 if size >= 256 else size           # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    target.write_bytes(header + entries + blobs)


def main() -> int:
    tool = shutil.which("rsvg-convert")
    if not tool:
        print("需要 rsvg-convert（Debian：apt-get install librsvg2-bin）", file=sys.stderr)
        return 1
    pngs = []
    for size in SIZES:
        out = ICONS / f"perfdesk-{size}.png"
        subprocess.run([tool, "-w", str(size), "-h", str(size), str(source(size)), "-o", str(out)], check=True)
        pngs.append((size, out.read_bytes()))
    write_ico(pngs, ICONS / "perfdesk.ico")
    print("\n".join(f"{p.name} {p.stat().st_size}" for p in sorted(ICONS.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
