"""Build the offline install kit: a folder that a USB stick carries to a PC with no internet.

    python tools/build_kit.py -o DIR [--platform win_amd64 --platform manylinux_x86_64
                                      --platform manylinux_aarch64] [--python 3.11 …]
                                     [--glibc 2.28] [--python-installer FILE]

Run it on a machine with internet and pip. Default: the platform it runs on and the Python it
runs with. DIR gets:

    wheels/any/                     the perfdesk wheel (built here) and pip's own wheel
    wheels/<platform>/              every dependency's wheel for that platform, and for each Python
                                    version requirements-cpXY.txt: the lock (name==version with
                                    sha256 hashes) that install.sh / install.bat install with
                                    --require-hashes
    install.sh, install.bat         no admin, no network (pip --no-index --find-links), per user
    windows/                        the start-menu / file-association script and the .ico
    python/                         the Python installer, when given with --python-installer
    kit.json                        what was built: platforms, Python versions, glibc, PySide6
    安装说明.txt                     the officer's instructions, in Chinese
    SHA256SUMS                      of every file above

PySide6-Essentials and glibc (checked on PyPI): 6.11 wheels need glibc 2.34 on x86-64 and 2.39
on ARM64; for glibc 2.28 (UOS 20, Kylin V10) on x86-64 the newest is 6.9.3, and there is no
ARM64 wheel below glibc 2.39. pip picks the newest version whose wheel fits the tags given here,
so `--glibc` decides the PySide6 version per target; a target it cannot serve is named, skipped
and written into kit.json and 安装说明.txt.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "kit"
PLATFORMS = ("win_amd64", "manylinux_x86_64", "manylinux_aarch64")
# the lowest glibc each Linux target is built for unless --glibc says otherwise
DEFAULT_GLIBC = {"manylinux_x86_64": "2.28", "manylinux_aarch64": "2.39"}
# the lowest glibc for which PyPI has any PySide6-Essentials wheel (>= 6.8, what perfdesk needs)
PYSIDE_FLOOR = {"manylinux_x86_64": "2.28", "manylinux_aarch64": "2.39"}
WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$")


class KitError(Exception):
    pass


@dataclass
class Target:
    platform: str
    glibc: str | None = None           # Linux: the oldest glibc the chosen wheels run on
    pythons: list[str] = field(default_factory=list)     # cp311 … served
    pyside: dict[str, str] = field(default_factory=dict)  # cp311 → PySide6-Essentials version
    unserved: str = ""                 # why this target got nothing


def native_platform() -> str:
    machine = platform.machine().lower()
    if sys.platform == "win32":
        return "win_amd64"
    if sys.platform.startswith("linux"):
        return "manylinux_aarch64" if machine in ("aarch64", "arm64") else "manylinux_x86_64"
    raise KitError(f"不支持在此系统上制作本机安装包：{sys.platform}；请用 --platform 指定")


def glibc_tuple(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def pip_platform_tags(plat: str, glibc: str | None) -> list[str]:
    """The wheel platform tags a target accepts, newest first (pip --platform, repeated)."""
    if plat == "win_amd64":
        return ["win_amd64"]
    arch = plat.split("_", 1)[1]
    major, minor = glibc_tuple(glibc or DEFAULT_GLIBC[plat])
    tags = [f"manylinux_{major}_{m}_{arch}" for m in range(minor, 4, -1)]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags += [f"{name}_{arch}" for m, name in legacy.items() if m <= minor
             and (arch in ("x86_64", "i686") or name == "manylinux2014")]
    return tags


def py_tag(version: str) -> str:
    major, minor = version.split(".")[:2]
    return f"cp{major}{minor}"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_wheel(filename: str) -> dict[str, str]:
    m = WHEEL_NAME.match(filename)
    if not m:
        raise KitError(f"不是 wheel 文件名：{filename}")
    return m.groupdict()


def wheel_glibc(filename: str) -> tuple[int, int] | None:
    """The oldest glibc a manylinux wheel runs on (its lowest tag), None for other wheels."""
    plat = parse_wheel(filename)["plat"]
    found = []
    for tag in plat.split("."):
        m = re.match(r"manylinux_(\d+)_(\d+)_", tag)
        if m:
            found.append((int(m.group(1)), int(m.group(2))))
        elif tag.startswith(("manylinux2014", "manylinux2010", "manylinux1")):
            found.append({"manylinux2014": (2, 17), "manylinux2010": (2, 12), "manylinux1": (2, 5)}[tag.split("_")[0]])
    return min(found) if found else None


def lock_text(wheels: list[Path], python: str, plat: str) -> str:
    """requirements-cpXY.txt: every wheel one Python version installs, pinned with its hash."""
    lines = [f"# perfdesk install kit lock: {plat}, {python}. Installed with pip --require-hashes --no-index.",
             "# Generated by tools/build_kit.py; do not edit."]
    by_name: dict[str, tuple[str, list[str]]] = {}
    for wheel in sorted(wheels, key=lambda p: p.name.lower()):
        info = parse_wheel(wheel.name)
        name = canonical(info["name"])
        version, hashes = by_name.setdefault(name, (info["version"], []))
        if version != info["version"]:
            raise KitError(f"{name} 有两个版本：{version} 与 {info['version']}")
        hashes.append(sha256(wheel))
    for name, (version, hashes) in sorted(by_name.items()):
        lines.append(f"{name}=={version} \\")
        lines += [f"    --hash=sha256:{h}" + (" \\" if i < len(hashes) - 1 else "") for i, h in enumerate(hashes)]
    return "\n".join(lines) + "\n"


def parse_lock(text: str) -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) from a lock written by lock_text."""
    out: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip().rstrip("\\").strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash=sha256:"):
            out[current][1].append(line.split(":", 1)[1])
        else:
            current, version = line.split("==")
            out[current] = (version, [])
    return out


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def build_perfdesk_wheel(dest: Path) -> Path:
    """The perfdesk wheel, built from this checkout (forms/ and resources/ inside)."""
    with tempfile.TemporaryDirectory() as tmp:
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp, str(ROOT)])
        built = next(Path(tmp).glob("perfdesk-*.whl"))
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / built.name
        shutil.copy2(built, target)
    return target


