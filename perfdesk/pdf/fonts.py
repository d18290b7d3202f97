"""Find the CJK TrueType fonts the printed tables are set in, and register them once.

Preference: a configured font (argument or PERFDESK_FONT), then the Windows 宋体/仿宋 family, then
the common Linux CJK TrueType fonts, then the font shipped with the program (resources/fonts:
AR PL SungtiL GB), so that a PC whose only CJK fonts are CFF-outline ones still prints. ReportLab embeds TrueType outlines only: CFF-outline OpenType
files (most Noto CJK / Source Han .otf and .ttc) are detected and skipped with a reason. A
character the chosen font lacks is drawn from a fallback font that has it, so no glyph is missing.
"""
from __future__ import annotations

import os
import struct
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import msgspec
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..resources import bundled_font

ENV_FONT = "PERFDESK_FONT"

# Known CJK font files, best first, by lower-case file name: (file, subfont index, name shown).
PRIMARY_CANDIDATES: tuple[tuple[str, int, str], ...] = (
    ("simsun.ttc", 0, "宋体（SimSun）"),
    ("simsun.ttf", 0, "宋体（SimSun）"),
    ("simfang.ttf", 0, "仿宋（FangSong）"),
    ("fangsong.ttf", 0, "仿宋（FangSong）"),
    ("nsimsun.ttf", 0, "新宋体（NSimSun）"),
    ("gbsn00lp.ttf", 0, "AR PL SungtiL GB（文鼎简报宋）"),
    ("uming.ttc", 0, "AR PL UMing（文鼎明体）"),
    ("simkai.ttf", 0, "楷体（KaiTi）"),
    ("gkai00mp.ttf", 0, "AR PL KaitiM GB（文鼎简中楷）"),
    ("ukai.ttc", 0, "AR PL UKai（文鼎楷体）"),
    ("wqy-zenhei.ttc", 0, "文泉驿正黑（WenQuanYi Zen Hei）"),
    ("wqy-microhei.ttc", 0, "文泉驿微米黑（WenQuanYi Micro Hei）"),
    ("simhei.ttf", 0, "黑体（SimHei）"),
    ("msyh.ttc", 0, "微软雅黑（Microsoft YaHei）"),
    ("msyh.ttf", 0, "微软雅黑（Microsoft YaHei）"),
    ("droidsansfallbackfull.ttf", 0, "Droid Sans Fallback"),
    ("droidsansfallback.ttf", 0, "Droid Sans Fallback"),
    # Usually CFF outlines: listed so that the user learns why they were not used.
    ("notoserifcjk-regular.ttc", 0, "Noto Serif CJK"),
    ("notosanscjk-regular.ttc", 0, "Noto Sans CJK"),
    ("notoserifcjksc-regular.otf", 0, "Noto Serif CJK SC"),
    ("notosanscjksc-regular.otf", 0, "Noto Sans CJK SC"),
    ("sourcehanserifsc-regular.otf", 0, "Source Han Serif SC"),
    ("sourcehansanssc-regular.otf", 0, "Source Han Sans SC"),
)
# Fallbacks only, tried in this order for a character the main font lacks: rare characters of
# names and places (CJK extension B and later: Windows SimSun-ExtB/ExtG, Linux HanaMin), then
# symbols (≥ ① ※ …) and Latin.
SYMBOL_CANDIDATES: tuple[tuple[str, int, str], ...] = (
    ("simsunb.ttf", 0, "宋体扩展B（SimSun-ExtB）"),
    ("simsunextg.ttf", 0, "宋体扩展G（SimSun-ExtG）"),
    ("hanamina.ttf", 0, "花园明朝A（HanaMinA）"),
    ("hanaminb.ttf", 0, "花园明朝B（HanaMinB）"),
    ("dejavusans.ttf", 0, "DejaVu Sans"),
    ("seguisym.ttf", 0, "Segoe UI Symbol"),
    ("arialuni.ttf", 0, "Arial Unicode MS"),
)
BUNDLED_LABEL = "AR PL SungtiL GB（文鼎简报宋，随程序附带）"
_PROBE = "中国表"  # a font that maps none of these is no Chinese font


class FontError(Exception):
    """No usable font: the message says so plainly and how to fix it."""


