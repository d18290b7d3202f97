"""Issue 22's 汇总 figures: N synthetic unit workbooks (a unit-wide form and `projects` project
forms each, every unit its own name and code), collected as `perfdesk collect DIR -o SUMMARY`
does, against plain sqlite3 reading the same files' forms.

`write_units(folder, n)` and `summary_file(folder, n)` are the hooks for the overview window's
figure ("the overview of 200 units opens in ≤ 0.5 s"): they build the 200 files and the summary
file the window opens.
"""
from __future__ import annotations

import copy
import json
import os
import sqlite3
from pathlib import Path

UNIT_WORDS = ("市场监督管理局", "教育局", "卫生健康委员会", "交通运输局", "农业农村局", "水利局", "民政局",
              "自然资源局", "住房和城乡建设局", "文化广电旅游局")


def write_units(folder: Path, n: int = 200, projects: int = 10, seed: int = 1) -> list[Path]:
    """n unit workbooks in folder: the synthetic workbook of `projects` projects under n names
    and codes (the figures are the same; the checks, codes and files are each unit's own)."""
    from perfdesk.samples.synthetic import synthetic_workbook
    from perfdesk.store.workbook_file import write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    base = synthetic_workbook(projects, seed)
    paths = []
    for i in range(n):
        wb = copy.deepcopy(base)
        wb.unit = f"某县第{i + 1:03d}{UNIT_WORDS[i % len(UNIT_WORDS)]}"
        wb.unit_code = f"{415000 + i}"
        path = folder / f"{wb.unit_code}-{wb.unit}.perfdesk"
        write_workbook(path, wb)
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
        paths.append(path)
    return paths


def collect_to_summary(folder: Path, out: Path) -> dict:
    """What `perfdesk collect DIR -o SUMMARY.perfdesk-summary` does: read, check, count, code,
    hash every file, and write the summary file."""
    from perfdesk.collect.gather import collect
    from perfdesk.collect.summary_file import overview_rows, summary_dict, write_summary

    collection = collect([folder])
    rows = overview_rows(collection)
    data = summary_dict(collection, rows)
    write_summary(out, data)
    return data


def summary_file(folder: Path, n: int = 200, projects: int = 10) -> Path:
    """The summary file of n synthetic units (written once into folder): what the overview opens."""
    out = folder / f"units-{n}.perfdesk-summary"
    if not out.exists():
        units = folder / "units"
        write_units(units, n, projects)
        collect_to_summary(units, out)
    return out


def sqlite_read_forms(paths: list[Path]) -> int:
    """The floor: open each file, select its forms rows, decode the JSON as stored."""
    n = 0
    for path in paths:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            for (data,) in con.execute("SELECT data FROM forms ORDER BY position"):
                json.loads(data)
                n += 1
        finally:
            con.close()
    return n
