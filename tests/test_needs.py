"""The CI switch of tests/needs.py: a missing tool skips on a developer's machine and fails on CI."""
import pytest

from tests import needs
from tests.conftest import pytest_runtest_setup


class _Item:
    def __init__(self, *marks):
        self.marks = marks

    def iter_markers(self, name):
        return [m.mark for m in self.marks if m.mark.name == name]


def test_a_missing_tool_skips_without_the_switch(monkeypatch):
    monkeypatch.setattr(needs, "STRICT", False)
    with pytest.raises(pytest.skip.Exception, match="pdfinfo not here"):
        needs.missing(needs.POPPLER, "pdfinfo not here")


def test_a_missing_tool_fails_under_the_switch(monkeypatch):
    monkeypatch.setattr(needs, "STRICT", True)
    with pytest.raises(pytest.fail.Exception, match="must have poppler-utils"):
        needs.missing(needs.POPPLER, "pdfinfo not here")


def test_the_mark_acts_only_when_the_tool_is_missing(monkeypatch):
    monkeypatch.setattr(needs, "STRICT", True)
    pytest_runtest_setup(_Item(needs.needs(True, needs.FONTS, "fonts are here")))     # nothing happens
    with pytest.raises(pytest.fail.Exception, match="must have a CJK TrueType font"):
        pytest_runtest_setup(_Item(needs.needs(False, needs.FONTS, "no font")))
    monkeypatch.setattr(needs, "STRICT", False)
    with pytest.raises(pytest.skip.Exception):
        pytest_runtest_setup(_Item(needs.needs(False, needs.FONTS, "no font")))
