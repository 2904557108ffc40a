"""``fingerprints`` gives the values it always gave (they are stored in decisions files), now that the postal
code's digits are taken without its canonical form, each distinct birthdate is read once and the digest is cut
as a column: against the former function (tests/support/fingerprint_reference.py), for any text."""

from __future__ import annotations

import polars as pl
from fingerprint_reference import reference_fingerprints
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.review.decisions import _FULL_DIGITS, _UNIFY, fingerprint_of, fingerprints

COLUMNS = ("id", "name", "postal_code", "address", "address2", "birthdate")
# the characters the canonical form and the digits read: whitespace of every kind, the pairs CP932 and
# Unicode disagree on, full-width and ASCII digits, a hyphen, kanji, kana, a control character
_ALPHABET = st.sampled_from([" ", "\u3000", "\t", "\n", "\r", "\x0b", "\x1f", "\u00a0", "\u2003", "-", "ー", "〒",
                             "0", "1", "9", "新", "宿", "あ", "ア", "a", "Z", *_UNIFY, *_UNIFY.values(),
                             *_FULL_DIGITS])
_TEXT = st.text(_ALPHABET, max_size=12)
_BIRTHDATES = st.one_of(_TEXT, st.sampled_from(["昭和24年9月16日", "1949-09-16", "1949/9/16", "S24.9.16",
                                                "  昭和24年9月16日 ", "平成元年1月8日", "1949-02-30", "令和", ""]))


@st.composite
def _frames(draw: st.DrawFn) -> pl.DataFrame:
    rows = draw(st.integers(0, 8))
    present = draw(st.sets(st.sampled_from(COLUMNS), min_size=1))
    data: dict[str, list[str | None]] = {}
    for c in COLUMNS:
        if c in present:
            values = st.none() | (_BIRTHDATES if c == "birthdate" else _TEXT)
            data[c] = [draw(values) for _ in range(rows)]
    return pl.DataFrame(data, schema={c: pl.String for c in data})


@settings(max_examples=300, deadline=None)
@given(_frames())
def test_fingerprints_are_the_former_functions_values(frame: pl.DataFrame) -> None:
    got, want = fingerprints(frame), reference_fingerprints(frame)
    assert got.name == want.name == "fingerprint"
    assert got.dtype == pl.String
    assert got.to_list() == want.to_list()


def test_a_known_row_keeps_its_stored_fingerprint() -> None:
    row = {"id": "0001", "name": "新宿 太郎", "postal_code": "１６０－００２３", "address": "東京都新宿区西新宿2-8-1",
           "address2": "", "birthdate": "昭和24年9月16日"}
    assert fingerprint_of(row) == "fp1:117bdc3c58d93366"  # as main made it (5be4c7f)
    frame = pl.DataFrame({k: [v, v] for k, v in row.items()})
    assert fingerprints(frame).to_list() == reference_fingerprints(frame).to_list()
