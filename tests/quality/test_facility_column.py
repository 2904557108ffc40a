"""Facilities (施設) judged as a column give what :func:`is_facility` gives cell by cell.

``facility_column`` searches the facility words in the cells as written where width folding would change
nothing, and folds and judges one by one only the cells holding a character folding changes.
"""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from jaconv.conv_table import H2Z_K, Z2H_AD

from addrjp.quality.households import _MAY_FOLD, FACILITY_WORDS, facility_column, is_facility
from addrjp.text.width import fold_width

# every character fold_width changes, as text/width.py defines them (jaconv's two tables)
FOLDED_CHARACTERS = frozenset("".join(chr(c) if isinstance(c, int) else c for c in (*H2Z_K, *Z2H_AD)))

PIECES = [*FACILITY_WORDS, "ｹｱﾊｳｽ", "ｸﾞﾙｰﾌﾟﾎｰﾑ", "ﾎｰﾑ", "老人ﾎｰﾑ", "コーポ", "山田", "１０１", "101", "Ａ棟", "　", " ",
          "ﾞ", "寮", "療", "ー", "ｰ", "新宿けやき苑", ""]

cells = st.one_of(st.none(), st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
                  st.text(alphabet=st.sampled_from([*sorted(FOLDED_CHARACTERS), "老", "人", "ホ", "ム", "寮", "介", "護"]),
                          max_size=8))


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, max_size=30))
def test_facilities_as_a_column_are_those_is_facility_finds(values: list[str | None]) -> None:
    got = facility_column(pl.Series("b", values, dtype=pl.String))
    assert got.to_list() == [is_facility(v) for v in values]
    assert got.name == "b" and got.dtype == pl.Boolean


def test_a_cell_without_a_folded_character_is_its_own_folded_form() -> None:
    # the premise of the column: every character fold_width changes is in the class, and text without any
    # character of the class is returned by fold_width as it is
    may_fold = re.compile(_MAY_FOLD)
    assert all(may_fold.fullmatch(c) for c in FOLDED_CHARACTERS)
    for text in ["特別養護老人ホーム新宿", "コーポ山田101", "abc 1-2", "髙橋ビル"]:
        assert may_fold.search(text) is None
        assert fold_width(text) == text
    assert facility_column(pl.Series([], dtype=pl.String)).to_list() == []
