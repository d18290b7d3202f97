"""Batch print (汇总 item 6): every collected unit in one PDF — each unit's pages exactly its own
print's (compared as page images), an outline per unit and form, drafts marked and listed,
--strict leaving drafts out, a damaged unit listed and not fatal — or one PDF per unit."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from perfdesk.cli.main import main
from perfdesk.collect.summary_file import read_summary
from perfdesk.pdf.batch import Cancelled, print_units, safe_file_name
from tests.needs import POPPLER, have, needs

needs_poppler = needs(have("pdftoppm", "pdftotext"), POPPLER, "poppler-utils (pdftoppm, pdftotext) not installed")

# nantong: one clean form (no cover); rugao: one form with 审核 errors (a draft);
# hebei: ten forms with errors (its own cover and contents, a draft)
SAMPLES = ("nantong-2024", "rugao-2023", "hebei-2022")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("usb")
    for name in SAMPLES:
        assert main(["demo", name, "-o", str(folder / f"{name}.perfdesk")]) == 0
    (folder / "cut.perfdesk").write_bytes((folder / "rugao-2023.perfdesk").read_bytes()[:4096])
    summary = folder.parent / f"{folder.name}.perfdesk-summary"
    assert main(["collect", str(folder), "-o", str(summary)]) == 0
    return folder, summary


@pytest.fixture(scope="module")
def batch(delivered, tmp_path_factory):
    """The one PDF of the summary, and what --json said."""
    import io
    from contextlib import redirect_stdout

    _, summary = delivered
    out = tmp_path_factory.mktemp("batch") / "全部.pdf"
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        assert main(["print", str(summary), "-o", str(out), "--json"]) == 0
    return out, json.loads(buffer.getvalue())


def pages_as_images(pdf: Path, folder: Path, first: int | None = None, last: int | None = None) -> list[Image.Image]:
    folder.mkdir(parents=True, exist_ok=True)
    args = ["pdftoppm", "-r", "40", "-png"]
    if first:
        args += ["-f", str(first), "-l", str(last)]
    subprocess.run(args + [str(pdf), str(folder / "p")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("p-*.png"))]


def text_of(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


# ---------------------------------------------------------------- reading a PDF's outline back

def _pdf_string(raw: bytes) -> str:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C:       # backslash
            nxt = raw[i + 1:i + 2]
            if nxt.isdigit():
                m = re.match(rb"[0-7]{1,3}", raw[i + 1:])
                out.append(int(m.group(), 8))
                i += 1 + len(m.group())
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    data = bytes(out)
    return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every outline entry, in order."""
    objs = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(<<.*?>>)\s*endobj", pdf, re.S)}
    pages_obj = next(b for b in objs.values() if re.search(rb"/Type /Pages\b", b))
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", pages_obj[pages_obj.index(b"/Kids"):])]
    page_no = {obj: n for n, obj in enumerate(kids, start=1)}
    root = next(n for n, b in objs.items() if re.search(rb"/Type /Outlines\b", b))
    out = []

    def ref(body, key):
        m = re.search(rb"/" + key + rb" (\d+) 0 R", body)
        return int(m.group(1)) if m else None

    def walk(first, level):
        n = first
        while n is not None:
            body = objs[n]
            title = re.search(rb"/Title \((.*?)(?<!\\)\)\s*(?:/|>>)", body, re.S).group(1)
            dest = int(re.search(rb"/Dest \[ (\d+) 0 R", body).group(1))
            out.append((level, _pdf_string(title), page_no[dest]))
            if ref(body, b"First") is not None:
                walk(ref(body, b"First"), level + 1)
            n = ref(body, b"Next")

    walk(ref(objs[root], b"First"), 0)
    return out


# -------------------------------------------------------------------------------------- tests

