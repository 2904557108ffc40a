"""The horizontal style's numbers with the town's facts read once per town, and the second line joined
without a generator: what the general computation gives (tests/support/format_reference.py)."""

from __future__ import annotations

from format_reference import horizontal_numbers, outcome, second_line
from hypothesis import given, settings
from hypothesis import strategies as st
from town_samples import sample_towns

from addrjp.address.format import _numbers, _second_line, format_address
from addrjp.address.model import Address
from addrjp.address.towns import Town

_TOWNS = sample_towns(
    (("東京都", "新宿区"), ("北海道", "札幌市中央区"), ("京都府", "京都市中京区"), ("大阪府", "大阪市北区"),
     ("長野県", "上水内郡信濃町"), ("沖縄県", "那覇市")), 25,
    extra=(Town("東京都", "新宿区", "試験町", "13104", chome_numbering={None: "jukyo"}),
           Town("東京都", "新宿区", "試験町", "13104", chome_numbering={1: "other", 2: "other"})))  # type: ignore[dict-item]
_NUMBER = st.sampled_from(["1", "2", "3", "8", "10", "18", "49", "50", "51", "376", "826", "01", "0"])


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Address, Town | None]:
    town = draw(st.sampled_from(_TOWNS))
    a = Address(pref=town.pref if town else "東京都", city=town.city if town else "新宿区",
                town=town.town if town else None,
                chome=draw(st.none() | st.integers(0, 60)), banchi=draw(st.none() | _NUMBER | st.just("イ")),
                go=draw(st.none() | _NUMBER), koaza=draw(st.sampled_from([None, "字大野原"])),
                numbering=draw(st.sampled_from([None, "jukyo", "chiban"])),
                building=draw(st.sampled_from([None, "", "コーポ", "新宿センタービル"])),
                room=draw(st.sampled_from([None, "", "101", "203号室", "B1", "3F", "1-2", "A"])))
    return a, town


@given(_cases())
@settings(max_examples=3000, deadline=None)
def test_horizontal_numbers_are_the_general_computation(case: tuple[Address, Town | None]) -> None:
    a, town = case
    assert outcome(_numbers, a, "horizontal", town) == outcome(horizontal_numbers, a, town)
    assert _second_line(a) == second_line(a)


def test_addresses_of_the_master_format_as_before() -> None:
    for town in _TOWNS[1:-5]:
        assert town is not None
        for chome in (None, 1, 2, 5):
            for banchi, go in (("1", None), ("8", "1"), ("826", "3")):
                for numbering in (None, "jukyo", "chiban"):
                    a = Address(pref=town.pref, city=town.city, town=town.town, chome=chome, banchi=banchi, go=go,
                                numbering=numbering, building="コーポ", room="101")  # type: ignore[arg-type]
                    line, _second = format_address(a, split_building=True)
                    assert line.endswith(horizontal_numbers(a, town) + second_line(a)[0])
