"""200 units' workbooks as a 主管部门 collects them (issue 22): each made by the synthetic
generator (a unit-wide form and 10 projects), with its own name, code and figures."""
from __future__ import annotations

from pathlib import Path


def write_units(folder: Path, units: int = 200, projects: int = 10, seed: int = 1) -> list[Path]:
    from perfdesk.samples.synthetic import synthetic_workbook
    from perfdesk.store.workbook_file import write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(units):
        wb = synthetic_workbook(projects, seed + i)
        wb.unit = f"某县第{i + 1:03d}单位"
        wb.unit_code = f"{415000 + i}"
        path = folder / f"{wb.unit_code}-{wb.unit}.perfdesk"
        write_workbook(path, wb)
        paths.append(path)
    return paths


def write_summary_file(folder: Path, out: Path) -> dict:
    """Collect the folder into a summary file, as 汇总 → 保存汇总文件 does; a few facts."""
    from perfdesk.collect.gather import collect
    from perfdesk.collect.summary_file import summary_dict, write_summary

    collection = collect([folder])
    data = summary_dict(collection)
    write_summary(out, data)
    return {"units": len(collection.deliveries), "bytes": out.stat().st_size}
