"""The address stage gives every recorded key its recorded row (tests/support/data/address_stage.jsonl.gz).

What ``clean`` prints for 7,187 keys — a synthetic 新宿区 register's and towns all over Japan — under three
option sets: the postal code, 住所1/住所2, the town, the findings, the barcode and the duplicates' keys.
A change to any of them fails here with the keys and fields that changed; when the change is intended,
``python3 -m benchmarks.record_stage --check`` lists them all and ``--write`` records them again (say why in
the commit). A faster stage is held to the same rows, key by key, in any order and any chunking.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from benchmarks import record_stage as rs

from addrjp import postal_data_info


@pytest.fixture(scope="module")
def record() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return rs.load()


@pytest.mark.parametrize("name", list(rs.OPTION_SETS))
def test_every_recorded_key_gives_its_recorded_row(record: tuple[dict[str, Any], list[dict[str, Any]]],
                                                  name: str) -> None:
    _, entries = record
    diff = rs.differences(entries, name)
    assert not diff, (f"{len({d[0] for d in diff})} of {len(entries)} keys changed under {name!r}:\n{rs.shown(diff, 15)}\n"
                      "if intended: python3 -m benchmarks.record_stage --check, then --write")


def test_rows_do_not_depend_on_the_order_or_the_chunks(record: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """The stage's memo (heads, towns, postal rules) is filled in whatever order keys come: shuffled and cut
    into a worker's chunks, each key still gets its recorded row."""
    from addrjp.mailing.address_stage import _address_outcomes
    from addrjp.mailing.options import Options

    _, entries = record
    order = list(range(len(entries)))
    random.Random(16).shuffle(order)
    name = "ward"
    opts = Options(**rs.OPTION_SETS[name])
    wrong = []
    for start in range(0, len(order), 997):
        part = order[start:start + 997]
        rows = _address_outcomes([entries[i]["key"] for i in part], opts)
        wrong += [entries[i]["key"] for i, row in zip(part, rows, strict=True) if tuple(row) != entries[i]["rows"][name]]
    assert not wrong, f"{len(wrong)} keys changed with the order: {wrong[:10]}"


def test_the_record_is_of_the_shipped_postal_data(record: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    header, entries = record
    assert header["format"] == rs.FORMAT
    assert tuple(header["fields"]) == rs.FIELDS
    assert header["options"] == rs.OPTION_SETS
    assert header["postal_data"] == postal_data_info()["data_version"], (
        "the postal data changed since the record was made: run python3 -m benchmarks.record_stage --check, "
        "review what changed, then --write")
    groups = {e["group"] for e in entries}
    assert groups == {"shinjuku", "national"}
    assert len({e["key"] for e in entries}) == len(entries)
