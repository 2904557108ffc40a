"""Every public function that takes text has a documented input length limit (InputError beyond it, naming
the parameter, never the content) and, below it, finishes on long hostile inputs without other errors."""

from __future__ import annotations

import contextlib
import doctest
import inspect
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import addrjp
import addrjp.text.limits as limits_mod
from addrjp.address.model import Address
from addrjp.errors import InputError
from addrjp.text.limits import MAX_CODE_CHARS, MAX_FIELD_CHARS, MAX_TEXT_CHARS

# (public function, parameter, its limit, how to call it with that parameter set to a value)
Call = Callable[[str], object]
CASES: list[tuple[str, str, int, Call]] = [
    ("parse_address", "address", MAX_TEXT_CHARS, lambda v: addrjp.parse_address(v)),
    ("parse_address", "postal_code", MAX_CODE_CHARS, lambda v: addrjp.parse_address("新宿区", postal_code=v)),
    ("normalize_address", "address", MAX_TEXT_CHARS, lambda v: addrjp.normalize_address(v)),
    ("format_address", "building", MAX_TEXT_CHARS,
     lambda v: addrjp.format_address(Address(pref="東京都", city="新宿区", town="西新宿", building=v))),
    ("validate_record", "name", MAX_TEXT_CHARS,
     lambda v: addrjp.validate_record(name=v, postal_code="1600023", address="新宿区西新宿2-8-1")),
    ("validate_record", "postal_code", MAX_TEXT_CHARS,
     lambda v: addrjp.validate_record(name="山田", postal_code=v, address="新宿区西新宿2-8-1")),
    ("validate_record", "address", MAX_TEXT_CHARS,
     lambda v: addrjp.validate_record(name="山田", postal_code="1600023", address=v)),
    ("validate_record", "address2", MAX_TEXT_CHARS,
     lambda v: addrjp.validate_record(name="山田", postal_code="1600023", address="新宿区西新宿2-8-1", address2=v)),
    ("validate_record", "name_override", MAX_TEXT_CHARS,
     lambda v: addrjp.validate_record(name="山田", postal_code="1600023", address="新宿区", name_override=v)),
    ("normalize_name", "name", MAX_TEXT_CHARS, lambda v: addrjp.normalize_name(v)),
    ("normalize_name", "override", MAX_TEXT_CHARS, lambda v: addrjp.normalize_name("山田", override=v)),
    ("name_key", "name", MAX_TEXT_CHARS, lambda v: addrjp.name_key(v)),
    ("fold_variants", "text", MAX_TEXT_CHARS, lambda v: addrjp.fold_variants(v)),
    ("lookup_postal", "postal_code", MAX_CODE_CHARS, lambda v: addrjp.lookup_postal(v)),
    ("is_representative", "postal_code", MAX_CODE_CHARS, lambda v: addrjp.is_representative(v)),
    ("codes_for", "town", MAX_TEXT_CHARS, lambda v: addrjp.codes_for("東京都", "新宿区", v)),
    ("codes_for", "building", MAX_TEXT_CHARS, lambda v: addrjp.codes_for("東京都", "新宿区", "西新宿", building=v)),
    ("customer_barcode", "address", MAX_TEXT_CHARS, lambda v: addrjp.customer_barcode("1600023", v)),
    ("customer_barcode", "postal_code", MAX_CODE_CHARS, lambda v: addrjp.customer_barcode(v, "西新宿2-8-1")),
    ("customer_barcode_noted", "address", MAX_TEXT_CHARS, lambda v: addrjp.customer_barcode_noted("1600023", v)),
    ("extract_address_number", "address_b", MAX_TEXT_CHARS, lambda v: addrjp.extract_address_number(v)),
    ("encode_barcode", "address_number", MAX_TEXT_CHARS, lambda v: addrjp.encode_barcode("1600023", v)),
    ("encode_barcode", "postal_code", MAX_CODE_CHARS, lambda v: addrjp.encode_barcode(v, "2-8-1")),
    ("verify_barcode", "barcode", MAX_CODE_CHARS, lambda v: addrjp.verify_barcode(v)),
    ("barcode_to_text", "barcode", MAX_CODE_CHARS, lambda v: addrjp.barcode_to_text(list(v))),
    ("area_code", "area", MAX_CODE_CHARS, lambda v: addrjp.area_code(v)),
    ("format_vertical", "building", MAX_TEXT_CHARS,
     lambda v: addrjp.format_vertical(Address(pref="東京都", city="新宿区", town="西新宿", building=v))),
    ("kanji_number", "digits", MAX_CODE_CHARS, lambda v: addrjp.kanji_number(v)),
    ("fingerprint_of", "address", MAX_FIELD_CHARS, lambda v: addrjp.fingerprint_of({"id": "1", "address": v})),
    ("joint_cards", "name_text", MAX_TEXT_CHARS,
     lambda v: addrjp.joint_cards(pl.DataFrame({"row": [0], "id": ["1"], "household": ["h"], "name_text": [v],
                                                "address_key": ["a"], "facility": [False]}), source="register")),
    ("clean_frame", "address", MAX_FIELD_CHARS,
     lambda v: addrjp.clean_frame(pl.DataFrame({"id": ["1"], "name": ["山田"], "postal_code": ["1600023"],
                                                "address": [v]}))),
    ("find_duplicates", "name_text", MAX_TEXT_CHARS,
     lambda v: addrjp.find_duplicates(pl.DataFrame({"id": ["1"], "name_text": [v], "name_key": ["k"],
                                                    "address_key": ["a"], "block_key": ["b"]}))),
]

