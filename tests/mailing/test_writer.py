"""Writing outputs: CSV safety, strict encodings, owner-only files, atomic publish of a folder."""

from __future__ import annotations

import doctest
import json
import os
import stat
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import addrjp.mailing.writer as writer_mod
from addrjp.errors import FaultError, InputError, IntegrityError
from addrjp.mailing.schema import FORMAT
from addrjp.mailing.writer import (
    check_out_dir,
    csv_bytes,
    neutralise_cell,
    publish_dir,
    restore_cell,
    unencodable_positions,
)


def test_doctests() -> None:
    assert doctest.testmod(writer_mod).failed == 0


@pytest.mark.parametrize("cell", ["=1+2", "+81", "-3", "@SUM(A1)", "\tx", "\rx", "'x"])
def test_formula_cells_neutralised(cell: str) -> None:
    out = neutralise_cell(cell)
    assert out.startswith("'") and restore_cell(out) == cell


@given(st.text())
def test_neutralise_round_trip(text: str) -> None:
    out = neutralise_cell(text)
    assert restore_cell(out) == text
    assert not out or out[0] not in "=+-@\t\r"


def test_csv_bytes_neutralises_and_crlf() -> None:
    frame = pl.DataFrame({"a": ["=cmd|' /C calc'!A0", "ok"], "b": ["@x", None]})
    data = csv_bytes(frame, ["a", "b"], encoding="utf-8", file="t.csv")
    assert data.split(b"\r\n")[1].startswith(b"\"'=cmd|") or data.split(b"\r\n")[1].startswith(b"'=cmd")
    assert b"'@x" in data and data.endswith(b"\r\n")


def test_csv_bytes_never_writes_question_marks() -> None:
    frame = pl.DataFrame({"name": ["山田", "𠮷野"]})
    with pytest.raises(IntegrityError) as info:
        csv_bytes(frame, ["name"], encoding="cp932", file="mailing.csv")
    assert "data row 2, column name" in str(info.value) and "𠮷" not in str(info.value)
    assert unencodable_positions("a𠮷b", "cp932") == [1]


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_publish_is_owner_only(tmp_path: Path) -> None:
    out = publish_dir({"mailing.csv": b"x", "manifest.json": json.dumps({"format": FORMAT}).encode()},
                      tmp_path / "a" / "run", force=False)
    assert _mode(out) == 0o700
    assert _mode(out / "mailing.csv") == 0o600 and (out / "mailing.csv").read_bytes() == b"x"
    assert [p.name for p in tmp_path.joinpath("a").iterdir()] == ["run"]  # no temporary folder left


def test_existing_folder_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "run"
    files = {"mailing.csv": b"1", "manifest.json": json.dumps({"format": FORMAT}).encode()}
    publish_dir(files, target, force=False)
    with pytest.raises(InputError, match="--force"):
        publish_dir(files, target, force=False)
    publish_dir({**files, "mailing.csv": b"2"}, target, force=True)
    assert (target / "mailing.csv").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_force_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(InputError, match="refusing"):
        publish_dir({"mailing.csv": b"x"}, tmp_path / "home", force=True)
    assert (tmp_path / "home" / "thesis.docx").read_bytes() == b"precious"


def test_input_inside_output_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    inp = tmp_path / "out" / "register.csv"
    inp.write_bytes(b"x")
    with pytest.raises(InputError, match="contains the input"):
        check_out_dir(tmp_path / "out", force=True, inputs=[inp])


def test_failure_publishes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        publish_dir({"ok.csv": b"x", "sub/bad.csv": b"y"}, tmp_path / "run", force=False)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FaultError):  # the second file cannot be made (name too long): a fault mid-write
        publish_dir({"ok.csv": b"x", "y" * 300: b"y"}, tmp_path / "run", force=False)
    assert list(tmp_path.iterdir()) == []


def test_replacing_keeps_old_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "run"
    files = {"mailing.csv": b"old", "manifest.json": json.dumps({"format": FORMAT}).encode()}
    publish_dir(files, target, force=False)
    with pytest.raises(FaultError):
        publish_dir({"mailing.csv": b"new", "y" * 300: b""}, target, force=True)
    assert (target / "mailing.csv").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["run"]
