"""Households and joint cards (世帯と連名はがき): who shares a household, and who may share one postcard.

A household (世帯) is known when the register has a 世帯番号 (household number) column: rows with one
number are one household, whatever their addresses look like. Only without that column is a household
guessed, from the resolved address (町 + 丁目 + 番 + 号 + room). The source is said with every
``household.shared`` finding (``household_source``: ``register`` or ``address``).

With ``--joint-household`` the members of a household may share one card (連名): the first printable member
prints it with the others' given names, the others are not printed (``select.household_joint``). Label
software prints 連名 as given names sharing the family name and the 敬称, so a card joins only what it can
print truthfully; nothing is ever guessed:

* the card's own name and every joined name are written with a space between family and given name (a name
  written with no space is printed as written and never split), and the family names are the same, as
  printed: 山田　太郎 + 山田　花子 → 山田　太郎・花子; 山田　太郎 + 佐藤　花子 → two cards; 髙橋 and 高橋 are two
  cards too (a person may care about the difference);
* with register households, the members also share the resolved address (one card goes to one address);
* at most :data:`MAX_CARD` names on a card (氏名 + 連名1…3): a household with more joinable members is not
  joined at all (each keeps a card of their own) rather than split arbitrarily;
* a guessed household is never joined when the address is a facility (施設: a building name with 老人ホーム,
  介護, 寮, 病院 … see :data:`FACILITY_WORDS`) or when more than :data:`MAX_CARD` residents share it: many
  people at one address, room unknown, are neighbours in a building more often than a family.

>>> is_facility("特別養護老人ホーム新宿けやき苑"), is_facility("コーポ山田"), is_facility(None)
(True, False, False)
>>> split_name("山田　太郎"), split_name("山田太郎")
(('山田', '\\u3000', '太郎'), None)
"""

from __future__ import annotations

import re
from typing import NamedTuple

import polars as pl

#: Names on one card at most: the card's own (氏名) and three more (連名1…連名3).
MAX_CARD = 4

#: Words in a building name that make an address a facility (施設) shared by unrelated residents: care homes,
#: group homes, dormitories, hospitals, shelters. Matched after width folding.
FACILITY_WORDS: tuple[str, ...] = (
    "老人ホーム", "ケアホーム", "グループホーム", "有料老人", "特別養護", "特養", "養護", "介護", "ケアハウス",
    "ケアセンター", "福祉", "施設", "サービス付き高齢者", "サ高住", "高齢者住宅", "シルバーハウジング",
    "病院", "療養", "医療センター", "寮", "寄宿舎", "社宅", "シェアハウス", "ゲストハウス", "宿泊所", "保護",
    "ホスピス",
)
_FACILITY_RE = re.compile("|".join(re.escape(w) for w in FACILITY_WORDS))
_SPACE = re.compile(r"[ \u3000]+")
#: every character :func:`~addrjp.text.width.fold_width` changes lies in this class (the half- and full-width
#: forms block, the ideographic space, the few katakana jaconv also maps; tests/quality/test_facility_column.py
#: checks it against jaconv's tables): a text without any of them is its own folded form
_MAY_FOLD = "[\u3000\u30ee\u30f0\u30f1\u30f5\u30f6\u30fd\u30fe\uff00-\uffef]"


def is_facility(building: str | None) -> bool:
    """True when a building name says the address is a facility shared by unrelated residents."""
    if not building:
        return False
    from addrjp.text import fold_width

    return _FACILITY_RE.search(fold_width(building)) is not None


