"""审核意见: comments a 主管部门 attaches to a unit's form, a place in it (a field, a funds cell,
an indicator) or the form as a whole; the unit sees them beside the cells and marks each done.

A comment lives on the Workbook (`Workbook.comments`), never in a form: the figures do not change
with it. Its place is the text of perfdesk.domain.places (`place_to_text`), so the GUI can take
the user there like a check finding; `where` keeps the place in the form's words as it was when
the comment was made (an indicator's row number can move when the unit inserts a row).

Places can be named by id ("funds:budget.total.amount", "indicator:0/1/2:target") or in the
form's words ("预算规模及资金用途>预算数>金额", "数量指标>培训人数", "项目名称"), see
`resolve_place` and docs/collect.md.
"""
from __future__ import annotations

import re
from typing import Iterator

import msgspec

from .model import Comment, Form, Workbook
from .places import (
    FieldPlace,
    FundsPlace,
    IndicatorPlace,
    IndicatorsPlace,
    LinePlace,
    ListPlace,
    Place,
    SectionPlace,
    TitlePlace,
    TotalPlace,
    describe,
    place_from_text,
    place_to_text,
)

OPEN, DONE = "open", "done"
STATUS_LABELS = {OPEN: "未处理", DONE: "已处理"}


class CommentError(ValueError):
    """A comment that cannot be made or found here; the message, in Chinese, names what."""


class SetComment(msgspec.Struct, frozen=True, eq=False):
    """Put a comment in place of the one with its id (None: remove it; a new id: add it).
    A workbook-level edit (form_id None): the forms do not change."""

    comment_id: str
    comment: Comment | None

    @property
    def form_id(self) -> None:
        return None


def apply_set(workbook: Workbook, edit: SetComment) -> SetComment:
    """Make the edit; return the one that undoes it."""
    if edit.comment is not None and edit.comment.id != edit.comment_id:
        raise CommentError(f"审核意见标识不符：{edit.comment.id} ≠ {edit.comment_id}")
    comments = workbook.comments
    index = next((i for i, c in enumerate(comments) if c.id == edit.comment_id), None)
    old = comments[index] if index is not None else None
    if edit.comment is None:
        if index is not None:
            del comments[index]
    elif index is None:
        comments.append(edit.comment)
    else:
        comments[index] = edit.comment
    return SetComment(edit.comment_id, old)


# ----------------------------------------------------------------------------- the comments

def find(workbook: Workbook, comment_id: str) -> Comment:
    for c in workbook.comments:
        if c.id == comment_id:
            return c
    raise CommentError(f"没有标识为 “{comment_id}” 的审核意见")


def next_id(comments: list[Comment]) -> str:
    """"c" and one more than the highest number among the ids so far."""
    numbers = [int(m.group(1)) for c in comments if (m := re.fullmatch(r"c(\d+)", c.id))]
    return f"c{max(numbers, default=0) + 1}"


def counts(comments: list[Comment]) -> tuple[int, int]:
    """(open, done)."""
    done = sum(1 for c in comments if c.status == DONE)
    return len(comments) - done, done


def marked_done(comment: Comment, when: str, reply: str | None = None) -> Comment:
    return msgspec.structs.replace(comment, status=DONE, done_at=when,
                                   reply=comment.reply if reply is None else reply)


def reopened(comment: Comment) -> Comment:
    return msgspec.structs.replace(comment, status=OPEN, done_at="")


def place_of(comment: Comment) -> Place | None:
    """The comment's place, None for the form as a whole (or a place text this program cannot read)."""
    if not comment.place:
        return None
    try:
        return place_from_text(comment.place)
    except ValueError:
        return None


def form_title(workbook: Workbook, comment: Comment) -> str:
    for f in workbook.forms:
        if f.id == comment.form_id:
            return f.title or f.definition.name
    return comment.form_id


def where_text(workbook: Workbook, comment: Comment) -> str:
    """The place in words as the form is now (the words kept with the comment if it is gone)."""
    place = place_of(comment)
    if place is None:
        return comment.where or "整张表"
    form = next((f for f in workbook.forms if f.id == comment.form_id), None)
    if form is None or place not in set(candidate_places(form)):
        return comment.where or comment.place
    return describe(form, place)


