"""lazy_module: a module's code runs when one of its attributes is first read, or at load_now."""
import sys

from perfdesk.startup import lazy_module, load_now


def _module(tmp_path, monkeypatch, name):
    (tmp_path / f"{name}.py").write_text(
        "import sys\nsys.modules['builtins'].__dict__.setdefault('_ran', []).append(__name__)\n"
        "VALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    import builtins
    monkeypatch.setattr(builtins, "_ran", [], raising=False)
    return builtins


def test_the_code_runs_at_the_first_attribute_read(tmp_path, monkeypatch):
    builtins = _module(tmp_path, monkeypatch, "perfdesk_lazy_probe_a")
    module = lazy_module("perfdesk_lazy_probe_a")
    assert builtins._ran == []
    assert module.VALUE == 42 and builtins._ran == ["perfdesk_lazy_probe_a"]
    assert lazy_module("perfdesk_lazy_probe_a") is module and builtins._ran == ["perfdesk_lazy_probe_a"]


def test_load_now_runs_it_once(tmp_path, monkeypatch):
    builtins = _module(tmp_path, monkeypatch, "perfdesk_lazy_probe_b")
    module = lazy_module("perfdesk_lazy_probe_b")
    load_now(module)
    load_now(module)
    assert builtins._ran == ["perfdesk_lazy_probe_b"] and module.VALUE == 42