class FontFile(msgspec.Struct, frozen=True):
    path: Path
    index: int = 0
    label: str = ""


class Skipped(msgspec.Struct, frozen=True):
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}：{self.reason}"

    @property
    def shown(self) -> str:
        """Without the folder: the GUI names fonts, not file paths."""
        return f"{self.path.name}：{self.reason}"


def font_dirs() -> list[Path]:
    """Where fonts live on Windows, Linux (incl. UOS/Kylin) and macOS, the user's own first."""
    home = Path.home()
    dirs = []
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    else:
        dirs += [home / ".local" / "share" / "fonts", home / ".fonts",
                 Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
        if sys.platform == "darwin":
            dirs += [home / "Library" / "Fonts", Path("/Library/Fonts")]
    return dirs


def _index_font_files(dirs: list[Path]) -> dict[str, Path]:
    """Lower-case file name → first path found (user directories come first)."""
    found: dict[str, Path] = {}
    for top in dirs:
        if not top.is_dir():
            continue
        for root, _subdirs, files in os.walk(top):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc", ".otf", ".otc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def outline_problem(path: Path, index: int = 0) -> str | None:
    """Why ReportLab cannot embed this font file, read from its sfnt header; None when it can."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return f"字体集合中没有第 {index} 号字体（共 {count} 个）"
                fh.seek(12 + 4 * index)
                offset = struct.unpack(">I", fh.read(4))[0]
                fh.seek(offset)
                head = fh.read(12)
            version = head[:4]
            if version == b"OTTO":
                return "CFF 轮廓的 OpenType 字体，ReportLab 无法嵌入（请改用 TrueType 字体）"
            if version not in (b"\x00\x01\x00\x00", b"true"):
                return "不是 TrueType 字体文件"
            count = struct.unpack(">H", head[4:6])[0]
            tags = {fh.read(16)[:4] for _ in range(count)}
    except OSError as exc:
        return f"无法读取：{exc.strerror or exc}"
    except struct.error:
        return "文件已损坏"
    if b"CFF " in tags or b"CFF2" in tags:
        return "CFF 轮廓的 OpenType 字体，ReportLab 无法嵌入（请改用 TrueType 字体）"
    if b"glyf" not in tags:
        return "没有 TrueType 字形（glyf 表）"
    return None


class LoadedFont(msgspec.Struct):
    name: str                 # registered with ReportLab
    file: FontFile
    cmap: dict[int, int]
    family: str = ""          # from the font's own name table
    widths: dict[str, float] = msgspec.field(default_factory=dict)  # at 1 pt

    @property
    def title(self) -> str:
        """The font's name as a person knows it (宋体（SimSun）), never its file path."""
        return self.file.label or self.family or self.file.path.stem

    @property
    def shown(self) -> str:
        return f"{self.title}（{self.file.path}）"

    def width(self, ch: str) -> float:
        w = self.widths.get(ch)
        if w is None:
            w = self.widths[ch] = pdfmetrics.stringWidth(ch, self.name, 1.0)
        return w


_register_lock = threading.Lock()
_loaded: dict[tuple[str, int], LoadedFont | Skipped] = {}


def load_font(file: FontFile, need_chinese: bool = True) -> LoadedFont | Skipped:
    """Parse and register one font file (once per process)."""
    key = (str(file.path), file.index)
    with _register_lock:
        if key in _loaded:
            return _loaded[key]
        problem = outline_problem(file.path, file.index)
        result: LoadedFont | Skipped
        if problem:
            result = Skipped(file.path, problem)
        else:
            name = f"perfdesk-{len(_loaded)}-{file.path.stem}"
            try:
                font = TTFont(name, str(file.path), subfontIndex=file.index)
            except (TTFError, OSError, ValueError, struct.error) as exc:
                result = Skipped(file.path, f"ReportLab 无法读取：{exc}")
            else:
                cmap = font.face.charToGlyph
                if need_chinese and not all(ord(c) in cmap for c in _PROBE):
                    result = Skipped(file.path, "不含中文字形")
                else:
                    pdfmetrics.registerFont(font)
                    family = getattr(font.face, "familyName", "") or getattr(font.face, "name", "")
                    if isinstance(family, bytes):
                        family = family.decode("latin-1", "replace")
                    result = LoadedFont(name, file, cmap, family)
        _loaded[key] = result
        return result


class FontSet:
    """The primary font and the fallbacks, with per-character font choice and widths."""

    def __init__(self, primary: LoadedFont, fallbacks: list[FontFile], skipped: list[Skipped]):
        self.primary = primary
        self._pending = list(fallbacks)      # loaded only when a character needs them
        self.fallbacks: list[LoadedFont] = []
        self.skipped = list(skipped)
        self.used_fallbacks: dict[str, LoadedFont] = {}
        self.missing: set[str] = set()       # in no font at all (reported, never silent)
        self._choice: dict[str, LoadedFont] = {}
        self._lock = threading.Lock()
        self._job = threading.local()        # characters drawn by the print in progress (this thread)

    @property
    def name(self) -> str:
        return self.primary.name

    def font_for(self, ch: str) -> LoadedFont:
        font = self._choice.get(ch)
        if font is not None:
            return font
        with self._lock:
            font = self._choose(ch)
            self._choice[ch] = font
        return font

    def _choose(self, ch: str) -> LoadedFont:
        code = ord(ch)
        if code in self.primary.cmap or code < 32:
            return self.primary
        for font in self.fallbacks:
            if code in font.cmap:
                self.used_fallbacks[font.name] = font
                return font
        while self._pending:
            loaded = load_font(self._pending.pop(0), need_chinese=False)
            if isinstance(loaded, Skipped):
                self.skipped.append(loaded)
                continue
            self.fallbacks.append(loaded)
            if code in loaded.cmap:
                self.used_fallbacks[loaded.name] = loaded
                return loaded
        self.missing.add(ch)
        return self.primary

    def width(self, ch: str) -> float:
        """Advance width of one character at 1 pt in the font that draws it."""
        return self.font_for(ch).width(ch)

    def text_width(self, text: str, size: float) -> float:
        return sum(self.width(ch) for ch in text) * size

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs by the font that has each character."""
        drawn = getattr(self._job, "chars", None)
        if drawn is not None:
            drawn.update(text)
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch).name
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    @contextmanager
    def recording(self):
        """Collect the characters drawn inside the block (one print), for `describe(chars)`.

        The font set is shared by every print of the process (the GUI prints many times), so what
        one print needed must be told apart from what earlier prints needed.
        """
        previous = getattr(self._job, "chars", None)
        chars: set[str] = set()
        self._job.chars = chars
        try:
            yield chars
        finally:
            self._job.chars = previous

    def describe(self, chars: set[str] | None = None, paths: bool = True) -> str:
        """For the user: which font prints the tables, which fallbacks were needed and which
        characters no font has (for the characters of one print, or for all prints so far).
        paths=False names the fonts only (the GUI: no file paths in ordinary messages)."""
        if chars is None:
            fallbacks = list(self.used_fallbacks.values())
            missing = set(self.missing)
        else:
            chosen = {ch: self.font_for(ch) for ch in chars if ord(ch) >= 32}
            fallbacks = list({f.name: f for f in chosen.values() if f is not self.primary}.values())
            missing = {ch for ch in chosen if ch in self.missing}     # drawn with the main font
        def name(font: LoadedFont) -> str:
            return font.shown if paths else font.title

        lines = [f"使用字体：{name(self.primary)}"]
        for font in fallbacks:
            lines.append(f"后备字体（个别字符）：{name(font)}")
        for skipped in self.skipped:      # e.g. a CFF .otf that would have come first
            lines.append(f"已跳过的字体：{skipped if paths else skipped.shown}")
        if missing:
            lines.append(f"警告：以下字符在所有可用字体中都没有，打印会缺字：{''.join(sorted(missing))}"
                         "（请换用含这些字的字体，或改写这些字）")
        return "\n".join(lines)


_sets: dict[str, FontSet] = {}
_sets_lock = threading.Lock()


def no_font_message(skipped: list[Skipped]) -> str:
    text = ("找不到可用的中文 TrueType 字体，无法打印（为避免打印出缺字的方框，已停止）。"
            "解决办法：Windows 上请确认系统字体中有宋体（simsun.ttc）或仿宋（simfang.ttf）；"
            "统信 UOS、麒麟、Debian、Ubuntu 上请安装 fonts-arphic-gbsn00lp 或 fonts-wqy-microhei 软件包；"
            f"也可以用 --font 或环境变量 {ENV_FONT} 指定一个 .ttf/.ttc 字体文件。")
    if skipped:
        text += "已跳过的字体：" + "；".join(str(s) for s in skipped)
    return text


def _candidate_files(configured: Path | None, dirs: list[Path] | None,
                     chosen: FontFile | None = None) -> tuple[list[FontFile], list[FontFile]]:
    index = _index_font_files(font_dirs() if dirs is None else dirs)
    primaries = [FontFile(index[name], i, label) for name, i, label in PRIMARY_CANDIDATES if name in index]
    symbols = [FontFile(index[name], i, label) for name, i, label in SYMBOL_CANDIDATES if name in index]
    if dirs is None:
        # the font shipped in resources/fonts: after every font of the PC (宋体 first), before none
        shipped = bundled_font()
        if shipped is not None and all(f.path.name.lower() != shipped.name.lower() for f in primaries):
            primaries.append(FontFile(shipped, 0, BUNDLED_LABEL))
    if chosen is not None:
        primaries = [chosen] + [f for f in primaries if (f.path, f.index) != (chosen.path, chosen.index)]
    elif configured is not None:
        primaries.insert(0, FontFile(configured, 0, ""))
    return primaries, symbols


def font_choices(dirs: list[Path] | None = None) -> list[FontFile]:
    """The CJK fonts a user may choose to print with, best first (the first is the default):
    the known TrueType ones on this PC and the bundled one, by name, one entry per name.
    Read from the file headers only (cheap): CFF-outline files are left out."""
    primaries, _symbols = _candidate_files(None, dirs)
    out: list[FontFile] = []
    for font in primaries:
        if any(f.label == font.label for f in out) or outline_problem(font.path, font.index):
            continue
        out.append(font)
    return out


def font_by_name(name: str, dirs: list[Path] | None = None) -> FontFile | None:
    """The choosable font of this name: the exact name shown (宋体（SimSun）), else the name
    without its bracket (宋体), else a unique part of it (SimSun, wqy); None when there is none."""
    wanted = name.strip()
    if not wanted:
        return None
    choices = font_choices(dirs)
    for font in choices:
        if font.label == wanted:
            return font
    low = wanted.lower()
    for font in choices:
        if font.label.split("（")[0].strip().lower() == low:
            return font
    hits = [f for f in choices if low in f.label.lower() or low in f.path.stem.lower()]
    return hits[0] if len(hits) == 1 else None


def find_fonts(configured: str | os.PathLike | FontFile | None = None, dirs: list[Path] | None = None) -> FontSet:
    """The font set for printing; the same object (fonts parsed once) for the same configuration.

    configured: a font file chosen by the user (a path, or a FontFile from font_choices), or
    PERFDESK_FONT; if it cannot be used the reason is raised, not silently replaced. dirs: font
    directories to search (tests).
    """
    if configured is None and os.environ.get(ENV_FONT):
        configured = os.environ[ENV_FONT]
    key = f"{configured}|{dirs}"
    with _sets_lock:
        cached = _sets.get(key)
        if cached is not None:
            return cached
        chosen = configured if isinstance(configured, FontFile) else None
        if chosen is not None:
            path: Path | None = chosen.path
        else:
            path = Path(configured).expanduser() if configured is not None else None
        if path is not None and not path.is_file():
            raise FontError(f"指定的字体文件不存在：{path}")
        primaries, symbols = _candidate_files(path, dirs, chosen)
        skipped: list[Skipped] = []
        primary: LoadedFont | None = None
        rest: list[FontFile] = []
        for candidate in primaries:
            if primary is not None:
                rest.append(candidate)
                continue
            loaded = load_font(candidate)
            if isinstance(loaded, Skipped):
                skipped.append(loaded)
                if path is not None and candidate.path == path:
                    raise FontError(f"指定的字体无法使用：{loaded}")
            else:
                primary = loaded
        if primary is None:
            raise FontError(no_font_message(skipped))
        fonts = FontSet(primary, rest + symbols, skipped)
        _sets[key] = fonts
        return fonts