def new_comment(workbook: Workbook, form_id: str, text: str, place: Place | None = None,
                author: str = "", created: str = "") -> Comment:
    """A new open comment on a form of the workbook (checked: the form, the place, some text)."""
    text = text.strip()
    if not text:
        raise CommentError("审核意见不能为空")
    form = next((f for f in workbook.forms if f.id == form_id), None)
    if form is None:
        raise CommentError(f"单位“{workbook.unit}”的工作簿中没有表 “{form_id}”，可用："
                           + "、".join(f"{f.id}（{f.title or f.definition.name}）" for f in workbook.forms))
    if place is not None and place not in set(candidate_places(form)):
        raise CommentError(f"表“{form.title or form.id}”中没有位置 “{place_to_text(place)}”")
    return Comment(id=next_id(workbook.comments), form_id=form_id, text=text,
                   place=place_to_text(place) if place is not None else "",
                   where=describe(form, place) if place is not None else "",
                   author=author, created=created)


def merge(delivered: list[Comment], kept: list[Comment]) -> list[Comment]:
    """A unit's comments after a new delivery: the delivered ones as the unit sends them back
    (its done marks and replies), then those kept in the summary that the delivery does not have
    (added by the 主管部门 after the return, not yet sent to the unit)."""
    ids = {c.id for c in delivered}
    return list(delivered) + [c for c in kept if c.id not in ids]


# --------------------------------------------------------------------------------- places

def candidate_places(form: Form) -> Iterator[Place]:
    """Every place of the form a comment can be attached to, in reading order."""
    d = form.definition
    yield TitlePlace()
    for f in d.fields:
        yield FieldPlace(f.id)
    for s in d.sections:
        yield SectionPlace(s.id)
    for t in d.funds:
        for row in t.rows:
            yield FundsPlace(t.id, row.id)
            for col in t.columns:
                yield FundsPlace(t.id, row.id, col.id)
        table = form.funds.get(t.id)
        for i, _ in enumerate(table.lines if table else ()):
            yield LinePlace(t.id, i)
            for col in t.columns:
                yield LinePlace(t.id, i, col.id)
    for ld in d.lists:
        for i, _ in enumerate(form.lists.get(ld.id, ())):
            yield ListPlace(ld.id, i)
            for col in ld.columns:
                yield ListPlace(ld.id, i, col.id)
    if d.indicators is not None:
        yield IndicatorsPlace()
        for col_id in d.indicators.totals:
            yield TotalPlace(col_id)
        yield from _indicator_places(form, form.indicators, (), "")


def _indicator_places(form: Form, nodes, prefix: tuple[int, ...], branch: str) -> Iterator[Place]:
    for i, node in enumerate(nodes):
        path, here = prefix + (i,), branch or node.name
        yield IndicatorPlace(path)
        for col in form.columns_for(len(path), here):
            yield IndicatorPlace(path, col.id)
        yield from _indicator_places(form, node.children, path, here)


_SEPARATORS = re.compile(r"\s*(?:›|>|＞|»|》)\s*")


def _words(text: str) -> tuple[str, ...]:
    return tuple("".join(part.split()) for part in _SEPARATORS.split(text.strip()) if part.strip())


_KINDS = ("title", "indicators", "total:", "field:", "section:", "funds:", "line:", "list:", "indicator:")


def resolve_place(form: Form, text: str) -> Place:
    """A place named by id ("funds:budget.total.amount") or in the form's words, the labels from
    the outside in separated by ">" or "›" ("预算规模及资金用途>预算数>金额"); the last labels
    alone do when they name one place ("项目名称", "数量指标>培训人数")."""
    text = text.strip()
    places = list(candidate_places(form))
    if text.startswith(_KINDS):
        try:
            place = place_from_text(text)
        except ValueError as exc:
            raise CommentError(f"位置 “{text}” 无法识别：{exc}") from None
        if place not in set(places):
            raise CommentError(f"表“{form.title or form.id}”中没有位置 “{text}”")
        return place
    wanted = _words(text)
    if not wanted:
        raise CommentError("位置为空")
    described = [(p, _words(describe(form, p))) for p in places]
    full = [p for p, words in described if words == wanted]
    found = full or [p for p, words in described if words[-len(wanted):] == wanted]
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommentError(f"表“{form.title or form.id}”中没有 “{text}” 这个位置"
                           "（位置按表上的名称从外到内写，用 > 分隔，如 “预算数>金额”；或写位置标识，见 perfdesk comment --places）")
    shown = "；".join(f"{describe(form, p)}（{place_to_text(p)}）" for p in found[:5])
    more = f" 等 {len(found)} 处" if len(found) > 5 else ""
    raise CommentError(f"表“{form.title or form.id}”中 “{text}” 不止一处：{shown}{more}；请写得更完整，或写位置标识")
