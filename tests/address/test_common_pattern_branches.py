"""The common number pattern (numbers._COMMON) with its optional parts written as alternations ending in the
empty one gives the match of the former pattern (``(…)?``): the same end and the same numbers, a separator or
marker not written ``""`` where it was None (hypothesis, and the forms of a register)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.numbers import _COMMON, unify_separators
from support.common_pattern_reference import groups_as_before, groups_before

_TOKENS = st.sampled_from([
    *"0123456789-丁目番地号室階棟館車FfＦのノ之一二三十百千〇零参拾壱弐 　ビル(Aー", "丁目", "番地", "号室", "号棟",
    "番館", "号館", "号車", "12", "105", "0", "007", "二丁目", "十一", "千三", "二十三", "百〇五", "3-", "-1203",
    " メゾン", "-の", "のノ", "番-", "号-",
])


@given(st.lists(_TOKENS, max_size=16).map("".join), st.integers(0, 3))
@settings(max_examples=6000, deadline=None)
def test_the_branched_pattern_matches_as_the_optional_one(text: str, pos: int) -> None:
    for s in (text, unify_separators(text)):
        assert groups_as_before(_COMMON.match(s, pos)) == groups_before(s, pos)


@given(st.text(alphabet="0123456789-のノ之丁目番地号室棟館車一二三十百千〇 ", max_size=24))
@settings(max_examples=3000, deadline=None)
def test_the_branched_pattern_matches_as_the_optional_one_on_any_mix(text: str) -> None:
    assert groups_as_before(_COMMON.match(text)) == groups_before(text)


def test_the_register_forms_match_alike() -> None:
    forms = ["2-8-1", "2-8-1 メゾン新宿101", "2丁目8番1号", "二丁目54番地10", "826番地の3", "2-8-1-101",
             "3番5号", "12番地", "1丁目71番地18", "5番館", "3号棟201号室", "2三丁目", "1号-101", "十二番地",
             "2-8番館", "4丁目-5", "7の3の2", "百入町4丁目", "101号室", "15階", "10-28-8", "0-0-0", ""]
    for s in forms:
        assert groups_as_before(_COMMON.match(s)) == groups_before(s), s


def test_a_marker_or_separator_not_written_is_empty() -> None:
    m = _COMMON.match("2-8番館")
    assert m is not None
    g = m.groups()
    assert (g[0], g[2], g[3], g[4], g[6]) == ("2", "", "-", "8", "")
    assert g[7:] == (None,) * 8