#: Public functions that take text but have no limit here, and why.
EXEMPT: dict[str, str] = {
    "seal_directory": "paths and key strings of the handover (issue-13-handover)",
    "open_package": "paths and key strings of the handover (issue-13-handover)",
    "erase_directory": "paths and certificate fields of the handover (issue-13-handover)",
    "generate_keypair": "a file-name prefix",
    "load_gaiji_map": "a path; each cell is limited to MAX_FIELD_CHARS (test_loader_cells_are_limited)",
    "load_name_overrides": "a path; each cell is limited to MAX_FIELD_CHARS (test_loader_cells_are_limited)",
    "generate_signing_key": "a file-name prefix",
    "make_proof": "paths; the cards' text comes from a mailing folder verified against its manifest",
    "read_decisions": "a path; each cell is limited to MAX_FIELD_CHARS (review.decisions reader)",
    "record_certificate": "a path to a certificate and the staff member's name",
    "infer_area": "reads only the first 64 characters of each address and folds each postal code once (linear)",
}


def test_doctests() -> None:
    assert doctest.testmod(limits_mod).failed == 0


def test_every_public_text_function_has_a_limit() -> None:
    covered = {name for name, *_ in CASES}
    for name in addrjp.__all__:
        obj = getattr(addrjp, name)
        if not inspect.isfunction(obj):
            continue
        takes_text = any("str" in str(p.annotation) or "DataFrame" in str(p.annotation)
                         for p in inspect.signature(obj).parameters.values())
        if takes_text:
            assert name in covered or name in EXEMPT, f"{name} takes text but has no length limit"


@pytest.mark.parametrize("name,param,limit,call", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_beyond_the_limit_is_an_input_error(name: str, param: str, limit: int, call: Call) -> None:
    value = "𠮷1" * (limit // 2 + 1)
    with pytest.raises(InputError) as info:
        call(value)
    message = str(info.value)
    assert param in message and "𠮷1𠮷1" not in message and len(message) < 400


def test_a_long_digit_run_is_an_input_error_not_python_s_int_limit() -> None:
    with pytest.raises(InputError):
        addrjp.parse_address("新宿区西新宿" + "1" * 5000)
    addrjp.parse_address("新宿区西新宿" + "1" * (MAX_TEXT_CHARS - 6))  # below the limit: no error at all


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """A generous guard against a hang (not a timing assertion): SIGALRM after *seconds*."""
    def fail(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_barcode_numeral_runs_are_linear() -> None:
    from addrjp.mailing.barcode import _extract

    with hang_guard(30):  # quadratic before: 8,000 千 took 1.2 s, so 200,000 would take minutes
        assert _extract("西新宿" + "千" * 200_000 + "ビル") == ""
        assert _extract("西新宿" + "二十三" * 50_000) == ""


@given(st.text(alphabet="一二三十百千〇丁目番地号のノ線割x-1 ", max_size=30))
def test_the_anchored_numeral_rule_matches_the_old_one(text: str) -> None:
    from addrjp.mailing.barcode import _NUMERAL_BEFORE_SPECIFIC, SPECIFIC_STRINGS
    from addrjp.text.numerals import KANJI_NUMERAL_CHARS

    old = re.compile("([" + re.escape(KANJI_NUMERAL_CHARS) + "]+)(?=" + "|".join(SPECIFIC_STRINGS) + ")")
    assert [m.span() for m in old.finditer(text)] == [m.span() for m in _NUMERAL_BEFORE_SPECIFIC.finditer(text)]


_PIECES = ["千", "二十三", "1-", "１－", "西新宿", "丁目", "番地", "号", "ハイツ", "101号室", "ｶﾞ", "𠮷", "髙", " ",
           "　", "\u3099", "\U000e0101", "\ue000", "-", "ー", "の", "B1F", "階", "、"]
long_text = st.builds(lambda parts, n: ("".join(parts) * (n // max(1, len("".join(parts))) + 1))[:n],
                      st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6),
                      st.integers(min_value=0, max_value=MAX_TEXT_CHARS))


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=long_text)
def test_long_inputs_below_the_limit_never_raise(text: str) -> None:
    from addrjp.mailing.barcode import BarcodeError

    with hang_guard(120):
        addrjp.parse_address(text)
        addrjp.normalize_address(text)
        addrjp.normalize_name(text)
        addrjp.name_key(text)
        addrjp.fold_variants(text)
        addrjp.extract_address_number(text)
        addrjp.validate_record(name=text[:MAX_FIELD_CHARS], postal_code="1600023",
                               address="東京都新宿区西新宿" + text[:MAX_FIELD_CHARS], address2=text[:MAX_FIELD_CHARS])
        with contextlib.suppress(BarcodeError):  # documented: e.g. the town was not recognised
            addrjp.customer_barcode("1600023", "東京都新宿区西新宿" + text[: MAX_TEXT_CHARS - 9])


def test_loader_cells_are_limited(tmp_path: Any) -> None:
    path = tmp_path / "gaiji.csv"
    path.write_text("U+E000," + "吉" * (MAX_FIELD_CHARS + 1) + "\n", "utf-8")
    with pytest.raises(InputError, match="longer than"):
        addrjp.load_gaiji_map(path)
    path = tmp_path / "overrides.csv"
    path.write_text("1," + "山" * (MAX_FIELD_CHARS + 1) + "\n", "utf-8")
    with pytest.raises(InputError, match="longer than"):
        addrjp.load_name_overrides(path)
