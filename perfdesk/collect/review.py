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

import msgspec

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


def _head(entry: dict) -> dict:
    """The unit's header (unit, unit_code, year) whether its workbook is JSON (the CLI's
    load_summary), still undecoded (msgspec.Raw) or a Workbook already (the GUI's Summary)."""
    wb = entry["workbook"]
    if isinstance(wb, Workbook):
        return {"unit": wb.unit, "unit_code": wb.unit_code, "year": wb.year}
    if isinstance(wb, msgspec.Raw):
        wb = msgspec.json.decode(wb)
    return wb


def unit_label(entry: dict) -> str:
    wb = _head(entry)
    code = wb.get("unit_code", "")
    return f"{wb.get('unit', '')}（{code}）" if code else wb.get("unit", "")


def find_unit(data: dict, wanted: str, year: int | None = None) -> dict:
    """A unit of the summary by its code or its name (spaces ignored), and its year where the
    summary holds several (`year`; required then)."""
    wanted_name = "".join(wanted.split())
    units = data["units"]
    found = [u for u in units if wanted.strip() and wanted.strip() == _head(u).get("unit_code", "")]
    if not found:
        found = [u for u in units if "".join(_head(u).get("unit", "").split()) == wanted_name]
    if found and year is not None:
        in_year = [u for u in found if _head(u).get("year") == year]
        if not in_year:
            raise ReviewError(f"单位 “{wanted}” 在汇总中没有 {year} 年度的工作簿，有："
                              + "、".join(f"{_head(u).get('year')} 年度" for u in found))
        found = in_year
    if len(found) == 1:
        return found[0]
    years = sorted({_head(u).get("year") for u in found}, key=str)
    if len(found) > 1 and len(years) > 1:
        raise ReviewError(f"单位 “{wanted}” 在汇总中有 {'、'.join(map(str, years))} 年度的工作簿，"
                          "请用 --year 指定年度：" + "、".join(f"{unit_label(u)} {_head(u).get('year')} 年度"
                                                      for u in found))
    if len(found) > 1:
        raise ReviewError(f"名为 “{wanted}” 的单位不止一个，请用单位代码："
                          + "、".join(unit_label(u) for u in found))
    known = "、".join(unit_label(u) for u in data["units"][:20]) or "（汇总中没有已报送的单位）"
    more = f" 等 {len(data['units'])} 个" if len(data["units"]) > 20 else ""
    raise ReviewError(f"汇总中没有单位 “{wanted}”（按单位代码或名称查找）。已报送的单位：{known}{more}")


def entry_workbook(entry: dict) -> Workbook:
    """The unit's workbook as delivered, a Workbook of its own (one the GUI decoded already is
    copied shallowly, so that setting its comments leaves the delivered one alone)."""
    wb = entry["workbook"]
    if isinstance(wb, Workbook):
        return msgspec.structs.replace(wb, comments=list(wb.comments))
    if isinstance(wb, msgspec.Raw):
        wb = msgspec.json.decode(wb)
    try:
        return workbook_from_dict(wb)
    except WorkbookDataError as exc:
        raise ReviewError(f"汇总文件中单位“{unit_label(entry)}”的工作簿有误：{exc}") from None


def entry_comments(entry: dict) -> list[Comment]:
    """The unit's comments as they stand (a summary written before 审核意见 existed: the delivered ones)."""
    raw = entry.get("comments")
    if raw is None:
        raw = _head(entry).get("comments", []) if not isinstance(entry["workbook"], Workbook) \
            else [comment_to_dict(c) for c in entry["workbook"].comments]
    if isinstance(raw, list) and all(isinstance(c, Comment) for c in raw):
        return list(raw)
    if isinstance(raw, list):
        raw = [comment_to_dict(c) if isinstance(c, Comment) else c for c in raw]
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


def add_comment(path: Path, unit: str, form: str, text: str, place: str = "", author: str = "",
                year: int | None = None) -> Comment:
    """Add a comment to a unit in the summary file and write it back (nothing written on error)."""
    data = load_summary(path)
    entry = find_unit(data, unit, year)
    comment = make_comment(data, entry, form, text, place, author)
    store_comment(data, entry, comment)
    write_summary(Path(path), data)
    return comment


def make_comment(data: dict, entry: dict, form: str, text: str, place: str = "", author: str = "") -> Comment:
    """A new comment on a unit of a loaded summary: the form by id or title, the place by id or
    in the form's words ("" the form as a whole), the author by default the task's issuer. The
    summary is not changed (store_comment puts it there)."""
    wb = entry_workbook(entry)
    wb.comments = entry_comments(entry)
    f = find_form(wb, form)
    try:
        where = domain.resolve_place(f, place) if place.strip() else None
        if not author:
            author = default_author(data)
        return domain.new_comment(wb, f.id, text, where, author=author, created=now_text())
    except domain.CommentError as exc:
        raise ReviewError(str(exc)) from None


def default_author(data: dict) -> str:
    """Who makes the comments by default: the issuer of the task the units were sent."""
    return (data.get("manifest") or {}).get("issuer", "") or ""


