"""What a test needs of the machine, and what happens without it.

A test that cannot run without a tool (poppler-utils to read PDFs back, a CJK TrueType font to
print, root with CAP_SYS_ADMIN to mount a small volume, desktop-file-utils to validate the Linux
menu entry, librsvg2-bin to render the icon's drawings) skips where it is missing, so that a
developer's machine runs what it can. CI installs all of these (.ci/run) and sets
PERFDESK_CI_STRICT=1: there such a skip FAILS, so a CI machine that lost poppler or its fonts
cannot pass by skipping the print tests.

Not strict, on purpose:
- LibreOffice (tests/xlsx/test_libreoffice.py): CI does not install it (several hundred MB); the
  test skips everywhere it is missing.
- The permission tests that need an ordinary user (a read-only file, an unwritable cache folder):
  CI runs as root, for whom file permissions stop nothing, so they skip there by design; a
  read-only *volume* (tests/store/test_file_safety.py, strict) covers the same refusal as root.
- Skips that depend on which fonts a machine has (only one CJK font, the main font already has a
  character): not a missing tool.

Use `needs(ok, what, reason)` as a mark, or `missing(what, reason)` inside a test or fixture.
"""
from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

STRICT = os.environ.get("PERFDESK_CI_STRICT") == "1"

POPPLER = "poppler-utils"
FONTS = "a CJK TrueType font (fonts-arphic-gbsn00lp, fonts-wqy-microhei)"
MOUNT = "root with CAP_SYS_ADMIN (mount a small tmpfs)"
DESKTOP_UTILS = "desktop-file-utils (desktop-file-validate)"
RSVG = "librsvg2-bin (rsvg-convert)"


def have(*tools: str) -> bool:
    return all(shutil.which(tool) for tool in tools)


def missing(what: str, reason: str) -> NoReturn:
    """`what` is missing: skip, or fail under PERFDESK_CI_STRICT=1 (CI installs it)."""
    if STRICT:
        pytest.fail(f"{reason} — PERFDESK_CI_STRICT=1: the CI machine must have {what}, so this test "
                    f"may not skip (see tests/needs.py)", pytrace=False)
    pytest.skip(reason)


def needs(ok: bool, what: str, reason: str) -> pytest.MarkDecorator:
    """A mark for a test that needs `what` (`ok`: it is there); tests/conftest.py acts on it."""
    return pytest.mark.needs(ok=ok, what=what, reason=reason)
