"""Font discovery: a real TrueType CJK font is found and loaded once, CFF-outline fonts are skipped
with a reason, a character the main font lacks comes from a fallback, no font means a plain error."""
import struct
from pathlib import Path

import pytest

from tests.needs import FONTS, missing

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
        missing(FONTS, f"no CJK TrueType font on this machine: {exc}")


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
    chinese = {name for name, _i, _label in fontmod.PRIMARY_CANDIDATES}
    other = next((f for f in [*installed._pending, *installed.fallbacks]
                  if (getattr(f, "path", None) or f.file.path).name.lower() in chinese
                  and not outline_problem(getattr(f, "path", None) or f.file.path)), None)
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


def test_the_font_report_is_about_this_print_only(installed):
    """The font set is shared by every print of a process (the GUI): one print's fallbacks and
    missing characters are not reported again for the next print."""
    import io

    from perfdesk.pdf import render_pdf
    from perfdesk.samples import load_sample

    rare = next((ch for ch in "蹚喆堃犇淼" if installed.font_for(ch) is not installed.primary), None)
    if rare is None:
        pytest.skip("no fallback font on this machine for the test characters")
    nowhere = "\U0010fffd"          # a private-use character no font has
    odd = load_sample("suzhou-2024")
    odd.forms[0].fields["unit_name"] += rare + nowhere
    first = render_pdf(odd, io.BytesIO(), fonts=installed)
    assert first.missing == {nowhere}
    assert "后备字体" in first.font_report() and f"打印会缺字：{nowhere}" in first.font_report()
    second = render_pdf(load_sample("suzhou-2024"), io.BytesIO(), fonts=installed)
    assert not second.missing and rare not in second.chars
    report = second.font_report()
    assert report.startswith(f"使用字体：{installed.primary.shown}")
    assert "后备字体" not in report and "缺字" not in report


def test_rare_character_fonts_are_fallbacks_not_main_fonts():
    """SimSun-ExtB and the like hold only rare characters: never the main font, always a fallback."""
    primaries = {name for name, _i, _label in fontmod.PRIMARY_CANDIDATES}
    fallbacks = [name for name, _i, _label in fontmod.SYMBOL_CANDIDATES]
    assert {"simsunb.ttf", "hanaminb.ttf"} <= set(fallbacks) and not primaries & set(fallbacks)
    assert fallbacks.index("simsunb.ttf") < fallbacks.index("dejavusans.ttf")


def test_a_skipped_cff_font_is_named_with_its_reason(installed, tmp_path):
    """A CFF-outline font where 宋体 would be is skipped; the user is told which and why."""
    real = installed.primary.file.path
    if real.name.lower() == "simsun.ttc":
        pytest.skip("the real 宋体 is the main font here")
    (tmp_path / "simsun.ttc").write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))
    (tmp_path / real.name).symlink_to(real)
    fonts = find_fonts(dirs=[tmp_path])
    assert fonts.primary.file.path.name == real.name
    report = fonts.describe(set("中文"))
    assert f"已跳过的字体：{tmp_path / 'simsun.ttc'}：CFF" in report


def test_font_choices_are_named_and_found_by_name(tmp_path, no_env_font):
    """The fonts a user may choose (GUI list, `print --font NAME`): embeddable ones only, by name."""
    from perfdesk.pdf import font_by_name, font_choices
    from perfdesk.resources import bundled_font

    (tmp_path / "simsun.ttf").symlink_to(bundled_font())
    (tmp_path / "simsun.ttc").symlink_to(bundled_font())               # the same name: offered once
    (tmp_path / "wqy-microhei.ttc").symlink_to(bundled_font())
    (tmp_path / "NotoSerifCJK-Regular.ttc").write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))   # not embeddable
    choices = font_choices([tmp_path])
    assert [f.label for f in choices] == ["宋体（SimSun）", "文泉驿微米黑（WenQuanYi Micro Hei）"]
    assert font_by_name("宋体（SimSun）", [tmp_path]) == choices[0]
    assert font_by_name("宋体", [tmp_path]) == choices[0]
    assert font_by_name("simsun", [tmp_path]) == choices[0]
    assert font_by_name("微米黑", [tmp_path]) == choices[1]
    assert font_by_name("Noto Serif CJK", [tmp_path]) is None      # CFF: not a choice
    assert font_by_name("黑体", [tmp_path]) is None
    # chosen by name: it prints, under that name
    fonts = find_fonts(choices[1], dirs=[tmp_path])
    assert fonts.primary.file == choices[1] and fonts.primary.title == "文泉驿微米黑（WenQuanYi Micro Hei）"
