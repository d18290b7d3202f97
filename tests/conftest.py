import os
import tempfile

# Before any QApplication exists: without a display the qapp fixture would abort the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Parsed form definitions are cached in the user's cache folder (perfdesk.definitions.toml_cache):
# the tests, and the programs they start, keep theirs apart.
os.environ.setdefault("PERFDESK_CACHE_DIR", tempfile.mkdtemp(prefix="perfdesk-test-cache-"))

# The user's own forms, profiles and library (perfdesk.definitions.locations) live in the user's
# data folder: the tests, and the programs they start, use an empty one of their own.
os.environ.setdefault("PERFDESK_DATA_DIR", tempfile.mkdtemp(prefix="perfdesk-test-data-"))

import pytest  # noqa: E402


@pytest.fixture
def user_data_dir(tmp_path, monkeypatch):
    """A fresh user data folder for a test that adds user forms, profiles or library files; the
    loaded definitions are forgotten before and after, so nothing leaks into other tests."""
    from perfdesk.definitions.locations import reset_defaults

    folder = tmp_path / "user-data"
    monkeypatch.setenv("PERFDESK_DATA_DIR", str(folder))
    reset_defaults()
    yield folder
    reset_defaults()


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(ok, what, reason): the test needs a tool of the machine; "
                                       "skips without it, fails under PERFDESK_CI_STRICT=1 (tests/needs.py)")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs"):
        if not mark.kwargs["ok"]:
            from tests.needs import missing
            missing(mark.kwargs["what"], mark.kwargs["reason"])
