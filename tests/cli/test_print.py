"""`perfdesk print FILE -o OUT.pdf [--form ID ...] [--font NAME|PATH] [--[no-]cover] [--[no-]contents] [--strict]`."""
import subprocess

import pytest

from tests.needs import POPPLER, have, needs

from perfdesk.cli.main import main
from perfdesk.pdf import fonts as fontmod

needs_poppler = needs(have("pdfinfo"), POPPLER, "poppler-utils not installed")


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
    assert f"已写入 {out}（草稿）：10 张表，共 {pages(out)} 页" in err      # the sample has check errors


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


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def suzhou(tmp_path_factory):
    """The 苏州 sample: one form, one check error (项目支出 半年 printed as 20, its lines add to 24.02)."""
    path = tmp_path_factory.mktemp("print") / "suzhou.perfdesk"
    assert main(["demo", "suzhou-2024", "-o", str(path)]) == 0
    return path


@needs_poppler
def test_errors_make_a_draft_marked_as_the_gui_marks_it(capsys, suzhou, tmp_path):
    from perfdesk.gui.print_actions import DRAFT_MARK as GUI_MARK
    from perfdesk.pdf import DRAFT_MARK

    capsys.readouterr()
    out = tmp_path / "draft.pdf"
    assert main(["print", str(suzhou), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    mark = DRAFT_MARK.format(n=1)
    assert mark == GUI_MARK.format(n=1)
    assert "审核发现 1 处错误" in err and f"“{mark}”" in err and "--strict" in err
    # the first few errors: form, place, message
    assert "【苏州市市级部门整体预算绩效目标表】部门整体资金（万元）·支出 › 项目支出 › 半年计划执行数：" in err
    assert "6 个项目相加为 24.02" in err
    assert f"已写入 {out}（草稿）：1 张表，共 {pages(out)} 页" in err
    marked = [p for p in pdf_text(out).split("\f") if p.strip()]
    assert len(marked) == pages(out) and all(mark in p for p in marked)


def test_strict_refuses_and_writes_nothing(capsys, suzhou, tmp_path):
    capsys.readouterr()
    out = tmp_path / "strict.pdf"
    assert main(["print", str(suzhou), "-o", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "审核发现 1 处错误" in err and "按 --strict 未输出 PDF" in err and "6 个项目相加为 24.02" in err
    assert list(tmp_path.iterdir()) == []


@needs_poppler
def test_clean_forms_print_clean_even_with_strict(capsys, hebei, tmp_path):
    """Only the printed forms count: hebei's dept_plan has no errors, its project forms have."""
    capsys.readouterr()
    out = tmp_path / "plan.pdf"
    assert main(["print", str(hebei), "-o", str(out), "--form", "dept_plan", "--strict"]) == 0
    err = capsys.readouterr().err
    assert "审核" not in err and "草稿" not in err and "草稿" not in pdf_text(out)


def test_many_errors_are_counted_and_the_first_few_listed(capsys, hebei, tmp_path):
    from perfdesk.cli.cmd_print import SHOWN_ERRORS

    import json

    capsys.readouterr()
    main(["check", str(hebei), "--json"])
    n = sum(f["severity"] == "错误" for f in json.loads(capsys.readouterr().out))
    assert n > SHOWN_ERRORS
    assert main(["print", str(hebei), "-o", str(tmp_path / "x.pdf"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"审核发现 {n} 处错误" in err
    assert err.count("\n  【") == SHOWN_ERRORS and f"另有 {n - SHOWN_ERRORS} 处" in err
    assert err.index("【车辆保险费绩效目标表】") < err.index("【人事代理专项补助经费绩效目标表】")   # in print order


@needs_poppler
def test_cover_and_contents_are_chosen_separately(capsys, hebei, tmp_path):
    def front(*options):
        out = tmp_path / "f.pdf"
        assert main(["print", str(hebei), "-o", str(out), *options]) == 0
        first_pages = pdf_text(out).split("\f")[:2]
        return pages(out), ["2022年度预算绩效管理表" in p for p in first_pages], ["目录" in "".join(p.split())
                                                                              for p in first_pages]
    both, cover_only, contents_only, neither = (front(), front("--no-contents"), front("--no-cover", "--contents"),
                                                front("--no-cover"))
    assert both[1:] == ([True, False], [False, True])
    assert cover_only[1:] == ([True, False], [False, False]) and cover_only[0] == both[0] - 1
    assert contents_only[1:] == ([False, False], [True, False]) and contents_only[0] == both[0] - 1
    assert neither[1] == [False, False] and not any(neither[2]) and neither[0] == both[0] - 2


@needs_poppler
def test_font_is_chosen_by_name(capsys, hebei, tmp_path, monkeypatch):
    monkeypatch.delenv(fontmod.ENV_FONT, raising=False)
    choices = fontmod.font_choices()
    chosen = choices[-1]                   # the last one offered (the default when only one)
    out = tmp_path / "named.pdf"
    assert main(["print", str(hebei), "-o", str(out), "--form", "project_01", "--font", chosen.label]) == 0
    assert f"使用字体：{chosen.label}" in capsys.readouterr().err
    name = fontmod.TTFont("probe", str(chosen.path), subfontIndex=chosen.index).face.name
    name = name.decode() if isinstance(name, bytes) else name
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert f"+{name}" in fonts


def test_an_unknown_font_name_lists_the_fonts_there_are(capsys, hebei, tmp_path, monkeypatch):
    monkeypatch.delenv(fontmod.ENV_FONT, raising=False)
    out = tmp_path / "x.pdf"
    assert main(["print", str(hebei), "-o", str(out), "--font", "不存在的字体"]) == 1
    err = capsys.readouterr().err
    assert "找不到字体“不存在的字体”" in err
    assert all(f.label in err for f in fontmod.font_choices()) and "/" not in err.split("可选的字体：")[1]
    assert not out.exists()
