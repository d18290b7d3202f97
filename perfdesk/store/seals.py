"""审核摘要 (seals): the overview figures of each form, written with the form.

Whenever the store writes a form's row it also writes, in the table `seals` (created when first
needed, with no change of the schema version: an older perfdesk never looks at it, and a file
without it simply has no seals), a small JSON record per form:

    {"seal": SEAL_VERSION, "version": perfdesk.__version__, "fingerprint": "<sha256 hex>",
     "source": <id of the form it was derived from> | null, "record": {…}}

`record` is `perfdesk.definitions.form_figures.form_record` of the form as a reader of the file
sees it (errors, warnings, completeness, budget, execution, score, grade table, 校验码, …).
The fingerprint is a sha256 over exactly the bytes stored that those figures depend on: the
program's version and SEAL_VERSION, the workbook header (without its 审核意见 and task, which
no figure reads), the form's row, its definition's text, the form kind that definition resolves
to on this PC (forms/kinds plus the user's kinds files: required_level1, bounded_rates, per_project …
feed the checks), the scoring profile it is checked with (origin, id and text: the file's own copy,
or the one installed on the PC — chosen on reading the same way), and the row of the form it was
derived from. A definition the reading PC cannot parse, or whose kind it does not know, has no
kind here: the unit takes the full path, which refuses it with its reason. Collect (perfdesk.collect.gather) trusts a
record only when the fingerprint it computes from the file's bytes is the one stored; anything
else — no table, a missing or damaged row, another version — means the full check, as before.

Computing a seal never stops a save: any failure leaves that form without a seal.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3

import msgspec

import perfdesk

from ..codec import workbook_header_from_dict
from ..definitions.form_figures import SEAL_VERSION, form_record, profile_of
from ..domain.kinds import KindDef, kind_of
from ..domain.model import Form, Workbook

CREATE = "CREATE TABLE IF NOT EXISTS seals (form_id TEXT PRIMARY KEY, data TEXT NOT NULL)"
_NOT_FIGURES = ("comments", "task")     # header keys no figure of a form depends on
# What the fingerprint covers, beside SEAL_VERSION (the figures' rules, in form_figures): 2 = the
# resolved form kind is part of it. Seals of an earlier scheme never match (collect checks in full).
FINGERPRINT_SCHEME = 2


def kind_key(kind: KindDef) -> bytes:
    """The form kind a definition resolved to, as stable bytes (every field but the file it was
    read from, which no check reads)."""
    return msgspec.json.encode(msgspec.structs.replace(kind, source=""))


_kinds_of: dict[tuple[bytes, bytes], bytes | None] = {}
_kinds_set: list = [None]


def text_kind_key(definition_id: bytes, text: bytes) -> bytes | None:
    """kind_key of the definition text as this PC reads it (the reading a full read makes: the
    file's copy, this PC's kinds); None when it does not parse or names a kind unknown here."""
    from ..definitions.embedded import embedded_source
    from ..definitions.kinds import default_kinds
    from ..definitions.loader import definition_from_text

    kinds = default_kinds()
    if _kinds_set[0] is not kinds:      # another data folder, kinds reloaded: forget
        _kinds_of.clear()
        _kinds_set[0] = kinds
    key = (definition_id, text)     # bytes cache their hash: the same text hashed once per file read
    if key not in _kinds_of:
        if len(_kinds_of) > 256:
            _kinds_of.clear()
        try:
            definition = definition_from_text(text.decode("utf-8"), embedded_source(definition_id.decode("utf-8")),
                                              "workbook")
            _kinds_of[key] = kind_key(kind_of(definition))
        except Exception:     # noqa: BLE001 - the full read says what is wrong with it
            _kinds_of[key] = None
    return _kinds_of[key]


def header_context(header: dict) -> bytes:
    """The part of the workbook header the figures may depend on, as stable bytes."""
    kept = {k: v for k, v in header.items() if k not in _NOT_FIGURES}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _utf8(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


_keys: dict[tuple[str, str, str], bytes] = {}


def profile_key(profile) -> bytes:
    """The scoring profile a form is checked with, as bytes: where it comes from, id, text."""
    if profile is None:
        return b""
    parts = (profile.origin, profile.id, profile.text)
    found = _keys.get(parts)
    if found is None:
        if len(_keys) > 64:
            _keys.clear()
        found = _keys[parts] = json.dumps(list(parts), ensure_ascii=False).encode("utf-8")
    return found


def fingerprint(context: bytes, form: str | bytes, definition: str | bytes, kind: bytes, profile: bytes,
                source: str | None, source_form: str | bytes | None) -> str:
    """sha256 over the stored bytes a form's figures depend on (each part length-prefixed), and
    the kind its definition resolves to (kind_key)."""
    return _Fingerprints(context).of(form, definition, kind, profile, source, source_form)


def _part(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


_digests: dict[bytes, bytes] = {}


class _Fingerprints:
    """fingerprint() for the forms of one file: the common part hashed once, each definition's
    and profile's text once."""

    def __init__(self, context: bytes):
        self.base = hashlib.sha256(_part(f"perfdesk-seal/{SEAL_VERSION}/{FINGERPRINT_SCHEME}/{perfdesk.__version__}".encode())
                                   + _part(context))

    @staticmethod
    def _digest(data: bytes) -> bytes:
        # definitions and profiles are the same few texts in every file of a collect
        found = _digests.get(data)
        if found is None:
            if len(_digests) > 256:
                _digests.clear()
            found = _digests[data] = hashlib.sha256(data).digest()
        return found

    def of(self, form, definition, kind: bytes, profile: bytes, source, source_form) -> str:
        h = self.base.copy()
        h.update(self._digest(_utf8(definition)))
        h.update(_part(kind))
        h.update(self._digest(profile))
        h.update(_part(b"" if source is None else b"+" + source.encode("utf-8")))
        h.update(_part(b"" if source_form is None else b"+" + _utf8(source_form)))
        h.update(_part(_utf8(form)))
        return h.hexdigest()


