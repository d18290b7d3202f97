#!/usr/bin/env bash
# Build the install kit for this platform (needs the network), then, inside a network namespace
# with no network (unshare -n, needs root), install it with install.sh into a fresh home and run
# the installed perfdesk: demo, check, print, export (offscreen). Install twice (idempotent: the
# program is replaced, settings and forms kept), check the desktop entry and the .perfdesk
# association, the window's icon under Xvfb (when Xvfb, xprop and xwininfo are here), uninstall,
# and check the user's files are kept. With --bundle also build the portable bundle and run a copy of it offline.
#
#   bash tools/check_offline_install.sh [--bundle] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUNDLE=0
if [ "${1:-}" = "--bundle" ]; then BUNDLE=1; shift; fi
WORK=${1:-$(mktemp -d /tmp/perfdesk-offline.XXXXXX)}
mkdir -p "$WORK"
PY=${PYTHON:-python3}
say() { printf '== %s\n' "$*"; }

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
  echo "needs root and unshare (util-linux) for a network namespace" >&2; exit 2
fi

say "build venv and kit in $WORK"
[ -x "$WORK/buildvenv/bin/python" ] || "$PY" -m venv "$WORK/buildvenv"
"$WORK/buildvenv/bin/python" -m pip install -q --upgrade pip >/dev/null
start=$(date +%s)
"$WORK/buildvenv/bin/python" tools/build_kit.py -o "$WORK/kit" --python "$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
say "kit built in $(( $(date +%s) - start )) s: $(du -sh "$WORK/kit" | cut -f1)"
(cd "$WORK/kit" && sha256sum -c --quiet SHA256SUMS)

if [ "$BUNDLE" = 1 ]; then
  say "build the portable bundle"
  "$WORK/buildvenv/bin/python" -m pip install -q pyinstaller "$ROOT"     # as tools/build_bundle.py asks
  "$WORK/buildvenv/bin/python" tools/build_bundle.py -o "$WORK/bundle"
fi

# everything below runs with no network at all
cat > "$WORK/offline.sh" <<'OFFLINE'
set -euo pipefail
WORK=$1; BUNDLE=$2
export HOME=$WORK/home QT_QPA_PLATFORM=offscreen
# unset, not empty: an empty XDG_DATA_HOME makes GLib's MIME lookup search "" instead of ~/.local/share
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME DISPLAY WAYLAND_DISPLAY
unset PERFDESK_DATA_DIR PERFDESK_CACHE_DIR PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL
rm -rf "$HOME"; mkdir -p "$HOME"
cd "$HOME"         # not the checkout: a Python started here must not import perfdesk from it
say() { printf '== %s\n' "$*"; }
if [ "$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ')" != lo ]; then   # this namespace's interfaces
  echo "a network interface besides lo is here: not offline" >&2; exit 1
