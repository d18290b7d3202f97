"""审核意见 on the 主管部门's side: comments on a unit kept in the summary file, added there
(`perfdesk comment`), sent back in that unit's workbook (`perfdesk return`) and read again from
the unit's next delivery (collect). See docs/collect.md § 审核意见.

In the summary a unit's entry keeps its workbook exactly as delivered ("workbook", which may
carry the comments the unit sent back) and the comments as they stand now ("comments"): the
delivered ones with the unit's done marks, plus the ones added since that the unit has not seen.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..codec import WorkbookDataError, comment_to_dict, comments_from_list, workbook_from_dict
from ..domain import comments as domain
from ..domain.model import Comment, Workbook
from .gather import Collection, unit_key
from .summary_file import SUMMARY_FORMAT, write_summary


class ReviewError(Exception):
    """A summary, unit, form or place that cannot be used; the message is in Chinese."""


def now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def load_summary(path: Path) -> dict:
    """The summary file as JSON (its workbooks left as JSON): refused with the reason."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReviewError(f"汇总文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"无法读取汇总文件 {path}：{exc}") from None
    if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT or not isinstance(data.get("units"), list):
        raise ReviewError(f"{path} 不是 perfdesk 汇总文件（应由 perfdesk collect -o 写出）")
    return data


def unit_label(entry: dict) -> str:
    wb = entry["workbook"]
    code = wb.get("unit_code", "")
    return f"{wb.get('unit', '')}（{code}）" if code else wb.get("unit", "")


def find_unit(data: dict, wanted: str) -> dict:
    """A unit of the summary by its code or its name (spaces ignored)."""
    wanted_name = "".join(wanted.split())
    found = [u for u in data["units"] if wanted.strip() and wanted.strip() == u["workbook"].get("unit_code", "")]
    if not found:
        found = [u for u in data["units"] if "".join(u["workbook"].get("unit", "").split()) == wanted_name]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ReviewError(f"名为 “{wanted}” 的单位不止一个（不同年度？），请用单位代码："
                          + "、".join(unit_label(u) for u in found))
    known = "、".join(unit_label(u) for u in data["units"][:20]) or "（汇总中没有已报送的单位）"
    more = f" 等 {len(data['units'])} 个" if len(data["units"]) > 20 else ""
    raise ReviewError(f"汇总中没有单位 “{wanted}”（按单位代码或名称查找）。已报送的单位：{known}{more}")


def entry_workbook(entry: dict) -> Workbook:
    try:
        return workbook_from_dict(entry["workbook"])
    except WorkbookDataError as exc:
        raise ReviewError(f"汇总文件中单位“{unit_label(entry)}”的工作簿有误：{exc}") from None


def entry_comments(entry: dict) -> list[Comment]:
    """The unit's comments as they stand (a summary written before 审核意见 existed: the delivered ones)."""
    raw = entry.get("comments")
    if raw is None:
        raw = entry["workbook"].get("comments", [])
    try:
        return comments_from_list(raw)
    except WorkbookDataError as exc:
        raise ReviewError(f"汇总文件中单位“{unit_label(entry)}”的审核意见有误：{exc}") from None


def find_form(wb: Workbook, wanted: str):
    """A form by its id, or by its title."""
    for f in wb.forms:
        if f.id == wanted:
            return f
    titled = [f for f in wb.forms if (f.title or f.definition.name) == wanted.strip()]
    if len(titled) == 1:
        return titled[0]
    raise ReviewError(f"单位“{wb.unit}”的工作簿中没有表 “{wanted}”，可用："
                      + "、".join(f"{f.id}（{f.title or f.definition.name}）" for f in wb.forms))


def add_comment(path: Path, unit: str, form: str, text: str, place: str = "", author: str = "") -> Comment:
    """Add a comment to a unit in the summary file and write it back (nothing written on error)."""
    data = load_summary(path)
    entry = find_unit(data, unit)
    wb = entry_workbook(entry)
    wb.comments = entry_comments(entry)
    f = find_form(wb, form)
    try:
        where = domain.resolve_place(f, place) if place.strip() else None
        if not author and data.get("manifest"):
            author = data["manifest"].get("issuer", "") or ""
        comment = domain.new_comment(wb, f.id, text, where, author=author, created=now_text())
    except domain.CommentError as exc:
        raise ReviewError(str(exc)) from None
    entry["comments"] = [comment_to_dict(c) for c in wb.comments + [comment]]
    _count_into_overview(data, entry)
    write_summary(Path(path), data)
    return comment


def _count_into_overview(data: dict, entry: dict) -> None:
    wb = entry["workbook"]
    open_, done = domain.counts(entry_comments(entry))
    for row in data.get("overview", []):
        if row.get("file") == entry.get("file") and row.get("unit") == wb.get("unit"):
            row["comments_open"], row["comments_done"] = open_, done


def returned_workbook(entry: dict) -> Workbook:
    """The unit's workbook exactly as delivered, with the comments as they stand now."""
    wb = entry_workbook(entry)
    wb.comments = entry_comments(entry)
    return wb


# ------------------------------------------------------------------------------ collect

def previous_comments(path: Path) -> dict[tuple[str, int], list[Comment]]:
    """The comments of each unit of an earlier summary, by unit key ({} if there is none)."""
    data = load_summary(path)
    out = {}
    for entry in data["units"]:
        wb = entry["workbook"]
        key = unit_key(wb.get("unit", ""), wb.get("unit_code", ""), wb.get("year", 0))
        out[key] = entry_comments(entry)
    return out


def carry_comments(collection: Collection, previous: dict[tuple[str, int], list[Comment]]) -> None:
    """Each delivery's comments: what the unit delivered (done marks from the unit), plus the
    earlier summary's comments on that unit that the delivery does not carry."""
    for d in collection.deliveries:
        kept = previous.get(d.key)
        if kept:
            d.comments = domain.merge(d.comments, kept)
