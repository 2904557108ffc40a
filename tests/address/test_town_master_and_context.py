"""Follow-up of issue 3: the packed and cached town master, postal codes as context, impossible 丁目.

Regression tests for the parser's behaviour with a postal code given as context (a missing prefecture and
municipality, a misspelt town), for kanji numerals at the start of unmatched text, and for N-N-N in a town
with 丁目 whose N is not one of the town's 丁目.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import addrjp.address.towns as towns_mod
from addrjp.address.parse import parse_address
from addrjp.address.towns import TownMaster, load_master_cached, load_town_master, master_cache_key, town_key
from addrjp.postal.index import index_dir

_SAMPLES = [
    "東京都新宿区西新宿2-8-1", "新宿区市ヶ谷田町1丁目18", "西早稲田2-3-18", "東京都四谷1-6-1",
    "北海道札幌市中央区北1条西2丁目", "大阪市北区梅田1-1-1", "新宿区2-8-1",
]


def _fingerprint(m: TownMaster) -> list[Any]:
    out: list[Any] = [[(t.town, t.town_kana, t.codes, t.chome_list, t.abr_name, sorted(t.chome_numbering.items(),
                                                                                           key=str))
                       for t in m.towns_in("東京都", "新宿区")]]
    out += [m.cities_for_code("1600023"), [t.town for t in m.towns_for_code("1620843")], len(m.cities())]
    out += [parse_address(s, master=m, postal_code="1600023" if s == "新宿区2-8-1" else None) for s in _SAMPLES]
    return out


# ---- 1. the packed town master and its cache -----------------------------------------------------------
def test_cached_master_is_the_built_master(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = load_town_master()
    packed = towns_mod._build_packed
    calls: list[int] = []
    made: list[bytes] = []

    def build(*args: Any, **kw: Any) -> bytes:
        calls.append(1)
        if not made:  # built once for real; the rebuilds below reuse it (the test is about when)
            made.append(packed(*args, **kw))
        return made[0]

    monkeypatch.setattr(towns_mod, "_build_packed", build)
    built = load_master_cached(index_dir(), tmp_path)
    files = list(tmp_path.glob("towns-*.bin"))
    assert calls == [1] and len(files) == 1
    cached = load_master_cached(index_dir(), tmp_path)
    assert calls == [1]  # read from the cache, not built again
    assert _fingerprint(built) == _fingerprint(cached) == _fingerprint(reference)

    # a truncated or foreign cache file is never used: the master is built again
    files[0].write_bytes(files[0].read_bytes()[:1000])
    again = load_master_cached(index_dir(), tmp_path)
    assert calls == [1, 1] and _fingerprint(again) == _fingerprint(reference)
    files[0].write_bytes(b"not a town master")
    load_master_cached(index_dir(), tmp_path)
    assert len(calls) == 3


def test_unwritable_cache_directory_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = load_town_master()._data.tobytes()
    monkeypatch.setattr(towns_mod, "_build_packed", lambda *a, **k: data)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    m = load_master_cached(index_dir(), blocker / "cache")  # a file where the directory should be
    assert m.find_town("東京都", "新宿区", "西新宿") is not None


def test_cache_key_changes_with_every_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    postal = tmp_path / "postal"
    postal.mkdir()
    meta = {"data_version": "2026.10.0", "built_at": "2026-11-26T12:00:00+00:00"}
    (postal / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setenv("ADDRJP_TOWNS_DIR", str(tmp_path / "towns"))
    k1 = master_cache_key(postal)
    assert master_cache_key(postal) == k1  # deterministic
    meta["built_at"] = "2026-11-27T12:00:00+00:00"
    (postal / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    k2 = master_cache_key(postal)
    assert k2 != k1
    (postal / "areas.parquet").write_bytes(b"x")  # a rebuilt index file
    k3 = master_cache_key(postal)
    assert k3 != k2
    (tmp_path / "towns").mkdir()
    (tmp_path / "towns" / "abr_mt_town_131016.csv").write_text("lg_code\n131016\n", encoding="utf-8")
    k4 = master_cache_key(postal)  # an imported ABR file
    assert k4 != k3
    (tmp_path / "towns" / "abr_mt_town_131016.csv").write_text("lg_code\n131016\n\n", encoding="utf-8")
    assert master_cache_key(postal) != k4  # its content, not only its name
    assert master_cache_key(tmp_path / "other") != k1


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADDRJP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert towns_mod.cache_dir() == tmp_path / "xdg" / "addrjp"
    monkeypatch.setenv("ADDRJP_CACHE_DIR", str(tmp_path / "mine"))
    assert towns_mod.cache_dir() == tmp_path / "mine"


def test_packed_master_rejects_foreign_bytes() -> None:
    with pytest.raises(ValueError):
        TownMaster(b"ADDRJPX1" + bytes(20))


def fields(text: str, code: str | None = None) -> tuple[object, ...]:
    a = parse_address(text, postal_code=code)
    return (a.pref, a.city, a.town, a.chome, a.banchi, a.go, a.rest, a.inferred)


# ---- 2. a postal code as context resolves a missing prefecture and municipality ------------------------
def test_postal_code_resolves_missing_pref_and_city() -> None:
    assert fields("市谷田町1丁目219番地10", "1620843") == (
        "東京都", "新宿区", "市谷田町", 1, "219", "10", None, ("pref", "city"))
    a = parse_address("市谷本村町1-2　シャトー市谷本村町レジデンス305号", postal_code="1620845")
    assert (a.pref, a.city, a.town, a.banchi, a.go) == ("東京都", "新宿区", "市谷本村町", "1", "2")
    assert (a.building, a.room) == ("シャトー市谷本村町レジデンス", "305号")  # the building as written
    assert fields("市谷薬王寺町29番地", "1620063") == (
        "東京都", "新宿区", "市谷薬王寺町", None, "29", None, None, ("pref", "city"))


@pytest.mark.parametrize("city", ["蒲郡市", "小郡市", "郡山市", "郡上市", "大和郡山市"])
def test_the_kanji_of_a_county_in_a_city_name_is_no_short_spelling(city: str) -> None:
    m = load_town_master()
    # 市, 山市, 上市 were spellings of 蒲郡市/小郡市, 郡山市, 郡上市 (cut at 郡 as if it were a county)
    cities, _n = m.match_city(town_key(city[city.index("郡") + 1:] + "本町1"), None)
    assert all(c != city for _p, c in cities)
    assert m.match_city(town_key("上益城郡嘉島町"), None)[0] == m.match_city(town_key("嘉島町"), None)[0]


def test_whole_county_town_names_still_match() -> None:
    a = parse_address("熊本県嘉島町上島1")
    assert (a.city, a.inferred) == ("上益城郡嘉島町", ())


# ---- 3. a misspelt town with postal context keeps the municipality, not a guess ------------------------
def test_misspelt_town_with_postal_code_keeps_the_city() -> None:
    assert fields("津丸戸町22番14号", "1620821") == (
        "東京都", "新宿区", None, None, None, None, "津丸戸町22番14号", ("pref", "city"))


def test_a_kanji_numeral_starting_unmatched_text_is_not_a_number() -> None:
    assert fields("新宿区百入町4丁目10番17号", "1690073") == (
        "東京都", "新宿区", None, None, None, None, "百入町4丁目10番17号", ("pref",))
    # the town is still inferred when the text after the municipality is a number, in kanji too
    assert fields("新宿区四丁目10番17号", "1690073")[2:6] == ("百人町", 4, "10", "17")
    assert fields("新宿区2-8-1", "1600023")[2:6] == ("西新宿", 2, "8", "1")


def test_numbers_alone_with_only_a_code_are_not_read_without_a_town() -> None:
    # a code covering several towns gives the municipality; the numbers stay unread (no town to read them)
    a = parse_address("2-8-1", postal_code="1600000")
    assert a.town is None and a.chome is None and a.banchi is None


@pytest.mark.parametrize("text, number", [
    ("新宿区西新宿2-8-1一ツ家ビル", ("8", "1")),
    ("新宿区西新宿二ノ八", ("8", None)),
    ("新宿区西新宿二丁目八番一号", ("8", "1")),
])
def test_kanji_numerals_are_numbers_only_where_the_grammar_says(text: str, number: tuple[str, ...]) -> None:
    a = parse_address(text)
    assert (a.banchi, a.go) == number


def test_kanji_word_after_a_town_is_not_a_house_number() -> None:
    a = parse_address("新宿区西新宿一ツ家")  # no such place: kept, never 1 + ツ家
    assert (a.town, a.chome, a.banchi, a.rest) == ("西新宿", None, None, "一ツ家")


# ---- 4. an impossible 丁目 reaches validation as a 丁目 ----------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("東京都新宿区新宿10-28-8", ("新宿", 10, "28", "8", None)),
    ("新宿区高田馬場7-2-8", ("高田馬場", 7, "2", "8", None)),
    ("新宿区高田馬場7-2-8-101", ("高田馬場", 7, "2", "8", "101")),
    ("新宿区高田馬場4-2-8", ("高田馬場", 4, "2", "8", None)),  # a real 丁目, as before
    ("新宿区新宿10-28", ("新宿", None, "10", "28", None)),  # two numbers: 番-号, no 丁目 invented
    ("新宿区西新宿9-1", ("西新宿", None, "9", "1", None)),
    ("新宿区西新宿826番地", ("西新宿", None, "826", None, None)),  # explicit 番地: a lot, never 丁目
    ("新宿区西新宿826-3-201", ("西新宿", None, "826", "3", "201")),  # beyond any 丁目
])
def test_impossible_chome_in_a_jukyo_town(text: str, expected: tuple[object, ...]) -> None:
    a = parse_address(text)
    assert (a.town, a.chome, a.banchi, a.go, a.room) == expected


def test_n_n_n_in_a_chiban_town_is_not_forced_into_a_chome() -> None:
    # 四谷 2-4丁目 are 地番: 四谷9-3-5 is not read as 丁目 9
    a = parse_address("新宿区四谷9-3-5")
    assert (a.town, a.chome) == ("四谷", None)


def test_validation_reports_the_impossible_chome() -> None:
    from addrjp.quality.record import validate_record

    for code, text in [("1600022", "東京都新宿区新宿10-28-8"), ("1690075", "新宿区高田馬場7-2-8")]:
        r = validate_record(name="山田太郎", postal_code=code, address=text)
        assert "address.chome_invalid" in r.codes
    r = validate_record(name="山田太郎", postal_code="1620821", address="津丸戸町22番14号")
    assert "address.city_unknown" not in r.codes


@pytest.mark.parametrize("text, building, room", [
    ("東京都新宿区下宮比町一-一-百-一ビル5F", "一ビル5F", "100"),  # found by hypothesis
    ("新宿区西新宿2-8-1‐一ツ家ビル", "一ツ家ビル", None),
    ("新宿区西新宿2-8-1－101", None, "101"),
])
def test_the_dash_before_a_building_is_a_separator(text: str, building: str | None, room: str | None) -> None:
    a = parse_address(text)
    assert (a.building, a.room) == (building, room)


@pytest.mark.parametrize("text, koaza, banchi, go, building", [
    ("愛知県北名古屋市熊之庄十二社45-2", "十二社", "45", "2", None),  # was 12 + building 社45-2
    ("愛知県津島市神守町八反田65-1", "八反田", "65", "1", None),
    ("愛知県豊田市八草町八千草1247", "八千草", "1247", None, None),
    ("北海道札幌市中央区北四条西5丁目三井生命札幌共同ビル7F", None, None, None, "三井生命札幌共同ビル"),
    ("静岡県静岡市葵区紺屋町三番地の十(静岡中央郵便局私書箱第25号)", None, "3", "10",
     "(静岡中央郵便局私書箱第25号)"),
])
def test_kanji_numerals_starting_a_koaza_or_building_are_names(text: str, koaza: str | None, banchi: str | None,
                                                              go: str | None, building: str | None) -> None:
    a = parse_address(text)
    assert (a.koaza, a.banchi, a.go, a.building) == (koaza, banchi, go, building)


def test_a_town_of_the_code_is_not_a_namesake_municipality() -> None:
    # 新宿区信濃町 written without its ward, with its postal code: not 長野県上水内郡信濃町
    from addrjp.address.parse import parse_address

    a = parse_address("信濃町31-12", postal_code="1600016")
    assert (a.pref, a.city, a.town, a.banchi, a.go) == ("東京都", "新宿区", "信濃町", "31", "12")
    b = parse_address("信濃町31-12")  # no code, no area: 新宿区信濃町 or 長野県上水内郡信濃町, never a guess
    assert (b.city, b.town, b.banchi) == (None, None, None)
    c = parse_address("長野県信濃町31-12")  # the prefecture written: the municipality of that name
    assert c.city == "上水内郡信濃町"
