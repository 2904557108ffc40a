"""The parser's memo of heads (prefecture, municipality, town) gives what the full reading gives (hypothesis).

A head is kept only when it is proven not to depend on what follows it (addrjp.address.parse._resolve_memo);
these tests parse a head with one continuation (which fills the memo), then with another, and compare with
the reading that does not use the memo — on towns that begin longer towns (四谷, 四谷三栄町), towns with numerals
in their names (二十騎町, 百人町, 北一条西), postal codes and areas as context, and continuations made of the
characters of town names, numbers in digits and kanji, and buildings.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.address import parse as parse_mod
from addrjp.address.area import area_place
from addrjp.address.model import Address
from addrjp.address.towns import load_town_master

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MASTER = load_town_master()
_SHINJUKU = sorted(t.town for t in MASTER.towns_in("東京都", "新宿区"))
_OTHERS = ["北一条西", "一番町", "信濃町", "栄町", "大島町", "寺泊", "厚田", "浄法寺町", "中", "大町", "北区", "中央区"]
_CHARS = "".join(sorted(set("".join(_SHINJUKU + _OTHERS)))) + "〇一二三四五六七八九十百千丁目番地号の-ー字大条西東北南"
_HEADS = ["東京都新宿区", "新宿区", "", "東京都", "北海道札幌市中央区", "千代田区", "長野県", "新潟県長岡市", "北海道石狩市"]


def _parse(text: str, code: str | None, place: tuple[str, str] | None, *, memo: bool) -> Address:
    if memo:
        return parse_mod._parse(text, code, place, MASTER)
    with mock.patch.object(parse_mod, "_resolve_memo", lambda *_args: None):
        return parse_mod._parse(text, code, place, MASTER)


@st.composite
def continuations(draw: st.DrawFn) -> str:
    number = draw(st.sampled_from(["2-8-1", "3丁目5番1号", "三丁目12番地12", "826番地の3", "1", "十一番地",
                                   "12-3-405", "5番", "二ノ八", "4丁目-20-5"]))
    noise = draw(st.text(alphabet=_CHARS, max_size=6))
    tail = draw(st.sampled_from(["", " 101号室", "ビル5F", " メゾン新宿 203", "(私書箱第3号)", "-1203"]))
    return draw(st.sampled_from([number + tail, noise + number + tail, number + noise, noise]))


@given(st.sampled_from(_HEADS), st.sampled_from(_SHINJUKU + _OTHERS), continuations(), continuations(),
       st.sampled_from([None, "1600023", "1600004", "1620843", "0613601"]),
       st.sampled_from([None, "13104"]))
@SETTINGS
def test_a_head_from_the_memo_reads_as_the_full_parse(head: str, town: str, first: str, second: str,
                                                      code: str | None, area: str | None) -> None:
    place = area_place(area, MASTER) if area else None
    _parse(head + town + first, code, place, memo=True)  # fills the memo with this head
    text = head + town + second
    assert _parse(text, code, place, memo=True) == _parse(text, code, place, memo=False)


@given(st.text(alphabet=_CHARS + "0123456789 ", max_size=24), st.text(alphabet=_CHARS + "0123456789", max_size=12),
       st.sampled_from([None, "13104"]))
@SETTINGS
def test_any_text_reads_the_same_with_the_memo(text: str, other: str, area: str | None) -> None:
    place = area_place(area, MASTER) if area else None
    _parse(text + other, None, place, memo=True)
    assert _parse(text, None, place, memo=True) == _parse(text, None, place, memo=False)


def test_towns_that_begin_longer_towns_are_not_kept() -> None:
    # 四谷 begins 四谷三栄町, 四谷本塩町…: what follows decides, so the head is read in full every time
    assert parse_mod._remember("新宿区四谷1-1", 5, None, None, MASTER) is None
    assert parse_mod._remember("新宿区西新宿2-8-1", 6, None, None, MASTER) is not None
    a = parse_mod._parse("新宿区四谷三栄町1-1", None, None, MASTER)
    assert a.town == "四谷三栄町"


def test_a_synthetic_register_reads_the_same_with_the_memo() -> None:
    from benchmarks.synth_register import generate

    place = area_place("13104", MASTER)
    rows = generate(3000, seed=23, town_down=0.3).rows
    for _id, _name, code, address, address2, _birth in rows:
        digits = code.replace("-", "").replace("〒", "")
        digits = digits if len(digits) == 7 and digits.isdigit() else None
        for text in (address, f"{address} {address2}"):
            assert _parse(text, digits, place, memo=True) == _parse(text, digits, place, memo=False)


def test_a_head_that_longer_keys_extend_only_with_names_is_kept() -> None:
    # 中井 begins the municipality 中井町 (神奈川県), 新宿 the ward 新宿区: no key goes on from them with a
    # digit, so every text 中井 + digits reads the same head; 北 + 1条西 is Hokkaido's 北1条西 (a key with a digit)
    digits = parse_mod._DIGIT_KEYS
    assert MASTER.extends("city", "中井") and not MASTER.extends("city", "中井", after=digits)
    assert MASTER.extends("ids", "北", after=digits)
    assert parse_mod._remember("中井2-3-1", 2, "1610035", None, MASTER) is not None
    assert parse_mod._remember("新宿3-1-1", 2, "1600022", None, MASTER) is not None
    for text in ("中井2-3-1", "中井町1-2", "中井1丁目5番", "新宿3-1-1", "新宿区新宿3-1-1", "新宿三丁目1番"):
        for code in (None, "1610035", "1600022"):
            _parse("中井9-9" if text.startswith("中井") else "新宿9-9", code, None, memo=True)
            assert _parse(text, code, None, memo=True) == _parse(text, code, None, memo=False)


@settings(max_examples=3000)
@given(st.text(alphabet="〇零○一壱壹二弐貳三参參四五伍六七八九十拾百千丁目番地号0123456789新宿区町-ー 　ａ", max_size=40))
def test_the_head_end_in_one_pass_is_where_the_pattern_finds_it(text: str) -> None:
    from addrjp.address.parse import _HEAD_END, _head_end

    m = _HEAD_END.search(text)
    assert _head_end(text) == (m.start() if m else None)


def test_the_head_end_of_a_long_numeral_run_is_found_in_one_pass() -> None:
    from addrjp.address.parse import _HEAD_FIRST, _head_end
    from addrjp.text.numerals import KANJI_NUMERAL_CHARS

    # the one-pass reading relies on these: a numeral's first character is a numeral, no suffix is one
    assert frozenset(KANJI_NUMERAL_CHARS) >= _HEAD_FIRST and not frozenset("丁番号") & frozenset(KANJI_NUMERAL_CHARS)
    assert _head_end("新宿区西新宿" + "千" * 100_000) is None  # linear: was quadratic (4,000 千 took 0.2 s)
    assert _head_end("新宿区西新宿" + "零" * 10 + "二丁目") == 16


#: postal codes of 新宿区 (the memo's entry made with one serves the others when the reading looked at no more of
#: the code than its municipality), of another ward, of Hokkaido, and none
_CODES = [None, "1600023", "1600022", "1620843", "1600004", "1690073", "1000001", "0613601", "9999999"]


@given(st.sampled_from(_HEADS), st.sampled_from(_SHINJUKU + _OTHERS), continuations(), continuations(),
       st.sampled_from(_CODES), st.sampled_from(_CODES), st.sampled_from([None, "13104"]))
@SETTINGS
def test_a_head_read_with_another_postal_code_reads_as_the_full_parse(head: str, town: str, first: str, second: str,
                                                                      code: str | None, other: str | None,
                                                                      area: str | None) -> None:
    place = area_place(area, MASTER) if area else None
    _parse(head + town + first, other, place, memo=True)  # fills the memo with this head and another code
    text = head + town + second
    assert _parse(text, code, place, memo=True) == _parse(text, code, place, memo=False)


def test_heads_without_a_town_are_kept_but_not_after_one_municipality() -> None:
    # 西新宿 alone: towns of that name in several municipalities, nothing guessed; the head is the same
    # whatever number follows, so it is kept (as the reading left it) and the numbers read on from it
    kept = parse_mod._remember("西新宿2-8-1", 3, None, None, MASTER)
    assert isinstance(kept, parse_mod._Head) and kept.town is None and kept.city is None
    # after one municipality written, a town not found: the reading looked for a 大字 past the number
    assert parse_mod._remember("新宿区西親宿2-1", 6, None, None, MASTER) is None
    for text in ("西新宿2-8-1", "西新宿2丁目8番1号 ビル101", "西新宿9-9", "新宿区西親宿2-1", "新宿区西親宿2-1字東3"):
        for code in (None, "1600023"):
            assert _parse(text, code, None, memo=True) == _parse(text, code, None, memo=False)
    a = _parse("西新宿2-8-1", None, None, memo=True)
    assert a.town is None and a.rest == "西新宿2-8-1"  # never invented: unresolved, as the full parse says
