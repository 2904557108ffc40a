"""The address validator looks the postal memo up only when the index or the master it was made for is not
the loaded one: every address still sees a replaced index or master, as when each looked the memo up."""

from __future__ import annotations

from unittest import mock

from addrjp.address import towns as towns_mod
from addrjp.postal.index import load_index, reset
from addrjp.quality import record

_ADDRESSES = [("1600023", "西新宿2-8-1", None), ("", "西早稲田2丁目1番5号", None), ("1620051", "西早稲田2-1-5", "101"),
              ("1600023", "西新宿二丁目8番1号", "新宿ビル15階"), ("1000001", "西新宿2-8-1", None)]


def _entries_of(memo: dict[object, object], code: str) -> int:
    return sum(1 for k in memo if type(k) is tuple and k and k[0] == code)


def test_a_reset_index_is_seen_at_the_next_address() -> None:
    validate = record.address_validator(area="13104")
    before = [validate(*a) for a in _ADDRESSES]
    old_memo = record._postal_memo()
    assert _entries_of(old_memo, "1600023")
    reset()  # another index: its memo starts empty
    old_memo[("1600023", "東京都", "新宿区", "西新宿", True, None)] = ("999-9999", None, ())  # a stale entry
    after = [validate(*a) for a in _ADDRESSES]
    assert after == before
    new_memo = load_index()._memos["record.postal"]  # type: ignore[attr-defined]
    assert new_memo is not old_memo and _entries_of(new_memo, "1600023")
    assert after == [record.validate_address(postal_code=p, address=a, address2=b, area="13104")
                     for p, a, b in _ADDRESSES]


def test_another_master_is_seen_at_the_next_address() -> None:
    validate = record.address_validator(area="13104")
    before = [validate(*a) for a in _ADDRESSES]
    memo = record._postal_memo()
    first = memo[record._MASTER]
    other = towns_mod.load_town_master.__wrapped__()  # the same data, another master object
    assert other is not first
    with mock.patch.object(record, "load_town_master", return_value=other):
        after = [validate(*a) for a in _ADDRESSES]
        # the memo was looked up again for the other master (which empties it and keeps the new master)
        assert record._postal_memo()[record._MASTER] is other
        assert _entries_of(record._postal_memo(), "1600023")
    assert after == before
    # and back: the first master's memo is made again, not the other's used
    again = [validate(*a) for a in _ADDRESSES]
    assert again == before and record._postal_memo()[record._MASTER] is first


def test_a_memo_over_its_bound_is_looked_up_again() -> None:
    validate = record.address_validator(area="13104")
    validate(*_ADDRESSES[0])
    memo = record._postal_memo()
    with mock.patch.object(record, "_POSTAL_MEMO_LIMIT", len(memo) - 1):
        calls = []
        real = record._postal_memo

        def counting() -> dict[object, object]:
            calls.append(1)
            return real()

        with mock.patch.object(record, "_postal_memo", counting):
            validate(*_ADDRESSES[1])
        assert calls
    calls_after: list[int] = []
    with mock.patch.object(record, "_postal_memo", lambda: calls_after.append(1) or real()):
        validate(*_ADDRESSES[2])
        validate(*_ADDRESSES[3])
    assert calls_after == []  # within its bound: not looked up again
