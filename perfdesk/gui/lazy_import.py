"""Modules the window needs only once the user acts, loaded on first use.

`edits = lazy_module("perfdesk.domain.edits")` binds a module object whose code runs when one of
its attributes is first read (the standard library's importlib.util.LazyLoader): the edit
module (its types and the rules that check and apply edits) is not needed for the window's first
frame; the main window loads it in the first idle moment after (load_now), or the first typed
value does, whichever comes first.
"""
from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module `name`; if it is not imported yet, one that imports itself when first used."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    loader.exec_module(module)
    return module


def load_now(module: ModuleType) -> None:
    """Run a lazily imported module's code now, if it has not run yet."""
    module.__dict__         # reading any attribute runs it
