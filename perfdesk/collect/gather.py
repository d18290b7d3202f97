"""汇总: read every unit's workbook in a folder (or a list of files) into one collection.

Nothing stops the run: a file that cannot be used is listed with its reason. One unit delivered
twice (same unit and year): the newer file (by modification time) replaces the older, and the
cell changes between the two are kept per form."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import msgspec

from ..definitions.loader import Registry, default_registry
from ..domain.comments import merge as merge_comments
from ..domain.model import Comment, Workbook
from ..store.workbook_file import SealedFile, WorkbookFileError, read_sealed, read_workbook
from .celldiff import FormChange, form_changes
from .dispatch import MANIFEST_NAME, read_manifest

SUFFIXES = (".perfdesk", ".xlsx")

# why a file or form was not taken
DAMAGED, OTHER_YEAR, DUPLICATE, REPLACED = "damaged", "other_year", "duplicate", "replaced"
UNKNOWN_DEFINITION, NOT_IN_TASK, NO_UNIT = "unknown_definition", "not_in_task", "no_unit"


class Rejected(msgspec.Struct, frozen=True):
    file: str
    code: str           # one of the reasons above
    reason: str         # 中文

    def to_dict(self) -> dict:
        return {"file": self.file, "code": self.code, "reason": self.reason}


class Delivery(msgspec.Struct):
    loaded: Workbook | None         # the workbook; None while only `sealed` has been read
    file: str
    modified: str                   # the file's modification time, ISO, local
    sha256: str
    replaced: list[dict] = msgspec.field(default_factory=list)   # older deliveries: file, modified, changes
    # the 审核意见 as they stand: the delivered ones (the unit's done marks), then any the
    # summary had that the delivery lacks (perfdesk.collect.review)
    comments: list[Comment] = msgspec.field(default_factory=list)
    # a .perfdesk whose every form's 审核摘要 matched its bytes (perfdesk.store.workbook_file.
    # read_sealed): the overview row comes from the seals; the forms are decoded only when asked
    sealed: SealedFile | None = None

    @property
    def workbook(self) -> Workbook:
        if self.loaded is None:
            self.loaded = self.sealed.workbook()
        return self.loaded

    @property
    def header(self) -> Workbook:
        """The unit, code, year and comments (the forms only when decoded already)."""
        return self.loaded if self.loaded is not None else self.sealed.header

    @property
    def key(self) -> tuple[str, int]:
        h = self.header
        return unit_key(h.unit, h.unit_code, h.year)


class Collection(msgspec.Struct):
    year: int | None
    deliveries: list[Delivery] = msgspec.field(default_factory=list)
    rejected: list[Rejected] = msgspec.field(default_factory=list)
    missing: list[dict] = msgspec.field(default_factory=list)     # manifest units without a delivery
    manifest: dict | None = None


def unit_key(name: str, code: str, year: int) -> tuple[str, int]:
    """A unit is its code where it has one, else its name (spaces ignored)."""
    return (f"code:{code.strip()}" if code.strip() else f"name:{''.join(name.split())}", year)


def find_files(sources: list[Path]) -> tuple[list[Path], Path | None]:
    """The workbook files among the sources (folders are searched one level deep and their
    sub-folders too) and the manifest found in a folder, if any."""
    files, manifest = [], None
    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.name == MANIFEST_NAME and manifest is None:
                    manifest = path
                elif path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith((".", "~$")):
                    files.append(path)
        else:
            files.append(source)
    return files, manifest


def _read(path: Path, registry: Registry, recheck: bool = False
          ) -> tuple[Workbook | SealedFile | None, Rejected | None]:
    """The workbook, or for a .perfdesk whose seals all match (and not `recheck`) the SealedFile."""
    if not path.is_file():
        return None, Rejected(str(path), DAMAGED, "文件不存在")
    if path.suffix.lower() == ".xlsx":
        from ..xlsx.importer import import_xlsx

        try:
            result = import_xlsx(path, registry=registry)
        except Exception as exc:   # noqa: BLE001 - one bad file never stops the collection
            return None, Rejected(str(path), DAMAGED, f"无法读取 Excel 文件（{type(exc).__name__}）")
        if result.workbook is None:
            first = result.errors[0].message if result.errors else "没有可导入的表"
            code = UNKNOWN_DEFINITION if "没有表样定义" in first or "未知的表样定义" in first else DAMAGED
            return None, Rejected(str(path), code, f"无法导入 Excel 文件：{first}")
        return result.workbook, None
    try:
        if not recheck:
            sealed = read_sealed(path, registry)
            if sealed is not None:
                return sealed, None
        return read_workbook(path, registry), None
    except WorkbookFileError as exc:
        text = str(exc)
        code = UNKNOWN_DEFINITION if "未知的表样定义" in text else DAMAGED
        return None, Rejected(str(path), code, f"无法读取：{text}")
    except Exception as exc:       # noqa: BLE001
        return None, Rejected(str(path), DAMAGED, f"无法读取（{type(exc).__name__}）")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def collect(sources: list[str | os.PathLike], year: int | None = None, manifest_path: Path | None = None,
            registry: Registry | None = None, progress=None, recheck: bool = False) -> Collection:
    """progress(done, total, file name), if given, is called before each file is read (the GUI's
    progress dialog; an exception it raises, e.g. on 取消, ends the run with nothing written).

    A .perfdesk whose forms all carry a 审核摘要 matching their bytes is not decoded nor checked
    again: its overview row comes from the seals (docs/collect.md). `recheck`: decode and check
    every file in full."""
    registry = registry or default_registry()
    files, found_manifest = find_files([Path(s) for s in sources])
    manifest = read_manifest(manifest_path or found_manifest) if (manifest_path or found_manifest) else None
    if manifest is not None and year is None:
        year = manifest["year"]
    asked_forms = set(manifest.get("forms", [])) if manifest else set()
    asked_units = {unit_key(u["name"], u.get("code", ""), manifest["year"]): u
                   for u in manifest["units"]} if manifest else {}
    asked_names = {unit_key(u["name"], "", manifest["year"]): k for k, u in asked_units.items()} if manifest else {}
    out = Collection(year=year, manifest=manifest)
    # oldest first, so that a later delivery of the same unit replaces an earlier one
    stamped = []
    for path in files:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        stamped.append((mtime, str(path), path))
    by_key: dict[tuple[str, int], Delivery] = {}
    for done, (mtime, _, path) in enumerate(sorted(stamped)):
        if progress is not None:
            progress(done, len(stamped), path.name)
        wb, rejected = _read(path, registry, recheck)
        if rejected is not None:
            out.rejected.append(rejected)
            continue
        sealed = None
        if isinstance(wb, SealedFile):
            sealed, wb = wb, wb.header
            if asked_forms and not set(sealed.definition_ids) <= asked_forms:
                sealed = None           # forms to leave out: read and check it in full
                wb, rejected = _read(path, registry, recheck=True)
                if rejected is not None:
                    out.rejected.append(rejected)
                    continue
        if not wb.unit.strip() and not wb.unit_code.strip():
            out.rejected.append(Rejected(str(path), NO_UNIT, "工作簿中没有单位名称和单位代码，无法归入任何单位"))
            continue
        if year is not None and wb.year != year:
            out.rejected.append(Rejected(str(path), OTHER_YEAR, f"年度为 {wb.year}，不是本次汇总的 {year} 年度"))
            continue
        key = unit_key(wb.unit, wb.unit_code, wb.year)
        if manifest is not None:
            if key not in asked_units:      # a unit that left its code out is still found by name
                key = asked_names.get(unit_key(wb.unit, "", wb.year), key)
            if key not in asked_units:
                out.rejected.append(Rejected(str(path), NOT_IN_TASK,
                                             f"单位“{wb.unit}”（{wb.unit_code or '无代码'}）不在任务清单中"))
                continue
            if asked_forms:
                kept = []
                for form in wb.forms:
                    if form.definition.id in asked_forms:
                        kept.append(form)
                    else:
                        out.rejected.append(Rejected(
                            f"{path}#{form.id}", UNKNOWN_DEFINITION,
                            f"表“{form.title or form.id}”的表样“{form.definition.id}”不是任务要求的表样"
                            f"（{'、'.join(sorted(asked_forms))}），未汇总"))
                wb.forms = kept
        when = dt.datetime.fromtimestamp(mtime).replace(microsecond=0).isoformat() if mtime else ""
        delivery = Delivery(None if sealed else wb, str(path), when, _sha256(path), comments=list(wb.comments),
                            sealed=sealed)
        older = by_key.get(key)
        if older is not None:
            if older.sha256 == delivery.sha256:
                out.rejected.append(Rejected(str(path), DUPLICATE, f"与 {older.file} 内容完全相同，只汇总一份"))
                continue
            changes = form_changes(older.workbook.forms, delivery.workbook.forms)
            delivery.comments = merge_comments(delivery.comments, older.comments)
            delivery.replaced = older.replaced + [{
                "file": older.file, "modified": older.modified,
                "changes": [c.to_dict() for c in changes]}]
            out.rejected.append(Rejected(older.file, REPLACED,
                                         f"同一单位（{wb.unit}，{wb.year} 年度）的较早报送，已由 {path} 取代"))
        by_key[key] = delivery
    out.deliveries = sorted(by_key.values(), key=lambda d: (d.header.unit_code or "~", d.header.unit))
    if manifest is not None:
        out.missing = [{"name": u["name"], "code": u.get("code", ""), "file": u.get("file", "")}
                       for k, u in asked_units.items() if k not in by_key]
    return out


def changes_text(changes: list[FormChange] | list[dict]) -> str:
    """A one-line account of a replacement, for the overview's last column."""
    parts = []
    for c in changes:
        c = c if isinstance(c, dict) else c.to_dict()
        n = len(c["cells"])
        parts.append(f"{c['title'] or c['form']}：{c['kind']}" + (f" {n} 处" if n else ""))
    return "；".join(parts)
