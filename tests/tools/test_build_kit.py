"""The offline install kit (tools/build_kit.py, issue 18).

The always-on tests check what the kit's builder writes without downloading anything: install.sh,
install.bat, the lock format, 安装说明.txt. The Windows kit itself needs the network to build:
with PERFDESK_KIT_TESTS=1 it is built into a temporary folder and its contents checked."""
import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("build_kit", ROOT / "tools" / "build_kit.py")
build_kit = importlib.util.module_from_spec(spec)
sys.modules["build_kit"] = build_kit
spec.loader.exec_module(build_kit)


def fake_wheel(folder: Path, filename: str) -> Path:
    path = folder / filename
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("x.txt", filename)
    return path


def test_platform_tags_follow_glibc():
    tags = build_kit.pip_platform_tags("manylinux_x86_64", "2.28")
    assert tags[0] == "manylinux_2_28_x86_64" and "manylinux_2_34_x86_64" not in tags
    assert "manylinux2014_x86_64" in tags and "manylinux_2_17_x86_64" in tags
    arm = build_kit.pip_platform_tags("manylinux_aarch64", "2.39")
    assert arm[0] == "manylinux_2_39_aarch64" and "manylinux1_aarch64" not in arm
    assert build_kit.pip_platform_tags("win_amd64", None) == ["win_amd64"]
    assert build_kit.wheel_glibc("PySide6_Essentials-6.9.3-cp39-abi3-manylinux_2_28_x86_64.whl") == (2, 28)
    assert build_kit.wheel_glibc("x-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl") == (2, 17)
    assert build_kit.wheel_glibc("x-1-cp311-cp311-win_amd64.whl") is None


def test_arm64_below_glibc_239_is_refused_plainly(tmp_path):
    target = build_kit.Target("manylinux_aarch64", "2.28")
    build_kit.download_target(tmp_path, target, tmp_path / "perfdesk.whl", ["3.11"])   # no download
    assert target.unserved and "2.39" in target.unserved and not target.pythons
    text = build_kit.render_instructions([target], None)
    assert "不支持" in text and "2.39" in text


def test_lock_pins_every_wheel_with_its_hashes(tmp_path):
    wheels = [fake_wheel(tmp_path, n) for n in (
        "PySide6_Essentials-6.11.3-cp39-abi3-win_amd64.whl", "msgspec-0.23.0-cp311-cp311-win_amd64.whl",
        "perfdesk-0.1.0-py3-none-any.whl")]
    text = build_kit.lock_text(wheels, "cp311", "win_amd64")
    parsed = build_kit.parse_lock(text)
    assert parsed["pyside6-essentials"][0] == "6.11.3" and parsed["perfdesk"][0] == "0.1.0"
    assert parsed["msgspec"][1] == [build_kit.sha256(wheels[1])]
    for line in text.splitlines():    # pip's requirements format: name==version \ then --hash lines
        assert line.startswith("#") or re.fullmatch(r"[a-z0-9-]+==[^ ]+ \\|    --hash=sha256:[0-9a-f]{64}( \\)?", line)
    with pytest.raises(build_kit.KitError):
        build_kit.lock_text(wheels + [fake_wheel(tmp_path, "msgspec-0.22.0-cp311-cp311-win_amd64.whl")],
                            "cp311", "win_amd64")


def make_scripts(tmp_path):
    targets = [build_kit.Target("win_amd64", None, ["cp311", "cp312"], {"cp311": "6.11.3", "cp312": "6.12.0"}),
               build_kit.Target("manylinux_x86_64", "2.28", ["cp311"], {"cp311": "6.9.3"}),
               build_kit.Target("manylinux_aarch64", "2.28", unserved="没有 glibc 2.28 可用的 PySide6")]
    (tmp_path / "wheels" / "any").mkdir(parents=True)
    build_kit.write_scripts(tmp_path, targets, "pip-26.3-py3-none-any.whl", "python-3.12.10-amd64.exe")
    return targets


