"""``--returned``: a returned-mail list with the wrong columns or short rows is refused with file and line
(exit 2), never accepted to flag nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.quality.duplicates import load_returned


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "returned.csv"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("text,line,needle", [
    ("氏名,返戻理由\n山田　太郎,あて所に尋ねあたりません\n", 1, "no id or address column"),
    ("id;address\nA1;新宿区西新宿2-8-1\n", 1, "no id or address column"),
    ("id,address\nA1\n", 2, "too few fields"),
    ("id,address\nA1,新宿区西新宿2-8-1\nA2\n", 3, "too few fields"),
    ("id,address\nA1,新宿区西新宿2-8-1,コーポ\n", 2, "too many fields"),
    ("id,address,note\n,,転居先不明\n", 2, "neither an id nor an address"),
    ("id,address\n", 1, "no rows"),
    ("宛名番号,番号,住所\n1,2,新宿区西新宿2-8-1\n", 1, "several columns could be 'id'"),
])
def test_wrong_returned_list_is_refused_with_the_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_returned(path)
    assert info.value.line == line and needle in str(info.value) and str(path) in str(info.value)
    assert "山田" not in str(info.value) and "西新宿" not in str(info.value)


def test_japanese_headers_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "宛名番号,住所,方書,返戻理由\nA1,新宿区西新宿2-8-1,,転居先不明\nA2,,,\n")
    returned = load_returned(path)
    assert returned.ids == {"A1", "A2"} and len(returned.address_keys) == 1


def test_clean_refuses_a_short_returned_list(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "r.csv"
    register.write_text("id,name,postal_code,address\n1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1\n", "utf-8")
    returned = _write(tmp_path, "id,address\nA1\n")
    assert main(["clean", str(register), "--out", str(tmp_path / "out"), "--returned", str(returned), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"{returned}, line 2" in err and "too few fields" in err
    assert not (tmp_path / "out").exists()
