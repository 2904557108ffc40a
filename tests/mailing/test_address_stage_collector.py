"""The address stage pauses the cyclic garbage collector for its loop and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from addrjp.collector import paused
from addrjp.mailing import address_stage
from addrjp.mailing.address_stage import _address_outcomes
from addrjp.mailing.options import Options


def test_the_collector_is_paused_in_the_loop_and_resumed_after() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_resumed_after_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object) -> None:
        assert not gc.isenabled()
        raise RuntimeError("in the loop")

    monkeypatch.setattr(address_stage, "_address_loop", boom)
    with pytest.raises(RuntimeError):
        _address_outcomes([("160-0023", "新宿区西新宿2-8-1", "")], Options(area="13104"))
    assert gc.isenabled()


def test_the_rows_are_those_of_each_key_alone() -> None:
    keys = [("160-0023", "新宿区西新宿2-8-1", ""), ("", "西早稲田2丁目1番5号", "コーポ 101"), ("abc", "", "")]
    opts = Options(area="13104")
    assert _address_outcomes(keys, opts) == [row for key in keys for row in _address_outcomes([key], opts)]
    assert gc.isenabled()
