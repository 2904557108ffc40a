"""load_gaiji_map and load_name_overrides: CSV formats and clear errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from addrjp.errors import InputError
from addrjp.quality.names import load_gaiji_map, load_name_overrides, normalize_name


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / "t.csv"
    p.write_bytes(text.encode(encoding))
    return p


def test_gaiji_map_formats(tmp_path: Path) -> None:
    p = _write(tmp_path, "code,text\nU+E000,𠮷\nE001,髙\n0xE002,葛\U000e0101\n# comment\n\n\U000f0001,土\n")
    m = load_gaiji_map(p)
    assert m == {"\ue000": "𠮷", "\ue001": "髙", "\ue002": "葛\U000e0101", "\U000f0001": "土"}
    r = normalize_name("\ue001橋", gaiji_map=m)
    assert r.text == "髙橋" and not r.findings


def test_gaiji_map_cp932_file(tmp_path: Path) -> None:
    p = _write(tmp_path, "U+E000,高\r\n", "cp932")
    assert load_gaiji_map(p) == {"\ue000": "高"}


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("U+E000\n", 1),
        ("U+E000,𠮷\nXYZ,高\n", 2),
        ("U+E000,𠮷\nU+E001,\n", 2),
        ("U+E000,\ue001\n", 1),
        ("U+E000,𠮷\nU+E000,吉\n", 2),
        ("U+110000,吉\n", 1),
    ],
)
def test_gaiji_map_errors_name_file_and_line(tmp_path: Path, content: str, line: int) -> None:
    p = _write(tmp_path, content)
    with pytest.raises(InputError) as exc:
        load_gaiji_map(p)
    assert exc.value.line == line
    assert exc.value.file == str(p)
    assert "𠮷" not in str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_gaiji_map(tmp_path / "nope.csv")


def test_overrides(tmp_path: Path) -> None:
    p = _write(tmp_path, "id,name\n1001,吉田　花子\n1002, 高橋 一郎 \n")
    assert load_name_overrides(p) == {"1001": "吉田　花子", "1002": "高橋 一郎"}


@pytest.mark.parametrize(
    ("content", "line"),
    [("id,name\n1001\n", 2), ("1001,\n", 1), (",山田\n", 1), ("1,山田\n1,山本\n", 2), ("1,山\ue000\n", 1)],
)
def test_override_errors(tmp_path: Path, content: str, line: int) -> None:
    with pytest.raises(InputError) as exc:
        load_name_overrides(_write(tmp_path, content))
    assert exc.value.line == line
