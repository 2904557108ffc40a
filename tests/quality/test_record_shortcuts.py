"""validate_record's shortcuts give what the direct computation gives: blank test, width test, the postal code
folded and looked up once per written code, the address part for the pipeline (validate_address), and the
per-value memos of format_address and the duplicates' keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.model import Address
from addrjp.address.numbers import split_room
from addrjp.mailing.pipeline import CODE_BIT, NO_RANK, summarise
from addrjp.postal.lookup import lookup_postal
from addrjp.quality.address_keys import _ROOM_DROP, _room_key
from addrjp.quality.findings import CATALOGUE, SEVERITY_RANK, Finding, sort_findings
from addrjp.quality.record import (
    _blank,
    _postal_state,
    _wider,
    fold_postal_code,
    validate_address,
    validate_record,
)
from addrjp.text import collapse_spaces, display_width, fold_width, strip_invisibles
from addrjp.text.whitespace import INVISIBLES, SPACES

_ODD = sorted(SPACES | INVISIBLES | set("\n\r\x0b\x0c\x1c\x1d\x85\u2028a西２ｶﾞ〒-－"))


@given(st.text(st.sampled_from(_ODD) | st.characters(), max_size=8))
@settings(max_examples=3000, deadline=None)
def test_blank_is_the_direct_test(text: str) -> None:
    assert _blank(text) == (not collapse_spaces(strip_invisibles(text)))


@given(st.text(st.sampled_from(list("西ｱ2a\u0300\ufe00 　①")) | st.characters(), max_size=40),
       st.sampled_from([0.0, 0.5, 3.0, 12.0, 25.0, 25.5]))
@settings(max_examples=3000, deadline=None)
def test_wider_is_the_measured_width(text: str, limit: float) -> None:
    assert _wider(text, limit) == (display_width(text) > limit)


@given(st.text(st.sampled_from(list("0123456789０１２３-－ー〒 　\t\u200bT")), max_size=12)
       | st.sampled_from(["160-0023", "1600023", "100-8799", "000-0000", "160-0000", ""]))
@settings(max_examples=2000, deadline=None)
def test_postal_state_is_fold_and_lookup(text: str) -> None:
    digits, state = fold_postal_code(text)
    areas = tuple(lookup_postal(digits)) if state == "ok" else ()
    want = (digits, state, areas, any(a.kind != "area" for a in areas))
    assert _postal_state(text) == want
    assert _postal_state(text) == want  # kept


def _register() -> list[tuple[str, str, str]]:
    from benchmarks.synth_register import generate

    rows = generate(1500, seed=5, town_down=0.3).rows
    return [(code, address, address2) for _id, _name, code, address, address2, _birth in rows]


_KEYS = _register()
_HOSTILE = [("160-0023", "", ""), ("", "　\u200b", "メゾン"), ("1600023", "西新宿2-8-1", "101"),
            ("abc", "新宿区四谷本山町1-1", ""), ("162-0821", "津丸戸町3-1", ""), ("100-8799", "千代田区大手町2-3-1", ""),
            ("160-0023", "新宿区西新宿2-8-1〜𠮷", "①ハイツ"), ("160-0023", "新宿区西新宿" + "1" * 40, "x" * 60)]


@pytest.mark.parametrize("options", [
    {}, {"area": "13104"}, {"area": "13104", "style": "vertical", "numerals": "positional"},
    {"style": "official", "prefecture": False, "charset": "jisx0208"}, {"charset": "unicode"},
])
def test_validate_address_is_validate_record_without_the_name(options: dict[str, object]) -> None:
    for postal, address, address2 in _KEYS + _HOSTILE:
        r = validate_record(name=None, postal_code=postal, address=address, address2=address2 or None,
                            check_name=False, **options)  # type: ignore[arg-type]
        v = validate_address(postal_code=postal, address=address, address2=address2 or None,
                             **options)  # type: ignore[arg-type]
        assert tuple(sort_findings(v.findings)) == r.findings
        assert (v.address, v.postal_code_out, v.address_out, v.address2_out, v.suggestion, v.address2_apart) == (
            r.address, r.postal_code_out, r.address_out, r.address2_out, r.suggestion, r.address2_apart)


def test_validate_address_refuses_what_validate_record_refuses() -> None:
    from addrjp.errors import InputError

    for kwargs in ({"style": "diagonal"}, {"area": "99999"}, {"address2": "x" * 5000}):
        with pytest.raises(InputError) as want:
            validate_record(name=None, postal_code="", address="新宿区西新宿2-8-1", check_name=False,
                            **kwargs)  # type: ignore[arg-type]
        with pytest.raises(InputError) as got:
            validate_address(postal_code="", address="新宿区西新宿2-8-1", **kwargs)  # type: ignore[arg-type]
        assert str(got.value) == str(want.value)


_FINDINGS = [Finding.of(code, field="address", severity=sev, fixed=fixed)
             for code, entry in sorted(CATALOGUE.items())[:40] for sev in entry.severities for fixed in (False, True)]


@given(st.lists(st.sampled_from(_FINDINGS), max_size=6))
@settings(max_examples=1000, deadline=None)
def test_summarise_in_one_pass(findings: list[Finding]) -> None:
    mask = 0
    for f in findings:
        mask |= 1 << CODE_BIT[f.code]
    rank = max((SEVERITY_RANK[f.severity] for f in findings), default=NO_RANK)
    assert summarise(findings) == (mask, rank, any(f.fixed for f in findings))


_ROOMS = st.text(st.sampled_from(list("0123456789０１-－ー号室階FABａ 　棟")), min_size=1, max_size=8)


@given(_ROOMS)
@settings(max_examples=2000, deadline=None)
def test_room_memos_are_the_direct_values(room: str) -> None:
    from addrjp.address.format import _room_reads_back

    assert _room_reads_back(room) == (split_room("X " + room)[1] == room)
    assert _room_key(room) == _ROOM_DROP.sub("", fold_width(room)).upper()


def test_chome_list_memo() -> None:
    from addrjp.address.towns import load_town_master
    from addrjp.quality.record import _chome_list

    for town in load_town_master().towns_in("東京都", "新宿区"):
        assert _chome_list(town) == town.chome_list


def test_an_address_object_too_long_is_refused_by_format() -> None:
    from addrjp.address.format import format_address
    from addrjp.errors import InputError

    with pytest.raises(InputError, match="building"):
        format_address(Address(pref="東京都", city="新宿区", town="西新宿", banchi="1", building="ビ" * 4001))
