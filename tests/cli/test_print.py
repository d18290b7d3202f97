"""`perfdesk print FILE -o OUT.pdf [--form ID ...] [--font PATH]`."""
import shutil
import subprocess

import pytest

from perfdesk.cli.main import main
from perfdesk.pdf import fonts as fontmod

needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def hebei(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "hebei.perfdesk"
    assert main(["demo", "hebei-2022", "-o", str(path)]) == 0
    return path


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


@needs_poppler
def test_print_whole_workbook_says_which_font(capsys, hebei, tmp_path):
    out = tmp_path / "all.pdf"
    assert main(["print", str(hebei), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "使用字体：" in err
    assert f"已写入 {out}：10 张表，共 {pages(out)} 页" in err


@needs_poppler
def test_print_selected_forms(capsys, hebei, tmp_path):
    out = tmp_path / "one.pdf"
    assert main(["print", str(hebei), "-o", str(out), "--form", "project_01"]) == 0
    assert "1 张表，共 1 页" in capsys.readouterr().err
    assert pages(out) == 1


def test_unknown_form_is_refused_with_the_forms_there_are(capsys, hebei, tmp_path):
    out = tmp_path / "x.pdf"
    assert main(["print", str(hebei), "-o", str(out), "--form", "nope"]) == 1
    err = capsys.readouterr().err
    assert "没有表单 “nope”" in err and "project_01" in err
    assert not out.exists()


def test_unusable_font_is_refused(capsys, hebei, tmp_path, monkeypatch):
    monkeypatch.delenv(fontmod.ENV_FONT, raising=False)
    bad = tmp_path / "NotoSerifCJK-Regular.otf"
    bad.write_bytes(b"OTTO" + b"\0" * 8)
    assert main(["print", str(hebei), "-o", str(tmp_path / "x.pdf"), "--font", str(bad)]) == 1
    assert "CFF" in capsys.readouterr().err
    assert main(["print", str(hebei), "-o", str(tmp_path / "x.pdf"), "--font", str(tmp_path / "none.ttf")]) == 1
    assert "字体文件不存在" in capsys.readouterr().err


def test_output_is_required(capsys, hebei):
    with pytest.raises(SystemExit) as exc:
        main(["print", str(hebei)])
    assert exc.value.code == 2


def test_locked_output_is_a_plain_message_and_leaves_no_temporary_file(capsys, hebei, tmp_path, monkeypatch):
    """Windows refuses to replace a PDF a reader holds open: say so, and leave nothing behind."""
    from perfdesk.pdf import document

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(document.os, "replace", locked)
    out = tmp_path / "open.pdf"
    assert main(["print", str(hebei), "-o", str(out), "--form", "project_01"]) == 1
    assert "正被其他程序（如 PDF 阅读器）打开" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@needs_poppler
def test_font_report_names_the_fallback_this_print_needed(capsys, tmp_path):
    # 如皋's text has 蹚, which GB2312 fonts such as AR PL SungtiL GB lack
    path = tmp_path / "rugao.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(path)]) == 0
    capsys.readouterr()
    assert main(["print", str(path), "-o", str(tmp_path / "rugao.pdf")]) == 0
    err = capsys.readouterr().err
    assert "使用字体：" in err and "缺字" not in err
    fonts = fontmod.find_fonts()
    fallback = fonts.font_for("蹚")
    if fallback is fonts.primary:
        pytest.skip("the main font has 蹚 itself")
    assert f"后备字体（个别字符）：{fallback.shown}" in err
