"""The program's resources/ folder: icon, Linux desktop entry and MIME type, Qt translation, font.

In a checkout resources/ is beside the package; an installed wheel carries it inside the package
(setup.py copies it there at build time, as it does forms/); the portable bundle has it inside the
package folder too. Nothing here imports Qt except `app_icon`, which the GUI calls.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
FONT_FILE = "gbsn00lp.ttf"      # AR PL SungtiL GB (Arphic Public License), see fonts/ARPHICPL.TXT


@lru_cache(maxsize=1)
def resources_dir() -> Path | None:
    """resources/ beside the package (checkout), else inside it (wheel, bundle); None if neither."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if (candidate / "icons").is_dir():
            return candidate
    return None


def resource(*parts: str) -> Path | None:
    """A file under resources/, or None when it is not there."""
    top = resources_dir()
    if top is None:
        return None
    path = top.joinpath(*parts)
    return path if path.exists() else None


def icon_files() -> list[Path]:
    """The PNG sizes of the application icon, smallest first."""
    out = []
    for size in ICON_SIZES:
        path = resource("icons", f"perfdesk-{size}.png")
        if path is not None:
            out.append(path)
    return out


def bundled_font() -> Path | None:
    """The CJK TrueType font shipped with the program (used when the PC has none)."""
    return resource("fonts", FONT_FILE)


def translations_dir() -> Path | None:
    return resource("translations")


_icon = None


def app_icon():
    """The application icon as a QIcon (made once). The files are only named here: Qt reads the
    size it draws when it first paints one, so the first frame pays for one small PNG at most."""
    global _icon
    if _icon is None:
        from PySide6.QtGui import QIcon

        _icon = QIcon()
        for path in icon_files():
            _icon.addFile(str(path))
    return _icon
