"""The definitions and scoring profiles a workbook carries, and how they compare with the
installed ones (forms/ and the user's folder).

A workbook file keeps the exact TOML text of every definition its forms use, and of the scoring
profile of every scored (self-evaluation) form, so that it opens, checks, prints and exports on a
PC that has none of those files. Loaded, those copies have origin "workbook" and are used for the
workbook's forms; a form added later uses the installed definition and profile.
"""
from __future__ import annotations

from typing import Callable

import msgspec

from ..domain.definition import FormDefinition
from ..domain.model import Form, Workbook
from ..domain.scoring.columns import is_scored
from ..domain.scoring.profile import ProfileSet, ScoringProfile
from .loader import DefinitionError, Registry, default_registry, definition_from_text

SAME, DIFFERS, NOT_INSTALLED = "same", "differs", "not installed"
STATUS_TEXT = {SAME: "与本机相同", DIFFERS: "与本机不同", NOT_INSTALLED: "本机没有"}


class DefinitionStatus(msgspec.Struct, frozen=True):
    kind: str                     # "form" | "profile"
    id: str
    status: str                   # SAME | DIFFERS | NOT_INSTALLED
    installed_origin: str = ""    # "builtin" | "user" when installed
    forms: tuple[str, ...] = ()   # the workbook's forms that use it

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "status": self.status,
                "installed_origin": self.installed_origin, "forms": list(self.forms)}


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")


# ------------------------------------------------------------------------------ definitions

def embedded_source(definition_id: str) -> str:
    return f"工作簿内的表样 {definition_id}.toml"


def registry_from_texts(texts: dict[str, str], fallback: Registry | None = None) -> Registry:
    """The workbook's own definitions (origin "workbook") over the installed ones. A copy whose
    text is the installed file's is not parsed again. A broken copy is refused (DefinitionError),
    naming the definition and line."""
    fallback = fallback if fallback is not None else default_registry()
    own = {}
    for definition_id, text in texts.items():
        installed = _installed(fallback, definition_id)
        if installed is not None and installed.text and _same_text(installed.text, text):
            own[definition_id] = msgspec.structs.replace(installed, origin="workbook", text=text)
            continue
        definition = definition_from_text(text, embedded_source(definition_id), "workbook")
        if definition.id != definition_id:
            raise DefinitionError(embedded_source(definition_id), "id",
                                  f"标识 “{definition.id}” 应为 “{definition_id}”").at_line(text)
        own[definition_id] = definition
    return Registry(definitions=own, fallback=fallback)


def _installed(registry: Registry, definition_id: str) -> FormDefinition | None:
    try:
        return registry[definition_id] if definition_id in registry else None
    except DefinitionError:
        return None


def used_definitions(workbook: Workbook) -> dict[str, FormDefinition]:
    """The definitions the workbook's forms use, by id. Should two forms use different versions
    of one id (some migrated, some not), the installed one wins: a file holds one per id."""
    out: dict[str, FormDefinition] = {}
    for form in workbook.forms:
        d = form.definition
        if d.id not in out or (out[d.id].origin == "workbook" and d.origin != "workbook"):
            out[d.id] = d
    return out


# ------------------------------------------------------------------------------ profiles

_parsed: dict[str, ScoringProfile] = {}      # TOML text → the profile parsed from it


def _profile_from_text(profile_id: str, text: str) -> ScoringProfile | None:
    from .profiles import ProfileError, profile_from_text

    found = _parsed.get(text)
    if found is None:
        installed = installed_profiles()          # the same text as installed: not parsed again
        same = next((p for p in (installed.profiles if installed else ())
                     if p.id == profile_id and p.text and _same_text(p.text, text)), None)
        if same is not None:
            found = msgspec.structs.replace(same, origin="workbook", text=text)
    if found is None:
        try:
            found = profile_from_text(text, f"工作簿内的评分方案 {profile_id}.toml", "workbook")
        except ProfileError:
            return None               # a damaged copy: the installed profile is used instead
    if text not in _parsed:
        if len(_parsed) > 64:
            _parsed.clear()
        _parsed[text] = found
    return found


