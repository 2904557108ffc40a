"""Target character sets (印字文字セット, the repertoire a printer or a file can carry) and printability.

A printing vendor's "Shift_JIS" may be JIS X 0208 only, or Windows' CP932 with NEC row 13 and the IBM
extensions (髙 﨑 德 ① Ⅲ), or JIS X 0213. A target is therefore an explicit *profile*: a repertoire plus a
code-point convention, because the same JIS cell has two Unicode images (0x8160 is 〜 U+301C under JIS,
～ U+FF5E under CP932; 0x817C is − U+2212 or － U+FF0D). :func:`to_target` writes each character in the
image that survives the target's encode/decode round trip unchanged.

Profiles (:data:`CHARSETS`):

``cp932``
    Windows-31J (Python codec ``cp932``): JIS X 0208, NEC row 13, NEC-selected and IBM extensions.
``jisx0208``
    JIS X 0208 with ASCII/JIS X 0201 (Python codec ``shift_jis``): no 髙, no ①.
``jisx0213``
    JIS X 0213:2004 (Python codec ``shift_jis_2004``): adds 鷗 𡈽 﨑 德, still no 髙 or 𠮷.
``unicode``
    Any assigned character, written as UTF-8.

A successful encode is not proof of printability: Python's ``cp932`` encodes the private-use area
(U+E000–E757) into the user-defined area, and 〓 (geta) encodes everywhere while meaning "unknown
character". Private-use code points (BMP and planes 15–16), 〓, U+FFFD and control characters are
therefore never printable in any profile. Rules from the team's research notes (docs/names.md) and
CPython's codecs.

>>> printable("髙橋", "cp932"), printable("髙橋", "jisx0208"), printable("\\ue000", "cp932")
(True, False, False)
>>> to_target("〜−", "cp932") == "\\uff5e\\uff0d", to_target("～－", "jisx0208") == "\\u301c\\u2212"
(True, True)
>>> unprintable_chars("𠮷田鷗外", "cp932")
['𠮷', '鷗']
>>> encoding_for("jisx0208")
'shift_jis'

:func:`printable_form` is **the one rule** every printed field is judged by: names
(:mod:`addrjp.quality.names`), address lines (:mod:`addrjp.quality.address_charset`) and the vendor's
``addrjp check``. The text is taken in the target's image, then every character must be printable:

>>> printable_form("𠮷ハイツ〜101", "cp932")
PrintableForm(text='𠮷ハイツ～101', unprintable=('𠮷',))
>>> describe_chars(("𠮷", "①"))
'U+20BB7 𠮷;U+2460 ①'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from addrjp.errors import InputError


@dataclass(frozen=True, slots=True)
class CharsetProfile:
    """One target: its name, the Python codec that decides the repertoire and writes files, and fallbacks."""

    name: str
    codec: str
    description: str
    #: byte-identical images for characters the codec rejects (e.g. ～ U+FF5E → 〜 U+301C under JIS)
    fallbacks: dict[str, str] = field(default_factory=dict)


_JIS_IMAGES = {"\uff5e": "\u301c", "\uff0d": "\u2212", "\u2225": "\u2016", "\uffe2": "\u00ac"}

#: The profiles, by name.
CHARSETS: dict[str, CharsetProfile] = {
    "cp932": CharsetProfile("cp932", "cp932", "Windows-31J: JIS X 0208 + NEC row 13 + IBM extensions"),
    "jisx0208": CharsetProfile("jisx0208", "shift_jis", "JIS X 0208 (+ ASCII / JIS X 0201)", _JIS_IMAGES),
    "jisx0213": CharsetProfile(
        "jisx0213",
        "shift_jis_2004",
        "JIS X 0213:2004",
        {"\uff5e": "\u301c", "\uffe2": "\u00ac", "\uff3c": "\\"},
    ),
    "unicode": CharsetProfile("unicode", "utf-8", "any assigned Unicode character (UTF-8)"),
}

_ALIASES = {
    "cp932": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "windows31j": "cp932",
    "jisx0208": "jisx0208",
    "jis_x_0208": "jisx0208",
    "jisx0213": "jisx0213",
    "jis_x_0213": "jisx0213",
    "shift_jis_2004": "jisx0213",
    "unicode": "unicode",
    "utf-8": "unicode",
    "utf8": "unicode",
    "utf-8-sig": "unicode",
}

#: Never printable, whatever the codec says: C0/C1 controls, private use (BMP and planes 15–16), 〓, U+FFFD.
FORBIDDEN_RE = re.compile("[\x00-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff\u3013\ufffd]")


def is_private_use(ch: str) -> bool:
    """True for a private-use code point (BMP U+E000–F8FF or supplementary planes 15 and 16)."""
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000


def profile(charset: str) -> CharsetProfile:
    """The profile for *charset* (a profile name or an unambiguous alias); InputError otherwise.

    >>> profile("MS932").name
    'cp932'
    """
    try:
        return CHARSETS[charset]  # a profile's own name (the common case) is its own alias
    except (KeyError, TypeError):
        pass
    key = _ALIASES.get(charset.strip().lower().replace(" ", "")) if isinstance(charset, str) else None
    if key is None:
        raise InputError(
            f"unknown character set {charset[:40]!r}" if isinstance(charset, str) else "unknown character set",
            hint="use one of cp932, jisx0208, jisx0213, unicode (plain 'shift_jis' is ambiguous: "
            "ask the vendor whether they mean JIS X 0208 only or CP932)",
        )
    return CHARSETS[key]


def encoding_for(charset: str) -> str:
    """The Python codec to write files for *charset* (``cp932``, ``shift_jis``, ``shift_jis_2004``, ``utf-8``)."""
    return profile(charset).codec


@cache
def _char_printable(ch: str, name: str) -> bool:
    if FORBIDDEN_RE.match(ch):
        return False
    if name == "unicode":
        cat = unicodedata.category(ch)
        cp = ord(ch)
        return cat not in ("Cn", "Cs", "Co", "Cc") and not (0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE)
    try:
        ch.encode(CHARSETS[name].codec)
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str, charset: str = "cp932") -> bool:
    """True when every character of *text* is in the target's repertoire (and none is PUA, 〓 or a control).

    An empty string is printable. Works on one character or a whole string.
    """
    p = profile(charset)
    if not text:
        return True
    if FORBIDDEN_RE.search(text):
        return False
    if p.name == "unicode":
        return all(_char_printable(ch, "unicode") for ch in text)
    try:
        text.encode(p.codec)
    except UnicodeEncodeError:
        return False
    return True


def unprintable_chars(text: str, charset: str = "cp932") -> list[str]:
    """The characters of *text* the target cannot print, each once, in order of first appearance."""
    name = profile(charset).name
    out: list[str] = []
    for ch in text:
        if not _char_printable(ch, name) and ch not in out:
            out.append(ch)
    return out


@cache
def _char_to_target(ch: str, name: str) -> str:
    p = CHARSETS[name]
    if name == "unicode":
        return ch
    if not _char_printable(ch, name):
        alt = p.fallbacks.get(ch)
        return alt if alt is not None and _char_printable(alt, name) else ch
    image = ch.encode(p.codec).decode(p.codec)
    if image != ch and _char_printable(image, name) and image.encode(p.codec).decode(p.codec) == image:
        return image
    return ch


def to_target(text: str, charset: str = "cp932") -> str:
    """*text* with each printable character in the target's round-trip-stable image (〜 → ～ for cp932).

    Characters the target cannot print are left as they are (see :func:`unprintable_chars`); so are ASCII
    and anything already stable. Idempotent.
    """
    p = profile(charset)
    if text.isascii() or p.name == "unicode":
        return text
    try:
        if text.encode(p.codec).decode(p.codec) == text:
            return text
    except UnicodeEncodeError:
        pass
    return "".join([_char_to_target(ch, p.name) for ch in text])


@dataclass(frozen=True, slots=True)
class PrintableForm:
    """A text in the target's image (:func:`to_target`) and the characters of it the target cannot print."""

    text: str
    unprintable: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every character prints."""
        return not self.unprintable


def printable_form(text: str, charset: str = "cp932") -> PrintableForm:
    """印字可否 (printability): *text* as written for *charset* and what in it cannot be printed.

    The one rule for every printed field: ``addrjp clean`` writes :attr:`PrintableForm.text` and holds the
    row when :attr:`PrintableForm.unprintable` is not empty; ``addrjp check`` judges each written cell with
    this same function, so whatever ``clean`` writes, ``check`` passes. Idempotent: the form of a form is
    itself. The same JIS cell written in either Unicode image (〜 U+301C / ～ U+FF5E) is judged the same.
    """
    p = profile(charset)
    if not text:
        return PrintableForm(text)
    if p.name != "unicode" and FORBIDDEN_RE.search(text) is None:
        # the common case, one encode: a text that round-trips is its own image (to_target) and prints
        # (printable: no forbidden character, and it encodes)
        if text.isascii():
            return PrintableForm(text)
        try:
            if text.encode(p.codec).decode(p.codec) == text:
                return PrintableForm(text)
        except UnicodeEncodeError:
            pass
    image = to_target(text, charset)
    if printable(image, charset):
        return PrintableForm(image)
    return PrintableForm(image, tuple(unprintable_chars(image, charset)))


def prints_as_is(text: str, charset: str = "cp932") -> bool:
    """True when *text* is printed as it stands: ``printable_form(text, charset) == PrintableForm(text)``
    (every character prints and is already in the target's image).

    For ``cp932`` and ``jisx0208`` each distinct character is judged once per process (their codecs
    encode character by character, so a text round-trips exactly when each of its characters does, and
    the forbidden characters are single characters); for the other profiles :func:`printable_form` itself.

    >>> prints_as_is("新宿区西新宿2-8-1"), prints_as_is("〜", "cp932"), prints_as_is("髙", "jisx0208")
    (True, False, False)
    """
    name = profile(charset).name
    known = _STABLE.get(name)
    if known is None:
        form = printable_form(text, charset)
        return form.ok and form.text == text
    return _all_stable(set(text), known, name)


def lines_print_as_is(line1: str, line2: str | None, charset: str = "cp932") -> bool:
    """``prints_as_is(line1, charset) and (not line2 or prints_as_is(line2, charset))``: for ``cp932``
    and ``jisx0208`` the characters of both lines judged together (each character is judged alone there,
    so two texts print as they stand exactly when their characters all do).

    >>> lines_print_as_is("新宿区西新宿2-8-1", "コーポ 101"), lines_print_as_is("新宿区", "〜")
    (True, False)
    """
    # a profile's own name is its profile's name (CHARSETS is keyed by them): no look-up for those, and
    # none at all for the default one (the str "cp932" itself)
    if not (type(charset) is str and charset == "cp932"):
        name = charset if type(charset) is str and charset in _STABLE else profile(charset).name
        known = _STABLE.get(name)
        if known is None:
            return prints_as_is(line1, charset) and (not line2 or prints_as_is(line2, charset))
        if name != "cp932":
            chars = set(line1)
            if line2:
                chars.update(line2)
            return _all_stable(chars, known, name)
    # cp932: each character is stable when it is not forbidden and round-trips alone, and cp932 is a stateless
    # codec whose every character's bytes begin with a byte that says how many follow: the text of both
    # lines round-trips exactly when each character does, and the forbidden ones are single characters.
    # A character round-trips when it encodes and is none of the six that encode to another's bytes
    # (_CP932_ONE_WAY): so one search and one encode, no decode (the slower half of the round trip)
    text = f"{line1}{line2}" if line2 else line1
    if _CP932_NOT_AS_IS.search(text) is not None:
        return False
    try:
        _cp932_encode(text)
    except UnicodeEncodeError:
        return False
    return True


#: the characters Python's ``cp932`` encodes to the bytes of another character (``ch.encode("cp932")
#: .decode("cp932") != ch``): ¢ £ ¬ ‖ − 〜 (their full-width and NEC forms are what decodes). Every other
#: character that encodes decodes to itself (tested over every code point:
#: tests/text/test_cp932_one_way.py)
_CP932_ONE_WAY = "\u00a2\u00a3\u00ac\u2016\u2212\u301c"
#: a character of a text that keeps it from printing as it stands in cp932, as far as a search can tell:
#: a forbidden one (:data:`FORBIDDEN_RE`) or one of :data:`_CP932_ONE_WAY`
#: (an alternation whatever FORBIDDEN_RE's shape; the compiler merges two classes into one)
_CP932_NOT_AS_IS = re.compile(f"{FORBIDDEN_RE.pattern}|[{_CP932_ONE_WAY}]", FORBIDDEN_RE.flags)
_cp932_encode = codecs.lookup("cp932").encode  # (strict: raises UnicodeEncodeError)


def _all_stable(chars: set[str], known: set[str], name: str) -> bool:
    """Whether every one of *chars* prints as it stands in the profile *name*, the ones not yet *known*
    judged alone and added to it."""
    if chars <= known:
        return True
    for ch in chars - known:
        if not _char_stable(ch, name):
            return False
        known.add(ch)
    return True


#: the characters of a character-by-character profile found printable as they stand, filled on first sight
#: (bounded by the profile's repertoire): the one memo of :func:`prints_as_is` (a character that does not
#: print is rare, and sends its row to a person anyway; it is judged again each time)
_STABLE: dict[str, set[str]] = {"cp932": set(), "jisx0208": set()}


def _char_stable(ch: str, name: str) -> bool:
    codec = CHARSETS[name].codec
    if FORBIDDEN_RE.match(ch):
        return False
    try:
        return ch.encode(codec).decode(codec) == ch
    except UnicodeEncodeError:
        return False


def describe_chars(chars: tuple[str, ...] | list[str]) -> str:
    """Characters with their code points for a finding's detail or a message: ``U+20BB7 𠮷;U+2460 ①``.

    A character alone is not personal data; never pass a whole name or address here. A control or
    private-use character is given by its code point only.
    """
    parts = []
    for ch in chars:
        shown = "" if FORBIDDEN_RE.match(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") \
            else f" {ch}"
        parts.append(f"U+{ord(ch):04X}{shown}")
    return ";".join(parts)


def round_trips(text: str, charset: str = "cp932") -> bool:
    """True when *text* encodes in the target's codec and decodes back to exactly *text*."""
    codec = profile(charset).codec
    try:
        return text.encode(codec).decode(codec) == text
    except UnicodeEncodeError:
        return False
