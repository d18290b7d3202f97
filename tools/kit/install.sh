#!/bin/sh
# perfdesk 离线安装（Linux）：无需管理员权限，无需网络。
#   sh install.sh            安装或升级（再次运行即原地升级，保留设置、表样与最近文件）
#   sh install.sh uninstall  卸载程序（保留设置、表样与工作簿）
# 安装位置：$PERFDESK_PREFIX（默认 ~/.local/share/perfdesk-program），命令 ~/.local/bin/perfdesk，
# 菜单项、图标与 .perfdesk 文件关联写在 ~/.local/share 下。
set -eu
KIT=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PERFDESK_PREFIX:-$HOME/.local/share/perfdesk-program}
VENV=$PREFIX/venv
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
PIP_WHEEL="$KIT/wheels/any/@PIP_WHEEL@"
PLATFORMS="@PLATFORMS@"          # platform=minimum glibc, as this kit was built
PYTHONS="@PYTHONS@"              # cp311 cp312 …: the Python versions the kit has wheels for
SIZES="16 24 32 48 64 128 256"

say() { printf '%s\n' "$*"; }
fail() { printf '错误：%s\n' "$*" >&2; exit 1; }

refresh_desktop() {
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$DATA_HOME/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

uninstall() {
    rm -rf "$VENV"
    rm -f "$PREFIX/perfdesk.svg"
    rmdir "$PREFIX" 2>/dev/null || true
    if [ -L "$BIN/perfdesk" ]; then rm -f "$BIN/perfdesk"; fi
    if [ -L "$BIN/perfdesk-gui" ]; then rm -f "$BIN/perfdesk-gui"; fi
    rm -f "$DATA_HOME/applications/perfdesk.desktop" "$DATA_HOME/mime/packages/perfdesk.xml"
    for s in $SIZES; do
        rm -f "$DATA_HOME/icons/hicolor/${s}x${s}/apps/perfdesk.png" \
              "$DATA_HOME/icons/hicolor/${s}x${s}/mimetypes/application-x-perfdesk.png"
    done
    rm -f "$DATA_HOME/icons/hicolor/scalable/apps/perfdesk.svg"
    refresh_desktop
    say "perfdesk 已卸载。您的设置、自定义表样和工作簿文件都已保留。"
}

version_ge() {   # version_ge 2.31 2.28 → true
    [ "$(printf '%s\n%s\n' "$2" "$1" | sort -t. -k1,1n -k2,2n | head -n1)" = "$2" ]
}

install() {
    case "$(uname -m)" in
        x86_64|amd64) plat=manylinux_x86_64 ;;
        aarch64|arm64) plat=manylinux_aarch64 ;;
        *) fail "本安装包不支持此处理器（$(uname -m)）。请使用便携版或联系管理员。" ;;
    esac
    need=""
    for entry in $PLATFORMS; do
        [ "${entry%%=*}" = "$plat" ] && need=${entry#*=}
    done
    [ -n "$need" ] && [ -d "$KIT/wheels/$plat" ] || fail "本安装包不含此系统（$plat）所需的文件。请用 --platform $plat 重新制作安装包。"
    have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
    if [ -n "$have" ] && ! version_ge "$have" "$need"; then
        fail "本机 glibc 版本为 $have，本安装包中的 Qt（PySide6）需要 glibc $need 或更高。请用 --glibc $have 重新制作安装包（x86-64 最低可到 2.28），或改用便携版。"
    fi
    python=""
    for candidate in ${PERFDESK_PYTHON:-} python3.14 python3.13 python3.12 python3.11 python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        tag=$("$candidate" -c 'import sys; print("cp%d%d" % sys.version_info[:2])' 2>/dev/null) || continue
        for p in $PYTHONS; do
            if [ "$p" = "$tag" ] && [ -f "$KIT/wheels/$plat/requirements-$tag.txt" ]; then python=$candidate; break 2; fi
        done
    done
    [ -n "$python" ] || fail "找不到可用的 Python（本安装包支持：$PYTHONS，即 Python 3.11 及以上中的这些版本）。请先安装其中之一，或改用便携版。"
    say "使用 $(command -v "$python")（$tag），安装到 $PREFIX"
    if [ -x "$VENV/bin/python" ]; then
        old=$("$VENV/bin/python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])' 2>/dev/null || echo none)
        [ "$old" = "$tag" ] || rm -rf "$VENV"
    fi
    mkdir -p "$PREFIX"
    [ -x "$VENV/bin/python" ] || "$python" -m venv --without-pip "$VENV" || fail "无法创建 Python 虚拟环境（$VENV）。"
    # pip runs from the wheel the kit carries, so neither ensurepip nor the network is needed.
    # perfdesk itself goes first: a kit rebuilt with an unchanged version number would otherwise
    # count as "already satisfied" and leave the old program in place.
    "$VENV/bin/python" "$PIP_WHEEL/pip" uninstall --isolated --disable-pip-version-check -y -q perfdesk \
        >/dev/null 2>&1 || true
    "$VENV/bin/python" "$PIP_WHEEL/pip" install --isolated --no-index --disable-pip-version-check \
        --no-warn-script-location --upgrade --require-hashes \
        --find-links "$KIT/wheels/any" --find-links "$KIT/wheels/$plat" \
        -r "$KIT/wheels/$plat/requirements-$tag.txt" || fail "安装失败（见上面的信息）。"
    res=$("$VENV/bin/python" -I -c 'from perfdesk.resources import resources_dir; print(resources_dir())')
    [ -d "$res" ] || fail "已安装的程序中找不到 resources 目录。"

    mkdir -p "$BIN" "$DATA_HOME/applications" "$DATA_HOME/mime/packages"
    ln -sf "$VENV/bin/perfdesk" "$BIN/perfdesk"
    ln -sf "$VENV/bin/perfdesk-gui" "$BIN/perfdesk-gui"
    sed "s|^Exec=perfdesk-gui|Exec=\"$VENV/bin/perfdesk-gui\"|" "$res/linux/perfdesk.desktop" \
        > "$DATA_HOME/applications/perfdesk.desktop"
    cp "$res/linux/perfdesk-mime.xml" "$DATA_HOME/mime/packages/perfdesk.xml"
    for s in $SIZES; do
        for kind in apps mimetypes; do mkdir -p "$DATA_HOME/icons/hicolor/${s}x${s}/$kind"; done
        cp "$res/icons/perfdesk-$s.png" "$DATA_HOME/icons/hicolor/${s}x${s}/apps/perfdesk.png"
        cp "$res/icons/perfdesk-$s.png" "$DATA_HOME/icons/hicolor/${s}x${s}/mimetypes/application-x-perfdesk.png"
    done
    mkdir -p "$DATA_HOME/icons/hicolor/scalable/apps"
    cp "$res/icons/perfdesk.svg" "$DATA_HOME/icons/hicolor/scalable/apps/perfdesk.svg"
    refresh_desktop
    if command -v xdg-mime >/dev/null 2>&1; then
        xdg-mime default perfdesk.desktop application/x-perfdesk || true
    else
        say "提示：未找到 xdg-mime（xdg-utils），双击 .perfdesk 文件可能不会用 perfdesk 打开。"
    fi
    "$VENV/bin/perfdesk" demo --list >/dev/null || fail "安装后的程序无法运行。"
    # the Qt window needs a few X11 libraries of the system (libxcb-cursor0 is often missing)
    "$VENV/bin/python" -I -m perfdesk.selftest libs || true
    say "perfdesk 已安装。在应用菜单中找“预算绩效填报”，或运行 $BIN/perfdesk。"
    case ":$PATH:" in *":$BIN:"*) ;; *) say "提示：$BIN 不在 PATH 中，命令行请用完整路径。" ;; esac
}

case "${1:-install}" in
    install) install ;;
    uninstall) uninstall ;;
    *) fail "用法：sh install.sh [install|uninstall]" ;;
esac
