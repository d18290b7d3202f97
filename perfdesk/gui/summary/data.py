"""A summary as the GUI holds it: the overview rows, the rejected files, the units not delivered
and each unit's delivered workbook, decoded only when it is opened (a saved summary of 200 units
opens at once). The same dict as the summary file (perfdesk.collect.summary_file), except that a
unit's "workbook" may be a Workbook already (after a collect) or still its JSON (after opening)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from ...codec import comment_to_dict, workbook_to_dict
from ...collect.summary_file import (SUMMARY_FORMAT, SUMMARY_VERSION, overview_rows, read_summary, unit_workbook,
                                     write_summary)
from ...domain.model import Workbook

# what an overview row's state is, for its colour and the status filter
MISSING, ERRORS, WARNINGS, CLEAN = "missing", "errors", "warnings", "clean"
STATE_TEXT = {MISSING: "未报送", ERRORS: "有错误", WARNINGS: "有警告", CLEAN: "无问题"}


def row_state(row: dict) -> str:
    if row.get("status") == "未报送":
        return MISSING
    if row.get("errors"):
        return ERRORS
    if row.get("warnings"):
        return WARNINGS
    return CLEAN


def codes_text(row: dict) -> str:
    """Each form's 校验码, as its printed footer shows it."""
    return "；".join(f"{f.get('title') or f.get('id')} {f['code']}" for f in row.get("forms", []) if f.get("code"))


def _workbook_of(delivery):
    """The delivery's Workbook when decoded already, else its JSON (decoded when the unit opens)."""
    if delivery.loaded is not None or delivery.sealed is None:
        return delivery.workbook
    return msgspec.Raw(delivery.sealed.workbook_json())


class Summary:
    def __init__(self, data: dict, path: Path | None = None):
        self.data = data
        self.path = path
        self._by_file = {u["file"]: u for u in data.get("units", [])}

    @classmethod
    def from_collection(cls, collection, progress=None) -> Summary:
        """progress(done, total, unit) before each unit's figures (审核 of every form: the longer
        half of a collect) — the same rows as `perfdesk collect`, one unit at a time."""
        rows = []
        for done, delivery in enumerate(collection.deliveries):
            if progress is not None:
                progress(done, len(collection.deliveries), delivery.header.unit)
            rows += overview_rows(msgspec.structs.replace(collection, deliveries=[delivery], missing=[]))
        rows += overview_rows(msgspec.structs.replace(collection, deliveries=[]))
        return cls({
            "format": SUMMARY_FORMAT, "version": SUMMARY_VERSION, "year": collection.year,
            "created": dt.datetime.now().replace(microsecond=0).isoformat(),
            "manifest": collection.manifest, "overview": rows,
            "units": [{"file": d.file, "modified": d.modified, "sha256": d.sha256, "replaced": d.replaced,
                       "comments": list(d.comments), "workbook": _workbook_of(d)} for d in collection.deliveries],
            "rejected": [r.to_dict() for r in collection.rejected],
            "missing": collection.missing,
        })

    @classmethod
    def load(cls, path: Path) -> Summary:
        """ValueError (Chinese) for a file that is not a summary; OSError as it comes."""
        return cls(read_summary(Path(path), workbooks=False), Path(path))

    # -- what it holds --------------------------------------------------------------------
    @property
    def rows(self) -> list[dict]:
        return self.data.get("overview", [])

    @property
    def rejected(self) -> list[dict]:
        return self.data.get("rejected", [])

    @property
    def year(self):
        return self.data.get("year")

    def unit(self, row: dict) -> dict | None:
        """The delivered unit of an overview row (None for a unit not delivered)."""
        return self._by_file.get(row.get("file")) if row.get("file") else None

    def workbook(self, row: dict) -> Workbook | None:
        unit = self.unit(row)
        if unit is None:
            return None
        if not isinstance(unit["workbook"], Workbook):
            unit["workbook"] = unit_workbook(unit)
        return unit["workbook"]

    def changes(self) -> list[tuple]:
        """Every replaced delivery's cell changes, one line each: (unit, code, older file, when,
        form, kind, place, old, new); a form added or removed as a whole is one line."""
        out = []
        rows_by_file = {r.get("file"): r for r in self.rows}
        for unit in self.data.get("units", []):
            row = rows_by_file.get(unit["file"], {})
            for older in unit.get("replaced", []):
                for change in older.get("changes", []):
                    form = change.get("title") or change.get("form", "")
                    cells = change.get("cells") or [{"kind": change.get("kind", ""), "place": "（整张表）",
                                                     "old": "", "new": ""}]
                    for cell in cells:
                        out.append((row.get("unit", ""), row.get("unit_code", ""), older.get("file", ""),
                                    older.get("modified", ""), form, cell.get("kind", ""), cell.get("place", ""),
                                    cell.get("old", ""), cell.get("new", "")))
        return out

    def counts(self) -> dict[str, int]:
        out = {state: 0 for state in STATE_TEXT}
        for row in self.rows:
            out[row_state(row)] += 1
        return out

    # -- saving ---------------------------------------------------------------------------
    def to_dict(self) -> dict:
        def plain(wb):
            if isinstance(wb, Workbook):
                return workbook_to_dict(wb)
            return msgspec.json.decode(wb) if isinstance(wb, msgspec.Raw) else wb
        units = [{**u, "workbook": plain(u["workbook"]),
                  "comments": [c if isinstance(c, dict) else comment_to_dict(c) for c in u.get("comments", [])]}
                 for u in self.data.get("units", [])]
        return {**self.data, "units": units}

    def save(self, path: Path) -> None:
        write_summary(Path(path), self.to_dict())
        self.path = Path(path)
