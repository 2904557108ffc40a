"""The name characters shipped per target (addrjp/quality/plain_chars.py): what the rules derive, used, and
not used when this installation is not the one they were derived with.

When the first test fails, the shipped table no longer matches the rules of addrjp.quality.names (or Python,
jntajis, jaconv changed): run ``python3 scripts/build_char_tables.py`` and commit the two files it writes.
"""

from __future__ import annotations

import pytest

from addrjp.quality import names, plain_chars

_REBUILD = "run `python3 scripts/build_char_tables.py` and commit the files it writes"


@pytest.fixture(autouse=True)
def _fresh_cache() -> object:
    names._plain_set.cache_clear()
    yield
    names._plain_set.cache_clear()


def test_the_table_was_derived_with_this_installation() -> None:
    shipped_python, here = plain_chars.STAMP.split("/")[0], names.plain_stamp().split("/")[0]
    if shipped_python != here:  # not the project's Python: the tables are derived at run time there
        pytest.skip(f"tables shipped for Python {shipped_python}, this is {here}")
    assert names.plain_stamp() == plain_chars.STAMP, _REBUILD


@pytest.mark.parametrize("charset", ["cp932", "jisx0208", "jisx0213"])
def test_each_shipped_target_is_what_the_rules_derive(charset: str) -> None:
    if names.plain_stamp() != plain_chars.STAMP:
        pytest.skip("another Python, jntajis or jaconv: the shipped table is not used here")
    assert frozenset(plain_chars.PLAIN[charset]) == names.derive_plain_set(charset), _REBUILD
    assert names._plain_set(charset) == names.derive_plain_set(charset)


def test_the_shipped_table_is_what_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_chars, "STAMP", names.plain_stamp())
    monkeypatch.setitem(plain_chars.PLAIN, "cp932", "山田")
    assert names._plain_set("cp932") == frozenset("山田")


def test_another_stamp_derives_the_set_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_chars, "STAMP", "2.7/5.0.0/jntajis 0/jaconv 0")
    monkeypatch.setitem(plain_chars.PLAIN, "cp932", "山田")  # stale: must not be read
    assert names._plain_set("cp932") == names.derive_plain_set("cp932")


def test_a_target_not_shipped_is_derived() -> None:
    assert "unicode" not in plain_chars.PLAIN
    assert names._plain_set("unicode") == names.derive_plain_set("unicode")
