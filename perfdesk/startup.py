"""The start-up measures, in one place (docs/startup.md says what each is worth):

- **The collector waits** (`collector_off`, `resume_collection`; perfdesk.launch): garbage
  collection is off from the start until the first frame. Start-up creates a great many objects
  (modules, classes, Qt's enums, the workbook) and frees almost none, so the sixty-odd
  collections it would trigger (about 13 ms) find next to nothing. After the first frame one
  collection runs, what is left (it lives as long as the program) is frozen out of later
  collections (gc.freeze), and collection resumes.
- **PySide's feature switch** (`spare_pyside_source_reads`; perfdesk.gui's __init__): PySide
  reads the whole source of each module the first time an import statement names it after
  PySide has loaded, to see whether it switches `__feature__`s (PYSIDE-2029): 10–15 ms for the
  sixty-odd modules the window's modules import. We tell it the answer instead.
- **Lazy modules** (`LAZY`, `lazy_module`, `load_now`): a module the window needs only once the
  user acts has ONE handle here, `from perfdesk.startup import edits`, whose code runs when one of
  its attributes is first read (importlib's LazyLoader). The main window loads it in the first
  idle moment after the first frame (load_now), or the first typed value does.

Nothing here imports Qt or another module of ours when it is imported, so that launch can import
it before the collector is switched off and before the first module of the GUI loads.
"""
from __future__ import annotations

import gc
import importlib.util
import sys
from types import ModuleType

# The lazily loaded modules: handle name → module. One handle per module, read as an attribute
# of this module (`from perfdesk.startup import edits`); the handle is made on first read.
LAZY = {
    "edits": "perfdesk.domain.edits",   # the edit types and the rules that check and apply edits
}


def __getattr__(name: str) -> ModuleType:
    if name in LAZY:
        module = lazy_module(LAZY[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def collector_off() -> None:
    """From the start until the first frame (see the module's docstring)."""
    gc.disable()


def collector_on() -> None:
    """Collection on again without the rest (the start failed)."""
    gc.enable()


def resume_collection() -> None:
    """After the first frame: one collection, what is left frozen, collection on again."""
    gc.collect()
    gc.freeze()
    gc.enable()


def spare_pyside_source_reads(package: str, path) -> None:
    """Tell PySide that no module of ours switches `__feature__`s: the modules loaded so far
    ("-1": leave alone) and every module of `package` (found on `path`; "0": PySide's defaults).
    Uses a table PySide keeps to itself, so where it is not as expected nothing is done and
    PySide reads the sources as before."""
    import pkgutil

    import PySide6  # noqa: F401  (loads PySide's import hook and its table)

    table = getattr(sys.modules.get("PySide6.support.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in list(sys.modules):
        table.setdefault(name, -1)
    for module in pkgutil.iter_modules(path, package + "."):
        table.setdefault(module.name, 0)
