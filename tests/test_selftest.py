"""perfdesk --selftest (the bundle) / python -m perfdesk.selftest (any install), and its check of the
system libraries the window needs (install.sh runs `python -m perfdesk.selftest libs`)."""
import os
import shutil
import subprocess
import sys

import pytest

from perfdesk import selftest

# `ldd libqxcb.so` on a Debian 12 machine without libxcb-cursor0 (where Qt 6.5+ opens no window),
# shortened; PySide's own libraries resolve through the rpath in a working install
LDD_WITHOUT_CURSOR = """\
\tlinux-vdso.so.1 (0x00007ffd2b1f6000)
\tlibQt6XcbQpa.so.6 => /venv/lib/python3.11/site-packages/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibQt6Gui.so.6 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0c8e2d1000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0c8e0f0000)
"""


def test_missing_libraries_are_read_from_ldd_and_named_with_their_package():
    assert selftest.not_found(LDD_WITHOUT_CURSOR) == {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    advice = selftest.library_advice(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libfoo.so.9"])
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libfoo.so.9" in advice
    assert "命令行" in advice and "libxcb-cursor.so.0" in advice


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="Linux with ldd")
def test_what_the_check_reports_is_really_absent_here():
    import PySide6

    plugin = os.path.join(os.path.dirname(PySide6.__file__), "Qt", "plugins", "platforms", "libqxcb.so")
    assert os.path.isfile(plugin)      # what it looks at is there (else it would find nothing to miss)
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for name in selftest.missing_system_libraries():
        assert f"{name} " not in known, name
    done = subprocess.run([sys.executable, "-m", "perfdesk.selftest", "libs"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == (1 if selftest.missing_system_libraries() else 0)
    assert ("sudo apt install" in done.stdout) == (done.returncode == 1)


def test_the_selftest_passes_offline_and_offscreen(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"))
    done = subprocess.run([sys.executable, "-m", "perfdesk.selftest"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "自检通过" in lines and not [line for line in lines if line.startswith("失败")]
    for step in ("打印 PDF", "导出 Excel", "主窗口", "程序图标", "Qt 中文翻译", "窗口所需的系统库"):
        assert any(step in line for line in lines), step
