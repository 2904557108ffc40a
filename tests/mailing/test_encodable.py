"""The columnar encodability check of mailing cells equals the per-value one it replaces.

A cell is looked at one by one only when it holds a character outside the codec's round-trip class; these
tests prove the class is exactly the characters CP932 does not write back as themselves (every code point
of the Basic Multilingual Plane, and the astral ones that matter), and that the row mask and the written
image equal the per-value rule (the writer's ``unencodable_positions`` of ``to_target``) on generated cells.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing.encodable import odd_cells, output_image, unencodable_mask, unstable_class
from addrjp.mailing.writer import unencodable_positions
from addrjp.text.charsets import to_target

ODD = "〜−‖¢£¬—¦～－∥￠￡￢①Ⅰ㈱髙﨑𠮷𩸽\u3000ｱﾞ\u00a5\u203e\\~é"
cells = st.text(alphabet=st.sampled_from(ODD) | st.characters(min_codepoint=0x20, max_codepoint=0x9FFF),
                max_size=12)


def _round_trips(ch: str) -> bool:
    try:
        return ch.encode("cp932").decode("cp932") == ch
    except UnicodeEncodeError:
        return False


def test_the_class_is_exactly_what_cp932_does_not_write_back() -> None:
    pattern = unstable_class("cp932")
    assert pattern is not None
    points = [*range(0x0, 0xD800), *range(0xE000, 0x10000), 0x20BB7, 0x29E3D, 0x10FFFF]
    chars = [chr(cp) for cp in points]
    matched = pl.Series(chars).to_frame("v").select(pl.col("v").str.contains(pattern)).to_series().to_list()
    wrong = [hex(ord(c)) for c, m in zip(chars, matched, strict=True) if m == _round_trips(c)]
    assert wrong == []


def test_no_class_for_other_encodings_means_every_cell_is_looked_at() -> None:
    assert unstable_class("utf-8") is None
    assert odd_cells(pl.Series(["a", "b"]), "utf-8").to_list() == [True, True]


def _old_bad(text: str) -> bool:
    return bool(unencodable_positions(to_target(text, "cp932"), "cp932"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=30))
def test_mask_and_image_equal_the_per_value_rule(rows: list[tuple[str, str]]) -> None:
    frame = pl.DataFrame({"a": [a for a, _ in rows], "b": [b for _, b in rows]})
    expected = [_old_bad(a) or _old_bad(b) for a, b in rows]
    assert unencodable_mask(frame, "cp932", ["a", "b", "absent"]).to_list() == expected
    assert output_image(frame["a"], "cp932").to_list() == [to_target(a, "cp932") for a, _ in rows]
    for (a, _), odd in zip(rows, odd_cells(frame["a"], "cp932").to_list(), strict=True):
        if not odd:  # a cell that is not odd is its own image and encodes
            assert to_target(a, "cp932") == a and not unencodable_positions(a, "cp932")


def test_nulls_are_empty_cells() -> None:
    frame = pl.DataFrame({"a": [None, "𠮷"]}, schema={"a": pl.String})
    assert unencodable_mask(frame, "cp932", ["a"]).to_list() == [False, True]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cells, cells, st.none() | cells), min_size=0, max_size=30))
def test_images_of_several_columns_in_one_pass_equal_each_column_alone(rows: list[tuple[str, str, str | None]]) -> None:
    from addrjp.mailing.encodable import output_images

    frame = pl.DataFrame({"a": [r[0] for r in rows], "b": [r[1] for r in rows], "c": [r[2] for r in rows]},
                         schema={"a": pl.String, "b": pl.String, "c": pl.String})
    images = output_images(frame, "cp932", ["a", "c"])
    assert images["a"].to_list() == [to_target(r[0], "cp932") for r in rows]
    assert images["c"].to_list() == [to_target(r[2] or "", "cp932") for r in rows]
    assert images["b"].to_list() == frame["b"].to_list()  # a column not named is left as it is
    assert output_images(frame, "utf-8", ["a"]).equals(frame)
