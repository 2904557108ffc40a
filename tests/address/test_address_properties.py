"""Properties of the address parser and the house styles (hypothesis).

Never crashes on arbitrary Unicode; normalize is idempotent; parsing is invariant under width and under the
choice of hyphen; parse ∘ format is the identity on parsed addresses; the register's area never changes the
reading of a full address (Shinjuku's towns, and full addresses drawn from the whole town master).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.address.format import STYLES, format_address, normalize_address
from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.address.towns import load_town_master
from addrjp.text import HYPHENS, int_to_kanji

FIELDS = ("pref", "city", "town", "chome", "banchi", "go", "building", "room", "rest", "numbering", "koaza",
          "street", "floor")
_FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def content(a: Address) -> tuple[object, ...]:
    return tuple(getattr(a, f) for f in FIELDS)


_TOWNS = [*sorted(t.town for t in load_town_master().towns_in("東京都", "新宿区")), "一番町", "北一条西"]
_CITY = {"一番町": "千代田区", "北一条西": "札幌市中央区"}
_PREF = {"北一条西": "北海道"}


@st.composite
def addresses(draw: st.DrawFn) -> str:
    """Address-like strings: real towns, numbers in digits or kanji, many separators, buildings, rooms."""
    town = draw(st.sampled_from(_TOWNS))
    pref = _PREF.get(town, "東京都")
    city = _CITY.get(town, "新宿区")
    head = draw(st.sampled_from([f"{pref}{city}", city, f"{pref} {city} ", f"〒160-0023 {pref}{city}"]))
    n = draw(st.lists(st.integers(1, 120), min_size=0, max_size=4))
    kanji = draw(st.booleans())
    fmt = (lambda v: int_to_kanji(v)) if kanji else str
    style = draw(st.sampled_from(["-", "丁目番号", "番地", "の", "ー"]))
    if style == "丁目番号" and n:
        marks = ["丁目", "番", "号", "-"]
        nums = "".join(fmt(v) + marks[i] for i, v in enumerate(n))
    elif style == "番地" and n:
        nums = fmt(n[0]) + "番地" + "-".join(fmt(v) for v in n[1:])
    else:
        nums = style.join(fmt(v) for v in n)
    tail = draw(st.sampled_from(["", " 101号室", "ビル5F", " メゾン新宿 203", "タワー", " B1F", "(私書箱第3号)",
                                 " ｺｰﾎﾟ新宿", "-1203", " 3号棟 402号室"]))
    return head + town + nums + tail


@given(st.text())
@SETTINGS
def test_never_crashes_on_arbitrary_unicode(text: str) -> None:
    a = parse_address(text)
    assert isinstance(a, Address) and a.original == text
    for style in STYLES:
        out = normalize_address(text, style)
        assert isinstance(out, str)


@given(st.text(alphabet=st.sampled_from("新宿区西四谷丁目番地号の-ー－1234５〇一二十百 ｰビルF階室()")))
@SETTINGS
def test_never_crashes_on_address_alphabet(text: str) -> None:
    parse_address(text)
    for style in STYLES:
        normalize_address(text, style, split_building=True)


@given(addresses(), st.sampled_from(STYLES))
@SETTINGS
def test_normalize_is_idempotent(text: str, style: str) -> None:
    once = normalize_address(text, style)
    assert normalize_address(once, style) == once


@given(st.text(max_size=30), st.sampled_from(STYLES))
@SETTINGS
def test_normalize_is_idempotent_on_any_text(text: str, style: str) -> None:
    once = normalize_address(text, style)
    assert normalize_address(once, style) == once


@given(addresses())
@SETTINGS
def test_width_invariant(text: str) -> None:
    assert content(parse_address(text.translate(_FW))) == content(parse_address(text))


@given(addresses(), st.sampled_from(sorted(HYPHENS)))
@SETTINGS
def test_hyphen_invariant(text: str, hyphen: str) -> None:
    a = parse_address(text)
    b = parse_address(text.replace("-", hyphen))
    # a long vowel mark is a letter next to a letter (ビル-? no: only the house number's hyphens are read)
    assert (b.town, b.chome, b.banchi, b.go) == (a.town, a.chome, a.banchi, a.go)


@given(addresses(), st.sampled_from(STYLES))
@SETTINGS
def test_parse_format_is_identity_on_parsed_addresses(text: str, style: str) -> None:
    a = parse_address(text)
    again = parse_address(format_address(a, style, prefecture=True))
    if style == "vertical":
        # the vertical style writes the numbers of building and room in kanji (3号棟 → 三号棟, 5F → 五階):
        # the address reads back the same; building, room and rest the same once read as numbers again
        assert content(again)[:6] == content(a)[:6] and content(again)[9:12] == content(a)[9:12]
        assert _tail(again) == _tail(a)
    else:
        assert content(again) == content(a)


@given(addresses(), st.sampled_from(["tens", "positional"]))
@SETTINGS
def test_vertical_style_reads_back_the_same_address(text: str, numerals: str) -> None:
    a = parse_address(text)
    line1, line2 = format_address(a, "vertical", prefecture=True, split_building=True, numerals=numerals)
    again = parse_address(f"{line1} {line2}")
    assert (again.town, again.chome, again.banchi, again.go) == (a.town, a.chome, a.banchi, a.go)
    assert not any("0" <= c <= "9" or "A" <= c <= "z" for c in line1 + line2)  # upright: nothing half width


def _tail(a: Address) -> str | None:
    """Building, room and rest as one text (a room in kanji reads back as part of the building line)."""
    return _as_numbers("".join(p for p in (a.building, a.room, a.rest) if p))


def _as_numbers(text: str | None) -> str | None:
    """Widths folded, F as 階, every run of kanji numerals as Arabic digits (both conventions)."""
    import re

    from addrjp.text import fold_width, kanji_to_int
    from addrjp.text.numerals import KANJI_NUMERAL_CHARS

    if text is None:
        return None
    text = re.sub(f"[{KANJI_NUMERAL_CHARS}]+", lambda m: str(kanji_to_int(m.group())), fold_width(text))
    text = re.sub(r"(?<=[0-9])F", "階", text.replace(" ", "").replace("\u3000", ""))
    return re.sub(r"地下([0-9]+)階|B([0-9]+)階", lambda m: "B" + (m.group(1) or m.group(2)) + "階", text)


@given(st.text())
@SETTINGS
def test_clean_text_fast_path_agrees_with_the_full_cleaning(text: str) -> None:
    from addrjp.address.parse import _clean_text_slow, clean_text

    assert clean_text(text) == _clean_text_slow(text)


_NUMBER_TOKENS = st.sampled_from([*"0123-456789 　丁目番地号室階棟館車Fのノ之一二十ビル(", "丁目", "番地", "号室", "12", "3"])


@given(st.lists(_NUMBER_TOKENS, max_size=14).map("".join))
@settings(max_examples=2000, deadline=None)
def test_fast_number_scanner_agrees_with_the_general_one(text: str) -> None:
    from addrjp.address.numbers import _scan_units, scan_units, unify_separators

    s = unify_separators(text)
    assert scan_units(s) == _scan_units(s, 0)


_AREAS = ["13104", "131041", "13101", "20583", "01101", "26101"]  # 新宿区, with check digit, 千代田区, 信濃町, 札幌, 京都


@given(addresses(), st.sampled_from(_AREAS))
@SETTINGS
def test_the_area_never_changes_a_full_address(text: str, area: str) -> None:
    # a full address names its prefecture and municipality: the register's area is no context for it
    if not text.lstrip("〒0123456789- ").startswith(("東京都", "北海道")):
        return
    assert parse_address(text, area=area) == parse_address(text)


_MASTER = load_town_master()
_CITIES = _MASTER.cities()
#: the wards of the designated cities (札幌市中央区, 京都市北区 …): ward names that repeat across Japan
_WARDS = [c for c in _CITIES if c[1].endswith("区") and "市" in c[1][:-1]]
_AREA_CODES = sorted({code for p, c in _CITIES if (code := _MASTER.jis(p, c))})


@st.composite
def national_full_addresses(draw: st.DrawFn) -> tuple[str, str]:
    """(a full address anywhere in Japan: prefecture, municipality, a town of the whole master, numbers, a
    building; the municipality's area code). Designated cities' wards are drawn as often as the rest."""
    pref, city = draw(st.one_of(st.sampled_from(_CITIES), st.sampled_from(_WARDS)))
    towns = _MASTER.towns_in(pref, city)
    town = draw(st.sampled_from(towns)).town if towns else ""
    head = draw(st.sampled_from([f"{pref}{city}", f"{pref} {city} ", f"〒100-0001 {pref}{city}"]))
    n = draw(st.lists(st.integers(1, 120), min_size=0, max_size=3))
    fmt = int_to_kanji if draw(st.booleans()) else str
    nums = draw(st.sampled_from(["-", "の", "番地", "丁目"])).join(fmt(v) for v in n)
    tail = draw(st.sampled_from(["", " 101号室", " メゾン中央 203", "ビル5F"]))
    return head + town + nums + tail, _MASTER.jis(pref, city) or "13104"


@given(national_full_addresses(), st.data())
@SETTINGS
def test_the_area_never_changes_a_full_address_anywhere_in_japan(drawn: tuple[str, str], data: st.DataObject) -> None:
    # the area may be the address's own municipality, one of the fixed ones, or any municipality of Japan
    text, own = drawn
    area = data.draw(st.one_of(st.sampled_from([own, *_AREAS]), st.sampled_from(_AREA_CODES)))
    assert parse_address(text, area=area) == parse_address(text)


@given(st.text(max_size=40), st.sampled_from(_AREAS))
@SETTINGS
def test_parse_with_an_area_never_raises_on_text(text: str, area: str) -> None:
    assert isinstance(parse_address(text, area=area), Address)


@given(st.lists(st.sampled_from(["1", "23", "-", " ", "  ", "丁目", "番地", "番", "号", "室", "F", "階", "棟", "館",
                                 "の", "ノ", "二", "メゾン", "ビル", "(", "丁"]), max_size=10).map("".join))
@settings(max_examples=2000, deadline=None)
def test_fast_number_scanner_agrees_before_spaces(text: str) -> None:
    from addrjp.address.numbers import _scan_units, scan_units, unify_separators

    s = unify_separators("1" + text)
    assert scan_units(s) == _scan_units(s, 0)
