"""The postal index's area rows by municipality (cities.bin): the shipped file is a fresh build of the shipped
index, codes_for's rows from it are those areas.parquet gives, and an index without it (or with another
index's) is read from areas.parquet as before.

When the first test fails, data/postal_codes/cities.bin no longer matches areas.parquet and meta.json beside
it: rebuild the index (``python3 scripts/build_postal_index.py``) and commit data/postal_codes/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from addrjp.postal import index as index_mod
from addrjp.postal.cities import COLUMNS, FILE_NAME, CityRows, pack_cities
from addrjp.postal.index import PostalIndex, embedded_index_dir
from addrjp.postal.lookup import _city_rows


def _fresh(directory: Path) -> bytes:
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    areas = pl.read_parquet(directory / "areas.parquet", columns=list(COLUMNS))
    return pack_cities(areas.to_dict(as_series=False), meta)


def test_shipped_cities_file_is_a_fresh_build_of_the_shipped_index() -> None:
    directory = embedded_index_dir()
    assert (directory / FILE_NAME).read_bytes() == _fresh(directory), (
        "rebuild: python3 scripts/build_postal_index.py, then commit data/postal_codes/")
    assert PostalIndex(directory).cities is not None  # and it is the one loaded


def _without_file(directory: Path) -> PostalIndex:
    index = PostalIndex(directory)
    index.__dict__["cities"] = None  # as an index written before cities.bin existed
    return index


def test_every_municipality_reads_the_same_rows_from_the_file_and_from_parquet() -> None:
    directory = embedded_index_dir()
    packed, parquet = PostalIndex(directory), _without_file(directory)
    assert packed.cities is not None
    keys = {(r.replace("ヶ", "ケ").replace("ヵ", "カ"), c.replace("ヶ", "ケ").replace("ヵ", "カ"))
            for _jis, r, c, _pk, _ck in packed.places}
    assert len(keys) > 1_800
    for pref, city in sorted(keys):
        assert _city_rows(packed, pref, city) == _city_rows(parquet, pref, city), (pref, city)
    assert _city_rows(packed, "東京都", "どこにもない区") is None
    assert _city_rows(parquet, "東京都", "どこにもない区") is None


def test_an_index_without_its_cities_file_or_with_another_ones_reads_parquet(tmp_path: Path) -> None:
    directory = tmp_path / "postal"
    shutil.copytree(embedded_index_dir(), directory)
    (directory / FILE_NAME).unlink()
    index = PostalIndex(directory)
    assert index.cities is None
    wanted = _city_rows(index, "東京都", "新宿区")
    assert wanted and "西新宿" in wanted
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    other = pack_cities(pl.read_parquet(directory / "areas.parquet", columns=list(COLUMNS))
                        .to_dict(as_series=False), {**meta, "built_at": "another build"})
    (directory / FILE_NAME).write_bytes(other)
    assert PostalIndex(directory).cities is None
    (directory / FILE_NAME).write_bytes(b"not a cities file")
    assert PostalIndex(directory).cities is None
    (directory / FILE_NAME).write_bytes(_fresh(directory))
    again = PostalIndex(directory)
    assert isinstance(again.cities, CityRows)
    assert _city_rows(again, "東京都", "新宿区") == wanted


def test_cells_with_a_tab_or_line_break_are_refused() -> None:
    from addrjp.errors import DataError

    columns = {c: [None] for c in COLUMNS} | {"pref": ["東京都"], "city": ["新宿区"], "town": ["西\t新宿"],
                                              "code": ["1600023"]}
    with pytest.raises(DataError):
        pack_cities(columns, {})


def test_doctests() -> None:
    import doctest

    from addrjp.postal import cities

    assert doctest.testmod(cities).failed == 0
    assert index_mod.INDEX_FILES[-1] == FILE_NAME
