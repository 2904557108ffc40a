"""Names that print (印字用氏名, the name as the printer can print it) and name keys (氏名の照合キー).

:func:`normalize_name` makes the registered name (住民票の氏名) printable for a target character set
(:mod:`addrjp.text.charsets`: ``cp932`` by default, ``jisx0208``, ``jisx0213``, ``unicode``) and says
exactly what it changed and why. The rules, from the team's research notes (docs/names.md):

* A character the target can print is never folded: 渡邊, 齋藤, 櫻井 and, under cp932, 髙橋 stay as
  registered. Only what the target cannot print is substituted, one character at a time.
* No NFKC or NFC: targeted steps instead. Invisible characters are removed; half-width katakana become
  full-width with ﾞ/ﾟ composed (ﾜﾞ → ワ゛ where ヷ cannot be printed); decomposed kana are composed;
  radicals become the ideograph they look like; a standardized variation sequence becomes its
  compatibility ideograph; an ideographic variation selector (IVS) is dropped when the target cannot
  carry it (``name.variant_folded``).
* Space convention: leading and trailing spaces go; the space between family and given name is kept as the
  register wrote it when it is one full-width ``　`` (U+3000) or one half-width space. Any other run (two
  spaces, a tab, a no-break space) becomes one space: full-width if the run has one, else half-width if it
  has one, else full-width (half-width in a name written only in ASCII letters). The ``jisx0208`` target,
  which has no ASCII proper, always uses U+3000.
* Names as the register writes them: full-width letters, digits and the full-width hyphen (ＳＭＩＴＨ　ＪＯＨＮ,
  ＳＭＩＴＨ－ＪＯＮＥＳ) are kept for every target; so are ASCII letters, except for ``jisx0208`` (no ASCII in
  the set proper), where they become full-width. Letters with diacritics the target lacks lose the
  diacritic (José → Jose, flagged for review). A middle dot U+00B7 (·) becomes the katakana middle dot ・
  (the register's form, same meaning: ``name.width_fixed``, no review).
* Private-use code points (外字, gaiji: BMP and planes 15–16), 〓 and U+FFFD: the real character is unknown.
  A ward's gaiji map resolves them; otherwise 〓 is printed and ``name.gaiji`` holds the record.
* An unprintable character is replaced, in this order, by its canonical equivalent (compatibility ↔
  unified ideograph), standard kana for hentaigana, the NTA JIS縮退マップ, the MJ縮退マップ candidates
  (法務省戸籍法関連通達 first), and flagged ``name.variant_folded`` for review; with no fold, by 〓 and
  ``name.unprintable``.
* A staff override (印字用氏名 decided by staff) wins over every rule.

The output always round-trips through the target's codec and contains no private-use code point, no
variation selector and no combining mark (except IVS for the ``unicode`` target).

>>> r = normalize_name("髙橋　ﾀﾛｳ")
>>> r.text, [f.code for f in r.findings]
('髙橋\\u3000タロウ', ['name.width_fixed'])
>>> normalize_name("髙橋 太郎", "jisx0208").text
'高橋\\u3000太郎'
>>> [(s.original, s.replacement, s.basis) for s in normalize_name("𠮷田", "cp932").substitutions]
[('𠮷', '吉', 'mj_shrink')]
>>> normalize_name("\\ue000田").text, normalize_name("\\ue000田").findings[0].code
('〓田', 'name.gaiji')
>>> name_key("髙橋　太郎") == name_key("高橋 太郎") == "高橋太郎"
True
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jntajis

from addrjp.errors import InputError
from addrjp.quality.findings import Finding, status_of
from addrjp.text.charsets import (
    CHARSETS,
    FORBIDDEN_RE,
    is_private_use,
    printable,
    printable_form,
    profile,
    to_target,
)
from addrjp.text.double_byte import LEADS as _LEADS
from addrjp.text.double_byte import pairs_decoded as _pairs_decoded
from addrjp.text.limits import MAX_FIELD_CHARS, check_text
from addrjp.text.variants import (
    compatibility_forms,
    fold_variants,
    radical_to_ideograph,
    standardized_variant,
)
from addrjp.text.whitespace import INVISIBLES, SPACES
from addrjp.text.width import display_width

#: Default length budget of the name line on a postcard, in full-width cells (half-width counts ½).
DEFAULT_MAX_LENGTH: int = 20

#: The placeholder printed for a character that cannot be known or printed (geta, 下駄).
PLACEHOLDER = "\u3013"

# bases of a substitution (provenance)
BASIS_WIDTH = "width"
BASIS_MIDDLE_DOT = "middle_dot"
BASIS_SPACE = "space"
BASIS_INVISIBLE = "invisible_removed"
BASIS_KANA = "kana_composed"
BASIS_COMPOSED = "composed"
BASIS_RADICAL = "radical"
BASIS_TARGET_IMAGE = "target_image"
BASIS_CANONICAL = "canonical_equivalent"
BASIS_HENTAIGANA = "hentaigana"
BASIS_NTA = "nta_jis_shrink"
BASIS_MJ = "mj_shrink"
BASIS_SVS = "standardized_variant"
BASIS_IVS = "variation_selector_dropped"
BASIS_DIACRITIC = "diacritic_removed"
BASIS_PLACEHOLDER = "placeholder"
BASIS_GAIJI = "gaiji_map"
BASIS_OVERRIDE = "staff_override"

_FIELD = "name"
_WIDTH_CODE = "name.width_fixed"
_FOLD_CODE = "name.variant_folded"

# MJ縮退マップ schemes in order of preference for printing (法務省戸籍法関連通達 first; inference last)
_MJ_ORDER = (
    int(jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE),
    int(jntajis.MJShrinkSchemeCombo.JIS_INCORPORATION_UCS_UNIFICATION_RULE),
    int(jntajis.MJShrinkSchemeCombo.MOJ_NOTICE_582),
    int(jntajis.MJShrinkSchemeCombo.INFERENCE_BY_READING_AND_GLYPH),
)

_DAKUTEN, _HANDAKUTEN = "\u3099", "\u309a"
_SPACING = {_DAKUTEN: "\u309b", _HANDAKUTEN: "\u309c", "\uff9e": "\u309b", "\uff9f": "\u309c"}
_SMALL_VOICED = {"\u30f7": "ワ", "\u30f8": "ヰ", "\u30f9": "ヱ", "\u30fa": "ヲ"}  # ヷ ヸ ヹ ヺ
_WIDE_PUNCT = {"'": "\u2019", '"': "\u201d", "`": "\u2018"}  # ASCII quotes have no full-width JIS cell
_MIDDLE_DOTS = frozenset("\u00b7")  # MIDDLE DOT, folded to ・ U+30FB
_KEPT_SPACES = frozenset(" \u3000")  # a single one of these between family and given name is kept as written
_SPACE_RUN = re.compile("[ \u3000]{2}")
_NOT_SPACE = {ord(c): None for c in INVISIBLES}  # invisibles inside a run of spaces are not part of it
_WIDE_OF = {"\u00a5": "\uffe5", "\u203e": "\uffe3"}  # JIS-Roman ¥ ‾ (bytes 0x5C 0x7E): their full-width forms
_LINE_BREAKS = "\t\n\r\x0b\x0c\x85\u2028\u2029"
_ALL_SPACES = frozenset(SPACES) | frozenset(_LINE_BREAKS)


@dataclass(frozen=True, slots=True)
class Substitution:
    """One change: *original* (one or more characters at *position* of the original) → *replacement*."""

    original: str
    replacement: str
    basis: str
    position: int


@dataclass(frozen=True, slots=True)
class NameResult:
    """The printable form of a name for one target, the registered form, and what was changed and why."""

    text: str
    original: str
    substitutions: tuple[Substitution, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the printable form differs from the registered one."""
        return self.text != self.original

    @property
    def status(self) -> str:
        """ok, fixed, review or hold (see :func:`addrjp.quality.findings.status_of`)."""
        return status_of(self.findings, changed=self.changed)