def embedded_profiles(workbook: Workbook) -> ProfileSet:
    profiles = [_profile_from_text(pid, text) for pid, text in sorted(workbook.profile_texts.items())]
    return ProfileSet(tuple(p for p in profiles if p is not None))


def installed_profiles() -> ProfileSet | None:
    from .profiles import ProfileError, default_profiles

    try:
        return default_profiles()
    except (ProfileError, OSError):
        return None


def profile_for(form: Form, workbook: Workbook | None = None,
                profiles: ProfileSet | None = None) -> ScoringProfile | None:
    """The scoring profile of a form: for a form whose definition is the workbook's own copy,
    the profile the workbook carries for it (the one that claims its definition, else the
    workbook's default one); otherwise, or when it carries none, the installed profile."""
    if workbook is not None and workbook.profile_texts and form.definition.origin == "workbook":
        own = embedded_profiles(workbook).for_definition(form.definition.id)
        if own is not None:
            return own
    installed = profiles if profiles is not None else installed_profiles()
    return installed.for_definition(form.definition.id) if installed is not None else None


def profile_chooser(workbook: Workbook | None, profile_id: str | None = None,
                    profiles: ProfileSet | None = None) -> Callable[[Form], ScoringProfile | None]:
    """For checks: the profile asked for (by id, among the installed ones), else profile_for."""
    if profile_id:
        chosen = (profiles if profiles is not None else installed_profiles()).get(profile_id)
        return lambda form: chosen
    return lambda form: profile_for(form, workbook, profiles)


def used_profiles(workbook: Workbook) -> dict[str, ScoringProfile]:
    """The profiles of the workbook's scored forms, by id."""
    out: dict[str, ScoringProfile] = {}
    installed = None
    for form in workbook.forms:
        if not is_scored(form.definition):
            continue
        if installed is None:
            installed = installed_profiles() or ProfileSet()
        profile = profile_for(form, workbook, installed)
        if profile is not None:
            out.setdefault(profile.id, profile)
    return out


def embedded_texts(workbook: Workbook) -> dict[str, dict[str, str]]:
    """What a file keeps: {"forms": {id: text}, "profiles": {id: text}} (texts that are known)."""
    forms = {i: d.text for i, d in used_definitions(workbook).items() if d.text}
    profiles = {i: p.text for i, p in used_profiles(workbook).items() if p.text}
    return {"forms": dict(sorted(forms.items())), "profiles": dict(sorted(profiles.items()))}


# ------------------------------------------------------------------------------ differences

def compare_installed(workbook: Workbook, registry: Registry | None = None,
                      profiles: ProfileSet | None = None) -> list[DefinitionStatus]:
    """Per definition (and profile) the workbook carries: is the installed one the same text,
    different, or not installed at all?"""
    registry = registry if registry is not None else default_registry()
    out = []
    users: dict[str, list[str]] = {}
    for form in workbook.forms:
        users.setdefault(form.definition.id, []).append(form.id)
    for definition_id, d in used_definitions(workbook).items():
        installed = _installed(registry, definition_id)
        if d.origin != "workbook":
            status, origin = SAME, d.origin
        elif installed is None:
            status, origin = NOT_INSTALLED, ""
        else:
            status = SAME if _same_text(installed.text, d.text) else DIFFERS
            origin = installed.origin
        out.append(DefinitionStatus("form", definition_id, status, origin, tuple(users[definition_id])))
    installed_set = profiles if profiles is not None else (installed_profiles() or ProfileSet())
    for profile_id, text in sorted(workbook.profile_texts.items()):
        try:
            installed = installed_set.get(profile_id)
        except KeyError:
            installed = None
        if installed is None:
            status, origin = NOT_INSTALLED, ""
        else:
            status = SAME if _same_text(installed.text, text) else DIFFERS
            origin = installed.origin
        out.append(DefinitionStatus("profile", profile_id, status, origin))
    return out
