"""Font discovery: a real TrueType CJK font is found and loaded once, CFF-outline fonts are skipped
with a reason, a character the main font lacks comes from a fallback, no font means a plain error."""
import struct
from pathlib import Path

import pytest

from perfdesk.pdf import fonts as fontmod
from perfdesk.pdf.fonts import FontError, find_fonts, outline_problem


def sfnt(version: bytes, tags: list[bytes]) -> bytes:
    head = version + struct.pack(">HHHH", len(tags), 0, 0, 0)
    return head + b"".join(tag + b"\0" * 12 for tag in tags)


@pytest.fixture
def no_env_font(monkeypatch):
    monkeypatch.delenv(fontmod.ENV_FONT, raising=False)


@pytest.fixture
def installed(no_env_font):
    try:
        return find_fonts()
    except FontError as exc:   # pragma: no cover - CI installs fonts-arphic-gbsn00lp / fonts-wqy-microhei
        pytest.skip(f"no CJK TrueType font on this machine: {exc}")


def test_cff_outline_fonts_are_recognised(tmp_path):
    otf = tmp_path / "NotoSerifCJKsc-Regular.otf"
    otf.write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))
    assert "CFF" in outline_problem(otf)
    # a collection whose member font has CFF outlines
    member = sfnt(b"OTTO", [b"CFF ", b"cmap"])
    ttc = tmp_path / "NotoSansCJK-Regular.ttc"
    ttc.write_bytes(b"ttcf" + struct.pack(">HHI", 1, 0, 1) + struct.pack(">I", 16) + member)
    assert "CFF" in outline_problem(ttc)
    ttf = tmp_path / "broken.ttf"
    ttf.write_bytes(sfnt(b"\x00\x01\x00\x00", [b"cmap", b"head"]))
    assert "glyf" in outline_problem(ttf)


def test_no_usable_font_is_a_plain_chinese_message(tmp_path, no_env_font):
    (tmp_path / "NotoSerifCJKsc-Regular.otf").write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))
    with pytest.raises(FontError) as err:
        find_fonts(dirs=[tmp_path])
    message = str(err.value)
    assert "找不到可用的中文 TrueType 字体" in message
    assert "fonts-arphic-gbsn00lp" in message and "--font" in message and "simsun.ttc" in message
    assert "NotoSerifCJKsc-Regular.otf" in message and "CFF" in message    # why it was not used


def test_a_configured_cff_font_is_refused_with_its_reason(tmp_path, no_env_font):
    otf = tmp_path / "SourceHanSerifSC-Regular.otf"
    otf.write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))
    with pytest.raises(FontError, match="CFF"):
        find_fonts(otf, dirs=[])


def test_fonts_are_found_and_loaded_once(installed):
    assert find_fonts() is installed
    assert outline_problem(installed.primary.file.path, installed.primary.file.index) is None
    assert ord("中") in installed.primary.cmap
    assert "使用字体" in installed.describe()


def test_a_configured_font_comes_first(installed, no_env_font):
    other = next((f for f in [*installed._pending, *installed.fallbacks]
                  if not outline_problem(getattr(f, "path", None) or f.file.path)), None)
    if other is None:
        pytest.skip("only one CJK font installed")
    path = getattr(other, "path", None) or other.file.path
    chosen = find_fonts(path)
    assert chosen.primary.file.path == Path(path)


def test_a_missing_glyph_comes_from_a_fallback_font(installed):
    # 蹚 (in the 深圳/河北 texts) is not in GB2312 fonts such as AR PL SungtiL GB
    missing = next((ch for ch in "蹚喆堃犇淼" if ord(ch) not in installed.primary.cmap), None)
    if missing is None:
        pytest.skip("the main font has every test character")
    font = installed.font_for(missing)
    if font is installed.primary:
        pytest.skip("no fallback font on this machine has the character")
    assert ord(missing) in font.cmap
    runs = installed.runs(f"河{missing}水")
    assert [text for _name, text in runs] == ["河", missing, "水"]
    assert runs[1][0] != runs[0][0] == runs[2][0]
