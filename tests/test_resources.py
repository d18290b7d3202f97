"""resources/: the icon, desktop entry, MIME type, Qt translation and the shipped font are found in
a checkout (and, copied by setup.py, in the installed package), and the program uses them."""
import struct
import subprocess
import xml.etree.ElementTree as ET

import pytest

from perfdesk import resources
from tests.needs import DESKTOP_UTILS, RSVG, have, needs


def test_resources_are_found_in_the_checkout():
    top = resources.resources_dir()
    assert top is not None and (top / "icons" / "perfdesk.svg").is_file()
    assert [p.name for p in resources.icon_files()] == [f"perfdesk-{s}.png" for s in resources.ICON_SIZES]
    assert (top / "icons" / "perfdesk.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert resources.translations_dir() is not None and (resources.translations_dir() / "qtbase_zh_CN.qm").is_file()
    font = resources.bundled_font()
    assert font is not None and font.stat().st_size > 1_000_000
    assert (font.parent / "ARPHICPL.TXT").is_file()
    assert (top / "licenses" / "LGPL-3.0.txt").is_file()


def test_mime_type_and_desktop_entry_agree():
    top = resources.resources_dir()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(top / "linux" / "perfdesk-mime.xml").getroot().find("m:mime-type", ns)
    assert mime.get("type") == "application/x-perfdesk"
    assert mime.find("m:glob", ns).get("pattern") == "*.perfdesk"
    desktop = (top / "linux" / "perfdesk.desktop").read_text(encoding="utf-8")
    assert "MimeType=application/x-perfdesk;" in desktop and "Icon=perfdesk" in desktop


@needs(have("desktop-file-validate"), DESKTOP_UTILS, "desktop-file-utils not installed")
def test_desktop_entry_validates():
    path = resources.resources_dir() / "linux" / "perfdesk.desktop"
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def ico_images(path) -> list[tuple[int, bytes]]:
    data = path.read_bytes()
    _, kind, count = struct.unpack_from("<HHH", data)
    assert kind == 1
    out = []
    for i in range(count):
        w, h, _, _, _, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert w == h and bits == 32
        out.append((w or 256, data[offset:offset + size]))
    return out


def test_the_ico_holds_the_committed_pngs():
    """perfdesk.ico (Windows: shortcuts, file association) is made of exactly the PNG sizes the
    program uses elsewhere — rebuilt with them by tools/render_icons.py, never left behind."""
    images = ico_images(resources.resource("icons", "perfdesk.ico"))
    assert [size for size, _ in images] == list(resources.ICON_SIZES)
    for size, blob in images:
        assert blob == resources.resource("icons", f"perfdesk-{size}.png").read_bytes(), size


def test_every_png_has_its_size(qapp):
    from PySide6.QtGui import QImage

    for size, path in zip(resources.ICON_SIZES, resources.icon_files()):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size) and image.hasAlphaChannel(), path.name


def pixels(image):
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return bytes(image.constBits())[: image.sizeInBytes()]


@needs(have("rsvg-convert"), RSVG, "librsvg2-bin (rsvg-convert) not installed")
def test_the_pngs_are_rendered_from_the_drawings(qapp, tmp_path):
    """Each PNG is what tools/render_icons.py makes of its drawing (perfdesk.svg; 16 and 24 px their
    own, sharper ones): an edited drawing whose PNGs were not rendered again fails here. A small
    tolerance leaves room for another librsvg's anti-aliasing."""
    import importlib.util

    from PySide6.QtGui import QImage

    spec = importlib.util.spec_from_file_location("render_icons", resources.resources_dir().parent / "tools"
                                                  / "render_icons.py")
    render_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_icons)
    for size, path in zip(resources.ICON_SIZES, resources.icon_files()):
        fresh = tmp_path / f"{size}.png"
        subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), str(render_icons.source(size)),
                        "-o", str(fresh)], check=True)
        ours, theirs = pixels(QImage(str(path))), pixels(QImage(str(fresh)))
        assert len(ours) == len(theirs) == size * size * 4
        mean = sum(abs(a - b) for a, b in zip(ours, theirs)) / len(ours)
        assert mean < 2.0, (path.name, mean)


def test_small_icons_have_sharp_edges(qapp):
    """At 16 and 24 px the sheet's outline sits on whole pixels: its left column is fully opaque
    down the sheet, not a half-transparent smear over two columns (what scaling perfdesk.svg gave)."""
    from PySide6.QtGui import QImage

    for size in (16, 24):
        image = QImage(str(resources.resource("icons", f"perfdesk-{size}.png")))
        columns = [[image.pixelColor(x, y).alpha() for y in range(size)] for x in range(size)]
        first = next(x for x, column in enumerate(columns) if max(column) > 0)
        assert sum(a == 255 for a in columns[first]) >= size * 3 // 4, (size, columns[first])


def test_the_window_has_the_icon(qapp):
    from perfdesk.gui.app import make_app
    from perfdesk.gui.dialogs import about_text

    app = make_app()
    icon = app.windowIcon()
    assert not icon.isNull() and {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    text = about_text()
    assert "perfdesk" in text and str(resources.resource("licenses")) in text    # a folder the officer can open
    assert (resources.resource("licenses") / "LGPL-3.0.txt").is_file()
    import PySide6
    assert f"PySide6 {PySide6.__version__}" in text       # what support asks first (glibc, Qt version)


def test_printing_falls_back_to_the_shipped_font(monkeypatch, tmp_path):
    """A PC with no usable CJK TrueType font (here: no font folders at all) prints in the font
    that comes with the program."""
    from perfdesk.pdf import fonts

    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    monkeypatch.setattr(fonts, "_sets", {})
    chosen = fonts.find_fonts()
    assert chosen.primary.file.path == resources.bundled_font()
    assert "随程序附带" in chosen.describe()