def download_pip(dest: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", tmp, "pip"])
        built = next(Path(tmp).glob("pip-*.whl"))
        target = dest / built.name
        shutil.copy2(built, target)
    return target


def download_target(kit: Path, target: Target, perfdesk_wheel: Path, versions: list[str]) -> None:
    """Every wheel perfdesk needs on one platform, per Python version, and the locks."""
    plat_dir = kit / "wheels" / target.platform
    plat_dir.mkdir(parents=True, exist_ok=True)
    floor = PYSIDE_FLOOR.get(target.platform)
    if floor and target.glibc and glibc_tuple(target.glibc) < glibc_tuple(floor):
        target.unserved = (f"PyPI 上没有 glibc {target.glibc} 可用的 {target.platform} PySide6 wheel"
                           f"（最低需要 glibc {floor}）")
        print(f"跳过 {target.platform}：{target.unserved}", file=sys.stderr)
        shutil.rmtree(plat_dir)
        return
    tags = pip_platform_tags(target.platform, target.glibc)
    newest_glibc: tuple[int, int] | None = None
    for version in versions:
        tag = py_tag(version)
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "-d", tmp,
                   "--python-version", version, "--implementation", "cp"]
            for t in tags:
                cmd += ["--platform", t]
            try:
                run(cmd + [str(perfdesk_wheel)])
            except subprocess.CalledProcessError:
                print(f"跳过 {target.platform} / Python {version}：pip 找不到全部所需的 wheel", file=sys.stderr)
                continue
            wheels = [p for p in Path(tmp).glob("*.whl") if not p.name.startswith("perfdesk-")]
            for wheel in wheels:
                if not (plat_dir / wheel.name).exists():
                    shutil.copy2(wheel, plat_dir / wheel.name)
                g = wheel_glibc(wheel.name)
                if g and (newest_glibc is None or g > newest_glibc):
                    newest_glibc = g
                if canonical(parse_wheel(wheel.name)["name"]) == "pyside6-essentials":
                    target.pyside[tag] = parse_wheel(wheel.name)["version"]
            lock = lock_text(wheels + [perfdesk_wheel], tag, target.platform)
            (plat_dir / f"requirements-{tag}.txt").write_text(lock, encoding="utf-8", newline="\n")
            target.pythons.append(tag)
    if target.platform != "win_amd64":
        target.glibc = f"{newest_glibc[0]}.{newest_glibc[1]}" if newest_glibc else target.glibc
    if not target.pythons:
        target.unserved = "pip 找不到所需的 wheel"
        shutil.rmtree(plat_dir, ignore_errors=True)


