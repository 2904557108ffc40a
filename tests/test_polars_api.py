"""addrjp.polars: the ``.addrjp`` expression namespace (parse, postal_codes, normalize).

It must give what the scalar API gives, value for value (hypothesis), work once per distinct value, keep
nulls null, and register itself on import without replacing polars.
"""

from __future__ import annotations

import dataclasses
import doctest
import subprocess
import sys

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import addrjp.polars as addrjp_polars
from addrjp.address.format import normalize_address
from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.errors import InputError
from addrjp.polars import ADDRESS_STRUCT
from addrjp.postal.lookup import codes_for

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_ADDRESSES = ["東京都新宿区西新宿２－８－１", "新宿区西早稲田2丁目1番5号", "西早稲田2丁目", "新宿区市谷砂土原町1-2-59 ハイツ101",
              "四谷三丁目5", "東京都新宿区西新宿2-6-1 新宿住友ビル 15階", "どこか1-2-3", "", " "]
_CODES = [None, "1600023", "162-0051", "1620051", "abc", "1600004"]
addresses = st.one_of(st.none(), st.sampled_from(_ADDRESSES), st.text(max_size=20))
codes = st.one_of(st.sampled_from(_CODES), st.text(alphabet="0123456789-", max_size=8))


def _expected(a: Address) -> dict[str, object]:
    out = {f: getattr(a, f) for f in ADDRESS_STRUCT.to_schema()}
    out["inferred"] = list(a.inferred)
    return out


def test_polars_namespace_doctests() -> None:
    failures, tried = doctest.testmod(addrjp_polars)
    assert failures == 0 and tried > 0


def test_the_struct_has_every_address_field_but_the_original() -> None:
    fields = [f.name for f in dataclasses.fields(Address) if f.name != "original"]
    assert list(ADDRESS_STRUCT.to_schema()) == fields
    schema = ADDRESS_STRUCT.to_schema()
    assert schema["chome"] == pl.Int64 and schema["floor"] == pl.Int64
    assert schema["banchi"] == pl.String and schema["go"] == pl.String
    assert schema["inferred"] == pl.List(pl.String)


@given(st.lists(st.tuples(addresses, codes), min_size=0, max_size=12))
@SETTINGS
def test_parse_gives_what_parse_address_gives(rows: list[tuple[str | None, str | None]]) -> None:
    df = pl.DataFrame(rows, schema={"address": pl.String, "pc": pl.String}, orient="row")
    out = df.select(pl.col("address").addrjp.parse(postal_code="pc"))["address"].to_list()
    for (text, code), got in zip(rows, out, strict=True):
        if text is None:
            assert got is None
        else:
            assert got == _expected(parse_address(text, postal_code=code or None))


@given(st.lists(st.tuples(addresses, codes), min_size=0, max_size=12))
@SETTINGS
def test_postal_codes_are_the_codes_of_the_parsed_address(rows: list[tuple[str | None, str | None]]) -> None:
    df = pl.DataFrame(rows, schema={"address": pl.String, "pc": pl.String}, orient="row")
    out = df.select(pl.col("address").addrjp.postal_codes(postal_code=pl.col("pc")))["address"].to_list()
    for (text, code), got in zip(rows, out, strict=True):
        if text is None:
            assert got is None
            continue
        a = parse_address(text, postal_code=code or None)
        want = (codes_for(a.pref, a.city, a.town, chome=a.chome, banchi=a.banchi, go=a.go, building=a.building,
                          floor=a.floor) if a.pref and a.city and a.town else [])
        assert got == want


@given(st.lists(addresses, max_size=10), st.sampled_from(["official", "horizontal", "vertical"]))
@SETTINGS
def test_normalize_gives_what_normalize_address_gives(texts: list[str | None], style: str) -> None:
    df = pl.DataFrame({"address": texts}, schema={"address": pl.String})
    out = df.select(pl.col("address").addrjp.normalize(style))["address"].to_list()
    assert out == [None if t is None else normalize_address(t, style) for t in texts]


def test_a_register_is_parsed_once_per_distinct_value(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str | None]] = []
    real = addrjp_polars._parse

    def counting(text: str, code: str | None) -> Address:
        calls.append((text, code))
        return real(text, code)

    monkeypatch.setattr(addrjp_polars, "_parse", counting)
    df = pl.DataFrame({"address": ["新宿区西新宿2-8-1", "新宿区西早稲田2-1-5", None] * 500,
                       "pc": ["1600023", "", None] * 500})
    out = df.select(pl.col("address").addrjp.parse(postal_code="pc"))
    assert out.height == 1500
    assert sorted(calls) == sorted([("新宿区西新宿2-8-1", "1600023"), ("新宿区西早稲田2-1-5", "")])


def test_nulls_and_empty_frames() -> None:
    empty = pl.DataFrame({"address": []}, schema={"address": pl.String})
    assert empty.select(pl.col("address").addrjp.parse()).schema["address"] == ADDRESS_STRUCT
    nulls = pl.DataFrame({"address": [None, None]}, schema={"address": pl.String})
    assert nulls.select(pl.col("address").addrjp.postal_codes())["address"].to_list() == [None, None]
    assert nulls.select(pl.col("address").addrjp.normalize())["address"].to_list() == [None, None]


def test_lazy_frames_and_names() -> None:
    lf = pl.LazyFrame({"住所": ["新宿区西新宿2-8-1"], "郵便番号": ["160-0023"]})
    out = lf.with_columns(解析=pl.col("住所").addrjp.parse(postal_code="郵便番号").struct.field("town")).collect()
    assert out["解析"].to_list() == ["西新宿"]
    assert lf.select(pl.col("住所").addrjp.normalize()).collect().columns == ["住所"]


def test_an_integer_postal_code_column_is_context_with_its_leading_zero() -> None:
    ints = pl.DataFrame({"address": ["西早稲田2丁目1番5号", "北一条西2丁目"], "pc": [1620051, 600001]})
    texts = ints.with_columns(pl.Series("pc", ["1620051", "0600001"]))
    parse = pl.col("address").addrjp.parse(postal_code="pc")
    assert ints.select(parse).equals(texts.select(parse))
    assert ints.select(parse.struct.field("town"))["town"][0] == "西早稲田"


def test_a_bad_style_raises_when_the_expression_is_made() -> None:
    with pytest.raises(InputError, match="unknown style"):
        pl.col("address").addrjp.normalize("tate")


def test_importing_registers_the_namespace_and_keeps_polars_itself() -> None:
    code = ("import polars as pl\nassert not hasattr(pl.col('a'), 'addrjp')\nimport addrjp.polars\n"
            "assert hasattr(pl.col('a'), 'addrjp') and addrjp.polars.pl is pl and hasattr(pl, 'DataFrame')\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ok"
