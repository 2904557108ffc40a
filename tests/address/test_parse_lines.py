"""An address and its second line (方書) read in one pass: ``parse.parse_lines`` against the definition it
replaces, two parses (line 1 alone, both lines joined; ``tests/support/lines_reference.py``), as whole
Addresses and merge flags — over real towns, number shapes (hyphens, 丁目/番/号 words, kanji numerals,
full-width digits, letters, leading zeros, ー between numbers) and second lines (rooms, floors, building
names, numbers only, numbers with hyphens, blanks, spaces), with and without postal code and area, whatever
the head memo holds; and the common forms read once (no second parse)."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lines_reference import parse_lines_twice

from addrjp.address import parse as parse_mod
from addrjp.address.area import area_place
from addrjp.address.parse import parse_lines
from addrjp.address.towns import load_town_master
from addrjp.errors import InputError
from addrjp.quality import record
from addrjp.text import int_to_kanji
from addrjp.text.limits import MAX_TEXT_CHARS

SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MASTER = load_town_master()
_SHINJUKU = sorted(t.town for t in MASTER.towns_in("東京都", "新宿区"))
_OTHER = [(pref, city, t.town) for pref, city in (("北海道", "札幌市中央区"), ("東京都", "千代田区"),
                                                  ("長野県", "上水内郡信濃町"), ("京都府", "京都市中京区"))
          for t in MASTER.towns_in(pref, city)[:40]]
_HEADS = ["東京都新宿区", "新宿区", "", "東京都 新宿区 ", "東京都新宿区 ", "新宿区　"]
_SEPS = ["-", "丁目", "番", "番地", "号", "の", "ノ", "ー", "―", "－", " ", "", "-0"]
_TAILS = ["", " 101号室", "ビル5F", " メゾン新宿 203", "-1203", "号室", " 3号棟 402", "田中荘803号室", " B1F", "ー", "-",
          "　新宿タワー１５Ｆ", "番館", "丁目", " 第2ビル", "ｰ"]
#: second lines: rooms, floors, building names, numbers only or with hyphens, blanks, spaces, kanji, letters
_LINE2 = st.one_of(
    st.sampled_from(["101", "101号室", "-101", "1-101", "3-101", "0101", "１０１", "１０１号室", "A-101", "B棟205",
                     "5F", "15階", "B1F", "地下1階", "メゾン新宿", "コーポ佐藤 306号室", "新宿ビル15階", " メゾン 101 ",
                     "　", " ", "3", "12", "二丁目5", "三〇一号室", "丁目", "番地3", "号", "の3", "ー101", "―101", "第2コーポ",
                     "(私書箱第3号)", "街区", "2条", "ﾒｿﾞﾝ101", "\u200bメゾン", "ビル 5 F", "5-6-7", "十", "四丁目3番",
                     "号室", "302号", "A", "ー", "-", "番館", "館", "F"]),
    st.text(st.sampled_from(list("0123456789-丁目番地号室階棟館FのノA一二三十 　ービル")), max_size=8),
)
_CODES = st.sampled_from([None, "1600023", "1600004", "1620843", "1600016", "0600042", "160-0023", "１６００００４"])


@st.composite
def first_lines(draw: st.DrawFn) -> str:
    """A first line as registers write it: a head, a real town, numbers of every shape, maybe a tail."""
    if draw(st.integers(0, 4)) == 0:
        pref, city, town = draw(st.sampled_from(_OTHER))
        head = draw(st.sampled_from([pref + city, city, ""]))
    else:
        head, town = draw(st.sampled_from(_HEADS)), draw(st.sampled_from(_SHINJUKU))
    values = draw(st.lists(st.integers(0, 1200), min_size=0, max_size=4))
    style = draw(st.sampled_from(["ascii", "kanji", "wide", "zero"]))
    seps = draw(st.lists(st.sampled_from(_SEPS), min_size=len(values), max_size=len(values)))
    nums = ""
    for v, sep in zip(values, seps, strict=True):
        n = int_to_kanji(v) if style == "kanji" else str(v)
        if style == "wide":
            n = n.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        elif style == "zero":
            n = "0" + n
        nums += n + sep
    return head + town + nums + draw(st.sampled_from(_TAILS))


def _place(area: str | None) -> tuple[str, str] | None:
    return area_place(area, MASTER) if area else None


def _same(got: tuple[object, bool], want: tuple[object, bool]) -> None:
    assert got == want
    assert repr(got[0]) == repr(want[0])  # every field, the tuples of `inferred` included


@given(first_lines(), first_lines(), _LINE2, _CODES, st.sampled_from([None, "13104"]), st.integers(0, 2))
@SETTINGS
def test_one_reading_gives_what_the_two_parses_give(other: str, line1: str, line2: str, code: str | None,
                                                    area: str | None, warm: int) -> None:
    if warm >= 1:
        parse_mod.parse_address(other, postal_code=code, area=area)  # another head in the memo (or this one)
    if warm >= 2:
        parse_mod.parse_address(line1, postal_code=code, area=area)  # this head in the memo
    _same(parse_lines(line1, line2, postal_code=code, area=area), parse_lines_twice(line1, line2, code, area))
    # and with the town master given (no whole-string cache), the memo now holding this head
    _same(parse_lines(line1, line2, postal_code=code, area=area, master=MASTER),
          parse_lines_twice(line1, line2, code, area, MASTER))


@given(st.sampled_from(_SHINJUKU), st.lists(st.integers(1, 60), min_size=1, max_size=3),
       st.sampled_from(["-", "丁目", "番", "番地", "号", "の"]), st.booleans(), _LINE2,
       st.sampled_from([None, "1600023", "1620843"]))
@SETTINGS
def test_well_formed_numbers_and_any_second_line(town: str, values: list[int], sep: str, kanji: bool, line2: str,
                                                 code: str | None) -> None:
    fmt = int_to_kanji if kanji else str
    line1 = "新宿区" + town + sep.join(fmt(v) for v in values)
    parse_mod.parse_address(line1, postal_code=code, area="13104")
    _same(parse_lines(line1, line2, postal_code=code, area="13104"), parse_lines_twice(line1, line2, code, "13104"))


def test_the_common_forms_are_read_once() -> None:
    cases = [("東京都新宿区西新宿2-8-1", "新宿ビル15階"), ("新宿区西新宿二丁目8番1号", "メゾン新宿 101号室"),
             ("新宿区百人町1-2-3", "405"), ("東京都新宿区 西新宿 2-8-1", "B1F"), ("新宿区舟町26番地の3", "コーポ佐藤"),
             ("新宿区四谷4丁目3番", "ハイツ四谷2F")]
    for line1, _line2 in cases:
        parse_mod.parse_address(line1, postal_code="1600023", area="13104")  # the head into the memo
    want = [parse_lines_twice(line1, line2, "1600023", "13104") for line1, line2 in cases]
    with mock.patch.object(parse_mod, "parse_address", side_effect=AssertionError), \
            mock.patch.object(parse_mod, "_parse_cached", side_effect=AssertionError):
        got = [parse_lines(line1, line2, postal_code="1600023", area="13104") for line1, line2 in cases]
    assert got == want
    assert all(merged for _a, merged in got)


def test_a_second_line_that_changes_the_numbers_is_kept_apart() -> None:
    for line1, line2 in [("新宿区西新宿3-5", "-101"), ("新宿区西新宿3丁目", "5番2号"), ("新宿区西新宿3-5ー", "101"),
                         ("新宿区西新宿三", "丁目5番")]:
        parse_mod.parse_address(line1, area="13104")
        got = parse_lines(line1, line2, area="13104")
        assert got == parse_lines_twice(line1, line2, None, "13104")
        assert got[1] is False, (line1, line2)
        assert got[0] == parse_mod.parse_address(line1, area="13104")


def test_the_record_reads_its_lines_as_the_two_parses() -> None:
    for line1, line2, code in [("新宿区西新宿2-8-1", "新宿ビル15階", "1600023"), ("新宿区西新宿3-5", "-101", None),
                               ("西新宿2-8-1", "101", None), ("新宿区西新宿2-8-1", "", "1600023")]:
        verdict = record.validate_address(postal_code=code, address=line1, address2=line2, area="13104")
        assert verdict.address == parse_lines_twice(line1, line2, code, "13104")[0]


def test_the_same_errors_as_parse_address() -> None:
    with pytest.raises(InputError):
        parse_lines("新宿区西新宿2-8-1", "101", postal_code="1" * 101)
    with pytest.raises(InputError):
        parse_lines("新宿区西新宿2-8-1", "101", area="99999")
    with pytest.raises(TypeError):
        parse_lines(b"x", "101")  # type: ignore[arg-type]


def test_two_lines_within_the_limit_but_over_it_together_are_kept_apart() -> None:
    # validate_record never raises on fields of up to MAX_TEXT_CHARS each: the second line is kept as written
    long = "東京都新宿区西新宿2-8-1" + "西" * (MAX_TEXT_CHARS - 20)
    parsed, merged = parse_lines(long, "メゾン101")
    assert not merged
    assert (parsed.town, parsed.chome, parsed.banchi, parsed.go) == ("西新宿", 2, "8", "1")
    with pytest.raises(InputError):  # a line over the limit on its own is still refused
        parse_lines("西" * (MAX_TEXT_CHARS + 1), "101")
