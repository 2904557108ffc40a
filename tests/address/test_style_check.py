"""A bad house style is the documented error (InputError, a ValueError) whatever the address (hypothesis).

Before the check moved to the entry of each function, a bad style raised only when the town matched
(``validate_record`` formats the address only then) and never for text the parser could not read.
"""

from __future__ import annotations

import doctest

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.address import styles
from addrjp.address.format import format_address, normalize_address
from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.address.styles import STYLES, check_style
from addrjp.errors import InputError
from addrjp.mailing.pipeline import Options, clean_frame
from addrjp.quality.record import validate_record

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_MATCHED = ["東京都新宿区西新宿2-8-1", "新宿区西早稲田2丁目1番5号", "新宿区市谷砂土原町1-2-59 ハイツ101",
            "四谷三丁目5", "東京都新宿区歌舞伎町一丁目4番1号"]
_UNMATCHED = ["", " ", "どこか1-2-3", "東京都架空区なにもない町1", "12345", "〒160-0023"]

address_texts = st.one_of(st.sampled_from(_MATCHED + _UNMATCHED), st.text(max_size=30))
bad_styles = st.one_of(
    st.text(max_size=12).filter(lambda s: s not in STYLES),
    st.sampled_from(["Vertical", " horizontal", "horizontal ", "縦書き", "tate", "OFFICIAL"]),
    st.none(), st.integers(), st.just(("vertical",)),
)


def test_styles_doctests() -> None:
    failures, tried = doctest.testmod(styles)
    assert failures == 0 and tried > 0


def test_each_house_style_passes_the_check() -> None:
    assert [check_style(s) for s in STYLES] == list(STYLES)


@given(address_texts, bad_styles)
@SETTINGS
def test_bad_style_raises_in_normalize_address_whatever_the_address(text: str, style: object) -> None:
    with pytest.raises(InputError, match="unknown style"):
        normalize_address(text, style)  # type: ignore[arg-type]


@given(address_texts, bad_styles)
@SETTINGS
def test_bad_style_raises_in_format_address_whatever_the_address(text: str, style: object) -> None:
    with pytest.raises(InputError, match="unknown style"):
        format_address(parse_address(text), style)  # type: ignore[arg-type]


@given(bad_styles)
@SETTINGS
def test_bad_style_raises_in_format_address_for_an_empty_address(style: object) -> None:
    with pytest.raises(ValueError, match="unknown style"):  # InputError is a ValueError, as documented
        format_address(Address(), style)  # type: ignore[arg-type]


@given(address_texts, st.sampled_from(["", "160-0023", "1620051", "abc"]), bad_styles)
@SETTINGS
def test_bad_style_raises_in_validate_record_whatever_the_address(text: str, postal: str, style: object) -> None:
    with pytest.raises(InputError, match="unknown style"):
        validate_record(name="新宿　太郎", postal_code=postal, address=text, style=style)  # type: ignore[arg-type]


@given(bad_styles)
@SETTINGS
def test_bad_style_raises_in_the_pipeline_options(style: object) -> None:
    with pytest.raises(InputError, match="unknown style"):
        Options(style=style)  # type: ignore[arg-type]


def test_bad_style_raises_in_clean_frame_before_any_row() -> None:
    df = pl.DataFrame({"id": ["1"], "name": ["新宿　太郎"], "postal_code": [""], "address": ["どこか"]})
    with pytest.raises(InputError, match="unknown style"):
        clean_frame(df, style="tate")


def test_the_pipeline_writes_address1_in_the_chosen_style() -> None:
    df = pl.DataFrame({"id": ["1"], "name": ["新宿　太郎"], "postal_code": ["160-0023"],
                       "address": ["東京都新宿区西新宿２－８－１"]})
    assert clean_frame(df, style="official")["address1"].to_list() == ["東京都新宿区西新宿二丁目8番1号"]
    assert clean_frame(df)["address1"].to_list() == ["東京都新宿区西新宿2-8-1"]
