"""Names printed as written, decided as a column (そのまま印字できる氏名の列判定).

Most names of a register are their own printable form (:func:`~addrjp.quality.names.plain_name`) and their
key (:func:`~addrjp.quality.names.name_key`) is the name without its spaces. A run decides both for every
distinct name at once with polars instead of one Python call per name, and only where it is provably what
the per-name functions give; every other name goes through them as before.

* **printed as written** — the rule of ``plain_name`` as column expressions: every character plain for the
  target (the names module's plain set) or one of the spaces the convention keeps (half- and full-width;
  full-width only for JIS X 0208), no space at either end, no two spaces together, and not longer than the
  line's budget (a longer name is left to ``plain_name``, which measures its display width). Only the
  characters that occur in the run's names are looked at: those outside the plain set form one small
  character class.
* **its key** — the name without its spaces, when every other character is *key-stable*: its own
  ``name_key``, a starter of canonical composition (combining class 0, its own canonical decomposition) in a
  block where no character composes with the one before it (ASCII, CJK symbols, kana without the combining
  sound marks, CJK ideographs). Each step of ``name_key`` (dropping spaces, upper case, NFKC of full-width
  forms, variant folding, the marks and look-alike tables) then works character by character and leaves
  each such character as it is, and NFC leaves a sequence of such starters as it is.

>>> import polars as pl
>>> plain_name_frame(pl.Series(["新宿　太郎", "新宿  太郎", "髙橋　一郎", "", "ﾀﾛｳ"]), "cp932", 12).rows()
[(True, '新宿太郎'), (False, None), (True, None), (False, None), (False, None)]
"""

from __future__ import annotations

import unicodedata

import polars as pl

#: Blocks in which no character composes canonically with the character before it (no Hangul jamo, no
#: Indic vowel signs): ASCII, CJK symbols and punctuation, hiragana and katakana, CJK ideographs.
_KEY_BLOCKS: tuple[tuple[int, int], ...] = ((0x21, 0x7E), (0x3001, 0x303F), (0x3041, 0x3096), (0x309D, 0x30FF),
                                            (0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def _key_stable(ch: str) -> bool:
    """True when :func:`~addrjp.quality.names.name_key` leaves *ch* as it is wherever it stands (see the
    module's text)."""
    from addrjp.quality.names import name_key

    cp = ord(ch)
    return (any(lo <= cp <= hi for lo, hi in _KEY_BLOCKS) and unicodedata.combining(ch) == 0
            and unicodedata.normalize("NFD", ch) == ch and name_key(ch) == ch)


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):X}}}" for c in sorted(chars)) + "]"


def plain_name_frame(names: pl.Series, charset: str, max_length: float | None) -> pl.DataFrame:
    """``plain`` (bool) and ``key`` (text, null where not decided here) for each of *names* (text, no nulls):
    ``plain`` only where :func:`~addrjp.quality.names.plain_name` of the name is true (False: decided by the
    per-name functions, not necessarily not plain); ``key`` its :func:`~addrjp.quality.names.name_key` where
    the name is plain and its key is the name without its spaces."""
    from addrjp.quality.names import _plain_set
    from addrjp.text.charsets import profile

    name = profile(charset).name
    frame = names.alias("n").to_frame()
    if max_length is None or not frame.height:  # no line budget: names are measured one by one
        return frame.with_columns(plain=pl.lit(False), key=pl.lit(None, pl.String)).drop("n")
    plain = _plain_set(name)
    spaces = "\u3000" if name == "jisx0208" else " \u3000"
    seen = frame.select(pl.col("n").str.split("").explode().unique()).to_series().to_list()
    bad = [c for c in seen if c and c not in plain and c not in spaces]
    unstable = [c for c in seen if c and c in plain and not _key_stable(c)]
    n = pl.col("n")
    space_class = _char_class(list(spaces))
    ok = ((n.str.len_chars() > 0) & (n.str.len_chars() <= max_length)
          & ~n.str.contains(f"^{space_class}|{space_class}$|[ \u3000]{{2}}"))
    if bad:
        ok = ok & ~n.str.contains(_char_class(bad))
    core = n.str.replace_all(space_class, "")
    key = pl.when(ok).then(core)
    if unstable:
        key = pl.when(ok & ~n.str.contains(_char_class(unstable))).then(core)
    return frame.select(plain=ok, key=key.otherwise(pl.lit(None, pl.String)))


__all__ = ["plain_name_frame"]
