"""The print options each user keeps between runs: the font (by name), the cover, the contents.

Remembered in QSettings (perfdesk.gui.settings) when a print, preview or export is confirmed and
used as the next one's starting choice; the 范围 dialog (form_scope) shows them. A remembered font
that this PC no longer has falls back to the default font, and the user is told so.
"""
from __future__ import annotations

import msgspec

from .settings import settings

_FONT_KEY = "print/font"
_COVER_KEY = "print/cover"
_CONTENTS_KEY = "print/contents"


class PrintOptions(msgspec.Struct):
    font: str = ""          # the font's name as shown (font_choices' label); "" for the default
    cover: bool = True      # a cover page, when several forms are printed
    contents: bool = True   # a table of contents, when several forms are printed


def _flag(value, default: bool) -> bool:
    # INI files give strings back ("true"/"false")
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "")
    return default


def load_options() -> PrintOptions:
    s = settings()
    font = s.value(_FONT_KEY, "")
    return PrintOptions(font if isinstance(font, str) else "", _flag(s.value(_COVER_KEY, True), True),
                        _flag(s.value(_CONTENTS_KEY, True), True))


def save_options(options: PrintOptions) -> None:
    s = settings()
    s.setValue(_FONT_KEY, options.font)
    s.setValue(_COVER_KEY, options.cover)
    s.setValue(_CONTENTS_KEY, options.contents)
    s.sync()


def font_names() -> list[str]:
    """The names of the fonts the PDF can embed, the default first (never file paths)."""
    from ..pdf import font_choices

    return [f.label for f in font_choices()]


def missing_font_note(name: str) -> str:
    return f"上次选用的字体“{name}”本机已没有，改用默认字体"


def resolve_font(name: str):
    """(the FontFile to print with or None for the default, a note for the user or "")."""
    if not name:
        return None, ""
    from ..pdf import font_by_name

    font = font_by_name(name)
    if font is None or font.label != name:
        return None, missing_font_note(name)
    return font, ""
