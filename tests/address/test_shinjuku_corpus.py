"""Every town of 新宿区 (Shinjuku), every 丁目, in the forms real registers and forms produce.

The towns come from the town master (Japan Post's 新宿区 towns, 丁目 from the ABR 町字マスター), so a town
added by Japan Post is covered automatically; the forms are written here by hand from what ward staff see.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from addrjp.address.format import format_address
from addrjp.address.parse import parse_address
from addrjp.address.towns import Town, load_town_master
from addrjp.text import int_to_kanji

_FW = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _towns() -> list[Town]:
    return load_town_master().towns_in("東京都", "新宿区")


def _elsewhere_in_tokyo(town: str) -> bool:
    m = load_town_master()
    return any(m.find_town("東京都", city, town) is not None
               for _p, city in m.cities("東京都") if city != "新宿区")


def _chome_values(t: Town) -> list[int | None]:
    return list(t.chome_list) if t.chome_list else [None]


def _cases() -> Iterator[tuple[str, str, int | None, str, str | None, str | None]]:
    """(form, town, chome, banchi, go, numbering) for every town and 丁目 of Shinjuku."""
    for t in _towns():
        for c in _chome_values(t):
            name = t.town
            if c is not None:
                k = int_to_kanji(c)
                yield f"東京都新宿区{name}{k}丁目8番1号", name, c, "8", "1", "jukyo"
                yield f"東京都新宿区{name}{c}-8-1", name, c, "8", "1", None
                yield f"東京都新宿区{name}{c}-8-1".translate(_FW), name, c, "8", "1", None
                yield f"東京都新宿区{name}{c}ー8ー1".translate(_FW), name, c, "8", "1", None
                yield f"東京都新宿区{name}{c}丁目8番地1", name, c, "8", "1", "chiban"
                yield f"東京都新宿区{name}{c}丁目8-1", name, c, "8", "1", None
                yield f"新宿区{name}{k}丁目八番一号", name, c, "8", "1", "jukyo"
                yield f"新宿区 {name} {c}丁目 8番 1号", name, c, "8", "1", "jukyo"
                yield f"新宿区{name}{k}ノ八", name, c, "8", None, None
            else:
                yield f"東京都新宿区{name}8番1号", name, None, "8", "1", "jukyo"
                yield f"東京都新宿区{name}8-1", name, None, "8", "1", None
                yield f"東京都新宿区{name}８－１", name, None, "8", "1", None
                yield f"東京都新宿区{name}８ー１", name, None, "8", "1", None
                yield f"新宿区{name}8番地の1", name, None, "8", "1", "chiban"
                yield f"新宿区{name}八番地一", name, None, "8", "1", "chiban"
                yield f"新宿区{name}826番地", name, None, "826", None, "chiban"


CASES = list(_cases())


def test_corpus_is_the_whole_ward() -> None:
    towns = _towns()
    assert len(towns) >= 94  # Japan Post's 96 町域 rows in 新宿区 (2026), 戸山 and 西早稲田 twice
    assert sum(len(_chome_values(t)) for t in towns) >= 152  # the ABR's 町丁目
    assert len(CASES) > 1000


@pytest.mark.parametrize(("text", "town", "chome", "banchi", "go", "numbering"), CASES)
def test_every_town_in_every_form(text: str, town: str, chome: int | None, banchi: str, go: str | None,
                                  numbering: str | None) -> None:
    a = parse_address(text)
    assert (a.pref, a.city, a.town, a.chome, a.banchi, a.go) == ("東京都", "新宿区", town, chome, banchi, go)
    assert a.rest is None and a.building is None and a.room is None
    if numbering is not None:
        assert a.numbering == numbering
    assert parse_address(format_address(a, "official")).house_number == a.house_number


@pytest.mark.parametrize("town", [t.town for t in _towns()])
def test_missing_prefecture_missing_ward_buildings_rooms(town: str) -> None:
    t = load_town_master().find_town("東京都", "新宿区", town)
    assert t is not None
    c = _chome_values(t)[-1]
    num = f"{c}-3-5" if c is not None else "3-5"
    a = parse_address(f"新宿区{town}{num}")
    assert (a.pref, a.town, a.inferred) == ("東京都", town, ("pref",))
    a = parse_address(f"東京都{town}{num}")
    if _elsewhere_in_tokyo(town):
        assert a.town is None  # the same name in another Tokyo municipality: not guessed
    else:
        assert (a.city, a.town, a.inferred) == ("新宿区", town, ("city",))
    a = parse_address(f"新宿区{town}{num} メゾン{town} 101号室")
    assert (a.town, a.building, a.room) == (town, f"メゾン{town}", "101号室")
    a = parse_address(f"新宿区{town}{num}ｺｰﾎﾟ新宿ﾀﾜｰ1203")
    assert (a.town, a.building, a.room) == (town, "コーポ新宿タワー", "1203")
    a = parse_address(f"新宿区{town}{num}-402")
    assert (a.town, a.go, a.room) == (town, "5", "402")
    a = parse_address(f"東京都新宿区{town}{num} {town}ビル 5F")
    assert (a.building, a.room, a.floor) == (f"{town}ビル", "5F", 5)


@pytest.mark.parametrize(("text", "expected"), [
    # registers and forms, written the ways ward staff meet them
    ("東京都新宿区西新宿２丁目８番１号", ("西新宿", 2, "8", "1", None, None)),
    ("新宿区西新宿二丁目８番１号　東京都庁第一本庁舎", ("西新宿", 2, "8", "1", "東京都庁第一本庁舎", None)),
    ("新宿区歌舞伎町1-4-1", ("歌舞伎町", 1, "4", "1", None, None)),
    ("新宿区四谷1丁目6番1号コモレ四谷・四谷タワー5階", ("四谷", 1, "6", "1", "コモレ四谷・四谷タワー", "5階")),
    ("新宿区市ヶ谷本村町5-1", ("市谷本村町", None, "5", "1", None, None)),
    ("新宿区市谷砂土原町1-2-59", ("市谷砂土原町", 1, "2", "59", None, None)),
    ("新宿区戸山三丁目20番1号", ("戸山", 3, "20", "1", None, None)),
    ("新宿区西早稲田2-3-18-72", ("西早稲田", 2, "3", "18", None, "72")),
    ("新宿区高田馬場1-29-7スカイパレスビル402", ("高田馬場", 1, "29", "7", "スカイパレスビル", "402")),
    ("新宿区百人町二丁目二七番六号", ("百人町", 2, "27", "6", None, None)),
    ("新宿区二十騎町２－１", ("二十騎町", None, "2", "1", None, None)),
    ("新宿区余丁町14番4号", ("余丁町", None, "14", "4", None, None)),
    ("新宿区西五軒町3-7 ﾊﾟｰｸﾊｳｽ 2F", ("西五軒町", None, "3", "7", "パークハウス", "2F")),
    ("新宿区霞ヶ丘町10-1", ("霞ケ丘町", None, "10", "1", None, None)),
    ("新宿区四谷坂町12番21号", ("四谷坂町", None, "12", "21", None, None)),
    ("新宿区西新宿826番地", ("西新宿", None, "826", None, None, None)),
    ("新宿区戸塚町一丁目104-19", ("戸塚町", 1, "104", "19", None, None)),
])
def test_real_world_forms(text: str, expected: tuple[object, ...]) -> None:
    a = parse_address(text)
    assert (a.town, a.chome, a.banchi, a.go, a.building, a.room) == expected
