"""Build the portable bundle: perfdesk as a PyInstaller one-folder program that needs no Python.

    python tools/build_bundle.py -o DIR [--no-zip] [--no-selftest]

Run it with a Python that has PyInstaller and perfdesk's dependencies installed (a venv of its
own: `python -m venv /tmp/b && /tmp/b/bin/pip install pyinstaller . && /tmp/b/bin/python
tools/build_bundle.py -o DIR`). It freezes this checkout's perfdesk for the platform it runs on
(run on Windows it makes the Windows bundle; PyInstaller cannot cross-build):

    DIR/perfdesk/perfdesk[.exe]       the command line; no arguments or a file: the GUI;
                                      `--selftest`: the offline self-test (perfdesk.selftest)
    DIR/perfdesk/perfdesk-gui.exe     Windows: the GUI for shortcuts (no console window)
    DIR/perfdesk/_internal/           Python, Qt and the libraries; perfdesk/forms, perfdesk/samples,
                                      perfdesk/resources (icon, Qt translation, font, licences)
    DIR/perfdesk/portable.ini.example rename to portable.ini for portable mode
    DIR/perfdesk-<version>-<platform>.zip

Qt is trimmed to what the program uses (QtCore, QtGui, QtWidgets, QtPrintSupport; QtPdf only
where PySide6 has it, and QtSvg for the icon), the platform plugins to xcb/wayland/offscreen (windows on
Windows), the image formats to ico/jpeg/svg, and Qt's own translations to none (the program
loads resources/translations/qtbase_zh_CN.qm). UPX is off (antivirus false positives). After the
build it prints the size, the zip's size and (Linux) the highest GLIBC_ symbol version any
binary in the bundle needs, and runs the frozen program's --selftest offscreen.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "bundle"

# Python modules the program never uses, left out of the bundle
EXCLUDES = ["tkinter", "unittest", "pydoc", "doctest", "lib2to3", "idlelib", "ensurepip", "venv",
            "distutils", "setuptools", "pip", "pytest", "IPython", "numpy", "matplotlib",
            # ReportLab imports Pillow, but perfdesk draws no bitmaps: its AVIF/WebP/colour-management
            # parts (and their libraries) stay out; and no network
            "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms",
            "PIL.ImageCms", "PIL.ImageTk", "PIL._imagingtk", "ssl", "_ssl", "_hashlib",
            "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtOpenGL",
            "PySide6.QtOpenGLWidgets", "PySide6.QtDBus", "PySide6.QtTest", "PySide6.QtSql",
            "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtDesigner", "PySide6.QtHelp",
            "PySide6.QtUiTools", "PySide6.QtNetworkAuth", "PySide6.QtMultimedia"]
# files of PySide6 that the program does not need, by path inside the bundle (regular expressions)
DROP = [r"PySide6/Qt/translations/", r"PySide6/Qt/plugins/imageformats/(?!.*(qico|qjpeg|qsvg))",
        r"PySide6/Qt/plugins/platforms/(?!.*(qxcb|qwayland|qoffscreen|qwindows|qminimal))",
        r"PySide6/Qt/plugins/(generic|networkinformation|tls|qmltooling|platforminputcontexts"
        r"|iconengines|egldeviceintegrations|xcbglintegrations|wayland-graphics-integration-client"
        r"|wayland-decoration-client|wayland-shell-integration)/",
        r"PySide6/Qt/lib/libQt6(Network|Qml|QmlModels|QmlMeta|QmlWorkerScript|Quick|OpenGL|Designer|"
        r"VirtualKeyboard|Pdf Quick|EglFS|Test)",
        r"PySide6/(Qt)?(Network|Qml|Quick|OpenGL|DBus|Test|Sql|Xml|Concurrent|Designer|Help|UiTools)",
        r"PySide6/(assistant|designer|linguist|lrelease|lupdate|qmlls|qmlformat|qmllint)"]
# the wayland/xcb GL integrations are optional; the program paints with the raster engine.
# Qt's GTK theme plugin would bring GTK and its libraries along: Qt's own style is used instead.
DROP.append(r"PySide6/Qt/plugins/platformthemes/libqgtk3")
# Libraries every Linux desktop has, which the PySide6 wheel itself expects from the system:
# bundling this machine's copies would only raise the glibc the bundle needs and could clash with
# the PC's own configuration (fontconfig, CUPS, D-Bus, X11/Wayland).
SYSTEM_LIBS = (r"^lib(X.*|xcb.*|xkbcommon.*|fontconfig|freetype|glib|gio|gobject|gmodule|gthread|dbus|"
               r"cups|avahi.*|gnutls|nettle|hogweed|gmp|p11-kit|tasn1|idn2|unistring|gssapi.*|krb5.*|"
               r"k5crypto|com_err|keyutils|gcrypt|gpg-error|atk.*|cairo.*|gdk.*|gtk.*|pango.*|harfbuzz|"
               r"fribidi|datrie|thai|pixman.*|png16|brotli.*|graphite2|blkid|mount|selinux|pcre.*|systemd|"
               r"lz4|zstd|cap|bsd|md|wayland.*|EGL|GL.*|OpenGL|drm|gbm|udev|uuid|jpeg|tiff|webp.*|"
               r"epoxy|stdc\+\+|gcc_s|resolv|deflate|jbig|Lerc|sharpyuv)(-[0-9.]+)?\.so")


def spec_text(name: str, icon: Path | None) -> str:
    datas = [(ROOT / "forms", "perfdesk/forms"), (ROOT / "resources", "perfdesk/resources"),
             (ROOT / "perfdesk" / "samples", "perfdesk/samples")]
    return f"""# generated by tools/build_bundle.py
