"""The finding catalogue: one place, stable codes, documented."""

from __future__ import annotations

import doctest
from pathlib import Path

import addrjp.quality.findings as findings_module
from addrjp.quality.findings import CATALOGUE, Finding, join_codes, status_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "findings.md"


def test_doctests() -> None:
    assert doctest.testmod(findings_module).failed == 0


def test_every_code_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"`{code}`" in text, code


def test_status_worst_wins() -> None:
    info = Finding.of("household.shared", field="address")
    warn = Finding.of("duplicate.probable", field="name")
    err = Finding.of("address.no_number", field="address")
    assert status_of([]) == "ok"
    assert status_of([info]) == "ok"
    assert status_of([info, warn]) == "review"
    assert status_of([warn, err]) == "hold"
    assert status_of([Finding.of("select.age_below", field="birthdate"), err]) == "excluded"


def test_join_codes_stable_order() -> None:
    fs = [Finding.of("name.empty", field="name"), Finding.of("postal.missing", field="postal_code")]
    assert join_codes(fs) == "postal.missing;name.empty"
    assert join_codes(reversed(fs)) == "postal.missing;name.empty"


def test_every_code_says_what_to_do() -> None:
    from addrjp.quality.findings import ACTION_JA

    assert set(ACTION_JA) == set(CATALOGUE)
    for code, text in ACTION_JA.items():
        assert text and text.endswith("。") and "所見" not in text, code
