"""The summary file (SUMMARY.perfdesk-summary): one JSON document holding every collected unit's
workbook as delivered (the workbook JSON of docs/workbook-json.md, definitions embedded), where
and when it came from, what replaced what, the rejected files and the units not delivered.
A .perfdesk holds one unit by design; this is the many-unit container. See docs/collect.md."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import msgspec

from ..codec import comment_to_dict, comments_from_list, workbook_from_dict, workbook_to_dict
from ..domain.comments import counts
from .gather import Collection, changes_text
from ..definitions.form_figures import unit_row
from .overview import unit_figures

SUMMARY_FORMAT = "perfdesk-summary"
SUMMARY_VERSION = 1


def overview_rows(collection: Collection) -> list[dict]:
    rows = []
    for d in collection.deliveries:
        wb = d.header
        open_, done = counts(d.comments)
        # sealed: every form's figures as its 审核摘要 holds them (the same form_figures.unit_row)
        figures = unit_row(d.sealed.records) if d.sealed is not None else unit_figures(d.workbook)
        row = {"unit": wb.unit, "unit_code": wb.unit_code, "year": wb.year, "status": "已报送",
               **figures, "modified": d.modified, "file": d.file,
               "changes": changes_text(d.replaced[-1]["changes"]) if d.replaced else "",
               "comments_open": open_, "comments_done": done}
        rows.append(row)
    for u in collection.missing:
        rows.append({"unit": u["name"], "unit_code": u["code"], "year": collection.year, "status": "未报送",
                     "forms": [], "errors": None, "warnings": None, "completeness": None, "budget": None,
                     "spent": None, "execution_rate": None, "score_total": None, "grade": None,
                     "modified": "", "file": "", "changes": "", "comments_open": None, "comments_done": None})
    return rows


def summary_dict(collection: Collection, rows: list[dict] | None = None) -> dict:
    rows = overview_rows(collection) if rows is None else rows
    return {
        "format": SUMMARY_FORMAT, "version": SUMMARY_VERSION, "year": collection.year,
        "created": dt.datetime.now().replace(microsecond=0).isoformat(),
        "manifest": collection.manifest,
        "overview": rows,
        "units": [{"file": d.file, "modified": d.modified, "sha256": d.sha256, "replaced": d.replaced,
                   "comments": [comment_to_dict(c) for c in d.comments],
                   "workbook": unit_json(d)} for d in collection.deliveries],
        "rejected": [r.to_dict() for r in collection.rejected],
        "missing": collection.missing,
    }


def unit_json(delivery) -> msgspec.Raw:
    """A delivery's workbook JSON (keys sorted): composed from the stored texts when it came
    sealed, else encoded from the workbook — the same bytes either way (tested)."""
    if delivery.sealed is not None:
        return msgspec.Raw(delivery.sealed.workbook_json())
    return msgspec.Raw(msgspec.json.encode(workbook_to_dict(delivery.workbook), order="sorted"))


def write_summary(path: Path, data: dict) -> None:
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix="." + path.name + "-", suffix=".tmp", dir=path.parent or ".")
    try:
        # msgspec's encoder (C), compact: a data file of many MB that no one reads by eye (json.dump
        # runs in Python, 10 × slower on 200 units; indenting alone cost a sixth of a collect)
        text = msgspec.json.encode(data)
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
            fh.write(b"\n")
            fh.flush()
            os.fsync(fh.fileno())       # the 审核意见 kept in it are the 主管部门's work
        umask = os.umask(0)             # mkstemp makes 0600: a summary gets a new file's ordinary mode
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


class _LazyUnit(msgspec.Struct):
    file: str
    workbook: msgspec.Raw
    modified: str = ""
    sha256: str = ""
    replaced: list = msgspec.field(default_factory=list)
    comments: list | None = None


def read_summary(path: Path, workbooks: bool = True, lenient: bool = False) -> dict:
    """The summary as written, with each unit's workbook read back (key "workbook" → Workbook).
    workbooks=False leaves each unit's workbook undecoded (msgspec.Raw, its JSON bytes; see
    `unit_workbook`): the GUI's overview of 200 units opens at once and reads a unit's forms when
    it is opened.

    lenient: a unit whose workbook cannot be read gets "workbook": None and "problem" (中文)
    instead of stopping the whole file (its "unit" and "unit_code" taken from what is readable)."""
    raw = Path(path).read_bytes()
    try:
        top = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
    except (msgspec.DecodeError, UnicodeDecodeError):
        raise ValueError(f"{path} 不是 perfdesk 汇总文件（不是有效的 JSON）") from None
    if msgspec.json.decode(top.get("format", b"null")) != SUMMARY_FORMAT:
        raise ValueError(f"{path} 不是 perfdesk 汇总文件")
    try:
        data = {key: msgspec.json.decode(value) for key, value in top.items() if key != "units"}
        units = msgspec.json.decode(top.get("units", b"null"), type=list[_LazyUnit])
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise ValueError(f"{path} 已损坏：{exc}") from None
    if not isinstance(data.get("overview"), list):
        raise ValueError(f"{path} 已损坏：缺少概览")
    data["units"] = [msgspec.structs.asdict(u) for u in units]
    for n, unit in enumerate(data["units"], start=1):
        try:
            if unit["comments"] is None:    # a summary written before 审核意见: the delivery's own
                unit["workbook"] = msgspec.json.decode(unit["workbook"])
                unit["comments"] = unit["workbook"].get("comments", []) if isinstance(unit["workbook"], dict) else []
            unit["comments"] = comments_from_list(unit["comments"])
            if workbooks or lenient:
                unit["workbook"] = unit_workbook(unit)
        except Exception as exc:    # noqa: BLE001 - one damaged unit never hides the others
            if not lenient:
                raise
            raw = unit["workbook"]
            raw = msgspec.json.decode(raw) if isinstance(raw, msgspec.Raw) else raw
            unit["workbook"], unit["comments"] = None, []
            unit["problem"] = f"汇总文件中第 {n} 个单位的工作簿无法读取（{type(exc).__name__}：{exc}）"
            if isinstance(raw, dict):
                unit["unit"], unit["unit_code"] = str(raw.get("unit", "")), str(raw.get("unit_code", ""))
    return data


def unit_workbook(unit: dict):
    """A unit's Workbook, decoded now if read_summary left it as JSON."""
    wb = unit["workbook"]
    if isinstance(wb, msgspec.Raw):
        wb = msgspec.json.decode(wb)
    return workbook_from_dict(wb) if isinstance(wb, dict) else wb
