"""resources/: the icon, desktop entry, MIME type, Qt translation and the shipped font are found in
a checkout (and, copied by setup.py, in the installed package), and the program uses them."""
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from perfdesk import resources


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


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_validates():
    path = resources.resources_dir() / "linux" / "perfdesk.desktop"
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_the_window_has_the_icon(qapp):
    from perfdesk.gui.app import make_app
    from perfdesk.gui.dialogs import about_text

    app = make_app()
    icon = app.windowIcon()
    assert not icon.isNull() and {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    assert "perfdesk" in about_text()


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
