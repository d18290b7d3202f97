"""The summary file (SUMMARY.perfdesk-summary): one JSON document holding every collected unit's
workbook as delivered (the workbook JSON of docs/workbook-json.md, definitions embedded), where
and when it came from, what replaced what, the rejected files and the units not delivered.
A .perfdesk holds one unit by design; this is the many-unit container. See docs/collect.md."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import msgspec

from ..codec import workbook_from_dict, workbook_to_dict
from .gather import Collection, changes_text
from .overview import unit_figures

SUMMARY_FORMAT = "perfdesk-summary"
SUMMARY_VERSION = 1


def overview_rows(collection: Collection) -> list[dict]:
    rows = []
    for d in collection.deliveries:
        wb = d.workbook
        row = {"unit": wb.unit, "unit_code": wb.unit_code, "year": wb.year, "status": "已报送",
               **unit_figures(wb), "modified": d.modified, "file": d.file,
               "changes": changes_text(d.replaced[-1]["changes"]) if d.replaced else ""}
        rows.append(row)
    for u in collection.missing:
        rows.append({"unit": u["name"], "unit_code": u["code"], "year": collection.year, "status": "未报送",
                     "forms": [], "errors": None, "warnings": None, "completeness": None, "budget": None,
                     "spent": None, "execution_rate": None, "score_total": None, "grade": None,
                     "modified": "", "file": "", "changes": ""})
    return rows


def summary_dict(collection: Collection, rows: list[dict] | None = None) -> dict:
    rows = overview_rows(collection) if rows is None else rows
    return {
        "format": SUMMARY_FORMAT, "version": SUMMARY_VERSION, "year": collection.year,
        "created": dt.datetime.now().replace(microsecond=0).isoformat(),
        "manifest": collection.manifest,
        "overview": rows,
        "units": [{"file": d.file, "modified": d.modified, "sha256": d.sha256, "replaced": d.replaced,
                   "workbook": workbook_to_dict(d.workbook)} for d in collection.deliveries],
        "rejected": [r.to_dict() for r in collection.rejected],
        "missing": collection.missing,
    }


def write_summary(path: Path, data: dict) -> None:
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix="." + path.name + "-", suffix=".tmp", dir=path.parent or ".")
    try:
        # msgspec's encoder (C): json.dump with an indent runs in Python, 10 × slower on 200 units
        text = msgspec.json.format(msgspec.json.encode(data), indent=1)
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
            fh.write(b"\n")
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def read_summary(path: Path, lenient: bool = False) -> dict:
    """The summary as written, with each unit's workbook read back (key "workbook" → Workbook).

    lenient: a unit whose workbook cannot be read gets "workbook": None and "problem" (中文)
    instead of stopping the whole file (its "unit" and "unit_code" taken from what is readable)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT:
        raise ValueError(f"{path} 不是 perfdesk 汇总文件")
    for n, unit in enumerate(data["units"], start=1):
        if not lenient:
            unit["workbook"] = workbook_from_dict(unit["workbook"])
            continue
        raw = unit.get("workbook") if isinstance(unit, dict) else None
        try:
            unit["workbook"] = workbook_from_dict(raw)
        except Exception as exc:    # noqa: BLE001 - one damaged unit never hides the others
            unit["workbook"] = None
            unit["problem"] = f"汇总文件中第 {n} 个单位的工作簿无法读取（{type(exc).__name__}：{exc}）"
            if isinstance(raw, dict):
                unit["unit"], unit["unit_code"] = str(raw.get("unit", "")), str(raw.get("unit_code", ""))
    return data