# ------------------------------------------------------------------------------- generated text
def render_install_sh(targets: list[Target], pip_wheel: str) -> str:
    linux = [t for t in targets if t.platform.startswith("manylinux") and not t.unserved]
    text = (TEMPLATES / "install.sh").read_text(encoding="utf-8")
    pythons = sorted({p for t in linux for p in t.pythons})
    return (text.replace("@PIP_WHEEL@", pip_wheel)
                .replace("@PLATFORMS@", " ".join(f"{t.platform}={t.glibc}" for t in linux))
                .replace("@PYTHONS@", " ".join(pythons)))


def render_install_bat(targets: list[Target], pip_wheel: str) -> str:
    win = [t for t in targets if t.platform == "win_amd64" and not t.unserved]
    pythons = sorted({p for t in win for p in t.pythons}, reverse=True)   # newest Python first
    text = (TEMPLATES / "install.bat").read_text(encoding="utf-8")
    text = (text.replace("@PIP_WHEEL@", pip_wheel).replace("@WIN_PLATFORM@", "win_amd64")
                .replace("@PYTHONS@", " ".join(pythons)))
    return text.replace("\r\n", "\n").replace("\n", "\r\n")      # cmd.exe wants CRLF


def dotted(tag: str) -> str:
    return f"{tag[2]}.{tag[3:]}"


PLATFORM_TEXT = {"win_amd64": "Windows 10/11（64 位 x86）", "manylinux_x86_64": "Linux x86-64（统信 UOS、麒麟等）",
                 "manylinux_aarch64": "Linux ARM64（鲲鹏、飞腾等）"}


