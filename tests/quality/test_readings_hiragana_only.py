"""The readings' converter makes only the hiragana (quality/readings.py, ``hiragana_only``): pykakasi's hiragana.

pykakasi's ``IConv.convert`` makes, for each piece of a converted text, its katakana and three romanisations
beside the hiragana a reading reads. ``_HiraganaOnly`` gives the original and the hiragana only, made by
pykakasi's own method; these tests compare it with pykakasi's whole conversion, piece by piece (hypothesis)
and text by text through the converter. (tests/quality/test_kanwa_index.py reads 10,000 texts alike with
this converter and in a process where pykakasi converts them itself.)
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.quality.readings import _HiraganaOnly, hiragana_only

pykakasi = pytest.importorskip("pykakasi")
scripts = pytest.importorskip("pykakasi.scripts")

_TEXT = st.text(st.sampled_from("あいうゃゅょっーアイウャッヴヵヶ々〆ゝゞabcＡ１1-・、。 花子幸"), max_size=12)


@settings(max_examples=400, deadline=None)
@given(otext=_TEXT, hira=_TEXT)
def test_each_piece_has_pykakasis_hiragana(otext: str, hira: str) -> None:
    own = scripts.IConv().convert(otext, hira)
    ours = _HiraganaOnly(scripts.IConv()).convert(otext, hira)
    assert ours == {"orig": own["orig"], "hira": own["hira"]}


def test_texts_read_to_pykakasis_hiragana() -> None:
    own, ours = pykakasi.Kakasi(), pykakasi.Kakasi()
    assert hiragana_only(ours)
    for text in ("花子", "佐々木 幸子", "エツコ", "ヨシコー", "髙橋", "色紙", "ABC１２３", "ゝゞ", ""):
        assert [i["hira"] for i in ours.convert(text)] == [i["hira"] for i in own.convert(text)], text


def test_a_converter_is_given_it_once() -> None:
    kakasi = pykakasi.Kakasi()
    assert hiragana_only(kakasi) and hiragana_only(kakasi)
    assert type(kakasi._iconv) is _HiraganaOnly and type(kakasi._iconv._own).__name__ == "IConv"