def test_scripts_are_written_with_the_kit_facts(tmp_path):
    make_scripts(tmp_path)
    sh = (tmp_path / "install.sh").read_text(encoding="utf-8")
    assert 'PLATFORMS="manylinux_x86_64=2.28"' in sh and 'PYTHONS="cp311"' in sh
    assert "pip-26.3-py3-none-any.whl" in sh and "@" not in re.sub(r"\$@|\S+@\S+", "", sh)
    for needed in ("--no-index", "--require-hashes", "--isolated", "xdg-mime default perfdesk.desktop",
                   "update-mime-database", "uninstall"):
        assert needed in sh
    assert os.access(tmp_path / "install.sh", os.X_OK)
    raw = (tmp_path / "install.bat").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    bat = raw.decode("utf-8")
    assert 'set "PYTHONS=cp312 cp311"' in bat and "--no-index" in bat and "--require-hashes" in bat
    assert "@PIP_WHEEL@" not in bat and "@PYTHONS@" not in bat
    assert (tmp_path / "windows" / "perfdesk-shortcuts.ps1").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "windows" / "perfdesk.ico").is_file()
    text = (tmp_path / "安装说明.txt").read_text(encoding="utf-8-sig")
    for fact in ("glibc 2.34", "2.39", "6.9.3", "统信 UOS 20", "python-3.12.10-amd64.exe", "sha256sum -c",
                 "Python 3.11", "不支持", "libxcb-cursor0", "perfdesk.selftest libs"):
        assert fact in text, fact
    tried = text.split("五、在哪些电脑上试过")[1]
    assert "没有试过：Windows" in tried and "install.bat" in tried and "统信 UOS" in tried


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell")
def test_install_sh_parses_and_refuses_what_it_cannot_serve(tmp_path):
    make_scripts(tmp_path)
    assert subprocess.run(["sh", "-n", str(tmp_path / "install.sh")]).returncode == 0
    bad = subprocess.run(["sh", str(tmp_path / "install.sh"), "frobnicate"], capture_output=True, text=True)
    assert bad.returncode == 1 and "用法" in bad.stderr


def check_windows_kit(kit: Path, pythons: list[str]) -> None:
    """Every wheel is for win_amd64 (or pure Python) and the right Python tag; install.bat refers
    to files that exist; every lock names wheels that are there, with matching hashes."""
    plat = kit / "wheels" / "win_amd64"
    wheels = {p.name: p for p in list(plat.glob("*.whl")) + list((kit / "wheels" / "any").glob("*.whl"))}
    assert any(n.lower().startswith("pyside6_essentials") for n in wheels)
    for name in wheels:
        info = build_kit.parse_wheel(name)
        assert info["plat"] in ("win_amd64", "any"), name
        assert info["py"] in ("py3", "py2.py3", "cp39", "cp310", *pythons) or info["abi"] == "abi3", name
        assert info["abi"] in ("none", "abi3", *pythons), name
    for tag in pythons:
        lock = build_kit.parse_lock((plat / f"requirements-{tag}.txt").read_text(encoding="utf-8"))
        hashes = {build_kit.sha256(p): p.name for p in wheels.values()}
        for name, (version, digests) in lock.items():
            assert digests and all(d in hashes for d in digests), name
            for d in digests:
                info = build_kit.parse_wheel(hashes[d])
                assert build_kit.canonical(info["name"]) == name and info["version"] == version
                assert info["py"] in ("py3", "py2.py3", tag) or info["abi"] in ("abi3", "none"), hashes[d]
    bat = (kit / "install.bat").read_text(encoding="utf-8")
    pip_wheel = re.search(r'set "PIP_WHEEL=%KIT%\\wheels\\any\\([^"]+)"', bat).group(1)
    assert (kit / "wheels" / "any" / pip_wheel).is_file()
    refs = [ref for line in bat.splitlines() if not re.match(r"\s*if (not )?exist", line)   # tests, not uses
            for ref in re.findall(r"%KIT%\\([^\"%]+)", line)]
    assert "windows\\perfdesk-shortcuts.ps1" in refs and "windows\\perfdesk.ico" in refs
    for ref in refs:
        if ref.endswith("\\"):      # a folder followed by %PLAT% or %TAG%: checked through the locks
            continue
        assert (kit / ref.replace("\\", "/")).exists(), ref
    sums = (kit / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == sum(1 for p in kit.rglob("*") if p.is_file()) - 1
    for line in sums:
        digest, name = line.split("  ", 1)
        assert build_kit.sha256(kit / name) == digest


@pytest.mark.skipif(os.environ.get("PERFDESK_KIT_TESTS") != "1",
                    reason="builds the Windows kit from the network: set PERFDESK_KIT_TESTS=1")
def test_windows_kit_contents(tmp_path):
    kit = tmp_path / "kit"
    # the kit's builder downloads wheels: the one child the suite's network ban lets through
    # (tests/nonet/sitecustomize.py); it is a tool of the kit maker, not a code path of the program
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_kit.py"), "-o", str(kit),
                             "--platform", "win_amd64", "--python", "3.11", "--python", "3.12"],
                            capture_output=True, text=True, timeout=1800,
                            env=dict(os.environ, PERFDESK_TEST_NO_NETWORK=""))
    assert result.returncode == 0, result.stderr[-3000:]
    check_windows_kit(kit, ["cp311", "cp312"])
