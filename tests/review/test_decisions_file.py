"""The decisions file (判断記録): format, Japanese headers, errors with file and line, fingerprints."""

from __future__ import annotations

import doctest
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import addrjp.review.decisions as decisions_module
from addrjp.errors import InputError
from addrjp.review.decisions import (
    HEADER,
    Decision,
    decisions_bytes,
    evaluate,
    fingerprint_of,
    fingerprints,
    is_decisions_data,
    parse_decisions,
)

FP = "fp1:0123456789abcdef"
ROW = {"id": "A1", "name": "山田　太郎", "postal_code": "160-0023", "address": "新宿区西新宿2-8-1〜",
       "address2": "", "birthdate": "1940-01-01"}


def test_doctests() -> None:
    assert doctest.testmod(decisions_module).failed == 0


def test_round_trip_through_the_written_file() -> None:
    ds = [Decision("A1", FP, "correct", "address", "=HYPERLINK(1)", "", "山田", "2026-09-01T10:00:00+09:00"),
          Decision("A2", FP, "exclude", reason="転出", decided_by="山田"),
          Decision("A3", FP, "not_duplicate", value="A4")]
    data = decisions_bytes(ds)
    assert data.startswith(b"\xef\xbb\xbf") and b"'=HYPERLINK" in data  # neutralised for Excel
    back = parse_decisions(data, file="d.csv").decisions
    assert [(d.id, d.action, d.field, d.value, d.reason) for d in back] == [
        ("A1", "correct", "address", "=HYPERLINK(1)", ""), ("A2", "exclude", "", "", "転出"),
        ("A3", "not_duplicate", "", "A4", "")]
    assert [d.line for d in back] == [2, 3, 4]


@pytest.mark.parametrize("header", [
    "宛名番号,照合値,判断,項目,値,理由,判断者,判断日時",
    "id,fingerprint,action,field,value,reason,decided_by,decided_at",
    ",".join(HEADER),
    "宛名番号 (id),照合値（fingerprint）,判断,項目,値,理由,判断者,判断日時",
])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_headers_japanese_or_english_any_encoding(header: str, encoding: str) -> None:
    text = f"{header}\r\nA1,{FP},承認,,,,山田,2026-09-01\r\nA2,{FP},訂正,方書,コーポ山田 101,,山田,\r\n"
    dfile = parse_decisions(text.encode(encoding), file="d.csv")
    assert [(d.action, d.field, d.value) for d in dfile.decisions] == [("approve", "", ""),
                                                                       ("correct", "address2", "コーポ山田 101")]
    assert is_decisions_data(text.encode(encoding))


@pytest.mark.parametrize("line,needle,column", [
    (f",{FP},approve,,,,,", "without an id", "宛名番号(id)"),
    (f"A1,{FP},ok,,,,,", "unknown action", "判断(action)"),
    ("A1,,approve,,,,,", "fingerprint", "照合値(fingerprint)"),
    (f"A1,{FP},correct,town,新宿,,,", "needs the field", "項目(field)"),
    (f"A1,{FP},correct,address,,,,", "corrected value", "値(value)"),
    (f"A1,{FP},exclude,,,,,", "needs a reason", "理由(reason)"),
    (f"A1,{FP},not_duplicate,,,,,", "other row's id", "値(value)"),
    (f"A1,{FP},not_duplicate,,A1,,,", "names the row itself", "値(value)"),
])
def test_bad_lines_name_file_line_and_column(line: str, needle: str, column: str) -> None:
    data = ("id,fingerprint,action,field,value,reason,decided_by,decided_at\n"
            f"A0,{FP},approve,,,,,\n{line}\n").encode()
    with pytest.raises(InputError) as info:
        parse_decisions(data, file="d.csv")
    err = info.value
    assert needle in str(err) and err.file == "d.csv" and err.line == 3 and err.column == column


def test_not_a_decisions_file() -> None:
    with pytest.raises(InputError, match="not a decisions file"):
        parse_decisions("id,name\n1,山田\n".encode(), file="x.csv")
    assert not is_decisions_data(b"id,postal_code,address1,address2,name,barcode\r\n")
    assert not is_decisions_data(b"\x00\xff garbage")


