#!/usr/bin/python3
"""Font subsets for the app: small Latin faces and two CJK subsets (core, loaded up front; ext,
loaded lazily when text needs a character core lacks).

    /usr/bin/python3 tools/make_fonts.py --charset build/demo/charset.txt --src src --out build/site/fonts

Writes into --out:
  inter-regular.otf, inter-semibold.otf   Inter (CFF kept, desubroutinized, no hinting, no layout
                                          tables): the INTER ranges of assets/fonts/base_ranges.inc
                                          (Latin, Latin-1, Latin Extended-A, punctuation, currency
                                          signs, arrows, minus, check mark)
  cjk-core.ttf                            Droid Sans Fallback: the demo's characters (--charset), every
                                          non-ASCII character in string literals under --src, and the
                                          CJK ranges (CJK punctuation, full-width forms, yuan sign)
  cjk-ext.ttf                             the same plus all 6,763 GB2312 hanzi

Only Debian's python3 and python3-fonttools are used. Idempotent: the output bytes depend only on
the inputs (font timestamps are kept), and files whose bytes would not change are not rewritten.
"""
import argparse
import io
import os
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

INTER_DIR = "/usr/share/fonts/opentype/inter"
DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

# The ranges always in the fonts: one list with src/ui/fonts.cpp, which draws them into its atlas.
BASE_RANGES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "fonts", "base_ranges.inc")


def read_ranges(path):
    """{"inter": [(first, last)...], "cjk": [...]} from assets/fonts/base_ranges.inc."""
    out = {"inter": [], "cjk": []}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            m = re.match(r"\s*(INTER|CJK)\((0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+)\)\s*(//.*)?$", line)
            if not m:
                sys.exit(f"make_fonts: {path}:{n}: expected 'INTER(FIRST, LAST)  // what' or 'CJK(...)', found {line.strip()!r}")
            lo, hi = int(m.group(2), 16), int(m.group(3), 16)
            if lo > hi:
                sys.exit(f"make_fonts: {path}:{n}: the range ends before it starts")
            out[m.group(1).lower()].append((lo, hi))
    return out


def expand(ranges):
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


def gb2312_hanzi():
    """Every hanzi in GB2312: rows 0xB0-0xF7, columns 0xA1-0xFE (a few cells are unassigned)."""
    out = []
    for row in range(0xB0, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                ch = bytes([row, col]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.append(ord(ch))
    return out


# A C/C++ lexer just good enough to find string literals: skips comments and character literals,
# understands escapes, encoding prefixes (u8, u, U, L) and raw strings R"delim(...)delim".
_TOKEN = re.compile(
    r'//[^\n]*'                                        # line comment
    r'|/\*.*?\*/'                                      # block comment
    r'|(?:u8|u|U|L)?R"(?P<delim>[^()\\\s]{0,16})\((?P<raw>.*?)\)(?P=delim)"'  # raw string
    r'|(?:u8|u|U|L)?"(?P<str>(?:\\.|[^"\\\n])*)"'      # ordinary string
    r"|(?:u8|u|U|L)?'(?:\\.|[^'\\\n])*'",              # character literal
    re.S)


def literal_chars(text):
    chars = set()
    for m in _TOKEN.finditer(text):
        body = m.group("raw") if m.group("raw") is not None else m.group("str")
        if body:
            chars.update(ord(c) for c in body if ord(c) >= 0x80)
    return chars


def scan_sources(src):
    chars, files = set(), 0
    for root, dirs, names in os.walk(src):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".cpp", ".h")):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    chars |= literal_chars(f.read())
                files += 1
    chars.discard(0xFFFD)  # a replacement character would only mean a file was not UTF-8
    return chars, files


def options(cff):
    o = subset.Options()
    o.hinting = False
    o.desubroutinize = cff
    o.layout_features = []              # Dear ImGui draws glyph by glyph: no shaping, no kerning
    o.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "STAT", "MATH", "meta"]
    o.glyph_names = False
    o.legacy_kern = False
    o.notdef_outline = True
    o.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, family, style, id, full name, version, PS name
    o.name_languages = [0x0409]
    o.recalc_timestamp = False
    return o


def make_subset(src_path, codepoints, cff):
    font = TTFont(src_path, recalcTimestamp=False, lazy=False)
    cmap = font.getBestCmap()
    wanted = sorted(cp for cp in codepoints if cp in cmap)
    missing = sorted(cp for cp in codepoints if cp not in cmap)
    sub = subset.Subsetter(options(cff))
    sub.populate(unicodes=wanted)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue(), len(wanted), missing


def write_if_changed(path, data):
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--charset", required=True, help="text file of characters the demo uses (gen_demo writes it)")
    ap.add_argument("--src", required=True, help="source tree to scan for string literals (*.cpp, *.h)")
    ap.add_argument("--out", required=True, help="output directory")
    args = ap.parse_args()

    for path in (DROID, os.path.join(INTER_DIR, "Inter-Regular.otf"), os.path.join(INTER_DIR, "Inter-SemiBold.otf")):
        if not os.path.exists(path):
            sys.exit(f"make_fonts: {path} is missing (Debian packages fonts-inter and fonts-droid-fallback)")
    with open(args.charset, encoding="utf-8") as f:
        charset = {ord(c) for c in f.read() if ord(c) >= 0x80}
    literals, nfiles = scan_sources(args.src)
    os.makedirs(args.out, exist_ok=True)

    ranges = read_ranges(BASE_RANGES)
    latin = expand(ranges["inter"])
    core = charset | literals | expand(ranges["cjk"])
    ext = core | set(gb2312_hanzi())

    jobs = [
        ("inter-regular.otf", os.path.join(INTER_DIR, "Inter-Regular.otf"), latin, True),
        ("inter-semibold.otf", os.path.join(INTER_DIR, "Inter-SemiBold.otf"), latin, True),
        ("cjk-core.ttf", DROID, core, False),
        ("cjk-ext.ttf", DROID, ext, False),
    ]
    print(f"make_fonts: {len(charset)} characters from {args.charset}, {len(literals)} from string literals in "
          f"{nfiles} files under {args.src}")
    for name, src_path, cps, cff in jobs:
        data, n, missing = make_subset(src_path, cps, cff)
        path = os.path.join(args.out, name)
        changed = write_if_changed(path, data)
        note = f", {len(missing)} requested characters not in the font" if missing else ""
        print(f"  {name:<20} {len(data) / 1024:8.1f} KB  {n:5d} characters{note}{'' if changed else ' (unchanged)'}")
        # Characters of our own text that neither the Latin faces nor this CJK face can draw.
        uncovered = [cp for cp in missing if name.startswith("cjk") and cp in charset | literals and cp not in latin]
        if uncovered:
            print(f"    no glyph anywhere for: {''.join(chr(c) for c in uncovered[:40])}")


if __name__ == "__main__":
    main()
