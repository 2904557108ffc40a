"""codes_for keeps the codes of a town whose rows all cover the whole town: the same codes as the rules give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.towns import load_town_master
from addrjp.postal.index import load_index
from addrjp.postal.lookup import codes_for

_TOWNS = [t.town for t in load_town_master().towns_in("東京都", "新宿区")]


@given(st.sampled_from(_TOWNS), st.none() | st.integers(0, 12), st.none() | st.integers(1, 300).map(str),
       st.none() | st.integers(1, 40).map(str), st.sampled_from([None, "新宿センタービル", "住友ビル", "コーポ"]),
       st.none() | st.integers(-2, 60))
@settings(max_examples=300, deadline=None)
def test_a_kept_town_gives_the_codes_of_its_rules(town: str, chome: int | None, banchi: str | None, go: str | None,
                                                  building: str | None, floor: int | None) -> None:
    args = ("東京都", "新宿区", town, chome, banchi, go, building, floor)
    kept = codes_for(*args)  # the second call of a town may come from what the first one kept
    load_index().__dict__.pop("_codes_constant", None)
    assert codes_for(*args) == kept
    load_index().__dict__.pop("_codes_constant", None)
    assert codes_for(*args) == codes_for(*args)


def test_only_towns_whose_rows_cover_the_whole_town_are_kept() -> None:
    codes_for("東京都", "新宿区", "西新宿", 2, "8", "1")  # high-rise buildings have rows of their own
    codes_for("東京都", "新宿区", "霞ケ丘町", None, "10")
    kept = load_index().__dict__.get("_codes_constant", {})
    assert ("東京都", "新宿区", "西新宿") not in kept and ("東京都", "新宿区", "霞ケ丘町") in kept