# ---------------------------------------------------------------------------------------------- helpers


def _is_latin(ch: str) -> bool:
    cp = ord(ch)
    return cp < 0x250 or 0x1E00 <= cp <= 0x1EFF or 0xFF01 <= cp <= 0xFF5E


def _is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F


def _is_selector(cp: int) -> bool:
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def _is_gaiji(ch: str) -> bool:
    return is_private_use(ch) or ch == PLACEHOLDER or ch == "\ufffd"


@cache
def _fits(ch: str, charset: str) -> bool:
    """Printable in the target as one character (after its target image): the one rule, :func:`printable_form`."""
    return printable_form(ch, charset).ok


@cache
def _fit_char(ch: str, charset: str) -> tuple[str, str | None, str | None]:
    """Fit one character (no spaces, marks or selectors) to the target: (replacement, basis, finding code).

    Basis None means kept as is (perhaps in the target's image); finding None means no finding.
    """
    cp = ord(ch)
    wide = charset == "jisx0208"
    if ch in _MIDDLE_DOTS:  # not the register's form: the katakana middle dot, same meaning
        return to_target("\u30fb", charset), BASIS_MIDDLE_DOT, _WIDTH_CODE
    if ch in _SMALL_VOICED and not _fits(ch, charset):
        return _SMALL_VOICED[ch] + "\u309b", BASIS_KANA, _WIDTH_CODE
    if _fits(ch, charset):
        image = to_target(ch, charset)
        if wide and len(image) == 1 and 0x21 <= ord(image) <= 0x7E:  # romaji for a JIS X 0208 target
            # widened from the character itself: ¥ shares its byte (0x5C) with \ but is ￥, never ＼
            full = to_target(_WIDE_OF.get(ch) or _WIDE_PUNCT.get(image) or chr(ord(image) + 0xFEE0), charset)
            if printable(full, charset):
                return full, BASIS_WIDTH, _WIDTH_CODE
        return (image, BASIS_TARGET_IMAGE, None) if image != ch else (ch, None, None)
    radical = radical_to_ideograph(ch)
    if radical is not None and radical != ch:
        fitted, basis, code = _fit_char(radical, charset)
        if basis is None or basis == BASIS_TARGET_IMAGE:
            return fitted, BASIS_RADICAL, _WIDTH_CODE
        return fitted, basis, code
    # canonical equivalents: compatibility ideograph → unified (glyph may differ: review), or the reverse
    if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
        unified = unicodedata.normalize("NFC", ch)
        if unified != ch and _fits(unified, charset):
            return to_target(unified, charset), BASIS_CANONICAL, _FOLD_CODE
    for compat in compatibility_forms(ch):
        if _fits(compat, charset):
            return to_target(compat, charset), BASIS_CANONICAL, None
    # Latin letters with diacritics: the base letters
    if _is_latin(ch) and unicodedata.category(ch)[0] == "L":
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base and base != ch:
            fitted = "".join(_fit_char(c, charset)[0] for c in base)
            if _fits_all(fitted, charset):
                return fitted, BASIS_DIACRITIC, _FOLD_CODE
    # hentaigana (変体仮名) → the standard hiragana named in its character name
    if 0x1B000 <= cp <= 0x1B16F:
        kana = _hentaigana(ch)
        if kana and _fits(kana, charset):
            return kana, BASIS_HENTAIGANA, _FOLD_CODE
    # NTA JIS縮退マップ (JIS X 0213 → JIS X 0208)
    nta = jntajis.jnta_shrink_translit(ch, passthrough=True)
    if nta and nta != ch:
        fitted = to_target(nta, charset)
        if _fits_all(fitted, charset):
            fitted = _settle(fitted, charset)
            return fitted, BASIS_NTA, (_FOLD_CODE if _is_ideograph(ch) or len(nta) == 1 else _WIDTH_CODE)
    # MJ縮退マップ candidates, the most authoritative scheme first
    for scheme in _MJ_ORDER:
        for cand in jntajis.mj_shrink_candidates(ch, scheme):
            if cand != ch and cand and _fits_all(cand, charset):
                return _settle(to_target(cand, charset), charset), BASIS_MJ, _FOLD_CODE
    return PLACEHOLDER, BASIS_PLACEHOLDER, "name.unprintable"


