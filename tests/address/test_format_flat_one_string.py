"""The horizontal and official styles' first line written as one string (``format._format_flat``), the
horizontal numbers called directly and written as one string: what the head's concatenation and the
dispatch through ``_numbers`` gave (tests/support/format_reference.py), for every field present or not."""

from __future__ import annotations

from format_reference import format_flat, outcome
from hypothesis import given, settings
from hypothesis import strategies as st
from town_samples import sample_towns

from addrjp.address.format import _format_flat
from addrjp.address.model import Address
from addrjp.address.towns import Town

_TOWNS = sample_towns((("東京都", "新宿区"), ("北海道", "札幌市中央区"), ("長野県", "上水内郡信濃町")), 20)
_NUMBER = st.sampled_from(["1", "2", "8", "10", "49", "50", "51", "826", "01", "0"])
_TEXT = st.sampled_from([None, "", "x"])


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Address, Town | None]:
    town = draw(st.sampled_from(_TOWNS))
    a = Address(pref=draw(st.sampled_from([None, "", town.pref if town else "東京都"])),
                city=draw(st.sampled_from([None, "", town.city if town else "新宿区"])),
                town=draw(st.sampled_from([None, "", town.town if town else "西新宿"])),
                street=draw(st.sampled_from([None, "", "寺町通"])),
                chome=draw(st.none() | st.integers(0, 60)), banchi=draw(st.none() | _NUMBER | st.just("イ")),
                go=draw(st.none() | _NUMBER), koaza=draw(st.sampled_from([None, "", "字大野原"])),
                lot_note=draw(st.sampled_from([None, "", "先"])),
                numbering=draw(st.sampled_from([None, "jukyo", "chiban"])),
                building=draw(st.sampled_from([None, "", "コーポ", "新宿センタービル"])),
                room=draw(st.sampled_from([None, "", "101", "203号室", "B1", "3F", "1-2", "A"])),
                rest=draw(st.sampled_from([None, "", "裏", "2階"])))
    return a, town


@given(_cases(), st.sampled_from(["horizontal", "official"]), st.sampled_from([None, True, False]), st.booleans())
@settings(max_examples=3000, deadline=None)
def test_the_flat_styles_line_is_the_concatenation(case: tuple[Address, Town | None], style: str,
                                                   prefecture: bool | None, split: bool) -> None:
    a, town = case
    assert outcome(_format_flat, a, style, prefecture, split, town) == outcome(
        format_flat, a, style, prefecture, split, town)
