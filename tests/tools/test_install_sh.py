"""install.sh itself, offline and in seconds: a kit with a stand-in perfdesk wheel (a tiny program
with the real desktop entry, MIME type and icons) and a pip made from this Python's own, installed
into a temporary HOME — fresh, again with a rebuilt wheel of the same version, then uninstalled.
tools/check_offline_install.sh does the same with the real kit (it needs the network to build it,
and root for a network namespace)."""
import base64
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from perfdesk import resources
from tests.needs import DESKTOP_UTILS, have, missing

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("build_kit", ROOT / "tools" / "build_kit.py")
build_kit = sys.modules.get("build_kit") or importlib.util.module_from_spec(spec)
if "build_kit" not in sys.modules:
    sys.modules["build_kit"] = build_kit
    spec.loader.exec_module(build_kit)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("sh"),
                                reason="install.sh is for Linux")
TAG = f"cp{sys.version_info[0]}{sys.version_info[1]}"

STAND_IN = {
    "perfdesk/__init__.py": '__version__ = "0.1.0"\nBUILD = "{build}"\n',
    "perfdesk/resources.py": ("from pathlib import Path\n"
                              "def resources_dir():\n    return Path(__file__).parent / 'resources'\n"),
    "perfdesk/selftest.py": "import sys\nsys.exit(0)\n",
    "perfdesk/cli.py": ("import sys\nfrom . import BUILD\n"
                        "def main():\n    print('perfdesk stand-in', BUILD, *sys.argv[1:])\n    return 0\n"),
}


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def stand_in_wheel(folder: Path, build: str) -> Path:
    """perfdesk-0.1.0-py3-none-any.whl: the console scripts, resources_dir() and the real resources/
    files install.sh copies (desktop entry, MIME XML, icons)."""
    files = {name: text.replace("{build}", build).encode() for name, text in STAND_IN.items()}
    top = resources.resources_dir()
    for rel in ["linux/perfdesk.desktop", "linux/perfdesk-mime.xml", "icons/perfdesk.svg",
                *(f"icons/perfdesk-{s}.png" for s in resources.ICON_SIZES)]:
        files[f"perfdesk/resources/{rel}"] = (top / rel).read_bytes()
    info = "perfdesk-0.1.0.dist-info"
    files[f"{info}/METADATA"] = b"Metadata-Version: 2.1\nName: perfdesk\nVersion: 0.1.0\n"
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = (b"[console_scripts]\nperfdesk = perfdesk.cli:main\n\n"
                                         b"[gui_scripts]\nperfdesk-gui = perfdesk.cli:main\n")
    record = [record_line(name, data) for name, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = folder / "perfdesk-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def this_pip_as_wheel(folder: Path) -> str:
    """pip, zipped from this Python's own copy: `python pip.whl/pip` runs it, as the kit's does."""
    import pip

    source = Path(pip.__file__).parent
    name = f"pip-{pip.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(folder / name, "w") as z:
        for path in source.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                z.write(path, Path("pip") / path.relative_to(source))
    return name


def make_kit(kit: Path, build: str, pip_wheel: str | None = None) -> str:
    any_dir = kit / "wheels" / "any"
    any_dir.mkdir(parents=True, exist_ok=True)
    pip_wheel = pip_wheel or this_pip_as_wheel(any_dir)
    wheel = stand_in_wheel(any_dir, build)
    plat = build_kit.native_platform()
    plat_dir = kit / "wheels" / plat
    plat_dir.mkdir(parents=True, exist_ok=True)
    (plat_dir / f"requirements-{TAG}.txt").write_text(build_kit.lock_text([wheel], TAG, plat), encoding="utf-8")
    build_kit.write_scripts(kit, [build_kit.Target(plat, "2.17", [TAG])], pip_wheel, None)
    return pip_wheel


def user_env(home: Path) -> dict[str, str]:
    """An officer's session: no PYTHONPATH (which would find the checkout's perfdesk), no XDG overrides."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "PIP_", "PERFDESK_DATA", "PERFDESK_CACHE")) and k != "PYTHONPATH"}
    env.update(HOME=str(home), PERFDESK_PYTHON=sys.executable)
    return env


def run_program(home: Path) -> str:
    return subprocess.run([str(home / ".local" / "bin" / "perfdesk")], env=user_env(home), capture_output=True,
                          text=True, timeout=60).stdout


def run_install(kit: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(["sh", str(kit / "install.sh"), *args], env=user_env(home), cwd=home,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def test_install_again_and_uninstall_offline(tmp_path):
    kit, home = tmp_path / "kit", tmp_path / "home"
    home.mkdir()
    pip_wheel = make_kit(kit, "build 1")
    done = run_install(kit, home)
    assert "perfdesk 已安装" in done.stdout
    share = home / ".local" / "share"
    venv = share / "perfdesk-program" / "venv"
    command = home / ".local" / "bin" / "perfdesk"
    assert command.is_symlink() and (home / ".local" / "bin" / "perfdesk-gui").is_symlink()
    assert "stand-in build 1" in run_program(home)
    desktop = share / "applications" / "perfdesk.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert f'Exec="{venv}/bin/perfdesk-gui"' in text and "MimeType=application/x-perfdesk;" in text
    assert (share / "mime" / "packages" / "perfdesk.xml").is_file()
    for size in resources.ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "perfdesk.png").is_file()
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes" / "application-x-perfdesk.png").is_file()
    if have("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    elif have("update-desktop-database"):   # a desktop machine should be able to check it
        missing(DESKTOP_UTILS, "desktop-file-validate not installed")
    if have("xdg-mime"):
        query = subprocess.run(["xdg-mime", "query", "default", "application/x-perfdesk"], env=user_env(home),
                               capture_output=True, text=True)
        assert query.stdout.strip() == "perfdesk.desktop"
    if have("update-mime-database"):
        globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-perfdesk:*.perfdesk" in globs

    # the user's settings, forms and recent files, which no install or uninstall may touch
    kept = [home / ".config" / "perfdesk" / "perfdesk.conf", share / "perfdesk" / "forms" / "mine.toml"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("用户的", encoding="utf-8")

    # a kit rebuilt with the version number unchanged: running install.sh again puts it in place
    make_kit(kit, "build 2", pip_wheel)
    run_install(kit, home)
    assert "stand-in build 2" in run_program(home)
    assert all(path.read_text(encoding="utf-8") == "用户的" for path in kept)

    done = run_install(kit, home, "uninstall")
    assert "已卸载" in done.stdout
    assert not venv.exists() and not command.exists() and not command.is_symlink() and not desktop.exists()
    assert not (share / "mime" / "packages" / "perfdesk.xml").exists()
    assert not list((share / "icons").rglob("perfdesk*")) and not list((share / "icons").rglob("application-x-perfdesk*"))
    assert all(path.read_text(encoding="utf-8") == "用户的" for path in kept)
