"""Towns for the format's property tests: real towns of a few municipalities, sampled evenly, and made-up
towns of every numbering kind (丁目 without a list, 丁目 known with mixed systems, with a ``None`` key)."""

from __future__ import annotations

from collections.abc import Iterable

from addrjp.address.towns import Town, load_town_master

#: Made-up towns of the numbering kinds the real sample may miss.
MADE_UP: tuple[Town, ...] = (
    Town("東京都", "新宿区", "試験町", "13104", has_chome=True),
    Town("東京都", "新宿区", "試験町", "13104", chome_numbering={1: "jukyo", 2: "chiban"}),
    Town("東京都", "新宿区", "試験町", "13104", chome_numbering={None: "chiban", 3: "jukyo"}),
)


def sample_towns(places: Iterable[tuple[str, str]], per_place: int, extra: Iterable[Town] = ()) -> list[Town | None]:
    """``None`` (no town), about *per_place* towns of each (prefecture, municipality) of *places*, evenly
    spaced in the master's order, then :data:`MADE_UP` and *extra*."""
    master = load_town_master()
    picked: list[Town | None] = [None]
    for pref, city in places:
        towns = list(master.towns_in(pref, city))
        picked += towns[:: max(1, len(towns) // per_place)]
    return [*picked, *MADE_UP, *extra]
