"""Encoding detection weighs which reading is Japanese: an EUC-JP register whose bytes are also valid CP932 is
read as EUC-JP, not as mojibake; a file both read equally well is refused (--encoding); hints name euc-jp;
lines are counted in CR-only files too."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import addrjp.mailing.encodings as encodings_mod
from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.mailing.encodings import japanese_score
from addrjp.mailing.reader import detect_encoding, read_csv_bytes

REGISTERS = [
    "id,name,postal_code,address\n1,山田,1600023,新宿区西新宿2-8-1\n",
    "id,name,postal_code,address\n1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1\n2,佐藤　花子,1600022,新宿区新宿1-1-1\n",
    "id,name,kana,postal_code,address\n1,中村　恵子,ﾅｶﾑﾗ ｹｲｺ,1620051,新宿区西早稲田2-1-5\n",
    "宛名番号,氏名,郵便番号,住所\nA1,鈴木　一郎,169-0072,新宿区大久保3-4-1\n",
]


def test_doctests() -> None:
    assert doctest.testmod(encodings_mod).failed == 0


@pytest.mark.parametrize("text", REGISTERS)
@pytest.mark.parametrize("encoding", ["cp932", "euc-jp"])
def test_register_read_in_its_own_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    register = read_csv_bytes(data, file="r.csv")
    assert register.encoding == encoding
    assert register.frame["name"].to_list() == [line.split(",")[1] for line in text.splitlines()[1:]]


def test_euc_jp_that_is_also_valid_cp932_is_not_read_as_mojibake() -> None:
    data = REGISTERS[0].encode("euc-jp")
    assert data.decode("cp932").splitlines()[1].startswith("1,ｻｳﾅﾄ")  # what was read before
    assert detect_encoding(data) == "euc-jp"
    assert japanese_score(data.decode("euc-jp"), "euc-jp") > japanese_score(data.decode("cp932"), "cp932")


def test_cp932_half_width_kana_stays_cp932() -> None:
    data = "id,ｶﾅ,postal_code,address\n1,ﾔﾏﾀﾞ ﾀﾛｳ,1600023,ｼﾝｼﾞｭｸｸ 2-8-1\n2,ｻﾄｳ ﾊﾅｺ,1600022,ｼﾝｼﾞｭｸｸ 1-1-1\n"
    assert detect_encoding(data.encode("cp932")) == "cp932"


def test_equally_plausible_readings_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.csv"
    src.write_bytes("id,name,postal_code,address\n1,ﾀﾛ,1600023,x\n".encode("cp932"))  # also EUC-JP: 拙
    with pytest.raises(InputError, match="cp932 or --encoding euc-jp"):
        read_csv_bytes(src.read_bytes(), file=str(src))
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "-q"]) == 2
    assert "CP932 (Shift_JIS) or EUC-JP" in capsys.readouterr().err
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "-q", "--encoding", "cp932"]) == 0


def test_undecodable_hint_names_euc_jp() -> None:
    with pytest.raises(InputError) as info:
        read_csv_bytes(b"id,name,postal_code,address\n1,\x85\x40\xe3\x81\xff,b,c\n", file="r.csv")
    assert "--encoding euc-jp" in str(info.value) and info.value.line == 2


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_bad_byte_line_in_any_line_ending(newline: str) -> None:
    lines = ["id,name,postal_code,address", "1,山田,1600023,新宿区西新宿2-8-1", "2,佐藤,1600022,新宿区新宿1-1-1",
             "3,鈴木,1690072,新宿区大久保3-4-1"]
    data = newline.join(lines).encode("utf-8") + newline.encode()
    bad = data.replace("佐藤".encode(), b"\xff\xfe\xfd", 1)
    with pytest.raises(InputError) as info:
        read_csv_bytes(bad, file="r.csv", encoding="utf-8")
    assert info.value.line == 3 and "byte 3 of the line" in str(info.value)


def test_cr_only_file_field_count_error_points_at_the_line() -> None:
    data = "id,name,postal_code,address\r1,山田,1600023,新宿区西新宿2-8-1\r2,佐藤,1600022\r".encode("cp932")
    with pytest.raises(InputError) as info:
        read_csv_bytes(data, file="r.csv")
    assert info.value.line == 3 and "too few fields" in str(info.value)
