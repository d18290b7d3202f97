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
