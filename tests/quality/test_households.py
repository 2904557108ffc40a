"""Households (世帯) from the register's 世帯番号 or guessed from the address, and who may share a joint card."""

from __future__ import annotations

import doctest

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.parse import parse_address
from addrjp.quality import households
from addrjp.quality.address_keys import address_key, block_key
from addrjp.quality.duplicates import find_duplicates
from addrjp.quality.households import MAX_CARD, is_facility, split_name
from addrjp.quality.names import name_key

ADDR = "新宿区西新宿二丁目8番1号"


def _frame(rows: list[tuple[str, str, str, str | None]], *, facility: bool = False) -> pl.DataFrame:
    """(id, printed name, address, 世帯番号 or None) → the input frame of find_duplicates."""
    out = []
    for rid, name, addr, household in rows:
        a = parse_address(addr)
        out.append((rid, name, name_key(name), address_key(a), block_key(a), household, facility))
    return pl.DataFrame(out, schema={"id": pl.String, "name_text": pl.String, "name_key": pl.String,
                                     "address_key": pl.String, "block_key": pl.String, "household": pl.String,
                                     "facility": pl.Boolean}, orient="row")


def _rows(frame: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {r["id"]: r for r in find_duplicates(frame, joint_household=True).iter_rows(named=True)}


def test_doctests() -> None:
    assert doctest.testmod(households).failed == 0


def test_one_family_one_card() -> None:
    rows = _rows(_frame([("A", "山田　太郎", ADDR, None), ("B", "山田　花子", ADDR, None),
                         ("C", "山田　次郎", ADDR, None)]))
    assert rows["A"]["joint_name"] == "山田　太郎・花子・次郎" and rows["A"]["joint_given"] == ["花子", "次郎"]
    assert rows["B"]["joint_of"] == rows["C"]["joint_of"] == "A"
    assert rows["A"]["household_source"] == "address"


def test_different_family_names_never_join() -> None:
    rows = _rows(_frame([("A", "山田　太郎", ADDR, None), ("B", "佐藤　花子", ADDR, None),
                         ("C", "髙橋　茂", ADDR, None), ("D", "高橋　和子", ADDR, None)]))
    assert all(r["joint_of"] is None and r["joint_name"] is None for r in rows.values())
    assert all(r["household_shared"] and r["household_primary"] for r in rows.values())  # all still shared


def test_a_name_without_a_space_is_never_split() -> None:
    rows = _rows(_frame([("A", "山田太郎", ADDR, None), ("B", "山田　花子", ADDR, None)]))
    assert rows["A"]["joint_of"] is None and rows["B"]["joint_of"] is None and rows["A"]["joint_name"] is None


def test_a_facility_is_never_one_card() -> None:
    rows = _rows(_frame([("A", "山田　太郎", ADDR, None), ("B", "山田　花子", ADDR, None)], facility=True))
    assert rows["B"]["joint_of"] is None and rows["A"]["joint_name"] is None
    assert is_facility("特別養護老人ホーム新宿") and is_facility("ＡＢＣ社員寮") and not is_facility("タワーレジデンス")


def test_more_residents_than_a_card_holds_are_not_joined() -> None:
    many = [(f"R{i}", f"山田　{g}", ADDR, None) for i, g in enumerate(["一", "二", "三", "四", "五"])]
    rows = _rows(_frame(many))
    assert len(many) > MAX_CARD and all(r["joint_of"] is None for r in rows.values())
    rows = _rows(_frame(many[:MAX_CARD]))
    assert rows["R0"]["joint_given"] == ["二", "三", "四"]


def test_register_households_decide() -> None:
    rows = _rows(_frame([
        ("A", "山田　太郎", ADDR, "H1"), ("B", "山田　花子", ADDR, "H1"),   # one 世帯
        ("C", "山田　次郎", ADDR, "H2"),                                     # same address, another 世帯
        ("D", "佐藤　一郎", "新宿区大久保二丁目3番4号", "H3"), ("E", "佐藤　和子", "新宿区大久保二丁目3番4号", ""),
    ]))
    assert rows["A"]["household_source"] == "register" and rows["A"]["joint_given"] == ["花子"]
    assert rows["B"]["joint_of"] == "A" and rows["C"]["joint_of"] is None and not rows["C"]["household_shared"]
    assert rows["A"]["household_id"] != rows["C"]["household_id"]
    assert not rows["E"]["household_shared"] and rows["E"]["household_source"] is None  # no 世帯番号: alone
    assert rows["D"]["joint_name"] is None


def test_register_household_at_two_addresses_gets_two_cards() -> None:
    rows = _rows(_frame([("A", "山田　太郎", ADDR, "H1"), ("B", "山田　花子", "新宿区大久保二丁目3番4号", "H1")]))
    assert rows["A"]["household_shared"] and rows["B"]["household_shared"]
    assert rows["B"]["joint_of"] is None  # one card goes to one address


def test_split_name() -> None:
    assert split_name("ＳＭＩＴＨ　ＪＯＨＮ") == ("ＳＭＩＴＨ", "\u3000", "ＪＯＨＮ")
    assert split_name("GARCIA LOPEZ JOSE") is None  # three parts: which is the family name is not known
    assert split_name("山田 太郎") == ("山田", " ", "太郎")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["山田　太郎", "山田　花子", "佐藤　一郎", "山田太郎", "高橋　茂"]),
                          st.sampled_from([ADDR, "新宿区大久保二丁目3番4号"]),
                          st.sampled_from([None, "H1", "H2"]), st.booleans()), max_size=10))
def test_cards_are_truthful(rows: list[tuple[str, str, str | None, bool]]) -> None:
    frame = _frame([(f"R{i}", n, a, h) for i, (n, a, h, _) in enumerate(rows)]).with_columns(
        eligible=pl.Series([r[3] for r in rows], dtype=pl.Boolean))
    out = _rows(frame)
    eligible = dict(zip(frame["id"], frame["eligible"], strict=True))
    for rid, r in out.items():
        if r["joint_of"] is None:
            continue
        primary = out[str(r["joint_of"])]
        assert primary["joint_of"] is None and primary["household_primary"] and eligible[str(primary["id"])]
        assert eligible[rid]
        family = split_name(str(frame.filter(pl.col("id") == rid)["name_text"][0]))
        card = split_name(str(frame.filter(pl.col("id") == primary["id"])["name_text"][0]))
        assert family and card and family[0] == card[0]  # one family name on a card
        assert primary["household_id"] == r["household_id"] and len(primary["joint_given"]) <= MAX_CARD - 1
