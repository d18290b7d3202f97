"""下发任务: one blank workbook per unit, with the task (deadline, instructions) in its header,
and a manifest (任务清单.json) naming who was asked, so that collect can list who has not delivered."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..definitions.loader import Registry
from ..domain.blank import new_form
from ..domain.file_names import unit_base_name
from ..domain.model import Task, Workbook
from ..store.workbook_file import write_workbook
from .units import Unit

MANIFEST_NAME = "任务清单.json"
MANIFEST_FORMAT = "perfdesk-task"
MANIFEST_VERSION = 1


class DispatchError(Exception):
    """Bad task input; the message is Chinese and names the place."""


def parse_deadline(text: str) -> str:
    """A deadline as YYYY-MM-DD (also accepts 2025年3月31日 and 2025/3/31)."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        raise DispatchError(f"截止日期“{text}”不是日期，应写作 2025-03-31 或 2025年3月31日")
    try:
        return dt.date(*map(int, m.groups())).isoformat()
    except ValueError:
        raise DispatchError(f"截止日期“{text}”不存在") from None


def unit_file_name(unit: Unit) -> str:
    """A file name that is safe on Windows and keeps the unit readable: 414001-某某局.perfdesk
    (the rule batch print's PDFs follow: perfdesk.domain.file_names)."""
    return unit_base_name(unit.name, unit.code) + ".perfdesk"


def dispatch(units: list[Unit], year: int, definition_ids: list[str], out_dir: Path, registry: Registry,
             deadline: str = "", note: str = "", issuer: str = "", force: bool = False) -> dict:
    """Write the workbooks and the manifest into out_dir; returns the manifest. Checks everything
    first, so a bad input writes nothing."""
    if not 1900 <= year <= 2200:
        raise DispatchError(f"年度应为四位数年份，实际为 {year}")
    if not definition_ids:
        raise DispatchError("请至少用 --form 指定一张表样")
    for def_id in definition_ids:
        if def_id not in registry:
            raise DispatchError(f"没有表样定义“{def_id}”，可用：{'、'.join(registry.ids())}")
    if len(set(definition_ids)) != len(definition_ids):
        raise DispatchError("--form 中有重复的表样")
    deadline = parse_deadline(deadline) if deadline.strip() else ""
    names = [unit_file_name(u) for u in units]
    lowered = {}
    for unit, name in zip(units, names):
        if name.lower() in lowered:      # two units whose names differ only by unsafe characters
            raise DispatchError(f"单位“{unit.name}”与“{lowered[name.lower()]}”的文件名相同：{name}")
        lowered[name.lower()] = unit.name
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST_NAME
    targets = [out_dir / n for n in names] + [manifest_path]
    if not force:
        existing = [p for p in targets if p.exists()]
        if existing:
            raise DispatchError(f"文件已存在：{existing[0]}（如要覆盖，请加 --force）")
    task = Task(issuer=issuer.strip(), deadline=deadline, note=note.strip())
    for unit, name in zip(units, names):
        wb = Workbook(unit=unit.name, unit_code=unit.code, year=year, task=task)
        for def_id in definition_ids:
            wb.forms.append(new_form(registry[def_id], wb))
        write_workbook(out_dir / name, wb)
    manifest = {
        "format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "year": year,
        "forms": list(definition_ids), "deadline": deadline, "note": task.note, "issuer": task.issuer,
        "created": dt.datetime.now().replace(microsecond=0).isoformat(),
        "units": [{"name": u.name, "code": u.code, "file": n} for u, n in zip(units, names)],
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def read_manifest(path: Path) -> dict:
    """A manifest written by dispatch, checked enough to be used; DispatchError otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DispatchError(f"无法读取任务清单 {path}（{type(exc).__name__}）") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise DispatchError(f"{path} 不是 perfdesk dispatch 写出的任务清单")
    year, units, forms = data.get("year"), data.get("units"), data.get("forms", [])
    if not isinstance(year, int) or not isinstance(units, list) or not isinstance(forms, list):
        raise DispatchError(f"任务清单 {path} 已损坏：缺少年度、单位或表样")
    for i, u in enumerate(units):
        if not isinstance(u, dict) or not isinstance(u.get("name"), str) or not isinstance(u.get("code", ""), str):
            raise DispatchError(f"任务清单 {path} 已损坏：第 {i + 1} 个单位缺少名称")
    return data
