"""A head that a longer key goes on from with the number's first character (四谷 begins 四谷3栄町 and 四谷三栄町;
宮ノ森 begins 宮ノ森1条) is kept for the first two characters when no key is the head and the first, and no
key goes on with both (四谷3丁目, 宮ノ森3丁目 are 3丁; 四谷3栄町, 宮ノ森1条 are read in full): the parse with the
memo against the full reading (hypothesis), and ``TownMaster.extends_into`` against a scan of the keys."""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.address import parse as parse_mod
from addrjp.address.area import area_place
from addrjp.address.towns import load_town_master, town_key

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MASTER = load_town_master()
_HEADS = ["東京都新宿区四谷", "新宿区四谷", "四谷", "東京都 新宿区 四谷", "北海道札幌市中央区宮ノ森", "札幌市中央区宮ノ森",
          "宮ノ森", "新宿区大字四谷"]
_FIRST = st.sampled_from([*"0123456789一二三四十", "三栄", "3栄", "1条", "一条", "2条"])
_NEXT = st.sampled_from(["丁目", "丁", "番地", "番", "号", "-", "の", "条", "栄町", "栄", "", "0", "1", "十", "三"])
_REST = st.sampled_from(["", "1-2", "5番3号", "2番地", " メゾン101", "-3-405", "十番", "1", "条西1"])
_CODES = st.sampled_from([None, "1600004", "1600008", "0640951", "0640954", "1600023"])


def _full(text: str, code: str | None, place: tuple[str, str] | None) -> object:
    with mock.patch.object(parse_mod, "_resolve_memo", lambda *_args: None):
        return parse_mod._parse(text, code, place, MASTER)


@given(st.sampled_from(_HEADS), _FIRST, _NEXT, _REST, _FIRST, _NEXT, _CODES, st.sampled_from([None, "13104"]))
@SETTINGS
def test_heads_kept_for_two_characters_read_as_the_full_parse(head: str, first: str, nxt: str, rest: str,
                                                              other_first: str, other_next: str, code: str | None,
                                                              area: str | None) -> None:
    place = area_place(area, MASTER) if area else None
    text = head + first + nxt + rest
    parse_mod._parse_fast(head + other_first + other_next + rest, code, place, MASTER)  # another continuation
    parse_mod._parse_fast(text, code, place, MASTER)  # this one: the memo now holds what it can for it
    got = parse_mod._parse_fast(text, code, place, MASTER)
    want = _full(text, code, place)
    assert got == want
    assert repr(got) == repr(want)


def test_yotsuya_3_chome_is_kept_and_yotsuya_3_sakae_is_not() -> None:
    for text in ("新宿区四谷3丁目5-1", "新宿区四谷三丁目5番", "新宿区四谷3栄町1-1", "新宿区四谷三栄町2-3"):
        parse_mod._parse(text, None, None, MASTER)
    memo = MASTER.head_memo
    assert type(memo[("新宿区四谷", "3丁", None, None)]) is tuple
    assert type(memo[("新宿区四谷", "三丁", None, None)]) is tuple
    assert memo.get(("新宿区四谷", "3栄", None, None)) is None
    assert memo[("新宿区四谷", "3", None, None)] is None
    # the kept head is read from the memo (no full reading), the others in full
    with mock.patch.object(parse_mod, "_parse_text", side_effect=AssertionError):
        a = parse_mod._parse_fast("新宿区四谷3丁目7番2号", None, None, MASTER)
    assert (a.town, a.chome, a.banchi, a.go) == ("四谷", 3, "7", "2")
    assert parse_mod._parse_fast("新宿区四谷3栄町1-1", None, None, MASTER).town == "四谷三栄町"


def _extends_into_by_scan(keys: list[str], prefix: str, text: str) -> bool:
    return any(len(k) > len(prefix) and k.startswith(prefix) and (
        (prefix + text).startswith(k) or k.startswith(prefix + text)) for k in keys)


@given(st.sampled_from(["四谷", "宮ノ森", "西新宿", "大字四谷", "4谷", "市谷", "新"]),
       st.text(st.sampled_from(list("0123456789三栄町丁目条西一")), min_size=1, max_size=3))
@settings(max_examples=300, deadline=None)
def test_extends_into_is_a_scan_of_the_keys(prefix: str, text: str) -> None:
    for pref, city in (("東京都", "新宿区"), ("北海道", "札幌市中央区")):
        keys = sorted(MASTER._city_named(pref, city).towns)  # type: ignore[union-attr]
        assert MASTER.extends_into("town", town_key(prefix), pref, city, town_key(text)) == _extends_into_by_scan(
            keys, town_key(prefix), town_key(text))
