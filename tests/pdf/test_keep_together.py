"""The 总分 row and the signature block stay with the rows before them; bracketed points stay whole."""
import subprocess

from perfdesk.pdf import write_pdf
from perfdesk.samples import load_sample

from .pdftools import pdf_pages_text, squash


def layout_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def test_shenzhen_total_row_and_signature_are_not_orphaned(tmp_path):
    path = tmp_path / "深圳.pdf"
    write_pdf(load_sample("shenzhen-guangming-2024"), path)
    pages = pdf_pages_text(path)
    (last,) = [p for p in pages if "总分" in squash(p)]
    assert "填报单位（盖章）" in last                       # the signature with the 总分 row
    rows_above = [name for name in ("生态效益指标", "可持续影响指标", "服务对象满意度", "其他满意度指标")
                  if name in squash(last)]
    assert len(rows_above) >= 2, "总分 must not stand alone under a repeated header"


def test_bracketed_points_never_wrap_inside(tmp_path):
    path = tmp_path / "深圳.pdf"
    write_pdf(load_sample("shenzhen-guangming-2024"), path)
    lines = "\n".join(layout_pages(path)).splitlines()
    assert any("（10分）" in line for line in lines)
    assert not any(line.rstrip().endswith("（10") for line in lines)