class _Stored(msgspec.Struct):
    seal: int
    version: str
    fingerprint: str
    record: dict
    source: str | None = None


def write_seals(con: sqlite3.Connection, workbook: Workbook, forms: list[Form], written: bool = True,
                others: list[Form] = ()) -> None:
    """Seal `forms` (just written into `forms` in this transaction; `written=False`: read from
    the file, e.g. when it is migrated) and drop the seals of forms no longer in the file.
    `others`: forms not written now whose seals are stale (the header they depend on changed):
    sealed again from memory where the form in memory is exactly the one stored. Inside a savepoint: whatever goes wrong here is undone and the
    caller's write goes on without seals."""
    try:
        con.execute("SAVEPOINT seals")
    except sqlite3.Error:
        return
    try:
        con.execute(CREATE)
        con.execute("DELETE FROM seals WHERE form_id NOT IN (SELECT id FROM forms)")
        if forms or others:
            _seal_forms(con, workbook, list(forms), written, list(others))
        con.execute("RELEASE seals")
    except Exception:     # noqa: BLE001 - a seal is an optimisation: never a reason to fail a save
        try:
            con.execute("ROLLBACK TO seals")
            con.execute("RELEASE seals")
        except sqlite3.Error:
            pass


def _seal_forms(con: sqlite3.Connection, workbook: Workbook, forms: list[Form], canonical: bool,
                others: list[Form] = ()) -> None:
    from ..codec import canonical_json, form_to_dict

    header_text = con.execute("SELECT data FROM workbook WHERE id = 1").fetchone()[0]
    header = json.loads(header_text)
    context = header_context(header)
    definitions, profiles = {}, {}
    for kind, item_id, text in con.execute("SELECT kind, id, text FROM definitions"):
        (definitions if kind == "form" else profiles if kind == "profile" else {})[item_id] = text
    # the workbook as a reader of the file sees it around these forms: header as stored, the
    # profiles the file carries, each definition the file's own copy
    reader = workbook_header_from_dict(header)
    reader.profile_texts = dict(sorted(profiles.items()))
    by_id = {f.id: f for f in workbook.forms}
    written = {f.id for f in forms} if canonical else set()
    unwritten = {f.id for f in others}
    forms = forms + [f for f in others if f.id not in written]
    wanted = {f.id for f in forms} | {f.origin.source_form for f in forms if f.origin is not None}
    stored = {}
    for form_id in wanted:
        row = con.execute("SELECT data FROM forms WHERE id = ?", (form_id,)).fetchone()
        if row is not None:
            stored[form_id] = row[0]

    def as_read(form: Form) -> Form | None:
        text = definitions.get(form.definition.id)
        if text is None or text != form.definition.text:
            return None         # the file's copy is another text: what a reader gets is not this
        return msgspec.structs.replace(
            form, definition=msgspec.structs.replace(form.definition, origin="workbook"))

    for form in forms:
        data = None
        try:
            if form.id in unwritten and canonical_json(form_to_dict(form)) != stored.get(form.id):
                data = None     # the form in memory is not the one stored
            else:
                data = _seal(form, as_read, by_id, written, stored, definitions, profiles, context, reader,
                             canonical_json, form_to_dict)
        except Exception:     # noqa: BLE001 - this form goes unsealed (collect checks it in full)
            data = None
        if data is None:
            con.execute("DELETE FROM seals WHERE form_id = ?", (form.id,))
        else:
            con.execute("INSERT OR REPLACE INTO seals (form_id, data) VALUES (?, ?)", (form.id, data))


