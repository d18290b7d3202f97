"""The program never opens a network connection (issue 18): the whole suite runs under a ban
(tests/nonet/sitecustomize.py, installed by tests/conftest.py). These tests show that the ban is
on — here and in the programs a test starts — and drive the officer's main paths under it."""
import json
import os
import socket
import subprocess
import sys
import textwrap
import urllib.request

import pytest

from tests.nonet import sitecustomize as nonet


def attempts_since(start: int) -> str:
    with open(os.environ[nonet.ENV], encoding="utf-8") as f:
        f.seek(start)
        return f.read()


@pytest.mark.tries_network
def test_the_ban_refuses_every_way_out_and_logs_it():
    start = os.path.getsize(os.environ[nonet.ENV])
    assert nonet.installed()
    for family, address in ((socket.AF_INET, ("127.0.0.1", 9)), (socket.AF_INET6, ("::1", 9, 0, 0))):
        with socket.socket(family, socket.SOCK_STREAM) as s:
            with pytest.raises(nonet.NetworkForbidden, match="socket.connect"):
                s.connect(address)
            with pytest.raises(nonet.NetworkForbidden, match="socket.connect_ex"):
                s.connect_ex(address)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        with pytest.raises(nonet.NetworkForbidden, match="socket.sendto"):
            s.sendto(b"x", ("192.0.2.1", 53))
    with pytest.raises(nonet.NetworkForbidden, match="getaddrinfo"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(nonet.NetworkForbidden, match="gethostbyname"):
        socket.gethostbyname("example.org")
    with pytest.raises(nonet.NetworkForbidden, match="create_connection"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(nonet.NetworkForbidden):           # what a library would do
        urllib.request.urlopen("http://192.0.2.1/", timeout=1)
    log = attempts_since(start)
    assert "socket.connect(('127.0.0.1', 9))" in log and "getaddrinfo('example.org')" in log
    assert not isinstance(nonet.NetworkForbidden("x"), OSError)     # no `except OSError` absorbs it


def test_local_sockets_stay_allowed(tmp_path):
    """Qt and D-Bus talk over AF_UNIX sockets on the machine itself; the lock records the host name."""
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"ping")
        assert b.recv(4) == b"ping"
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(str(tmp_path / "s"))
        server.listen(1)
        client.connect(str(tmp_path / "s"))
    assert socket.gethostname()


PROBE = """
import socket, sys
try:
    socket.create_connection(("192.0.2.1", 80), timeout=1)
    print("connected")
except Exception as e:      # swallowed, as careless code would: the log still has it
    print(type(e).__name__)
"""


@pytest.mark.tries_network
def test_a_child_process_is_under_the_ban_even_with_its_own_pythonpath(tmp_path):
    start = os.path.getsize(os.environ[nonet.ENV])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path)             # as tests that run a copied program set it
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "NetworkForbidden", done.stderr
    assert "create_connection(('192.0.2.1', 80))" in attempts_since(start)


# The officer's paths, in a fresh process so that its modules and sockets are its own: open a sample,
# check, print a PDF, export and import Excel, and start the window offscreen.
MAIN_PATHS = """
import json, os, socket, sys
from pathlib import Path
from perfdesk.cli.main import main
folder = Path(sys.argv[1])
book, pdf, xlsx, back = (str(folder / n) for n in ("s.perfdesk", "s.pdf", "s.xlsx", "back.perfdesk"))
codes = {"demo": main(["demo", "shenzhen-guangming-2024", "-o", book, "--force"]),
         "check": main(["check", book]),
         "print": main(["print", book, "-o", pdf]),
         "export": main(["export", book, "-o", xlsx, "--force"]),
         "import": main(["import", xlsx, "-o", back])}
from perfdesk.gui.app import make_app, open_window
app = make_app()
window = open_window(back)
window.show()
for _ in range(30):
    app.processEvents()
title = window.windowTitle()
window.close()
app.processEvents()

def inet_inodes():
    inodes = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        try:
            lines = Path("/proc/net", table).read_text().splitlines()[1:]
        except OSError:
            continue
        inodes |= {line.split()[9] for line in lines}
    return inodes

held = {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
        if os.path.islink(f"/proc/self/fd/{fd}")}
ours = {h[len("socket:["):-1] for h in held if h.startswith("socket:[")}
print(json.dumps({"codes": codes, "title": title, "ban": getattr(socket, "_perfdesk_no_network", False),
                  "sizes": [os.path.getsize(p) for p in (book, pdf, xlsx, back)],
                  "qt_network": sorted(m for m in sys.modules if m.startswith("PySide6.QtNetwork")),
                  "inet_sockets": len(ours & inet_inodes()), "unix_sockets": len(ours - inet_inodes())}))
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc to list the process's sockets")
def test_the_main_paths_run_under_the_ban_and_hold_no_network_socket(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PERFDESK_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(MAIN_PATHS), str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    codes = result["codes"]
    assert codes["demo"] == codes["print"] == codes["export"] == codes["import"] == 0, codes
    assert codes["check"] in (0, 1, 2), codes      # clean, warnings, errors: the sample's findings
    assert result["ban"] is True and all(size > 0 for size in result["sizes"])
    assert "back.perfdesk" in result["title"]
    # Qt's own network stack (C++, beyond the Python ban) is never even loaded, and the process
    # holds no TCP/UDP/raw socket at the end
    assert result["qt_network"] == [] and result["inet_sockets"] == 0
