"""The validation stage's memos give what the direct computation gives: the postal findings kept per postal code,
town and the parts codes_for reads; the master's facts of a town; the validator with its options checked once;
both address keys in one call."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.model import Address
from addrjp.address.towns import load_town_master
from addrjp.errors import InputError
from addrjp.postal.index import load_index
from addrjp.quality.address_keys import address_key, address_keys, block_key
from addrjp.quality.findings import Finding
from addrjp.quality.record import (
    _chome_list,
    _postal_findings,
    _postal_findings_kept,
    _postal_state,
    _town_facts,
    address_validator,
    validate_address,
)


def _places() -> list[tuple[str, str, str]]:
    """Towns of every rule kind nationwide, towns with building rows, towns of office codes, Shinjuku."""
    index = load_index()
    areas = index.areas
    out: list[tuple[str, str, str]] = []
    for kind in ("all", "parts", "except", "chome_part", "banchi_part", "rest", "floor"):
        heads = (areas.filter(pl.col("rule_kind") == kind).select("pref", "city", "town").unique()
                 .sort(["pref", "city", "town"]))
        out += [tuple(r) for r in heads.rows()[:: max(1, heads.height // 15)][:15]]  # type: ignore[misc]
    offices = index.offices.select("pref", "city", "town").unique().sort(["pref", "city", "town"])
    out += [tuple(r) for r in offices.rows()[:: max(1, offices.height // 15)][:15]]  # type: ignore[misc]
    out += [("東京都", "新宿区", t) for t in ("西新宿", "西早稲田", "四谷", "市谷田町", "霞ケ丘町")]
    return sorted(set(out))


def _codes() -> list[str]:
    index = load_index()
    offices = index.offices.select("code").unique().sort("code")["code"].to_list()
    areas = index.areas.select("code").unique().sort("code")["code"].to_list()
    return (offices[:: max(1, len(offices) // 20)][:20] + areas[:: max(1, len(areas) // 20)][:20]
            + ["160-0023", "1630215", "163-8001", "100-8799", "162-0051", "", "160-002", "000-0000", "１６０－００２３"])


_PLACES = _places()
_CODES = _codes()
_NUMBER = st.none() | st.sampled_from(["1", "01", "2", "6", "10", "18", "376", "x"])


@st.composite
def _addresses(draw: st.DrawFn) -> Address:
    pref, city, town = draw(st.sampled_from(_PLACES))
    if draw(st.integers(0, 9)) == 0:  # the address fields a parse may leave empty
        pref, city, town = draw(st.sampled_from([(pref, city, None), (None, city, town), (pref, None, None)]))
    return Address(pref=pref, city=city, town=town, chome=draw(st.none() | st.integers(0, 4)),
                   banchi=draw(_NUMBER), go=draw(_NUMBER),
                   building=draw(st.sampled_from([None, "コーポ", "新宿住友ビル", "新宿センタービル"])),
                   floor=draw(st.none() | st.integers(-1, 30)))


@given(st.lists(st.tuples(st.sampled_from(_CODES), _addresses()), min_size=1, max_size=30))
@settings(max_examples=400, deadline=None)
def test_postal_findings_kept_are_the_direct_ones(cases: list[tuple[str, Address]]) -> None:
    for pc_in, address in cases + cases:  # each twice: the second from the memo
        postal = _postal_state(pc_in)
        direct: list[Finding] = []
        want = _postal_findings(pc_in, address, direct, postal)
        kept: list[Finding] = [Finding.of("address.no_number", field="address")]
        assert _postal_findings_kept(pc_in, address, kept, postal) == want
        assert kept[1:] == direct


def test_postal_findings_kept_refuse_a_part_too_long() -> None:
    address = Address(pref="東京都", city="新宿区", town="四谷", chome=1, banchi="1", building="ビ" * 4001)
    for _ in range(2):  # the town known to the memo, or not
        with pytest.raises(InputError, match="building"):
            _postal_findings_kept("160-0004", address, [], _postal_state("160-0004"))


def test_town_facts_are_the_masters_answers() -> None:
    master = load_town_master()
    for pref, city in (("東京都", "新宿区"), ("北海道", "札幌市中央区"), ("京都府", "京都市中京区"), ("大阪府", "大阪市北区")):
        names = [t.town for t in master.towns_in(pref, city)] + ["市ヶ谷田町", "どこにもない町", ""]
        for name in names:
            facts = _town_facts(master, pref, city, name)
            town = master.find_town(pref, city, name)
            chomes = town.chome_list if town is not None else ()
            assert facts.town == town
            assert facts.chomes == tuple(chomes)
            assert facts.span == (f"{min(chomes)}-{max(chomes)}" if chomes else None)
            assert facts.chome_optional == master.valid_chome(pref, city, name, None)
            if town is not None:
                assert _chome_list(town) == facts.chomes


def _register() -> list[tuple[str, str, str]]:
    from benchmarks.synth_register import generate

    rows = generate(800, seed=11, town_down=0.3).rows
    return [(code, address, address2) for _id, _name, code, address, address2, _birth in rows]


_KEYS = [*_register(), ("160-0023", "", ""), ("", "　\u200b", "メゾン"), ("abc", "新宿区四谷本山町1-1", ""),
         ("163-8001", "新宿区西新宿2-8-1", "都庁"), ("160-0023", "新宿区西新宿2-8-1〜𠮷", "①ハイツ")]


@pytest.mark.parametrize("options", [
    {}, {"area": "13104"}, {"area": "131041", "style": "vertical", "numerals": "positional"},
    {"style": "official", "prefecture": False, "charset": "jisx0208"}, {"charset": "unicode"},
])
def test_the_validator_is_validate_address(options: dict[str, object]) -> None:
    validate = address_validator(**options)  # type: ignore[arg-type]
    for postal, address, address2 in _KEYS:
        want = validate_address(postal_code=postal, address=address, address2=address2 or None,
                                **options)  # type: ignore[arg-type]
        assert validate(postal, address, address2 or None) == want


def test_the_validator_refuses_what_validate_address_refuses() -> None:
    for kwargs in ({"style": "diagonal"}, {"area": "99999"}, {"area": "1" * 5000}):
        with pytest.raises(InputError) as want:
            validate_address(postal_code="", address="新宿区西新宿2-8-1", **kwargs)  # type: ignore[arg-type]
        with pytest.raises(InputError) as got:
            address_validator(**kwargs)  # type: ignore[arg-type]
        assert str(got.value) == str(want.value)
    validate = address_validator(area="13104")
    for args in (("1" * 5000, "西新宿2-8-1", None), ("", "西" * 4001, None), ("", "西新宿2-8-1", "1" * 4001)):
        with pytest.raises(InputError) as want:
            validate_address(postal_code=args[0], address=args[1], address2=args[2], area="13104")
        with pytest.raises(InputError) as got:
            validate(*args)
        assert str(got.value) == str(want.value)


_TEXT = st.none() | st.sampled_from(["", "1", "08", "西新宿", "東京都", "新宿区", "101", "203号室", "Ａ-1"])


@given(st.none() | st.builds(Address, pref=_TEXT, city=_TEXT, town=_TEXT, chome=st.none() | st.integers(0, 30),
                             banchi=_TEXT, go=_TEXT, room=_TEXT, floor=st.none() | st.integers(-2, 40)))
@settings(max_examples=2000, deadline=None)
def test_address_keys_are_both_keys(address: Address | None) -> None:
    assert address_keys(address) == (address_key(address) or "", block_key(address) or "")


def test_the_town_keys_of_a_municipality_are_the_direct_ones() -> None:
    from addrjp.address.towns import town_key
    from addrjp.quality.record import _town_keys

    master = load_town_master()
    for pref, city in (("東京都", "新宿区"), ("北海道", "石狩市"), ("京都府", "京都市中京区"), ("東京都", "どこにもない区")):
        want = [(t, town_key(t.town)) for t in master.towns_in(pref, city) if town_key(t.town)]
        assert list(_town_keys(master, pref, city)) == want