fi
say "offline: install.sh (fresh)"
cp -r "$WORK/kit" "$WORK/usb"            # the stick, copied to another folder
sh "$WORK/usb/install.sh"
say "offline: install.sh again (upgrade in place)"
mkdir -p "$HOME/.local/share/perfdesk/forms" "$HOME/.config/perfdesk"
echo keep > "$HOME/.local/share/perfdesk/forms/keep.txt"
printf '[recent]\nmarker=keep\n' > "$HOME/.config/perfdesk/perfdesk.conf"      # settings, recent files
# the same version again must still put the kit's program in place (a rebuilt kit, a damaged install)
INIT=$("$HOME/.local/share/perfdesk-program/venv/bin/python" -I -c 'import perfdesk; print(perfdesk.__file__)')
case "$INIT" in "$HOME"/*) ;; *) echo "not the installed program: $INIT" >&2; exit 1 ;; esac
echo 'raise SystemExit("stale program")' >> "$INIT"
sh "$WORK/usb/install.sh"
if grep -q "stale program" "$INIT"; then echo "install.sh again left the old program in place" >&2; exit 1; fi
grep -q marker=keep "$HOME/.config/perfdesk/perfdesk.conf"
say "the program was replaced; the user's settings and forms are kept"
P=$HOME/.local/bin/perfdesk
cd "$WORK"
"$P" demo shenzhen-guangming-2024 -o "$WORK/s.perfdesk" --force
set +e; "$P" check "$WORK/s.perfdesk" >/dev/null; rc=$?; set -e
[ "$rc" -le 2 ] || { echo "check failed: $rc" >&2; exit 1; }
say "check exit $rc (0 clean, 1 warnings, 2 errors in the sample)"
"$P" print "$WORK/s.perfdesk" -o "$WORK/s.pdf"
"$P" export "$WORK/s.perfdesk" -o "$WORK/s.xlsx" --force
[ -s "$WORK/s.pdf" ] && [ -s "$WORK/s.xlsx" ]
say "print and export: $(stat -c %s "$WORK/s.pdf") and $(stat -c %s "$WORK/s.xlsx") bytes"
D=$HOME/.local/share/applications/perfdesk.desktop
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$D"; say "desktop entry valid"; fi
if command -v xdg-mime >/dev/null; then
  [ "$(xdg-mime query default application/x-perfdesk)" = perfdesk.desktop ] || { echo "association missing" >&2; exit 1; }
  say "xdg-mime: application/x-perfdesk is opened by perfdesk.desktop"
  # without a desktop session xdg-mime asks file(1), which only sees SQLite; GNOME, UOS (DDE), Kylin
  # (UKUI) and Xfce file managers ask GLib, i.e. the shared-mime-info database install.sh updated
  if command -v gio >/dev/null; then
    type=$(XDG_CURRENT_DESKTOP=GNOME xdg-mime query filetype "$WORK/s.perfdesk")
    [ "$type" = application/x-perfdesk ] || { echo "s.perfdesk is $type, not application/x-perfdesk" >&2; exit 1; }
    say "gio: s.perfdesk is application/x-perfdesk"
  fi
fi
if command -v Xvfb >/dev/null && command -v xprop >/dev/null && command -v xwininfo >/dev/null; then
  # the installed program on a real X server: its window carries the icon (_NET_WM_ICON, what title
  # bars and taskbars draw)
  exec 5> "$WORK/xvfb.display"
  Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & XPID=$!
  for _ in $(seq 50); do [ -s "$WORK/xvfb.display" ] && break; sleep 0.1; done
  export DISPLAY=:$(cat "$WORK/xvfb.display")
  QT_QPA_PLATFORM=xcb "$HOME/.local/bin/perfdesk-gui" "$WORK/s.perfdesk" >"$WORK/gui.log" 2>&1 & GPID=$!
  exec 5>&-
  win=""
  for _ in $(seq 100); do     # Qt makes helper windows too: the one with an icon is the main window
    for w in $(xwininfo -root -tree 2>/dev/null | awk '/perfdesk/ {print $1}'); do
      if xprop -id "$w" _NET_WM_ICON 2>/dev/null | grep -q "Icon (16 x 16)"; then win=$w; break 2; fi
    done
    sleep 0.2
  done
  icons=$( [ -n "$win" ] && xprop -id "$win" _NET_WM_ICON | grep -o "Icon ([0-9]* x [0-9]*)" | tr '\n' ' ')
  kill "$GPID" "$XPID" 2>/dev/null || true; wait "$GPID" "$XPID" 2>/dev/null || true
  unset DISPLAY
  [ -n "$icons" ] || { echo "the installed program's window has no icon under Xvfb:" >&2; cat "$WORK/gui.log" >&2; exit 1; }
  say "Xvfb: the installed program's window shows the icon: $icons"
fi
"$HOME/.local/share/perfdesk-program/venv/bin/python" -I -c '
from perfdesk.gui.app import make_app
app = make_app(); icon = app.windowIcon()
assert not icon.isNull(), "no window icon"
from perfdesk.pdf.fonts import find_fonts
print("window icon sizes:", sorted(s.width() for s in icon.availableSizes()), "| print font:", find_fonts().primary.shown)'
say "offline: uninstall"
sh "$WORK/usb/install.sh" uninstall
[ ! -e "$HOME/.local/share/perfdesk-program" ] && [ ! -e "$D" ] && [ -f "$HOME/.local/share/perfdesk/forms/keep.txt" ]
grep -q marker=keep "$HOME/.config/perfdesk/perfdesk.conf"
[ ! -e "$HOME/.local/bin/perfdesk" ] && [ ! -e "$HOME/.local/share/mime/packages/perfdesk.xml" ]
say "uninstalled; the user's settings and forms are kept"
if [ "$BUNDLE" = 1 ]; then
  say "offline: the portable bundle, copied to another folder"
  rm -rf "$WORK/stick"; mkdir "$WORK/stick"
  cp -r "$WORK/bundle/perfdesk" "$WORK/stick/"
  B=$WORK/stick/perfdesk/perfdesk
  "$B" --selftest
  "$B" demo hebei-2022 -o "$WORK/b.perfdesk" --force
  "$B" print "$WORK/b.perfdesk" -o "$WORK/b.pdf"
  "$B" export "$WORK/b.perfdesk" -o "$WORK/b.xlsx" --force
  say "bundle: selftest, demo, print, export ok"
fi
say "OFFLINE INSTALL OK"
OFFLINE
unshare -n bash "$WORK/offline.sh" "$WORK" "$BUNDLE"
