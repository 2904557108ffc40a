"""Readings (読み, yomi) of names, for duplicate detection only.

A name registered as 悦子 in one system and エツコ in another, or 斉藤 and 斎藤, has one reading. This
module gives the reading in hiragana through ``pykakasi`` (a dictionary-based kana converter), behind one
small function so the converter can be replaced. pykakasi's dictionary is loaded one first character at a
time and its words are found by the text's prefixes (:mod:`addrjp.quality.kanwa_index`), so a run pays for
the few hundred characters its names need.

Guard: pykakasi silently drops characters it does not know — everything outside the Basic Multilingual
Plane and the CJK compatibility block (it returns ``''`` for 髙 and ``'た'`` for 𠮷田). A partial reading
would make two different names look alike, so :func:`reading` returns ``None`` whenever any character
cannot be read on its own, and callers must never compare ``None``. Apply it to names already folded to
standard characters (:func:`addrjp.quality.names.name_key`). Readings of names are guesses (名乗り読み are
many: 幸子 is さちこ or ゆきこ): :func:`readings` gives every reading pykakasi's dictionary lists for the
whole name, and two names may be the same when their sets meet.

>>> reading("ハナコ") == reading("花子")
True
>>> reading("髙橋") is None
True
>>> reading("") is None
True
>>> sorted(readings("幸子"))
['さちこ', 'ゆきこ']
>>> readings("サチコ") & readings("幸子")
frozenset({'さちこ'})
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

_KANA_SIGNS = frozenset("ー々〆ヶゝゞヽヾ")


@lru_cache(maxsize=1)
def _converter() -> Any:
    from addrjp.quality.kanwa_index import use_index, use_longest_match

    indexed = use_index()  # pykakasi reads its dictionary one first character at a time, not all of it now
    import pykakasi

    kakasi = pykakasi.Kakasi()  # the converter behind pykakasi.kakasi(), without the old API's wrapper
    if indexed:  # a word looked up by the text's prefixes, not by a scan of its first character's words,
        use_longest_match(kakasi)
        hiragana_only(kakasi)  # and no romaji made for a reading that reads only the hiragana
    return kakasi


class _HiraganaOnly:
    """pykakasi's script conversion (``IConv.convert``) giving only what a reading reads: the original
    text and its hiragana, made by pykakasi's own method (``_k2h``) as pykakasi makes them; not the
    katakana and the three romanisations it makes beside them for every piece of text (two thirds of a
    reading's time once the words are found by the longest match)."""

    def __init__(self, iconv: Any) -> None:
        self._own = iconv
        k2h = iconv._k2h
        self.convert = lru_cache(maxsize=256)(lambda otext, hira: {"orig": otext, "hira": k2h(hira)})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._own, name)


def hiragana_only(kakasi: Any) -> bool:
    """Make *kakasi* (a ``pykakasi.Kakasi()``, used only for :func:`reading` and :func:`readings`) give
    only the ``orig`` and ``hira`` of each piece (:class:`_HiraganaOnly`), when its pykakasi is one this was
    proved against (:func:`~addrjp.quality.kanwa_index.pykakasi_proved`); True when in use.

    Proof: pykakasi's ``Kakasi.convert`` only collects what ``IConv.convert`` returns, and ``hira`` is
    ``_k2h`` of its input there; tests/quality/test_kanwa_index.py reads 10,000 texts alike in a process
    where pykakasi converts them itself.
    """
    from addrjp.quality.kanwa_index import pykakasi_proved

    if not pykakasi_proved():
        return False
    iconv = getattr(kakasi, "_iconv", None)
    if isinstance(iconv, _HiraganaOnly):
        return True
    if iconv is None or not callable(getattr(iconv, "_k2h", None)):
        return False
    kakasi._iconv = _HiraganaOnly(iconv)
    return True


def warm_up() -> None:
    """Make the converter now (milliseconds; the first run on a machine files pykakasi's dictionary for
    :mod:`addrjp.quality.kanwa_index`, about a second), e.g. while other processes work."""
    _converter()


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096" or "\u30a1" <= ch <= "\u30fa" or ch in _KANA_SIGNS


@lru_cache(maxsize=65536)
def _char_readable(ch: str) -> bool:
    """True when pykakasi gives a reading for *ch* alone (kana always; a kanji only if known)."""
    if _is_kana(ch):
        return True
    cp = ord(ch)
    if cp > 0xFFFF or 0xF900 <= cp <= 0xFAFF or 0xE000 <= cp <= 0xF8FF or ch == "〓":
        return False
    if not unicodedata.category(ch).startswith("L"):
        return False
    return bool("".join(item["hira"] for item in _converter().convert(ch)))


@lru_cache(maxsize=262144)
def reading(name: str) -> str | None:
    """The reading of *name* in hiragana (spaces dropped), or None when it cannot be read in full."""
    text = "".join(name.split())
    if not text or not all(_char_readable(c) for c in text):
        return None
    out = "".join(item["hira"] for item in _converter().convert(text))
    if not out or not all(_is_kana(c) for c in out):
        return None
    return out


@lru_cache(maxsize=262144)
def readings(name: str) -> frozenset[str]:
    """Every reading of *name* known to pykakasi's dictionary (whole-word entries), empty when unreadable.

    Always contains :func:`reading` when that is not None.
    """
    text = "".join(name.split())
    first = reading(text)
    if first is None:
        return frozenset()
    out = {first}
    if not all(_is_kana(c) for c in text):
        for yomi in _dictionary_entries(text):
            if yomi and all(_is_kana(c) for c in yomi):
                out.add(yomi)
    return frozenset(out)


def _dictionary_entries(word: str) -> list[str]:
    """Readings listed for *word* as a whole entry in pykakasi's kanwa dictionary ([] if none or unavailable)."""
    try:
        from pykakasi.kanji import Kanwa

        table = Kanwa().load(word[0])
    except Exception:  # a private part of pykakasi: without it, one reading per name
        return []
    if not table:
        return []
    return [yomi for yomi, tail in table.get(word, ()) if tail is None]
