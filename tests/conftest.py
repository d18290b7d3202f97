import os
import subprocess
import tempfile

# No network, for the suite and every Python program it starts (tests/nonet/sitecustomize.py):
# installed before anything of perfdesk's is imported. Attempts are logged to a file as well as
# refused, so that one the code under test catches and swallows still fails its test (below).
from tests.nonet import sitecustomize as nonet  # noqa: E402

if not os.environ.get(nonet.ENV):
    _fd, _log = tempfile.mkstemp(prefix="perfdesk-test-network-attempts-")
    os.close(_fd)
    os.environ[nonet.ENV] = _log
nonet.install()
_popen_init = subprocess.Popen.__init__


def _popen_under_the_ban(self, args, *rest, env=None, **kwargs):
    # a child given its own environment (often its own PYTHONPATH) is put under the ban as well;
    # one inheriting os.environ has it already
    _popen_init(self, args, *rest, env=None if env is None else nonet.child_env(env), **kwargs)


subprocess.Popen.__init__ = _popen_under_the_ban
os.environ["PYTHONPATH"] = os.pathsep.join(
    [nonet.HERE, *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != nonet.HERE)])

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


@pytest.fixture(autouse=True)
def no_network_attempt(request):
    """Fails a test during which any code — this process or a child — tried to use the network,
    even if the attempt was caught. A test marked `tries_network` makes one on purpose."""
    log = os.environ[nonet.ENV]
    start = os.path.getsize(log)
    yield
    with open(log, encoding="utf-8") as f:
        f.seek(start)
        attempts = f.read()
    if attempts and not request.node.get_closest_marker("tries_network"):
        pytest.fail("the network was used (tests/nonet/sitecustomize.py):\n" + attempts, pytrace=False)


def pytest_configure(config):
    config.addinivalue_line("markers", "tries_network: the test attempts a connection on purpose, to show "
                                       "that the ban refuses it (tests/test_no_network.py)")
    config.addinivalue_line("markers", "needs(ok, what, reason): the test needs a tool of the machine; "
                                       "skips without it, fails under PERFDESK_CI_STRICT=1 (tests/needs.py)")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs"):
        if not mark.kwargs["ok"]:
            from tests.needs import missing
            missing(mark.kwargs["what"], mark.kwargs["reason"])