import re
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = {[(str(a), b) for a, b in datas]!r}
datas += collect_data_files("pypinyin") + collect_data_files("reportlab")
common = dict(pathex=[{str(ROOT)!r}], datas=datas, excludes={EXCLUDES!r}, noarchive=False,
              hiddenimports=collect_submodules("perfdesk") + ["PySide6.QtSvg"])
a = Analysis([{str(HERE / 'perfdesk_main.py')!r}], **common)
g = Analysis([{str(HERE / 'perfdesk_gui.py')!r}], **common)
DROP = [re.compile(p) for p in {DROP!r}]

SYSTEM = re.compile({SYSTEM_LIBS!r})

def keep(entry):
    dest = entry[0].replace("\\\\", "/")
    if any(p.search(dest) for p in DROP):
        return False
    source = (entry[1] or "").replace("\\\\", "/")
    return not ("/" not in dest and source.startswith(("/usr/lib", "/lib")) and SYSTEM.match(dest))

a.binaries = [e for e in a.binaries if keep(e)]
a.datas = [e for e in a.datas if keep(e)]
g.binaries = [e for e in g.binaries if keep(e)]
g.datas = [e for e in g.datas if keep(e)]
pyz = PYZ(a.pure)
gpyz = PYZ(g.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name={name!r}, console=True, upx=False,
          icon={str(icon) if icon else None!r})
if {sys.platform == "win32"!r}:   # a second program without a console window, for shortcuts
    gexe = EXE(gpyz, g.scripts, [], exclude_binaries=True, name={name + '-gui'!r}, console=False, upx=False,
               icon={str(icon) if icon else None!r})
    coll = COLLECT(exe, gexe, a.binaries, a.datas, g.binaries, g.datas, upx=False, name={name!r})
else:               # Linux has no console window to hide: perfdesk without arguments is the GUI
    coll = COLLECT(exe, a.binaries, a.datas, upx=False, name={name!r})
"""


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def highest_glibc(folder: Path) -> str | None:
    """The highest GLIBC_x.y symbol version any ELF file in the folder needs (objdump -T)."""
    tool = shutil.which("objdump")
    if not tool:
        return None
    best: tuple[int, ...] = ()
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        out = subprocess.run([tool, "-T", str(path)], capture_output=True, text=True).stdout
        for m in re.finditer(r"GLIBC_(\d+(?:\.\d+)+)", out):
            version = tuple(int(x) for x in m.group(1).split("."))
            best = max(best, version)
    return ".".join(map(str, best)) if best else None


def platform_name() -> str:
    if sys.platform == "win32":
        return "windows-x86_64"
    return f"{sys.platform}-{platform.machine().lower()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="制作 perfdesk 便携版（PyInstaller 单文件夹）")
    parser.add_argument("-o", "--output", required=True, type=Path)
    parser.add_argument("--no-zip", action="store_true")
    parser.add_argument("--no-selftest", action="store_true")
    args = parser.parse_args(argv)
    try:
        import PyInstaller.__main__  # noqa: F401
    except ImportError:
        print("需要 PyInstaller：python -m pip install pyinstaller（在制作用的虚拟环境中）", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from perfdesk import __version__

    out: Path = args.output.resolve()
    out.mkdir(parents=True, exist_ok=True)
    name = "perfdesk"
    icon = ROOT / "resources" / "icons" / "perfdesk.ico" if sys.platform == "win32" else None
    with tempfile.TemporaryDirectory(prefix="perfdesk-bundle-") as work:
        spec = Path(work) / "perfdesk.spec"
        spec.write_text(spec_text(name, icon), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                        "--distpath", str(out), "--workpath", str(Path(work) / "build"), str(spec)], check=True)
    folder = out / name
    (folder / "portable.ini.example").write_text(
        "; 把本文件改名为 portable.ini，程序就把设置、自定义表样和缓存保存在旁边的 perfdesk-data 文件夹中\n"
        "; (rename to portable.ini: settings, user forms and caches then live in perfdesk-data beside it)\n"
        "[portable]\nfolder = perfdesk-data\n", encoding="utf-8")
    size = folder_size(folder)
    print(f"便携版：{folder}（{size / 1e6:.1f} MB）")
    if sys.platform.startswith("linux"):
        print(f"最高 GLIBC 符号版本：{highest_glibc(folder)}")
    if not args.no_zip:
        archive = out / f"{name}-{__version__}-{platform_name()}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(out).as_posix())
                    with open(path, "rb") as fh:
                        z.writestr(info, fh.read(), zipfile.ZIP_DEFLATED, 9)
        print(f"压缩包：{archive}（{archive.stat().st_size / 1e6:.1f} MB）")
    if not args.no_selftest:
        exe = folder / (name + (".exe" if sys.platform == "win32" else ""))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PERFDESK_")}
        env["QT_QPA_PLATFORM"] = "offscreen"
        with tempfile.TemporaryDirectory() as home:
            env.update(HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_CACHE_HOME=home)
            result = subprocess.run([str(exe), "--selftest"], env=env, cwd=home, capture_output=True, text=True)
        print("\n".join(line for line in result.stdout.splitlines() if line.startswith(("通过", "失败", "自检"))))
        if result.returncode != 0:
            print(result.stderr[-3000:], file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
