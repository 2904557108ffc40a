"""One verdict: whatever ``clean`` writes, ``check`` passes — over generated buildings and every character set."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.mailing.check import check_output
from addrjp.mailing.pipeline import Options, build_outputs, clean_frame
from addrjp.mailing.writer import publish_dir
from addrjp.text.charsets import printable_form

#: characters that test the character sets: outside JIS X 0208 (髙 﨑 ① Ⅲ), outside CP932 (𠮷 鷗), the two
#: images of one JIS cell (〜/～, −/－), private use, plain kanji and kana
_TRICKY = "𠮷髙﨑①Ⅲ〜～−－鷗德№㈱\ue000"
_PLAIN = "山田高橋吉野中央ハイツビルコーポ荘メゾン"
_CHARSETS = ("cp932", "jisx0208", "jisx0213", "unicode")

building = st.builds(
    lambda head, kind, room: f"{head}{kind}{room}",
    st.text(alphabet=_TRICKY + _PLAIN, min_size=1, max_size=4),
    st.sampled_from(["ハイツ", "ビル", "荘", "マンション", ""]),
    st.integers(min_value=101, max_value=1210).map(str),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(buildings=st.lists(building, min_size=1, max_size=6), charset=st.sampled_from(_CHARSETS),
       out_encoding=st.sampled_from(["utf-8", "cp932"]), in_address_column=st.booleans())
def test_what_clean_writes_check_passes(buildings: list[str], charset: str, out_encoding: str,
                                        in_address_column: bool) -> None:
    n = len(buildings)
    base = "東京都新宿区西新宿2-8-1"
    frame = pl.DataFrame({
        "id": [f"R{i}" for i in range(n)],
        "name": [f"山田　{'一二三四五六'[i]}郎" for i in range(n)],
        "postal_code": ["160-0023"] * n,
        "address": [f"{base} {b}" if in_address_column else base for b in buildings],
        "address2": ["" if in_address_column else b for b in buildings],
    })
    opts = Options(charset=charset, out_encoding=out_encoding, barcode=False)
    result = clean_frame(frame, opts)
    blobs, _, _ = build_outputs(result, input_rows=n, input_info={}, opts=opts)
    with tempfile.TemporaryDirectory() as tmp:
        out = publish_dir(blobs, Path(tmp) / "out", force=False)
        report = check_output(out)
        assert report.ok, report.problems
    for row in result.iter_rows(named=True):
        printed = row["status"] in ("ok", "fixed", "review")
        lines_print = all(printable_form(v, charset).ok for v in (row["address1"], row["address2"]))
        if printed:
            assert lines_print
        elif not lines_print:
            assert {"address.unprintable", "output.unencodable"} & set(row["findings"].split(";"))


def test_manifest_records_the_charset_the_lines_were_judged_by(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["1"], "name": ["山田　太郎"], "postal_code": ["160-0023"],
                          "address": ["東京都新宿区西新宿2-8-1"], "address2": ["髙橋ビル"]})
    opts = Options(charset="jisx0208")
    result = clean_frame(frame, opts)
    assert result["status"].to_list() == ["hold"]
    blobs, _, _ = build_outputs(result, input_rows=1, input_info={}, opts=opts)
    assert json.loads(blobs["manifest.json"])["charset"] == "jisx0208"
    assert check_output(publish_dir(blobs, tmp_path / "o", force=False)).ok