def store_comment(data: dict, entry: dict, comment: Comment) -> None:
    """Put a comment into a unit's entry of a loaded summary (in place of the one with its id,
    else after the others) and count it into the unit's overview row."""
    comments = entry_comments(entry)
    at = next((i for i, c in enumerate(comments) if c.id == comment.id), None)
    if at is None:
        comments.append(comment)
    else:
        comments[at] = comment
    entry["comments"] = [comment_to_dict(c) for c in comments]
    _count_into_overview(data, entry)


def remove_comment(data: dict, entry: dict, comment_id: str) -> Comment:
    """Take a comment out of a unit's entry (one the unit has not answered: see removable)."""
    comments = entry_comments(entry)
    found = next((c for c in comments if c.id == comment_id), None)
    if found is None:
        raise ReviewError(f"单位“{unit_label(entry)}”没有标识为 “{comment_id}” 的审核意见")
    entry["comments"] = [comment_to_dict(c) for c in comments if c.id != comment_id]
    _count_into_overview(data, entry)
    return found


def delivered_ids(entry: dict) -> set[str]:
    """The ids of the comments the unit's delivery carried: those the unit has seen."""
    wb = entry["workbook"]
    if isinstance(wb, Workbook):
        return {c.id for c in wb.comments}
    return {c.get("id", "") for c in _head(entry).get("comments", []) or []}


def removable(entry: dict, comment: Comment) -> bool:
    """A comment the unit's delivery does not carry (added since): it may still be changed or
    taken back. One the unit delivered back is part of its answer and stays."""
    return comment.id not in delivered_ids(entry)


def _count_into_overview(data: dict, entry: dict) -> None:
    wb = _head(entry)
    open_, done = domain.counts(entry_comments(entry))
    for row in data.get("overview", []):
        if row.get("file") == entry.get("file") and row.get("unit") == wb.get("unit"):
            row["comments_open"], row["comments_done"] = open_, done


def returned_workbook(entry: dict) -> Workbook:
    """The unit's workbook exactly as delivered, with the comments as they stand now."""
    wb = entry_workbook(entry)
    wb.comments = entry_comments(entry)
    return wb


def return_file_name(wb: Workbook) -> str:
    """The returned workbook's file name, as dispatch names it: <代码>-<名称>.perfdesk, made safe
    for Windows (perfdesk.domain.file_names)."""
    from .dispatch import unit_file_name
    from .units import Unit

    return unit_file_name(Unit(wb.unit, wb.unit_code))


def return_file_names(workbooks: list[Workbook]) -> list[str]:
    """The file names of several returns written into one folder, never two alike: a unit that is
    there for two years gets its year (<代码>-<名称>-2024.perfdesk); names still alike (two units
    whose names differ only by unsafe characters) get -2, -3 as batch print's do."""
    from ..domain.file_names import unique_names

    bases = [return_file_name(wb)[:-len(".perfdesk")] for wb in workbooks]
    years: dict[str, set] = {}
    for base, wb in zip(bases, workbooks):
        years.setdefault(base.lower(), set()).add(wb.year)
    bases = [f"{base}-{wb.year}" if len(years[base.lower()]) > 1 else base for base, wb in zip(bases, workbooks)]
    return unique_names(bases, ".perfdesk")


def returns_with_open_comments(data: dict) -> list[Workbook]:
    """Each unit with open comments, its workbook as delivered plus the comments (退回全部)."""
    out = []
    for entry in data["units"]:
        comments = entry_comments(entry)
        if domain.counts(comments)[0]:
            out.append(returned_workbook(entry))
    return out


def write_return(path: Path, wb: Workbook) -> None:
    """Write a returned workbook (definitions embedded, snapshots not carried)."""
    from ..store.workbook_file import write_workbook

    write_workbook(Path(path), wb)


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


def carry_into_summary(data: dict, previous: dict[tuple[str, int], list[Comment]]) -> int:
    """A summary made by a new collect, about to be written over an earlier one: each unit takes
    the earlier summary's comments it lacks (as carry_comments does for a collection, so the GUI's
    汇总 + 保存 keeps them as `collect --force` does); its overview row is recounted. Returns how
    many comments were carried over."""
    carried = 0
    for entry in data.get("units", []):
        head = _head(entry)
        kept = previous.get(unit_key(head.get("unit", ""), head.get("unit_code", ""), head.get("year", 0)))
        if not kept:
            continue
        now = entry_comments(entry)
        merged = domain.merge(now, kept)
        if merged != now:
            carried += len(merged) - len(now)
            entry["comments"] = merged
            _count_into_overview(data, entry)
    return carried


def carry_comments(collection: Collection, previous: dict[tuple[str, int], list[Comment]]) -> None:
    """Each delivery's comments: what the unit delivered (done marks from the unit), plus the
    earlier summary's comments on that unit that the delivery does not carry."""
    for d in collection.deliveries:
        kept = previous.get(d.key)
        if kept:
            d.comments = domain.merge(d.comments, kept)