@needs_poppler
def test_each_units_pages_are_its_own_print(batch, delivered, capsys, tmp_path):
    """The stamped tables must look exactly like the unit's own `perfdesk print`: compare page images."""
    folder, _ = delivered
    out, report = batch
    units = {u["file"]: u for u in report["units"] if u["status"] != "left_out"}
    assert len(units) == 3
    for name in SAMPLES:
        unit = units[str(folder / f"{name}.perfdesk")]
        own = tmp_path / f"{name}.pdf"
        assert run(capsys, "print", folder / f"{name}.perfdesk", "-o", own)[0] == 0
        mine = pages_as_images(own, tmp_path / f"own-{name}")
        first, last = unit["pages"]
        theirs = pages_as_images(out, tmp_path / f"batch-{name}", first, last)
        assert len(mine) == len(theirs) == last - first + 1
        for k, (a, b) in enumerate(zip(mine, theirs), start=1):
            assert a.size == b.size, (name, k)
            assert ImageChops.difference(a, b).getbbox() is None, f"{name}: page {k} differs from its own print"


@needs_poppler
def test_cover_and_contents_list_units_drafts_and_the_damaged_file(batch):
    out, report = batch
    assert report["printed"] == 3
    assert {d["unit"] for d in report["drafts"]} == {"如皋市市场监督管理局", "市场监管部门市场监督管理局本级"}
    assert all(d["errors"] > 0 for d in report["drafts"])
    assert [Path(x["file"]).name for x in report["left_out"]] == ["cut.perfdesk"]
    assert "已损坏" in report["left_out"][0]["reason"]
    front = text_of(out, 1, 2)
    assert "预算绩效管理表（汇总打印）" in front
    assert "共 3 个单位" in front and "2 个单位审核有错误" in front
    for unit in report["units"]:
        if unit["status"] == "left_out":
            continue
        line = next(ln for ln in front.splitlines() if unit["unit"] in ln)
        assert line.split()[-1] == str(unit["pages"][0])          # its first page in the file
        assert ("草稿" in line) == (unit["status"] == "draft")
    assert "未打印的单位" in front and "cut.perfdesk" in front
    # a unit's own numbering: hebei's first table page is 第 1 页 of its own tables
    hebei = next(u for u in report["units"] if u["unit"].startswith("市场监管部门"))
    pages = [text_of(out, p, p) for p in range(hebei["pages"][0], hebei["pages"][1] + 1)]
    numbered = [re.search(r"第 (\d+) 页 共 (\d+) 页", p) for p in pages]
    assert numbered[0] is None and numbered[1] is None          # its own cover and contents
    totals = {m.group(2) for m in numbered[2:]}
    assert [int(m.group(1)) for m in numbered[2:]] == list(range(1, len(pages) - 1))
    assert totals == {str(len(pages) - 2)}
    assert all("草稿：审核有" in p for p in pages)
    assert all("校验码" in p for p in pages[2:])


def test_outline_has_a_bookmark_per_unit_and_per_form(batch, delivered):
    out, report = batch
    entries = outline(out.read_bytes())
    units = [u for u in report["units"] if u["status"] != "left_out"]
    top = [(t, p) for level, t, p in entries if level == 0]
    assert [p for _, p in top] == [u["pages"][0] for u in units]
    for (title, _), u in zip(top, units):
        assert title.startswith(u["unit"]) and title.endswith("（草稿）") == (u["status"] == "draft")
    summary = read_summary(delivered[1])
    by_unit = {x["workbook"].unit: x["workbook"] for x in summary["units"]}
    for u in units:
        lo, hi = u["pages"]
        forms = [(t, p) for level, t, p in entries if level == 1 and lo <= p <= hi]
        assert len(forms) == len(by_unit[u["unit"]].forms)
        assert [p for _, p in forms] == sorted(p for _, p in forms)
        if len(forms) > 1:      # the cover and contents come before the first form
            assert forms[0][1] == lo + 2


def test_a_single_prints_bookmarks_point_at_their_forms_pages(tmp_path):
    from perfdesk.pdf import write_pdf
    from perfdesk.samples import load_sample

    wb = load_sample("hebei-2022")
    result = write_pdf(wb, tmp_path / "hebei.pdf")
    entries = outline((tmp_path / "hebei.pdf").read_bytes())
    assert [p for _, _, p in entries] == [result.form_pages[f.id][0] for f in wb.forms]
    assert len(set(p for _, _, p in entries)) == len(wb.forms)


