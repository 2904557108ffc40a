"""小字と区画 (koaza and lot divisions): the names and numbered divisions written between a town and its lot.

Three forms the number grammar of :mod:`addrjp.address.parse` reads through this module:

- **a 小字 written without 字** in a town whose lots are numbered per 小字: Japan Post's KEN_ALL flags such a
  town (小字毎に番地が起番されている, ``koaza_banchi``), so its lot numbers repeat from one 小字 to the next and
  an address there names its 小字 before the lot (西尾市寺津町四ノ割横道東8). Only there is a longer name of
  kanji read as a 小字 without its 字; elsewhere the short forms of the parser stay the rule;
- **第N号** (a numbered division, 福井県小浜市北塩屋第拾六号五番地: division 第拾六号, lot 5), numerals in digits
  or kanji with 拾・壱・弐・参, only before a lot number (第27号地 is a lot, not a division);
- **N街区** of a 土地区画整理事業 (land readjustment) before the lot (つくば市諏訪C22街区1: block C22, lot 1;
  …土地区画整理事業地内42街区1画地: the project, block 42, lot 1): the provisional block of a site whose lots
  are not numbered yet, kept as written with the project's name.

>>> long_koaza_end("四ノ割横道東8")
6
>>> long_koaza_end("県営住宅101") is None  # a building, not a 小字
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from addrjp.address.town_keys import Town, clean_name
from addrjp.text import HYPHENS
from addrjp.text.numerals import KANJI_NUMERAL_CHARS

__all__ = ["DIVISION_EXTRA", "KUKAKU_DESIGNATION", "koaza_numbered", "long_koaza_end"]

_KANJI_NUMERALS = re.escape(KANJI_NUMERAL_CHARS)
_DASHES = re.escape("".join(sorted(HYPHENS)))
#: a lot number as the grammar reads one: digits, or kanji numerals before 番地/番/a dash (any) and digits
_LOT_AHEAD = f"(?=[0-9]|[{_KANJI_NUMERALS}]+(?:番地|番|[{_DASHES}][0-9]))"

#: a 土地区画整理事業 (land readjustment project) named as the place of a provisional lot: 桶川都市計画事業
#: 下日出谷東特定土地区画整理事業地内, アワセ土地区画整理事業地内 (kept as written, before its 街区)
KUKAKU_DESIGNATION = "[^\\s0-9()（）]{0,40}?土地区画整理事業(?:施行)?(?:地区|区域|地)?内?"

#: the divisions :data:`addrjp.address.parse._DIVISION` reads besides 地割 and 線 (an alternative of its
#: group ``k``): 第N号 and N街区, each only where a lot number follows
DIVISION_EXTRA = (
    f"第(?:[0-9]+|[{_KANJI_NUMERALS}]+)号(?=\\s?(?:[0-9]|[{_KANJI_NUMERALS}]+(?:番地|番|[{_DASHES}][0-9])))"
    f"|(?:{KUKAKU_DESIGNATION})?[A-Z]?[0-9]+街区(?=\\s?[0-9])"
)

#: a 小字 of two to twelve kanji (の/ノ/ヶ/ケ between them) before a lot number
_LONG_KOAZA = re.compile(f"[\u4e00-\u9fff々〆][\u4e00-\u9fff々〆ヶケノの]{{1,11}}?{_LOT_AHEAD}")
#: what a long name must not contain: a number as the grammar reads one (北七番5 is 北 + 7番5, not a 小字),
#: a building word (市営住宅東3, 第二団地北5), nor end with one (若葉荘3, 山田寮12)
_NOT_KOAZA = re.compile(f"[{_KANJI_NUMERALS}]+(?:丁目|丁|番地|番|号)|住宅|団地|宿舎|社宅|官舎")
_BUILDING_END = ("荘", "寮", "館", "棟", "苑", "院", "校", "所", "階")


def long_koaza_end(text: str) -> int | None:
    """Where a 小字 of kanji written without 字 ends at the start of *text* (a lot number follows), or None.

    The shape only; :func:`koaza_numbered` says whether the town allows it."""
    m = _LONG_KOAZA.match(text)
    if m is None:
        return None
    name = m.group()
    if _NOT_KOAZA.search(name) or name.endswith(_BUILDING_END):
        return None
    return m.end()


def koaza_numbered(town: Town) -> bool:
    """True when Japan Post's KEN_ALL says the lots of *town* are numbered per 小字 (小字毎に番地が起番)."""
    return (town.pref, town.city, town.town) in _koaza_numbered_towns()


@lru_cache(maxsize=1)
def _koaza_numbered_towns() -> frozenset[tuple[str, str, str]]:
    """The (prefecture, municipality, town) of every KEN_ALL row with the 小字毎に番地 flag, read once, only when
    a long name follows a town: from the index's ``cities.bin`` (:mod:`addrjp.postal.cities`, no polars: a
    forked worker of ``clean`` may ask), else from its ``areas.parquet`` (about 0.1 s, polars; before a fork,
    :func:`load_before_fork` has read it)."""
    from addrjp.postal.index import load_index

    index = load_index()
    packed = index.cities
    if packed is not None:
        rows: Iterable[tuple[str, str, str | None]] = packed.koaza_towns()
    else:
        import polars as pl

        frame = index.area_columns("pref", "city", "town", "koaza_banchi").filter(pl.col("koaza_banchi"))
        rows = frame.select("pref", "city", "town").iter_rows()
    return frozenset((clean_name(p), clean_name(c), clean_name(t or "")) for p, c, t in rows)


def load_before_fork() -> None:
    """Read now, in this process, what :func:`koaza_numbered` would otherwise read with polars (an index
    without its ``cities.bin``): a process forked after this never needs polars for it (polars' thread pool
    does not survive a fork; the child would hang)."""
    from addrjp.postal.index import load_index

    if load_index().cities is None:
        _koaza_numbered_towns()