def fold_unprintable(ch: str, charset: str = "cp932") -> str | None:
    """The printable fold of one character the target cannot print (𠮷 → 吉, 髙 → 高 for jisx0208), by the
    rules names use (canonical equivalent, hentaigana, NTA and MJ縮退マップ), or None when there is none
    (or the character prints as it is).

    >>> fold_unprintable("𠮷", "cp932"), fold_unprintable("髙", "jisx0208"), fold_unprintable("山")
    ('吉', '高', None)
    """
    name = profile(charset).name
    if len(ch) != 1 or _fits(ch, name) or _is_gaiji(ch):
        return None
    fitted, basis, _ = _fit_char(ch, name)
    return None if basis == BASIS_PLACEHOLDER or not _fits_all(fitted, name) else fitted


def _settle(text: str, charset: str) -> str:
    """Apply the width policy to a printable replacement (the NTA map gives full-width letters: ⓐ → ａ)."""
    return "".join(_fit_char(c, charset)[0] for c in text)


def _fits_all(text: str, charset: str) -> bool:
    return bool(text) and printable(text, charset) and not _has_marks(text)


def _has_marks(text: str) -> bool:
    return any(unicodedata.combining(c) or _is_selector(ord(c)) for c in text)


def _hentaigana(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    if not name.startswith("HENTAIGANA LETTER "):
        return None
    syllable = name.removeprefix("HENTAIGANA LETTER ").split("-")[0]
    try:
        return unicodedata.lookup("HIRAGANA LETTER " + syllable)
    except KeyError:
        return None


# ------------------------------------------------------------------------------------- fast path sets


@cache
def _plain_set(charset: str) -> frozenset[str]:
    """BMP characters kept exactly as they are for *charset* (printable, stable, no width or kana rule): the
    table shipped in :mod:`addrjp.quality.plain_chars` when it was made from what this installation has
    (:func:`plain_stamp`), else :func:`derive_plain_set`."""
    from addrjp.quality import plain_chars

    shipped = plain_chars.PLAIN.get(charset)
    if shipped is not None and plain_stamp() == plain_chars.STAMP:
        return frozenset(shipped)
    return derive_plain_set(charset)


def plain_stamp() -> str:
    """What :func:`derive_plain_set` reads besides this package's own rules: Python's codecs and Unicode
    database, jntajis (the MJ and NTA tables) and jaconv (widths)."""
    import jaconv

    from addrjp.text.code_ranges import python_stamp

    versions = (getattr(jntajis, "__version__", "-"), getattr(jaconv, "__version__", "-"))
    return f"{python_stamp()}/jntajis {versions[0]}/jaconv {versions[1]}"


def derive_plain_set(charset: str) -> frozenset[str]:
    """:func:`_plain_set` derived from the codec and the rules (tens of milliseconds; the build script's)."""
    out = set()
    codec = CHARSETS[charset].codec
    wide = charset == "jisx0208"
    for ch in _repertoire(charset):
        cp = ord(ch)
        if ch in _ALL_SPACES or ch in INVISIBLES or 0xD800 <= cp <= 0xDFFF or 0xFF61 <= cp <= 0xFF9F:
            continue
        if unicodedata.combining(ch) or _is_selector(cp) or _is_gaiji(ch):
            continue
        # a character the codec writes and reads back as itself is its own target image and prints: _fits,
        # and _fit_char keeps it (unless it is a middle dot, or ASCII a JIS X 0208 target widens)
        if (charset != "unicode" and not (wide and 0x21 <= cp <= 0x7E) and ch not in _MIDDLE_DOTS
                and not FORBIDDEN_RE.match(ch) and _round_trips(ch, codec)):
            out.add(ch)
            continue
        if not _fits(ch, charset):
            continue
        fitted, basis, _ = _fit_char(ch, charset)
        if basis is None and fitted == ch:
            out.add(ch)
    return frozenset(out)


def _round_trips(ch: str, codec: str) -> bool:
    try:
        return ch.encode(codec).decode(codec) == ch
    except UnicodeEncodeError:
        return False


def _repertoire(charset: str) -> list[str]:
    """The BMP characters the target's codec can write: every character a plain one must be among.

    Decoding every one- and two-byte sequence of a Shift_JIS-family codec gives the ~11,000 candidates
    in a few milliseconds, instead of testing all 65,536 BMP code points; other codecs test them all. The
    two-byte sequences of a lead byte are decoded as one run, which stops at its first undecodable pair:
    that pair is skipped and the run goes on after it (:func:`_pairs_decoded`: the same characters as
    decoding every pair alone).
    """
    codec = CHARSETS[charset].codec
    if codec not in ("cp932", "shift_jis", "shift_jis_2004"):
        return [chr(cp) for cp in range(0x20, 0x10000)]
    found: set[str] = set()
    for b in (*range(0x20, 0x7F), *range(0xA1, 0xE0)):
        with suppress(UnicodeDecodeError):
            found.add(bytes([b]).decode(codec))
    for lead in _LEADS:
        found.update(_pairs_decoded(lead, codec))
    return sorted(ch for ch in found if ord(ch) >= 0x20 and ord(ch) < 0x10000)


def _separator(run: str, ascii_name: bool, charset: str, halfwidth_kana: bool = False) -> str:
    """The one space a run of spaces inside a name becomes (see the module's space convention).

    In a name written in half-width katakana (ﾔﾏﾀﾞ ﾀﾛｳ) the half-width space widens with the kana.
    """
    if charset == "jisx0208" or (halfwidth_kana and run == " "):
        return "\u3000"
    if run in _KEPT_SPACES:
        return run
    if "\u3000" in run:
        return "\u3000"
    if " " in run or ascii_name:
        return " "
    return "\u3000"


# ------------------------------------------------------------------------------------------ the pipeline


class _Builder:
    """Collects output pieces, substitutions and finding codes for one name."""

    __slots__ = ("charset", "codes", "out", "subs")

    def __init__(self, charset: str) -> None:
        self.charset = charset
        self.out: list[str] = []
        self.subs: list[Substitution] = []
        self.codes: dict[str, list[str]] = {}

    def sub(self, original: str, replacement: str, basis: str, position: int, code: str | None) -> None:
        if original != replacement:
            self.subs.append(Substitution(original, replacement, basis, position))
        if code is not None:
            details = self.codes.setdefault(code, [])
            if basis not in details:
                details.append(basis)


def _emit_char(b: _Builder, ch: str, original: str, position: int, basis_in: str | None = None) -> None:
    """Fit one character and append it; *basis_in* names an earlier step (gaiji map, SVS) for provenance."""
    fitted, basis, code = _fit_char(ch, b.charset)
    if basis is not None:
        if basis_in is not None and basis == BASIS_TARGET_IMAGE:
            basis = basis_in
        b.sub(original, fitted, basis if basis_in is None else f"{basis_in}+{basis}", position, code)
    elif basis_in is not None:
        b.sub(original, fitted, basis_in, position, None)
    b.out.append(fitted)


def _compose_mark(b: _Builder, mark: str, original: str, position: int) -> None:
    """A combining mark after the previous output character: compose it, or make it printable."""
    spacing = _SPACING.get(mark)
    prev = b.out[-1] if b.out and b.out[-1] != " " and len(b.out[-1]) == 1 else ""
    if prev:
        composed = unicodedata.normalize("NFC", prev + mark)
        if (
            len(composed) == 1
            and composed != prev
            and _fits(composed, b.charset)
            and not _is_ideograph(composed)
        ):
            composed = to_target(composed, b.charset)
            b.out[-1] = composed
            basis = BASIS_KANA if spacing else BASIS_COMPOSED
            b.sub(prev + original, composed, basis, position - len(prev), _WIDTH_CODE)
            return
    if spacing is not None and _fits(spacing, b.charset):
        b.out.append(spacing)
        b.sub(original, spacing, BASIS_KANA, position, _WIDTH_CODE)
        return
    b.sub(original, "", BASIS_DIACRITIC, position, _FOLD_CODE)


def _run(text: str, charset: str, gaiji_map: Mapping[str, str] | None, b: _Builder, offset: int = 0) -> None:
    """Build the printable form of *text* into *b* (spaces become the single marker ``" "``)."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        cp = ord(ch)
        pos = offset + i
        if ch in _ALL_SPACES:
            j = i
            while j < n and (text[j] in _ALL_SPACES or text[j] in INVISIBLES):
                j += 1
            b.out.append(" ")
            b.subs.append(Substitution(text[i:j], " ", BASIS_SPACE, pos))  # settled in _finish
            i = j
            continue
        if ch in INVISIBLES or cp in (0xFE0E, 0xFE0F) or (cp < 0x20 or 0x7F <= cp <= 0x9F):
            b.sub(ch, "", BASIS_INVISIBLE, pos, _WIDTH_CODE)
            i += 1
            continue
        if 0xFF61 <= cp <= 0xFF9F:  # half-width katakana and punctuation
            if ch in _SPACING:  # a voiced mark with no letter before it
                prev = b.out[-1] if b.out else ""
                if prev and "\u30a1" <= prev <= "\u30fa":
                    _compose_mark(b, _DAKUTEN if ch == "\uff9e" else _HANDAKUTEN, ch, pos)
                else:
                    b.sub(ch, _SPACING[ch], BASIS_WIDTH, pos, _WIDTH_CODE)
                    b.out.append(_SPACING[ch])
                i += 1
                continue
            full = unicodedata.normalize("NFKC", ch)
            nxt = text[i + 1] if i + 1 < n else ""
            if nxt in ("\uff9e", "\uff9f"):
                composed = unicodedata.normalize("NFC", full + (_DAKUTEN if nxt == "\uff9e" else _HANDAKUTEN))
                if len(composed) != 1 or not _fits(composed, charset):
                    composed = full + _SPACING[nxt]
                b.sub(ch + nxt, composed, BASIS_WIDTH, pos, _WIDTH_CODE)
                b.out.append(composed)
                i += 2
                continue
            fitted = to_target(full, charset)
            b.sub(ch, fitted, BASIS_WIDTH, pos, _WIDTH_CODE)
            b.out.append(fitted)
            i += 1
            continue
        if _is_selector(cp):
            prev = b.out[-1] if b.out else ""
            svs = standardized_variant(prev, ch) if 0xFE00 <= cp <= 0xFE0D and len(prev) == 1 else None
            if svs is not None:
                b.out.pop()
                _emit_char(b, svs, prev + ch, pos - 1, BASIS_SVS)
            elif charset == "unicode" and cp >= 0xE0100 and len(prev) == 1 and _is_ideograph(prev):
                b.out[-1] = prev + ch  # the target carries the IVS
            else:
                b.sub(ch, "", BASIS_IVS, pos, _FOLD_CODE)
            i += 1
            continue
        if unicodedata.combining(ch):
            _compose_mark(b, ch, ch, pos)
            i += 1
            continue
        if _is_gaiji(ch):
            mapped = gaiji_map.get(ch) if gaiji_map else None
            if mapped is not None and mapped and not any(_is_gaiji(c) for c in mapped):
                sub_b = _Builder(charset)
                _run(mapped, charset, None, sub_b)
                replacement = "".join(sub_b.out).replace(" ", "")
                b.out.append(replacement)
                bases = "+".join(dict.fromkeys([BASIS_GAIJI, *(s.basis for s in sub_b.subs)]))
                b.subs.append(Substitution(ch, replacement, bases, pos))
                for code, details in sub_b.codes.items():
                    b.codes.setdefault(code, []).extend(d for d in details if d not in b.codes[code])
            else:
                b.sub(ch, PLACEHOLDER, BASIS_PLACEHOLDER, pos, "name.gaiji")
                b.out.append(PLACEHOLDER)
            i += 1
            continue
        if 0xD800 <= cp <= 0xDFFF:  # a lone surrogate from a broken decode
            b.sub(ch, PLACEHOLDER, BASIS_PLACEHOLDER, pos, "name.unprintable")
            b.out.append(PLACEHOLDER)
            i += 1
            continue
        _emit_char(b, ch, ch, pos)
        i += 1


def _finish(original: str, b: _Builder, max_length: int | None) -> NameResult:
    """Settle the spaces, then make the findings."""
    pieces = b.out
    letters = [p for p in pieces if p != " "]
    ascii_name = bool(letters) and all((p.isascii() and p.isalpha()) or p in "'-." for p in letters)
    halfwidth_kana = any("\uff61" <= c <= "\uff9f" for c in original)
    # trim space markers at both ends, collapse the rest (runs were already one marker each)
    start, end = 0, len(pieces)
    while start < end and pieces[start] == " ":
        start += 1
    while end > start and pieces[end - 1] == " ":
        end -= 1
    space_subs = [s for s in b.subs if s.basis == BASIS_SPACE]
    other = [s for s in b.subs if s.basis != BASIS_SPACE]
    kept_spaces: list[Substitution] = []
    text_parts: list[str] = []
    marker_index = 0
    for idx, piece in enumerate(pieces):
        if piece == " ":
            s = space_subs[marker_index]
            marker_index += 1
            sep = _separator(s.original.translate(_NOT_SPACE), ascii_name, b.charset, halfwidth_kana)
            inside = start <= idx < end and not (text_parts and text_parts[-1] in _KEPT_SPACES)
            replacement = sep if inside else ""
            if inside:
                text_parts.append(sep)
            if s.original != replacement:
                kept_spaces.append(Substitution(s.original, replacement, BASIS_SPACE, s.position))
                b.codes.setdefault(_WIDTH_CODE, [])
                if BASIS_SPACE not in b.codes[_WIDTH_CODE]:
                    b.codes[_WIDTH_CODE].append(BASIS_SPACE)
        else:
            text_parts.append(piece)
    text = "".join(text_parts)
    subs = tuple(sorted([*other, *kept_spaces], key=lambda s: s.position))
    findings: list[Finding] = []
    if not text.strip(" \u3000" + PLACEHOLDER) and PLACEHOLDER not in text:
        findings.append(Finding.of("name.empty", field=_FIELD))
    for code in ("name.gaiji", "name.unprintable", _FOLD_CODE, _WIDTH_CODE):
        if code in b.codes:
            findings.append(
                Finding.of(
                    code,
                    field=_FIELD,
                    fixed=code in (_FOLD_CODE, _WIDTH_CODE),
                    detail=";".join(b.codes[code]),
                )
            )
    if max_length is not None and display_width(text) > max_length:
        findings.append(Finding.of("name.too_long", field=_FIELD, detail=f"max {max_length}"))
    return NameResult(text, original, subs, tuple(findings))


def _fast_unchanged(text: str, charset: str, max_length: int | None) -> bool:
    """True when *text* is already in its printable form: all plain characters, spaces in the convention."""
    plain = _PLAIN.get(charset)
    if plain is None:
        plain = _PLAIN[charset] = _plain_set(charset)
    if max_length is not None and len(text) > max_length and display_width(text) > max_length:
        return False
    if plain.issuperset(text):
        return True
    # single spaces between the parts are kept as written (U+3000 only for jisx0208)
    spaces = "\u3000" if charset == "jisx0208" else " \u3000"
    core = text.replace("\u3000", "") if charset == "jisx0208" else text.replace(" ", "").replace("\u3000", "")
    return (
        text[0] not in spaces
        and text[-1] not in spaces
        and _SPACE_RUN.search(text) is None
        and plain.issuperset(core)
    )


_PLAIN: dict[str, frozenset[str]] = {}


@lru_cache(maxsize=131072)
def _normalize_cached(text: str, charset: str, max_length: int | None) -> NameResult:
    if _fast_unchanged(text, charset, max_length):
        return NameResult(text, text)
    return _normalize(text, charset, None, max_length)


def _normalize(
    text: str, charset: str, gaiji_map: Mapping[str, str] | None, max_length: int | None
) -> NameResult:
    b = _Builder(charset)
    _run(text, charset, gaiji_map, b)
    return _finish(text, b, max_length)


def normalize_name(
    text: str,
    charset: str = "cp932",
    *,
    gaiji_map: Mapping[str, str] | None = None,
    override: str | None = None,
    max_length: int | None = DEFAULT_MAX_LENGTH,
) -> NameResult:
    """The printable form of a registered name for *charset*, with substitutions and findings.

    *gaiji_map* resolves private-use characters and 〓 (see :func:`load_gaiji_map`); *override* is the
    printable name staff decided for this resident (see :func:`load_name_overrides`) and wins over every
    rule; *max_length* is the name line's budget in full-width cells (None: no limit). A name or override
    longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    check_text(text, "name")
    check_text(override, "override")
    name = profile(charset).name
    original = "" if text is None else str(text)
    if override is not None:
        return _apply_override(original, override, name, max_length)
    if not original:
        return NameResult("", "", (), (Finding.of("name.empty", field=_FIELD),))
    if gaiji_map and any(_is_gaiji(c) for c in original):
        return _normalize(original, name, gaiji_map, max_length)
    return _normalize_cached(original, name, max_length)


def plain_name(text: str, charset: str = "cp932", *, max_length: float | None = DEFAULT_MAX_LENGTH) -> bool:
    """True when *text* is already its own printable form (そのまま印字できる氏名, a name printed as written):
    :func:`normalize_name` of it (without an override, with or without a gaiji map) is *text* itself, with
    no substitution and no finding. Most names of a register are; a run gives them their row without
    building a result. A name longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an
    :class:`~addrjp.errors.InputError`, as in :func:`normalize_name`.

    >>> plain_name("新宿　太郎"), plain_name("新宿  太郎"), plain_name("髙橋　一郎"), plain_name("")
    (True, False, True, False)
    """
    check_text(text, "name")
    # a plain character is never a gaiji character (_plain_set), so a gaiji map changes nothing here
    return bool(text) and _fast_unchanged(text, profile(charset).name, max_length)  # type: ignore[arg-type]


def _apply_override(original: str, override: str, charset: str, max_length: int | None) -> NameResult:
    text = to_target(override.strip(" \u3000"), charset)
    subs = (Substitution(original, text, BASIS_OVERRIDE, 0),) if text != original else ()
    findings: list[Finding] = []
    if not text:
        findings.append(Finding.of("name.empty", field=_FIELD))
    if any(_is_gaiji(c) for c in text):
        findings.append(Finding.of("name.gaiji", field=_FIELD, detail=BASIS_OVERRIDE))
    if not printable(text.replace(PLACEHOLDER, ""), charset) or _has_marks(text):
        findings.append(Finding.of("name.unprintable", field=_FIELD, detail=BASIS_OVERRIDE))
    if max_length is not None and display_width(text) > max_length:
        findings.append(Finding.of("name.too_long", field=_FIELD, detail=f"max {max_length}"))
    return NameResult(text, original, subs, tuple(findings))


# ------------------------------------------------------------------------------------------- name keys

_KEY_DROP = {
    **{ord(c): None for c in (*_ALL_SPACES, *INVISIBLES, "\ufe0e", "\ufe0f")},
    **{cp: None for cp in (*range(0x20), *range(0x7F, 0xA0))},
}
_KEY_MARKS = {0x309B: _DAKUTEN, 0x309C: _HANDAKUTEN, 0xFF9E: _DAKUTEN, 0xFF9F: _HANDAKUTEN}
_KEY_SAME = {
    0x301C: "~",
    0xFF5E: "~",
    0x2212: "-",
    0xFF0D: "-",
    0x2010: "-",
    0x2015: "-",
    0x2019: "'",
    0x2018: "`",
    0x201D: '"',
    0x2225: "\u2016",
    0x00B7: "\u30fb",  # · is ・ (folded without review by normalize_name)
}


@lru_cache(maxsize=262144)
def name_key(text: str) -> str:
    """Comparison key for duplicate detection: widths, spaces, invisibles, selectors and variants folded.

    Two registrations of the same name get the same key whether or not their characters are printable
    (髙/高, 﨑/崎, 邊/邉/辺, 齋/齊/斎, 濵/濱/浜, ﾀﾛｳ/タロウ, ＳＭＩＴＨ/smith). Never print a key. Idempotent.
    Text longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    check_text(text, "name")
    if not text:
        return ""
    key = text.translate(_KEY_DROP)
    if key.isascii():
        return key.upper()
    key = key.translate(_KEY_MARKS)
    key = "".join(unicodedata.normalize("NFKC", c) if 0xFF01 <= ord(c) <= 0xFFEE else c for c in key)
    key = unicodedata.normalize("NFC", key.upper())
    # NFC again: a dropped selector between two combining marks leaves them to be reordered (idempotence)
    return unicodedata.normalize("NFC", fold_variants(key).translate(_KEY_SAME).translate(_KEY_DROP))


# ------------------------------------------------------------------------------------------ CSV loaders

_CODEPOINT_RE = re.compile(r"^(?:U\+|0x|\\u|\\U)?([0-9A-Fa-f]{4,6})$")


def _read_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(p)) from None
    for enc in ("utf-8-sig", "cp932"):
        try:
            content = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("the file is neither UTF-8 nor CP932", file=str(p), hint="save it as UTF-8 CSV")
    rows: list[tuple[int, list[str]]] = []
    for lineno, row in enumerate(csv.reader(content.splitlines()), start=1):
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        rows.append((lineno, row))
    return rows


def _parse_key_char(cell: str) -> str | None:
    cell = cell.strip()
    m = _CODEPOINT_RE.match(cell)
    if m:
        cp = int(m.group(1), 16)
        if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            return None
        return chr(cp)
    if len(cell) == 1:
        return cell
    return None


def load_gaiji_map(path: str | Path) -> dict[str, str]:
    """Read a ward's gaiji map (外字対応表): CSV rows ``code point, Unicode text``.

    The code point is written ``U+E000`` (or ``E000``, ``0xE000``) or as the character itself; the text
    is the real character(s), e.g. ``U+E000,𠮷``. A header row (``code,text``…), blank lines and lines
    starting with ``#`` are skipped. Bad rows raise :class:`addrjp.errors.InputError` naming file and line.
    """
    out: dict[str, str] = {}
    for lineno, row in _read_rows(path):
        first = row[0].strip()
        if (
            lineno == 1
            and _parse_key_char(first) is None
            and first.lower() in ("code", "codepoint", "code_point", "gaiji", "char", "外字", "コード")
        ):
            continue
        if len(row) < 2:
            raise InputError("a row needs two columns: code point, Unicode text", file=str(path), line=lineno)
        key = _parse_key_char(first)
        if key is None:
            raise InputError(
                "the first column is not a code point like U+E000 or one character",
                file=str(path),
                line=lineno,
                column="1",
            )
        if len(row[1]) > MAX_FIELD_CHARS:
            raise InputError(f"the replacement text is longer than {MAX_FIELD_CHARS:,} characters",
                             file=str(path), line=lineno, column="2")
        value = (
            unicodedata.normalize("NFC", row[1].strip()) if not _has_cjk_compat(row[1]) else row[1].strip()
        )
        if not value:
            raise InputError("the replacement text is empty", file=str(path), line=lineno, column="2")
        if any(_is_gaiji(c) for c in value):
            raise InputError(
                "the replacement is itself a private-use character or 〓",
                file=str(path),
                line=lineno,
                column="2",
                hint="give the real Unicode character",
            )
        if key in out and out[key] != value:
            raise InputError("the same code point is mapped twice, differently", file=str(path), line=lineno)
        out[key] = value
    return out


def _has_cjk_compat(text: str) -> bool:
    return any(0xF900 <= ord(c) <= 0xFAFF or 0x2F800 <= ord(c) <= 0x2FA1F for c in text)


def load_name_overrides(path: str | Path) -> dict[str, str]:
    """Read staff overrides (印字用氏名): CSV rows ``id, printable name``; a header row ``id,name`` is skipped.

    Bad rows (missing id or name, the same id twice with different names) raise InputError with the line.
    """
    out: dict[str, str] = {}
    for lineno, row in _read_rows(path):
        rid = row[0].strip()
        if lineno == 1 and rid.lower() in ("id", "resident_id", "住民番号", "宛名番号"):
            continue
        if len(row) < 2 or not rid:
            raise InputError("a row needs two columns: id, printable name", file=str(path), line=lineno)
        name = row[1].strip()
        if not name:
            raise InputError("the printable name is empty", file=str(path), line=lineno, column="2")
        if len(name) > MAX_FIELD_CHARS or len(rid) > MAX_FIELD_CHARS:
            raise InputError(f"a cell longer than {MAX_FIELD_CHARS:,} characters", file=str(path), line=lineno)
        if FORBIDDEN_RE.search(name.replace(PLACEHOLDER, "")):
            raise InputError(
                "the printable name contains a private-use or control character",
                file=str(path),
                line=lineno,
                column="2",
            )
        if rid in out and out[rid] != name:
            raise InputError("the same id appears twice with different names", file=str(path), line=lineno)
        out[rid] = name
    return out


__all__ = [
    "CHARSETS",
    "DEFAULT_MAX_LENGTH",
    "PLACEHOLDER",
    "NameResult",
    "Substitution",
    "fold_unprintable",
    "load_gaiji_map",
    "load_name_overrides",
    "name_key",
    "normalize_name",
    "plain_name",
]