def test_strict_leaves_the_drafts_out(delivered, capsys, tmp_path):
    _, summary = delivered
    code, out, err = run(capsys, "print", summary, "-o", tmp_path / "clean.pdf", "--strict", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["printed"] == 1 and report["drafts"] == []
    refused = [x for x in report["left_out"] if "--strict" in x["reason"]]
    assert {x["unit"] for x in refused} == {"如皋市市场监督管理局", "市场监管部门市场监督管理局本级"}
    assert "未打印 3 个" in err
    assert (tmp_path / "clean.pdf").exists()


def test_one_pdf_per_unit(delivered, capsys, tmp_path):
    folder, _ = delivered
    each = tmp_path / "各单位"
    code, out, err = run(capsys, "print", folder, "--each", each, "--json")
    assert code == 0, err
    report = json.loads(out)
    names = sorted(p.name for p in each.iterdir())
    assert names == sorted(["南通市市场监管局网络受理中心.pdf", "如皋市市场监督管理局.pdf",
                            "414001-市场监管部门市场监督管理局本级.pdf"])
    assert sorted(Path(x).name for x in report["outputs"]) == names
    assert [Path(x["file"]).name for x in report["left_out"]] == ["cut.perfdesk"]
    assert "草稿 2 个" in err


def test_windows_safe_names():
    assert safe_file_name('甲/乙:丙*?"<>|丁') == "甲_乙_丙______丁"
    assert safe_file_name("CON") == "_CON"
    assert safe_file_name("  某局. ") == "某局"
    assert safe_file_name("...") == "单位"
    assert len(safe_file_name("局" * 300)) == 120


def test_a_damaged_unit_in_the_summary_is_listed_not_fatal(delivered, capsys, tmp_path):
    _, summary = delivered
    data = json.loads(summary.read_text(encoding="utf-8"))
    data["units"][0]["workbook"]["forms"] = 5       # not a list of forms
    broken = tmp_path / "broken.perfdesk-summary"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "print", broken, "-o", tmp_path / "x.pdf", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["printed"] == 2
    damaged = [x for x in report["left_out"] if "第 1 个单位" in x["reason"]]
    assert len(damaged) == 1 and damaged[0]["unit"] == data["units"][0]["workbook"]["unit"]


def test_a_unit_that_cannot_be_laid_out_is_left_out(delivered, tmp_path, monkeypatch):
    from perfdesk.pdf import batch as batch_module

    real = batch_module.print_story

    def story(wb, *args, **kwargs):
        if wb.unit.startswith("如皋"):
            raise RuntimeError("坏表")
        return real(wb, *args, **kwargs)

    monkeypatch.setattr(batch_module, "print_story", story)
    units = read_summary(delivered[1])["units"]
    result = print_units(units, tmp_path / "x.pdf")
    assert [u.unit for u in result.left_out] == ["如皋市市场监督管理局"]
    assert "坏表" in result.left_out[0].reason
    assert len(result.printed) == 2 and (tmp_path / "x.pdf").exists()


def test_progress_and_cancel(delivered, tmp_path):
    units = read_summary(delivered[1])["units"]
    seen = []
    print_units(units, tmp_path / "x.pdf", progress=lambda done, total, text: seen.append((done, total, text)))
    assert seen[0][0] == 0 and seen[-1] == (6, 6, "完成")
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert any(t.startswith("审核：") for _, _, t in seen) and any(t.startswith("排版：") for _, _, t in seen)

    def stop(done, total, text):
        if text.startswith("排版："):
            raise Cancelled()

    with pytest.raises(Cancelled):
        print_units(units, tmp_path / "y.pdf", progress=stop)
    assert not (tmp_path / "y.pdf").exists()
    assert not list(tmp_path.glob("*.tmp"))