def render_instructions(targets: list[Target], python_installer: str | None) -> str:
    served = [t for t in targets if not t.unserved]
    lines = ["perfdesk 预算绩效填报 —— 离线安装说明", "=" * 36, "",
             "本文件夹可以用 U 盘拷到没有网络的电脑上安装，不需要管理员权限，安装时不联网。", "",
             "一、本安装包支持的系统", ""]
    for t in served:
        pys = "、".join(f"Python {dotted(p)}" for p in t.pythons)
        extra = f"，glibc {t.glibc} 或更高" if t.glibc else ""
        qt = "、".join(sorted(set(t.pyside.values()))) or "?"
        lines.append(f"  * {PLATFORM_TEXT.get(t.platform, t.platform)}：需要 {pys} 之一{extra}（界面库 PySide6 {qt}）")
    for t in targets:
        if t.unserved:
            lines.append(f"  * 不支持：{PLATFORM_TEXT.get(t.platform, t.platform)} —— {t.unserved}")
    lines += ["",
              "  关于 Linux 的 glibc 版本（在终端运行 ldd --version 可查看）：",
              "  - 界面库 PySide6-Essentials 6.11 要求 x86-64 上 glibc 2.34 以上、ARM64 上 glibc 2.39 以上；",
              "  - glibc 2.28 的系统（统信 UOS 20、银河麒麟 V10 等）在 x86-64 上最高只能用 PySide6 6.9.3，",
              "    制作安装包时须加 --glibc 2.28（本工具对 x86-64 默认即如此）；",
              "  - ARM64 上没有 glibc 2.39 以下可用的 PySide6，因此本安装包无法在 glibc 低于 2.39 的",
              "    ARM64 系统（如麒麟 V10 ARM 版、统信 UOS 20 ARM 版）上安装。这些电脑只能等待系统升级。",
              "  - Linux 安装需要系统自带 Python 3.11 或更高版本（python3 --version 可查看）；统信 UOS 20、",
              "    麒麟 V10 自带的 Python 较旧，这种电脑请改用便携版（见 README“离线安装”一节）。", "",
              "二、Windows 上安装", "",
              "  1. 电脑上需要 Python（版本见上）。没有时，先运行 python.org 的 Windows 安装程序，选择",
              "     “Install Now”（仅为当前用户安装，不需要管理员权限），并勾选“Add python.exe to PATH”。"]
    if python_installer:
        lines.append(f"     本安装包的 python 文件夹中带有安装程序：{python_installer}")
    lines += ["  2. 双击 install.bat。完成后开始菜单中会出现“预算绩效填报 (perfdesk)”，双击 .perfdesk 文件",
              "     也会用它打开。程序装在 %LOCALAPPDATA%\\Programs\\perfdesk。",
              "  3. 以后拿到新版安装包，再次双击 install.bat 即原地升级；设置、自定义表样、最近打开的文件都保留。",
              "  4. 卸载：在命令提示符中运行 install.bat uninstall（设置与工作簿文件保留）。", "",
              "三、Linux（统信 UOS、麒麟等）上安装", "",
              "  1. 在本文件夹中打开终端，运行：sh install.sh",
              "  2. 完成后应用菜单中会出现“预算绩效填报”，双击 .perfdesk 文件会用它打开；命令行为",
              "     ~/.local/bin/perfdesk。程序装在 ~/.local/share/perfdesk-program。",
              "  3. 升级：再次运行 sh install.sh；卸载：sh install.sh uninstall（设置与工作簿文件保留）。", "",
              "四、出了问题怎么办", "",
              "  * “找不到可用的 Python”：按第二节第 1 步安装 Python，或（Linux）改用便携版。",
              "  * “glibc 版本……需要……”：请制作安装包的人加上 --glibc 本机版本 重新制作，或改用便携版。",
              "  * “安装失败”：多半是安装包在拷贝中损坏。Linux 上在本文件夹运行 sha256sum -c SHA256SUMS，",
              "    Windows 上用 certutil -hashfile 文件名 SHA256 与 SHA256SUMS 比对；有不符的文件请重新拷贝。",
              "  * 打印时提示找不到字体：程序自带文鼎简报宋字体，一般不会出现；仍出现时请把提示截图发给维护人员。",
              "  * 安装过程和程序都不会联网；如果安全软件拦截，请允许 install.bat / install.sh 运行。",
              "  * Linux 上装好后菜单里点了没反应，或安装时提示“本机缺少程序窗口所需的系统库”：界面库 Qt 6 需要",
              "    系统的 libxcb-cursor0 等几个库（很多电脑已有）。请管理员安装提示中列出的软件包（例如",
              "    sudo apt install libxcb-cursor0），不必重装本程序；命令行 perfdesk check / print / export",
              "    不需要这些库。运行 ~/.local/share/perfdesk-program/venv/bin/python -m perfdesk.selftest libs 可再查一次。",
              "",
              "五、在哪些电脑上试过",
              "",
              "  * 试过：Linux x86-64（Debian 12，glibc 2.36，Python 3.11）。在断开网络的环境里用 install.sh 安装、",
              "    再装一次（升级）、卸载，装好的程序新建示例、审核、打印 PDF、导出 Excel 都正常，菜单项、图标和",
              "    .perfdesk 文件关联都建立了。",
              "  * 没有试过：Windows。install.bat、开始菜单快捷方式和 .perfdesk 文件关联都没有在 Windows 上运行过，",
              "    只检查了安装包里的文件（wheel 是否为 Windows 64 位、install.bat 引用的文件是否都在）。",
              "    第一次在 Windows 上使用时，请先在一台电脑上试装，确认开始菜单和双击 .perfdesk 文件都能打开程序。",
              "  * 没有试过：统信 UOS、银河麒麟的真机，以及 ARM64 电脑。上面关于 glibc 的说法来自 PyPI 上各 wheel",
              "    标注的最低 glibc 版本，不是在这些系统上实测的结果。", ""]
    return "\r\n".join(lines)