def _seal(form, as_read, by_id, written, stored, definitions, profiles, context, reader,
          canonical_json, form_to_dict) -> str | None:
    text = stored.get(form.id)
    view = as_read(form)
    if text is None or view is None:
        return None
    if form.id not in written and canonical_json(json.loads(text)) != text:
        return None     # a row not in canonical JSON (an older writer): collect composes from it
    source_id = form.origin.source_form if form.origin is not None else None
    source_view = source_text = None
    if source_id is not None:
        source_text = stored.get(source_id)
        source = by_id.get(source_id)
        if (source is None) != (source_text is None):
            return None
        if source is not None:
            if source_id not in written and canonical_json(form_to_dict(source)) != source_text:
                return None     # the form in memory is not the one stored: unknown to the reader
            source_view = as_read(source)
            if source_view is None:
                return None
    reader.forms = [view] + ([source_view] if source_view is not None else [])
    profile = profile_of(view.definition.id, reader.profile_texts)     # = profile_for(view, reader)
    record = form_record(reader, view, source_view, profile)
    seal = {"seal": SEAL_VERSION, "version": perfdesk.__version__,
            "fingerprint": fingerprint(context, text, definitions[form.definition.id],
                                       kind_key(kind_of(view.definition)), profile_key(profile),
                                       source_id, source_text),
            "source": source_id, "record": record}
    return json.dumps(seal, ensure_ascii=False, sort_keys=True)


def verified_records(header: dict, forms: list[tuple[bytes, bytes, bytes]], texts: list[tuple[bytes, bytes, bytes]],
                     seals: dict[bytes, bytes]) -> list[dict] | None:
    """Each form's record, in the forms' order, when every form has a seal whose fingerprint is
    the one computed now from the bytes read (forms: (id, definition id, data) as stored; texts:
    the definitions table's (kind, id, text)); None otherwise."""
    prints = _Fingerprints(header_context(header))
    definitions = {i: t for k, i, t in texts if k == b"form"}
    profile_texts = {i.decode("utf-8"): t.decode("utf-8") for k, i, t in texts if k == b"profile"}
    profiles: dict[bytes, bytes] = {}
    data_of = {form_id: data for form_id, _, data in forms}
    records = []
    for form_id, definition_id, data in forms:
        raw = seals.get(form_id)
        definition = definitions.get(definition_id)
        if raw is None or definition is None:
            return None
        seal = msgspec.json.decode(raw, type=_Stored)
        if seal.seal != SEAL_VERSION or seal.version != perfdesk.__version__:
            return None
        source = seal.source
        source_form = data_of.get(source.encode("utf-8")) if source is not None else None
        kind = text_kind_key(definition_id, definition)
        if kind is None:
            return None     # not readable here: the full path refuses it, naming why
        if definition_id not in profiles:
            profiles[definition_id] = profile_key(profile_of(definition_id.decode("utf-8"), profile_texts))
        if prints.of(data, definition, kind, profiles[definition_id], source, source_form) != seal.fingerprint:
            return None
        record = seal.record
        if (record.get("id") != form_id.decode("utf-8")
                or record.get("definition") != definition_id.decode("utf-8")):
            return None
        records.append(record)
    return records
