"""The README's first command writes the recorded files (tests/support/data/sample_outputs/).

``addrjp clean examples/shinjuku_register.csv --out DIR --force`` on the bundled fictitious register:
mailing.csv and findings.csv byte for byte as recorded. A change to anything ``clean`` writes for the sample
fails here with the first lines that differ; ``python3 -m benchmarks.record_sample --check`` lists them and
``--write`` records the files again once the change is meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import record_sample as rs


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return rs.run_sample(tmp_path_factory.mktemp("sample") / "out")


@pytest.mark.parametrize("name", list(rs.FILES))
def test_the_sample_is_written_as_recorded(written: dict[str, bytes], name: str) -> None:
    was = rs.recorded()[name]
    assert written[name] == was, ("\n".join([f"{name} differs from the record:", *rs.changed_lines(name, was, written[name]),
                                             "if intended: python3 -m benchmarks.record_sample --check, then --write"]))


def test_the_record_is_the_files_of_the_bundled_sample() -> None:
    assert rs.SAMPLE.relative_to(rs.ROOT) == Path("examples", "shinjuku_register.csv")
    assert rs.SAMPLE.is_file()
    record = rs.recorded()
    assert record["mailing.csv"].startswith("宛名番号,郵便番号".encode("cp932"))
    assert record["findings.csv"].startswith(b"\xef\xbb\xbfid,status,")
    # every row of the register is in findings.csv (its header, then one record a row)
    rows = sum(1 for _ in rs.SAMPLE.open(encoding="utf-8-sig")) - 1
    assert record["findings.csv"].count(b"\nR") == rows
