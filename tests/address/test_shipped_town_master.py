"""The town master shipped in the package (data/towns/town_master.bin): fresh, used, and not used when
the data in use are not the ones it was built from.

When the first test fails, the master no longer matches its inputs (the postal index, data/towns/, the
builder's modules): run ``python3 scripts/build_town_master.py`` and commit data/towns/town_master.bin.
"""

from __future__ import annotations

import marshal
import struct
from pathlib import Path
from typing import Any

import pytest

import addrjp.address.towns as towns_mod
from addrjp.address.towns import (
    SHIPPED_MASTER,
    TownMaster,
    build_shipped_master,
    load_shipped_master,
    packaged_abr_files,
    shipped_master_key,
)
from addrjp.postal.index import embedded_index_dir

_REBUILD = "run `python3 scripts/build_town_master.py` and commit data/towns/town_master.bin"


@pytest.fixture
def no_imported_towns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    towns = tmp_path / "imported-towns"
    monkeypatch.setenv("ADDRJP_TOWNS_DIR", str(towns))
    return towns


def _shipped_path() -> Path:
    return towns_mod._package_data_dir() / SHIPPED_MASTER


def _content(data: bytes) -> dict[str, Any]:
    """The master's content independent of the order of its sections (and of marshal's reference flags)."""
    (n,) = struct.unpack_from("<I", data, 8)
    head = marshal.loads(data[12:12 + n])
    base = 12 + n

    def section(i: int) -> Any:
        start, end = head["offsets"][i]
        return marshal.loads(data[base + start:base + end])

    out = {k: v for k, v in head.items() if k not in ("offsets", "city_blob", "global_blob", "code_blob")}
    out["cities_sections"] = [section(i) for i in head["city_blob"]]
    out["global_sections"] = {ch: section(i) for ch, i in head["global_blob"].items()}
    out["code_sections"] = {p: section(i) for p, i in head["code_blob"].items()}
    return out


def test_shipped_master_key_matches_its_inputs(no_imported_towns: Path) -> None:
    shipped = TownMaster(_shipped_path().read_bytes())
    assert shipped.key == shipped_master_key(embedded_index_dir()), _REBUILD
    assert load_shipped_master(embedded_index_dir()) is not None


def test_shipped_master_is_what_the_build_script_builds(no_imported_towns: Path) -> None:
    built = build_shipped_master(embedded_index_dir())
    shipped = _shipped_path().read_bytes()
    assert built[:8] == shipped[:8]
    assert _content(built) == _content(shipped), _REBUILD


def test_load_town_master_builds_nothing_with_the_packaged_data(
        no_imported_towns: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_build(*args: Any, **kw: Any) -> bytes:
        raise AssertionError("the town master was built although the shipped one fits")

    monkeypatch.setattr(towns_mod, "_packed_from_index", no_build)
    monkeypatch.setenv("ADDRJP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ADDRJP_POSTAL_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))  # no imported postal index
    master = towns_mod.load_town_master.__wrapped__()
    assert master.key == shipped_master_key(embedded_index_dir())
    assert master.find_town("東京都", "新宿区", "西新宿") is not None
    assert not (tmp_path / "cache").exists()  # nothing written to the user's cache


def test_imported_towns_are_not_served_by_the_shipped_master(no_imported_towns: Path) -> None:
    key = shipped_master_key(embedded_index_dir())
    no_imported_towns.mkdir()
    (no_imported_towns / "abr_mt_town_131016.csv").write_text("lg_code\n131016\n", encoding="utf-8")
    assert shipped_master_key(embedded_index_dir()) != key
    assert load_shipped_master(embedded_index_dir()) is None  # -> built into the user's cache
    # the key of the shipped build is always that of the packaged files only
    assert shipped_master_key(embedded_index_dir(), packaged_abr_files()) == key


def test_shipped_master_key_changes_with_the_postal_index(tmp_path: Path, no_imported_towns: Path) -> None:
    postal = tmp_path / "postal"
    postal.mkdir()
    for name in ("meta.json", "areas.parquet", "offices.parquet"):
        (postal / name).write_bytes((embedded_index_dir() / name).read_bytes())
    key = shipped_master_key(postal)
    assert key == shipped_master_key(embedded_index_dir())  # content, not the path
    (postal / "meta.json").write_bytes((postal / "meta.json").read_bytes() + b"\n")
    assert shipped_master_key(postal) != key
    assert load_shipped_master(postal) is None