def write_sums(kit: Path) -> None:
    lines = []
    for path in sorted(p for p in kit.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{sha256(path)}  {path.relative_to(kit).as_posix()}")
    (kit / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def write_scripts(kit: Path, targets: list[Target], pip_wheel: str, python_installer: str | None) -> None:
    """Everything in the kit that is text made here (no download): the cheap test calls this."""
    has_linux = any(t.platform.startswith("manylinux") and not t.unserved for t in targets)
    has_windows = any(t.platform == "win_amd64" and not t.unserved for t in targets)
    if has_linux:
        sh = kit / "install.sh"
        sh.write_text(render_install_sh(targets, pip_wheel), encoding="utf-8", newline="\n")
        sh.chmod(0o755)
    if has_windows:
        (kit / "install.bat").write_bytes(render_install_bat(targets, pip_wheel).encode("utf-8"))
        win = kit / "windows"
        win.mkdir(exist_ok=True)
        ps1 = (TEMPLATES / "windows" / "perfdesk-shortcuts.ps1").read_text(encoding="utf-8")
        # Windows PowerShell 5.1 reads a .ps1 without a BOM in the ANSI code page
        (win / "perfdesk-shortcuts.ps1").write_text(ps1.replace("\n", "\r\n"), encoding="utf-8-sig", newline="")
        shutil.copy2(ROOT / "resources" / "icons" / "perfdesk.ico", win / "perfdesk.ico")
    (kit / "安装说明.txt").write_text(render_instructions(targets, python_installer), encoding="utf-8-sig", newline="")
    info = {"perfdesk_wheel": next((p.name for p in (kit / "wheels" / "any").glob("perfdesk-*.whl")), None),
            "pip_wheel": pip_wheel,
            "targets": [{"platform": t.platform, "glibc": t.glibc, "pythons": t.pythons, "pyside6": t.pyside,
                         "unserved": t.unserved} for t in targets]}
    (kit / "kit.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="制作 perfdesk 离线安装包（需要联网）")
    parser.add_argument("-o", "--output", required=True, type=Path, help="安装包文件夹")
    parser.add_argument("--platform", action="append", choices=PLATFORMS,
                        help="目标平台，可重复；默认本机平台")
    parser.add_argument("--python", action="append", dest="pythons",
                        help="目标 Python 版本（如 3.11），可重复；默认本机 Python 版本")
    parser.add_argument("--glibc", help="Linux 目标的最低 glibc 版本（如 2.28）；默认 x86-64 为 2.28，ARM64 为 2.39")
    parser.add_argument("--python-installer", type=Path, help="随安装包带上的 Python 安装程序（Windows）")
    args = parser.parse_args(argv)
    platforms = args.platform or [native_platform()]
    versions = args.pythons or [f"{sys.version_info[0]}.{sys.version_info[1]}"]
    for v in versions:
        if tuple(int(x) for x in v.split(".")[:2]) < (3, 11):
            parser.error(f"perfdesk 需要 Python 3.11 或更高：{v}")
    kit: Path = args.output
    if kit.exists() and any(kit.iterdir()):
        if not (kit / "kit.json").is_file():
            parser.error(f"{kit} 不是空文件夹，也不是以前制作的安装包")
        shutil.rmtree(kit)
    (kit / "wheels" / "any").mkdir(parents=True)
    try:
        perfdesk_wheel = build_perfdesk_wheel(kit / "wheels" / "any")
        pip_wheel = download_pip(kit / "wheels" / "any").name
        targets = []
        for plat in dict.fromkeys(platforms):
            glibc = None if plat == "win_amd64" else (args.glibc or DEFAULT_GLIBC[plat])
            target = Target(plat, glibc)
            download_target(kit, target, perfdesk_wheel, versions)
            targets.append(target)
        installer = None
        if args.python_installer:
            (kit / "python").mkdir()
            shutil.copy2(args.python_installer, kit / "python" / args.python_installer.name)
            installer = args.python_installer.name
        write_scripts(kit, targets, pip_wheel, installer)
        write_sums(kit)
    except (KitError, subprocess.CalledProcessError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in kit.rglob("*") if p.is_file())
    for t in targets:
        state = f"不支持：{t.unserved}" if t.unserved else f"Python {' '.join(t.pythons)}, glibc {t.glibc or '-'}, PySide6 {t.pyside}"
        print(f"{t.platform}: {state}")
    print(f"安装包：{kit}（{size / 1e6:.1f} MB）")
    return 0 if all(not t.unserved for t in targets) else 3


if __name__ == "__main__":
    sys.exit(main())
