"""The stage's length checks made once (the validator's texts, the parsed fields for the postal rules and the
lines together) and the misspelt-town search kept per text: the same verdicts and errors as the direct ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.format import format_lines
from addrjp.address.model import Address, check_fields
from addrjp.address.towns import load_town_master
from addrjp.errors import InputError
from addrjp.postal.lookup import codes_for
from addrjp.quality.record import (
    _fields_within_limit,
    _fuzzy_ranked,
    _fuzzy_towns,
    _postal_findings_kept,
    _postal_state,
    address_validator,
    validate_address,
)
from addrjp.text.limits import MAX_TEXT_CHARS

_LENGTHS = st.sampled_from([0, 1, 3, 400, 999, 1000, 1001, 1999, 2000, 3999, 4000, 4001])
_FIELDS = ("pref", "city", "town", "banchi", "go", "building", "koaza", "street", "room", "rest")


def _raises(fn: object, *args: object, **kwargs: object) -> str | None:
    try:
        fn(*args, **kwargs)  # type: ignore[operator]
    except InputError as exc:
        return str(exc)
    return None


@given(st.fixed_dictionaries({name: st.none() | _LENGTHS for name in _FIELDS}))
@settings(max_examples=600, deadline=None)
def test_fields_within_limit_together_pass_both_checks_they_stand_for(lengths: dict[str, int | None]) -> None:
    values = {name: (None if n is None else "1" * n) for name, n in lengths.items()}
    a = Address(**values)  # type: ignore[arg-type]
    total = sum(len(v) for v in values.values() if v)
    assert _fields_within_limit(a) == (total <= MAX_TEXT_CHARS)
    if _fields_within_limit(a):
        check_fields(a)  # neither raises
        codes_for(a.pref or "", a.city or "", a.town or "", banchi=a.banchi, go=a.go, building=a.building)


@given(st.sampled_from(["西新宿", "四谷", "市谷田町"]), _LENGTHS, _LENGTHS, st.sampled_from(["", "ビ", "ビル 101"]))
@settings(max_examples=300, deadline=None)
def test_the_postal_findings_and_lines_refuse_or_not_as_with_the_checks(town: str, building: int, rest: int,
                                                                        room: str) -> None:
    a = Address(pref="東京都", city="新宿区", town=town, chome=1, banchi="1", go="2", building="ビ" * building or None,
                rest="x" * rest or None, room=room or None)
    postal = _postal_state("160-0004")
    checked = _fields_within_limit(a)
    for _ in range(2):  # the town known to the memo, or not
        assert _raises(_postal_findings_kept, "160-0004", a, [], postal, None, checked) == _raises(
            _postal_findings_kept, "160-0004", a, [], postal)
    assert _raises(format_lines, a, None, prefecture=True, checked=checked) == _raises(
        format_lines, a, None, prefecture=True)


class _Text(str):
    """A str of another type: the validator's written-out test leaves it to check_texts."""


_TEXTS = (st.sampled_from(["", "160-0023", "1" * 2000, "1" * 4001])
          | st.sampled_from(["新宿区西新宿2-8-1", "西早稲田2丁目1番5号", "西" * 2000, "西" * 4001])
          | st.sampled_from(["メゾン", "1" * 1999, "1" * 4000]))


@given(_TEXTS, _TEXTS, st.none() | _TEXTS, st.booleans())
@settings(max_examples=300, deadline=None)
def test_the_validator_refuses_and_verdicts_as_validate_address(postal: str, address: str, address2: str | None,
                                                                 subclass: bool) -> None:
    if subclass:
        postal, address = _Text(postal), _Text(address)
    validate = address_validator(area="13104")
    try:
        want = validate_address(postal_code=postal, address=address, address2=address2, area="13104")
    except InputError as exc:
        with pytest.raises(InputError) as got:
            validate(postal, address, address2)
        assert str(got.value) == str(exc)
        return
    assert validate(postal, address, address2) == want


_MISSPELT = [("東京都", "新宿区", t) for t in ("西親宿", "四矢", "市ヶ谷田町", "早稲田鶴巻", "新宿", "x", "神楽坂")] + [
    ("北海道", "札幌市中央区", "北一条西"), ("京都府", "京都市中京区", "与力町"), ("大阪府", "大阪市北区", "梅多")]


@pytest.mark.parametrize(("pref", "city", "written"), _MISSPELT)
@pytest.mark.parametrize("pcode", [None, "1620815", "1600023", "0600001"])
def test_the_misspelt_town_search_kept_per_text_is_the_direct_one(pref: str, city: str, written: str,
                                                                  pcode: str | None) -> None:
    master = load_town_master()
    direct = _fuzzy_ranked.__wrapped__(master, pref, city, written, pcode)
    for _ in range(2):  # computed, then kept
        towns, text, spans = _fuzzy_towns(Address(pref=pref, city=city), pcode, written)
        assert (tuple(towns), spans) == direct and text == written
        towns.clear()  # the caller's copies: the kept result is not changed
        spans.clear()


def test_the_validator_gives_an_address_verdict_with_its_fields() -> None:
    from addrjp.quality.record import AddressVerdict

    got = address_validator(area="13104")("", "西早稲田2丁目1番5号", "コーポ 101")
    want = validate_address(postal_code="", address="西早稲田2丁目1番5号", address2="コーポ 101", area="13104")
    assert type(got) is AddressVerdict and got == want
    assert got._asdict() == want._asdict() and got.postal_code_out == "162-0051"
