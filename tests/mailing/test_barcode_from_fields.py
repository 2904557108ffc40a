"""The barcode's number taken from the parsed 丁目, 番 and 号 (where the printed line after the town is their plain
or marked form) and the text built by arithmetic give what reading the printed text gives
(extract_address_number), over real towns nationwide and every number shape."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.format import format_address, marked_numbers
from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.address.towns import load_town_master
from addrjp.mailing.barcode import (
    CHECK_VALUES,
    _barcode_text,
    _code_verdict,
    _encode,
    _number_after_town,
    _number_of_fields,
    _number_with_line2,
    barcode_as_printed,
    barcode_to_text,
    customer_barcode,
    encode_barcode,
    extract_address_number,
)
from addrjp.text import int_to_kanji

_DIGITS = st.integers(0, 2000).map(str) | st.sampled_from(["01", "007", "0"])
_ODD = st.sampled_from(["1の2", "A", "１", "", " 3", "二"])
_LINE2 = st.text(st.sampled_from(list("0123456789０１-－ーABFLZaｆＦ一二三十百〇丁目番地号の之ノ線&/・. 　ｶﾞコーポ室階棟館()")),
                 max_size=20) | st.sampled_from(["", "   ", "コーポ山田 101", "メゾンA棟 203号室", "ハイツB-2",
                                                 "新宿センタービル 15F", "サンハイツ二〇三", "B1F", "-101", "F"])


@st.composite
def _parsed_and_rest(draw: st.DrawFn) -> tuple[Address, str]:
    chome = draw(st.none() | st.integers(-1, 30))
    banchi = draw(st.none() | _DIGITS | _ODD)
    go = draw(st.none() | _DIGITS | _ODD)
    numbering = draw(st.sampled_from([None, "jukyo", "chiban"]))
    address = Address(pref="東京都", city="新宿区", town="西新宿", chome=chome, banchi=banchi, go=go,
                      numbering=numbering)  # type: ignore[arg-type]
    parts = [str(p) for p in (chome, banchi, go) if p is not None]
    kind = draw(st.integers(0, 3))
    if kind == 0:
        rest = "-".join(parts)
    elif kind == 1 and banchi is not None:
        rest = marked_numbers(f"{chome}丁目" if chome is not None else "", banchi, go,
                              draw(st.sampled_from([None, "jukyo", "chiban"])))
    elif kind == 2:
        rest = "-".join(parts) + draw(st.sampled_from(["-101", "A", " 大字", "番", "丁目", "-", "号室"]))
    else:
        rest = draw(_LINE2)
    return address, rest


@given(_parsed_and_rest(), _LINE2)
@settings(max_examples=4000, deadline=None)
def test_the_number_from_the_fields_is_the_text_read(case: tuple[Address, str], line2: str) -> None:
    address, rest = case
    number = _number_of_fields(address, rest)
    if number is None:
        return
    assert number == extract_address_number(rest)
    want = extract_address_number(f"{rest} {line2}".strip() if line2 else rest.strip())
    assert (_number_with_line2(number, line2) if line2 else number) == want
    assert _number_after_town(rest, line2) == want


def test_the_fields_are_used_for_the_plain_and_marked_forms() -> None:
    a = Address(pref="東京都", city="新宿区", town="四谷", chome=1, banchi="71", go="18", numbering="chiban")
    assert _number_of_fields(a, "1丁目71番地18") == "1-71-18"
    assert _number_of_fields(a, "1-71-18") == "1-71-18"
    assert _number_of_fields(a, "1-71-18-101") is None  # a room kept with the numbers: the text is read
    b = Address(pref="東京都", city="新宿区", town="西新宿", banchi="12", numbering="chiban")
    assert _number_of_fields(b, "12番地") == "12"


_NUMBERS = st.text(st.sampled_from(list("0123456789-ABCJKLTUZ")), max_size=22)


@given(st.sampled_from(["1600023", "1000013", "9100067", "0010000"]), _NUMBERS)
@settings(max_examples=3000, deadline=None)
def test_the_text_by_arithmetic_is_the_encoding(code: str, number: str) -> None:
    assert _barcode_text(code, sum(map(CHECK_VALUES.__getitem__, code)), number) == "".join(_encode(code, number))


def _towns() -> list[tuple[str, str, str]]:
    master = load_town_master()
    out: list[tuple[str, str, str]] = []
    for pref, city in (("東京都", "新宿区"), ("北海道", "札幌市中央区"), ("京都府", "京都市中京区"), ("大阪府", "大阪市北区"),
                       ("愛知県", "名古屋市中区"), ("新潟県", "上越市"), ("岐阜県", "揖斐郡揖斐川町"), ("沖縄県", "那覇市"),
                       ("福岡県", "北九州市小倉北区"), ("宮城県", "仙台市青葉区")):
        towns = master.towns_in(pref, city)
        out += [(pref, city, t.town) for t in towns[:: max(1, len(towns) // 25)]]
    return out


_TOWNS = _towns()
_CODES = ["160-0023", "1600004", "163-8001", "060-0001", "100-0000", "", "000-0000"]


@st.composite
def _written(draw: st.DrawFn) -> str:
    c, b, g = draw(st.integers(1, 12)), draw(st.integers(1, 300)), draw(st.integers(1, 40))
    k = int_to_kanji
    return draw(st.sampled_from([
        f"{c}-{b}-{g}", f"{c}丁目{b}番{g}号", f"{k(c)}丁目{b}番地{g}", f"{b}番地", f"{b}-{g}", f"{b}番地の{g}",
        f"{c}丁目{b}-{g}", f"{k(c)}丁目{k(b)}番{k(g)}号", f"{b}", f"{c}-{b}-{g}-{g + 100}", f"{b}番{g}",
        f"{c}丁目{b}番地", f"{b:03d}-{g}", f"{c}－{b}－{g}", f"{c}丁目", f"字東{b}", f"{b}番地{g} A棟",
    ]))


def _as_read(postal_code: str, parsed: Address, line1: str, line2: str) -> str:
    """The barcode of the printed lines, the text after the town read with extract_address_number."""
    try:
        if parsed.town:
            short = f"{parsed.city}{parsed.town}"
            for prefix in (f"{parsed.pref}{short}", short):
                if line1.startswith(prefix):
                    code, special = _code_verdict(postal_code)  # the code's refusals, an office's ''
                    rest = line1[len(prefix):]
                    if special is None:
                        special = extract_address_number(f"{rest} {line2}".strip() if line2 else rest.strip())
                    return barcode_to_text(encode_barcode(code, special))
        return barcode_to_text(customer_barcode(postal_code, f"{line1} {line2}".strip()))
    except ValueError:
        return ""


@given(st.sampled_from(_TOWNS), _written(), _LINE2, st.sampled_from(_CODES), st.booleans())
@settings(max_examples=1500, deadline=None)
def test_the_barcode_of_real_towns_is_the_text_read(town: tuple[str, str, str], number: str, line2: str,
                                                     code: str, prefecture: bool) -> None:
    pref, city, name = town
    parsed = parse_address(f"{pref}{city}{name}{number}")
    line1, second = format_address(parsed, "horizontal", prefecture=prefecture, split_building=True)
    line2 = " ".join(p for p in (second, line2) if p)
    assert barcode_as_printed(code, parsed, line1, line2) == _as_read(code, parsed, line1, line2)


_PARTS = st.text(st.sampled_from(list("0123456789０１-－ーABFLZaｆＦ一二三十百〇丁目番地号の之ノ線&/・. 　ｶﾞﾟコーポ室階棟館")),
                 max_size=10)


@given(st.lists(_PARTS, min_size=1, max_size=4).map(" ".join))
@settings(max_examples=4000, deadline=None)
def test_a_second_line_read_in_two_parts_is_read_whole(line2: str) -> None:
    from addrjp.mailing.barcode import _extract_after_number, _prepared, _walk

    assert _extract_after_number(line2) == _walk(_prepared(line2), "d", True)
    assert "1" + _extract_after_number(line2) == extract_address_number(f"1 {line2}")