def facility_column(buildings: pl.Series) -> pl.Series:
    """:func:`is_facility` of every cell of *buildings* (null: False), as a column (施設の判定を列で).

    A cell holding no character that width folding may change (:data:`_MAY_FOLD`) is its own folded form
    (:func:`~addrjp.text.width.fold_width` returns it as it is): it is a facility when
    one of :data:`FACILITY_WORDS` occurs in it as written, a literal search of all the words at once. Only
    the rare cells width folding would change (half-width kana, full-width letters and digits) are folded
    and judged one by one, once per distinct cell.

    >>> facility_column(pl.Series(["特別養護老人ホーム新宿", "コーポ山田", "ｸﾞﾙｰﾌﾟﾎｰﾑ若葉", None])).to_list()
    [True, False, True, False]
    """
    cells = buildings.cast(pl.String).fill_null("").to_frame("b")
    folds = pl.col("b").str.contains(_MAY_FOLD)
    cells = cells.with_columns(_fold=folds, _hit=pl.col("b").str.contains_any(list(FACILITY_WORDS)))
    odd = cells.filter("_fold")["b"].unique().to_list()
    if not odd:
        return cells["_hit"].alias(buildings.name)
    judged = pl.DataFrame({"b": odd, "_judged": [is_facility(b) for b in odd]},
                          schema={"b": pl.String, "_judged": pl.Boolean})
    return (cells.join(judged, on="b", how="left", maintain_order="left")
            .select(pl.when("_fold").then("_judged").otherwise("_hit")).to_series().alias(buildings.name))


def split_name(name: str | None) -> tuple[str, str, str] | None:
    """(family, the space as written, given) of a printed name, or None when it has no single space."""
    if not name:
        return None
    m = _SPACE.search(name)
    if m is None or m.start() == 0 or m.end() == len(name) or _SPACE.search(name, m.end()):
        return None  # no space, or more than two parts (family and given cannot be told apart)
    return name[:m.start()], m.group(), name[m.end():]


class _Member(NamedTuple):
    row: int
    id: str
    household: str
    name: str
    address_key: str
    facility: bool


_Card = tuple[int, str | None, str | None, list[str] | None]  # row, joint_of, joint_name, joint_given


def joint_cards(members: pl.DataFrame, *, source: str) -> pl.DataFrame:
    """The cards of households: which member's card each member joins (``joint_of``), per member.

    *members* holds one row per eligible, non-duplicate member of a shared household: ``row``, ``id``,
    ``household`` (the key), ``name_text``, ``address_key`` and ``facility`` (bool). *source* is ``register``
    or ``address``. Returns ``row``, ``joint_of`` (the id of the card the row is folded into, or None),
    ``joint_name`` (on a card with joined members: 山田　太郎・花子) and ``joint_given`` (their given names).
    A text cell longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    from addrjp.text.limits import check_frame

    check_frame(members)
    groups: dict[str, list[_Member]] = {}
    for r in members.sort("row").select("row", "id", "household", "name_text", "address_key", "facility").rows():
        m = _Member(int(r[0]), str(r[1]), str(r[2]), str(r[3] or ""), str(r[4] or ""), bool(r[5]))
        groups.setdefault(m.household, []).append(m)
    out: list[_Card] = []
    for group in groups.values():
        out.extend(_cards(group, source))
    return pl.DataFrame(out, schema={"row": pl.Int64, "joint_of": pl.String, "joint_name": pl.String,
                                     "joint_given": pl.List(pl.String)}, orient="row")


def _cards(group: list[_Member], source: str) -> list[_Card]:
    """Cards of one household: members joined by (family name, address) when the rules allow it."""
    if source == "address" and (len(group) > MAX_CARD or any(m.facility for m in group)):
        return [(m.row, None, None, None) for m in group]  # a facility, or many residents: never one card
    cards: dict[tuple[str, str], list[_Member]] = {}
    for m in group:
        parts = split_name(m.name)
        key = (parts[0], m.address_key) if parts else (f"\x00{m.row}", "")  # unsplittable: a card of its own
        cards.setdefault(key, []).append(m)
    out: list[_Card] = []
    for same in cards.values():
        names = [split_name(m.name) for m in same]
        if len(same) == 1 or len(same) > MAX_CARD:
            out.extend((m.row, None, None, None) for m in same)
            continue
        family, space, given = names[0]  # type: ignore[misc]  # the key says every name splits
        given_names = [n[2] for n in names[1:] if n is not None]
        out.append((same[0].row, None, f"{family}{space}" + "・".join([given, *given_names]), given_names))
        out.extend((m.row, same[0].id, None, None) for m in same[1:])
    return out


__all__ = ["FACILITY_WORDS", "MAX_CARD", "facility_column", "is_facility", "joint_cards", "split_name"]
