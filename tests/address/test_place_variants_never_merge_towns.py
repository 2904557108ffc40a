"""The variants of place names (text.place_variants) fold spellings of one name, never two names.

The table is generated from maintained sources (scripts/build_place_variants.py); what it adds to the keys of
names (:func:`~addrjp.address.town_keys.base_key`) must never give two towns of one municipality, two
municipalities or two prefectures of Japan Post's data the same comparison key: the matcher would then print
one for the other.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addrjp.address.town_keys import base_key, clean_name, town_key
from addrjp.address.towns import TownMaster, load_town_master
from addrjp.text.place_variants import PLACE_VARIANTS


@pytest.fixture(scope="module")
def master() -> TownMaster:
    return load_town_master()


def _merged(names: set[str]) -> list[list[str]]:
    """Groups of *names* that share a key only because of the place-name variants (keys, no names printed)."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_key[town_key(clean_name(name))].add(name)
    return [sorted(group) for group in by_key.values()
            if len({base_key(clean_name(n)) for n in group}) > 1]


def test_no_two_towns_of_one_municipality_share_a_key_through_the_place_variants(master: TownMaster) -> None:
    merged = {(pref, city): m for pref, city in master.cities()
              if (m := _merged({t.town for t in master.towns_in(pref, city)}))}
    assert not merged, f"{len(merged)} municipalities: {sorted(merged)[:5]}"  # official names (public data)


def test_no_two_municipalities_or_prefectures_share_a_key_through_the_place_variants(master: TownMaster) -> None:
    cities = master.cities()
    assert not _merged({city for _, city in cities})
    assert not _merged({pref for pref, _ in cities})


def test_the_four_pairs_of_the_issue_that_a_maintained_table_relates_are_folded() -> None:
    assert town_key("竈") == town_key("竃") and base_key("竈") != base_key("竃")
    assert town_key("藪") == town_key("薮") and base_key("藪") != base_key("薮")
    # no maintained table relates these (see scripts/build_place_variants.py): not folded
    for a, b in ("礒磯", "籔薮", "祗祇", "竈釜"):
        assert town_key(a) != town_key(b)


@given(st.text(alphabet=st.sampled_from(sorted(set(PLACE_VARIANTS) | set(PLACE_VARIANTS.values()) | set("町字ヶ之の"))),
               max_size=12))
def test_town_key_is_idempotent_and_keeps_the_length(text: str) -> None:
    key = town_key(text)
    assert town_key(key) == key and len(key) == len(text)
