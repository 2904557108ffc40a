"""The glued-text rule of record validation (quality/record.py ``_glued``): a 小字 the parser read from its
shape alone, glued to a head it did not read as written (a municipality inferred, a town corrected), makes a
new address of a known head and unverified text: never ``ok`` or ``fixed`` (issue 12 §2, last item)."""

from __future__ import annotations

import pytest

from addrjp.address.model import Address
from addrjp.quality.record import _glued

_HEAD = dict(pref="愛知県", city="北名古屋市", town="熊之庄", banchi="45", go="2")


@pytest.mark.parametrize(("koaza", "inferred", "correction", "glued"), [
    ("十二社", ("city",), None, True),  # municipality inferred, 小字 from its shape: glued
    ("十二社", (), "熊之庄", True),  # town corrected (a suggestion), 小字 from its shape: glued
    ("十二社", (), None, False),  # written in full, as written: not glued
    ("十二社", ("pref",), None, False),  # only the prefecture inferred: the municipality was written
    ("字十二社", ("city",), None, False),  # 字 written: the text says it is a 小字
    ("大字十二社", ("city",), "熊之庄", False),
    ("小字十二社", ("city",), None, False),
    ("五地割", ("city",), None, False),  # 地割 and 線 are numbered divisions the parser reads by rule
    ("東2線", ("city",), "熊之庄", False),
    (None, ("city",), "熊之庄", False),  # no 小字 at all: nothing glued
])
def test_a_koaza_read_from_its_shape_is_glued_only_to_a_head_not_read_as_written(
        koaza: str | None, inferred: tuple[str, ...], correction: str | None, glued: bool) -> None:
    address = Address(**_HEAD, koaza=koaza, inferred=inferred)
    assert _glued(address, correction) is glued
