"""Address parsing, the town master, the ABR reader and the house styles: examples from issue 3."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import addrjp.address.abr
import addrjp.address.area
import addrjp.address.format
import addrjp.address.model
import addrjp.address.numbers
import addrjp.address.parse
import addrjp.address.prefectures
import addrjp.address.towns
from addrjp.address.abr import parse_abr_csv, read_abr_csv, render_abr_csv
from addrjp.address.format import format_address, normalize_address
from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.address.towns import crosscheck_abr, load_abr_rows, load_town_master
from addrjp.cli.main import main
from addrjp.errors import InputError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


@pytest.mark.parametrize("module", [
    addrjp.address.abr, addrjp.address.area, addrjp.address.format, addrjp.address.model,
    addrjp.address.numbers, addrjp.address.parse, addrjp.address.prefectures, addrjp.address.towns,
])
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


def parts(text: str, **kw: str) -> tuple[object, ...]:
    a = parse_address(text, **kw)
    return (a.town, a.chome, a.banchi, a.go, a.building, a.room)


# ---- the grammar of numbers ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "東京都新宿区西新宿二丁目8番1号",
    "東京都新宿区西新宿2-8-1",
    "東京都新宿区西新宿２－８－１",
    "東京都新宿区西新宿２ー８ー１",
    "東京都新宿区西新宿2‐8‐1",
    "東京都新宿区西新宿2—8—1",
    "東京都新宿区西新宿2−8−1",
    "東京都新宿区西新宿2ｰ8ｰ1",
    "東京都新宿区西新宿2丁目8-1",
    "東京都新宿区西新宿二丁目八番一号",
    "東京都新宿区西新宿2丁目 8番 1号",
    "東京都　新宿区　西新宿　２丁目８番１号",
    "東京都新宿区西新宿弐丁目8番1号",
    "〒160-0023 東京都新宿区西新宿2-8-1",
])
def test_the_same_address_in_many_forms(text: str) -> None:
    assert parts(text) == ("西新宿", 2, "8", "1", None, None)


def test_kanji_numerals_and_no_separators() -> None:
    assert parts("新宿区西新宿二ノ八") == ("西新宿", 2, "8", None, None, None)
    assert parts("新宿区西新宿2丁目8番地の1")[1:4] == (2, "8", "1")
    assert parse_address("新宿区西新宿2丁目8番地の1").numbering == "chiban"
    assert parts("新宿区西新宿二丁目十一番二十三号")[1:4] == (2, "11", "23")
    assert parts("新宿区中落合四丁目三一番一号")[1:4] == (4, "31", "1")


def test_banchi_is_never_turned_into_a_chome() -> None:
    a = parse_address("新宿区西新宿826番地")
    assert (a.chome, a.banchi, a.numbering) == (None, "826", "chiban")
    a = parse_address("新宿区西新宿826")
    assert (a.chome, a.banchi) == (None, "826")  # 西新宿 has 丁目 1..8 only
    a = parse_address("新宿区西新宿9-1")
    assert (a.chome, a.banchi, a.go) == (None, "9", "1")


def test_a_bare_leading_number_is_a_chome_only_where_the_town_has_chome() -> None:
    assert parts("新宿区信濃町34") == ("信濃町", None, "34", None, None, None)
    assert parts("新宿区北新宿2-21-1")[1:4] == (2, "21", "1")
    assert parts("新宿区百人町2")[1:3] == (2, None)


@pytest.mark.parametrize(("text", "town"), [
    ("新宿区四谷1-6-1", "四谷"),
    ("新宿区二十騎町1-2", "二十騎町"),
    ("新宿区余丁町3-4", "余丁町"),
    ("新宿区百人町2-27-6", "百人町"),
    ("新宿区東五軒町2-13", "東五軒町"),
    ("新宿区西五軒町3-7", "西五軒町"),
    ("千代田区一番町10-1", "一番町"),
    ("新宿区四谷三栄町7-7", "四谷三栄町"),
])
def test_town_names_with_numerals_are_names(text: str, town: str) -> None:
    a = parse_address(text)
    assert a.town == town
    assert a.address_b.startswith(text.split(town, 1)[1][:1])


def test_rooms_floors_and_buildings_never_go_into_the_numbers() -> None:
    assert parts("新宿区西新宿2-8-1-1503") == ("西新宿", 2, "8", "1", None, "1503")
    assert parts("新宿区信濃町34-1-101") == ("信濃町", None, "34", "1", None, "101")
    assert parts("新宿区西新宿2-8-1 101号室") == ("西新宿", 2, "8", "1", None, "101号室")
    assert parts("新宿区北新宿2-21-1 新宿フロントタワー 3号棟201号室") == (
        "北新宿", 2, "21", "1", "新宿フロントタワー 3号棟", "201号室")
    a = parse_address("新宿区西新宿1-25-1新宿センタービル15階")
    assert (a.building, a.room, a.floor) == ("新宿センタービル", "15階", 15)
    a = parse_address("新宿区信濃町34JR信濃町ビル5F")
    assert (a.banchi, a.building, a.room, a.floor) == ("34", "JR信濃町ビル", "5F", 5)
    a = parse_address("新宿区西新宿2-8-1 B1F")
    assert (a.room, a.floor) == ("B1F", -1)
    assert parts("新宿区西新宿7丁目7番30小田急西新宿O-PLACE") == ("西新宿", 7, "7", "30", "小田急西新宿O-PLACE", None)


def test_building_names_keep_their_long_vowels_and_spelling() -> None:
    a = parse_address("新宿区西新宿2-8-1 ｾﾝﾀｰﾀﾜｰ")
    assert a.building == "センタータワー"
    a = parse_address("新宿区西新宿2-8-1タワー")
    assert a.building == "タワー"
    a = parse_address("新宿区西新宿2-8-1 パーク・ハイツ西新宿")
    assert a.building == "パーク・ハイツ西新宿"


# ---- towns: variants, aliases, inference -------------------------------------------------------------
@pytest.mark.parametrize(("written", "official"), [
    ("霞ヶ丘町", "霞ケ丘町"),
    ("霞が丘町", "霞ケ丘町"),
    ("市ヶ谷田町", "市谷田町"),
    ("市ケ谷本村町", "市谷本村町"),
    ("髙田馬場", "高田馬場"),
    ("坂町", "四谷坂町"),
    ("本塩町", "四谷本塩町"),
    ("三栄町", "四谷三栄町"),
    ("霞岳町", "霞ケ丘町"),
])
def test_town_variants_are_matched_and_reported(written: str, official: str) -> None:
    a = parse_address(f"東京都新宿区{written}1-1")
    assert a.town == official
    assert a.town_variant == written
    assert a.original == f"東京都新宿区{written}1-1"


def test_variation_selectors_and_invisibles_are_ignored() -> None:
    a = parse_address("新宿区西\u200b新宿\ufe002-8-1")
    assert (a.town, a.chome) == ("西新宿", 2)


def test_missing_prefecture_and_city_are_inferred_when_unique() -> None:
    a = parse_address("新宿区西新宿2-8-1")
    assert (a.pref, a.inferred) == ("東京都", ("pref",))
    a = parse_address("東京都西新宿2-8-1")
    assert (a.city, a.inferred) == ("新宿区", ("city",))
    a = parse_address("西早稲田2-3-18")  # one 西早稲田 in Japan
    assert (a.pref, a.city, a.inferred) == ("東京都", "新宿区", ("pref", "city"))
    a = parse_address("西新宿2-8-1")  # 西新宿 also in 蓮田市 and 佐用町: not guessed
    assert a.town is None and a.rest == "西新宿2-8-1"
    a = parse_address("西新宿2-8-1", postal_code="160-0023")  # unless the postal code says
    assert (a.city, a.town, a.chome) == ("新宿区", "西新宿", 2)
    a = parse_address("東京都四谷1-6-1")  # 四谷 in 新宿区 and 府中市
    assert a.town is None


def test_postal_code_context_fills_a_missing_town() -> None:
    a = parse_address("新宿区2-8-1", postal_code="1600023")
    assert (a.town, a.chome, a.inferred) == ("西新宿", 2, ("pref", "town"))


def test_never_invent() -> None:
    a = parse_address("新宿区存在しない町1-2-3")
    assert (a.city, a.town, a.rest) == ("新宿区", None, "存在しない町1-2-3")
    assert a.chome is None and a.banchi is None
    a = parse_address("どこか")
    assert a.rest == "どこか" and a.pref is None


def test_address_b_is_the_text_after_the_town() -> None:
    assert parse_address("東京都千代田区一番町10-1").address_b == "10-1"
    assert parse_address("東京都新宿区西新宿２－８－１　ビル").address_b == "2-8-1 ビル"


def test_other_regions() -> None:
    a = parse_address("北海道札幌市中央区北1条西2丁目")
    assert (a.town, a.chome, a.town_variant) == ("北一条西", 2, "北1条西")
    a = parse_address("熊本県山鹿市大字志々岐字大野原798")
    assert (a.town, a.koaza, a.banchi) == ("志々岐", "字大野原", "798")
    a = parse_address("京都府京都市下京区烏丸通四条下る水銀屋町620番地")
    assert (a.street, a.town, a.banchi) == ("烏丸通四条下る", "水銀屋町", "620")
    a = parse_address("山梨県南都留郡鳴沢村8532-28")
    assert (a.city, a.town, a.banchi, a.go) == ("南都留郡鳴沢村", None, "8532", "28")
    a = parse_address("大阪府北区梅田1-1-3")
    assert a.city == "大阪市北区"


# ---- the town master API ------------------------------------------------------------------------------
def test_town_master_api() -> None:
    m = load_town_master()
    names = {t.town for t in m.towns_in("東京都", "新宿区")}
    assert {"西新宿", "四谷", "霞ケ丘町", "市谷田町"} <= names and "坂町" not in names
    assert m.find_town("東京都", "新宿区", "霞ヶ丘町").town == "霞ケ丘町"  # type: ignore[union-attr]
    assert m.chome_max("東京都", "新宿区", "西新宿") == 8
    assert m.valid_chome("東京都", "新宿区", "西新宿", 8) is True
    assert m.valid_chome("東京都", "新宿区", "西新宿", 9) is False
    assert m.valid_chome("東京都", "新宿区", "信濃町", None) is True
    assert m.valid_chome("北海道", "札幌市中央区", "北一条西", 2) is None  # no ABR data there
    assert m.has_chome("東京都", "新宿区", "西新宿") is True
    assert m.numbering("東京都", "新宿区", "西新宿") == "jukyo"
    assert m.numbering("東京都", "新宿区", "市谷砂土原町", 1) == "chiban"
    assert m.numbering("東京都", "新宿区", "四谷", 1) == "mixed"  # fixed: 四谷一丁目6番 is 住居表示
    assert m.numbering("東京都", "新宿区", "四谷") == "mixed"
    assert m.numbering("北海道", "札幌市中央区", "北一条西") is None


def test_shipped_abr_agrees_with_japan_post_except_known_old_names() -> None:
    problems = crosscheck_abr(load_abr_rows(), load_town_master())
    assert sorted(d.town for d in problems) == ["三栄町", "坂町", "本塩町", "霞岳町"]
    assert {d.kind for d in problems} == {"alias"}


# ---- ABR reader ---------------------------------------------------------------------------------------
_TRIAL = (
    ",全国地方公共団体コード,町字id,町字区分コード,都道府県名,郡名,市区町村名,政令市区名,大字・町名,丁目名,"
    "丁目名_数字,小字名,住居表示フラグ,住居表示方式コード,状態フラグ,効力発生日,廃止日,郵便番号,備考\n"
    "275131,131041,1000,1,東京都,,新宿区,,北町,,,,0,0,0,1947-04-17,,1620834.0,\n"
    "275133,131041,3001,2,東京都,,新宿区,,中井,一丁目,1.0,,1,1,0,1947-04-17,,,\n"
)


def test_abr_reader_undoes_pandas_artefacts() -> None:
    rows = parse_abr_csv(_TRIAL)
    assert [r.machiaza_id for r in rows] == ["0001000", "0003001"]
    assert rows[0].post_code == "1620834" and rows[1].chome_int == 1 and rows[1].is_jukyo
    again = parse_abr_csv(render_abr_csv(rows))
    assert again == rows


def test_abr_reader_reads_the_current_layout() -> None:
    text = ("lg_code,machiaza_id,machiaza_type,pref,county,city,ward,oaza_cho,chome,chome_number,koaza,"
            "rsdt_addr_flg,status_flg,efct_date,ablt_date,post_code\n"
            "131016,0001001,2,東京都,,千代田区,,丸の内,一丁目,1,,1,0,1947-03-15,,\n")
    (row,) = parse_abr_csv(text)
    assert (row.jis, row.oaza_cho, row.chome_int, row.is_jukyo) == ("13101", "丸の内", 1, True)


@pytest.mark.parametrize(("text", "column"), [
    ("a,b\n1,2\n", None),
    ("lg_code,machiaza_id,pref,city,oaza_cho,rsdt_addr_flg\n1310411,1,東京都,新宿区,北町,0\n", "lg_code"),
    ("lg_code,machiaza_id,pref,city,oaza_cho,rsdt_addr_flg\n131041,x1,東京都,新宿区,北町,0\n", "machiaza_id"),
])
def test_abr_reader_errors_name_the_place(text: str, column: str | None) -> None:
    with pytest.raises(InputError) as exc:
        parse_abr_csv(text, source="f.csv")
    assert exc.value.file == "f.csv"
    assert exc.value.column == column


def test_shipped_data_is_the_reference_file_cleaned() -> None:
    ref = SHARED / "abr_mt_town_shinjuku_131041_2022-05.csv"
    if not ref.exists():
        pytest.skip("shared reference data not present")
    shipped = Path(addrjp.address.towns.__file__).resolve().parents[3] / "data" / "towns"
    if not (shipped / "abr_mt_town_131041.csv").exists():
        pytest.skip("not running from a source tree")
    assert read_abr_csv(ref) == read_abr_csv(shipped / "abr_mt_town_131041.csv")


# ---- house styles -------------------------------------------------------------------------------------
def test_house_styles() -> None:
    t = "東京都新宿区西新宿２－８－１"
    assert normalize_address(t, "official") == "東京都新宿区西新宿二丁目8番1号"
    assert normalize_address(t, "horizontal") == "新宿区西新宿2-8-1"
    assert normalize_address(t, "vertical") == "新宿区西新宿二丁目八番一号"
    assert normalize_address(t, "horizontal", prefecture=True) == "東京都新宿区西新宿2-8-1"
    assert normalize_address(t, "official", prefecture=False) == "新宿区西新宿二丁目8番1号"
    assert normalize_address("新宿区市谷砂土原町1-2-59", "official") == "東京都新宿区市谷砂土原町一丁目2番地59"
    assert normalize_address("新宿区西新宿2番地") == "新宿区西新宿2番地"  # not 西新宿2 (that is 2丁目)
    assert normalize_address("新宿区西新宿2-8-1新宿センタービル15階", split_building=True) == (
        "新宿区西新宿2-8-1", "新宿センタービル 15階")
    assert normalize_address("どこでもない", "official") == "どこでもない"
    with pytest.raises(ValueError):
        normalize_address(t, "diagonal")


def test_format_keeps_the_numbering_written() -> None:
    a = parse_address("新宿区西新宿2丁目8番地1")  # written as 地番 in a 住居表示 town: kept
    assert format_address(a) == "新宿区西新宿2丁目8番地1"


def test_address_dataclass_contract() -> None:
    a = Address()
    assert a.town_matched is False and a.house_number == ""
    with pytest.raises(AttributeError):
        a.town = "x"  # type: ignore[misc]


# ---- command line -------------------------------------------------------------------------------------
def test_cli_normalize(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["normalize", "--style", "official", "新宿区西新宿2-8-1"]) == 0
    assert capsys.readouterr().out.strip() == "東京都新宿区西新宿二丁目8番1号"
    assert main(["normalize", "--json", "新宿区西新宿2-8-1 101号室"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["town"], d["room"], d["normalized"]) == ("西新宿", "101号室", "新宿区西新宿2-8-1 101号室")


def test_cli_towns_import_list_check(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADDRJP_TOWNS_DIR", str(tmp_path / "towns"))
    src = tmp_path / "abr.csv"
    src.write_text(_TRIAL.replace("131041", "131016").replace("新宿区", "千代田区"), encoding="cp932")
    assert main(["towns", "import", str(src)]) == 0
    assert (tmp_path / "towns" / "abr_mt_town_131016.csv").exists()
    assert main(["towns", "list", "--city", "新宿区"]) == 0
    assert "西新宿" in capsys.readouterr().out
    assert main(["towns", "import", str(tmp_path / "missing.csv")]) == 2
    assert main(["towns", "check"]) == 1  # these made-up rows have no Japan Post town
    assert "no_postal_town" in capsys.readouterr().out


def test_docs_examples() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "addresses.md"
    failures, tried = doctest.testfile(str(doc), module_relative=False)
    assert tried > 0 and failures == 0