def test_fingerprint_same_across_encodings_and_spacing() -> None:
    fp = fingerprint_of(ROW)
    assert fp == fingerprint_of({**ROW, "address": "新宿区西新宿2-8-1～", "name": " 山田  太郎\u3000",
                                 "postal_code": "１６０００２３", "birthdate": "昭和15年1月1日"})
    for key, value in (("address", "新宿区西新宿2-8-2"), ("name", "山田　次郎"), ("postal_code", "160-0022"),
                       ("address2", "101"), ("birthdate", "1940-01-02"), ("id", "A2")):
        assert fingerprint_of({**ROW, key: value}) != fp, key


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("山田太郎新宿区西 　-〜～0１2ｱ"), max_size=12),
       st.sampled_from([" ", "\u3000", "  ", "\t"]))
def test_fingerprint_ignores_whitespace_runs_and_ends(text: str, space: str) -> None:
    base = fingerprint_of({**ROW, "address": text})
    spaced = space + text.replace(" ", space) + space
    assert fingerprint_of({**ROW, "address": spaced}) == base
    cp932 = text.replace("〜", "～")  # what a CP932 export decodes to
    assert fingerprint_of({**ROW, "address": cp932}) == base


def test_fingerprints_of_a_frame_match_one_row() -> None:
    frame = pl.DataFrame({k: [v, v] for k, v in ROW.items()}).with_columns(pl.Series("id", ["A1", "B2"]))
    fps = fingerprints(frame).to_list()
    assert fps[0] == fingerprint_of(ROW) and fps[1] != fps[0]


def test_evaluate_stale_unknown_conflicts() -> None:
    current = {"A1": FP, "A2": FP, "A3": FP, "A4": FP, "A5": FP}
    old = "fp1:ffffffffffffffff"
    ds = [Decision("A1", old, "approve", line=2),
          Decision("Z9", FP, "approve", line=3),
          Decision("A2", FP, "approve", line=4), Decision("A2", FP, "exclude", reason="転出", line=5),
          Decision("A3", FP, "correct", "address", "x", line=6), Decision("A3", FP, "correct", "address", "y", line=7),
          Decision("A4", FP, "not_duplicate", value="Z8", line=8),
          Decision("A5", FP, "approve", line=9), Decision("A5", FP, "approve", line=10)]
    plan = evaluate(ds, current)
    kinds = [(p.kind, p.id, p.lines) for p in plan.problems]
    assert kinds == [("stale", "A1", (2,)), ("conflict", "A2", (4, 5)), ("conflict", "A3", (6, 7)),
                     ("conflict", "A4", (8,)), ("unknown", "Z9", (3,))]
    assert list(plan.fresh) == ["A5"] and len(plan.fresh["A5"]) == 1  # the same decision twice counts once
    assert "two actions" in plan.problems[1].detail and "twice" in plan.problems[2].detail


def test_messages_never_carry_reasons_or_values(tmp_path: Path) -> None:
    ds = [Decision("A1", "fp1:ffffffffffffffff", "exclude", reason="山田花子さんの家族より連絡", line=2),
          Decision("A2", FP, "correct", "name", "山田 花子", line=3), Decision("A2", FP, "correct", "name", "山田花子",
                                                                         line=4)]
    plan = evaluate(ds, {"A1": FP, "A2": FP})
    text = "\n".join(p.render() for p in plan.problems)
    assert "花子" not in text and "A1" in text and "A2" in text


def test_a_fingerprint_is_the_hash_of_the_rows_utf8_text() -> None:
    import hashlib

    import polars as pl

    from addrjp.review.decisions import FINGERPRINT_PREFIX, fingerprints

    rows = [("1", "𠮷野　花子", "160-0023", "西新宿2-8-1", "", "1940-01-01"), ("2", "ｱｲ", "", "舟町", "〜101", "")]
    cols = ("id", "name", "postal_code", "address", "address2", "birthdate")
    frame = pl.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])
    texts = ["\x1f".join(("fp1", "1", "𠮷野 花子", "1600023", "西新宿2-8-1", "", "1940-01-01")),
             "\x1f".join(("fp1", "2", "ｱｲ", "", "舟町", "～101", ""))]
    assert fingerprints(frame).to_list() == [FINGERPRINT_PREFIX + hashlib.sha256(t.encode("utf-8")).hexdigest()[:16]
                                             for t in texts]
