"""The names stage's rows (one per distinct name): a name printed as written (plain_name) gets the row the
full normalisation gives it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import addrjp.quality.names as names_mod
from addrjp.mailing.pipeline import Options, _name_outcomes

#: characters of every kind the normaliser treats differently: plain kanji and kana, 髙 (a variant CP932
#: prints), half-width kana, full-width Latin, spaces of both widths, a private-use (gaiji) character, 〓,
#: a combining mark, a selector, a character CP932 cannot write
_CHARS = st.sampled_from(list("新宿太郎花子山田髙橋﨑邊あいうアイウｱｲｳﾀﾞＡＢａb 　\ue000〓\u3099\ufe00𠮷·-"))
_NAMES = st.one_of(st.text(_CHARS, max_size=12), st.sampled_from(["新宿　太郎", "山田 花子", "ＳＭＩＴＨ　ＪＯＨＮ",
                                                                  "新宿" * 15, ""]))


def _slow_rows(pairs: list[tuple[str, str | None]], opts: Options, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    with monkeypatch.context() as m:
        m.setattr(names_mod, "plain_name", lambda *a, **k: False)
        return list(_name_outcomes(pairs, opts))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_NAMES, st.one_of(st.none(), _NAMES)), max_size=8),
       st.sampled_from(["cp932", "jisx0208", "jisx0213", "unicode"]))
def test_plain_names_get_the_row_normalisation_gives(pairs: list[tuple[str, str | None]], charset: str) -> None:
    opts = Options(charset=charset)
    with pytest.MonkeyPatch.context() as mp:
        assert _name_outcomes(pairs, opts) == _slow_rows(pairs, opts, mp)


def test_plain_name_is_normalize_name_unchanged() -> None:
    for text in ["新宿　太郎", "山田 花子", "髙橋　一郎", "ﾀﾛｳ", "新宿  太郎", " 新宿", "", "〓子"]:
        r = names_mod.normalize_name(text, "cp932")
        unchanged = bool(text) and r.text == text and not r.findings and not r.substitutions
        assert names_mod.plain_name(text, "cp932") <= unchanged  # never plain where normalisation changes it


#: besides _CHARS: ASCII letters of both cases, kana with sound marks written apart, compatibility ideographs,
#: a Hangul syllable and jamo, full-width digits, symbols the key folds (〜, －, ·)
_MORE = st.sampled_from(list("aZ09かか゛カ\u309aゝ々〆ー\uf929\u2f00가\u1161０〜－·齋齊斎濵濱浜﨑崎"))
_FRAME_NAMES = st.one_of(_NAMES, st.text(_CHARS | _MORE, max_size=14))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_FRAME_NAMES, st.one_of(st.none(), _NAMES)), max_size=12, unique=True),
       st.sampled_from(["cp932", "jisx0208", "jisx0213", "unicode"]))
def test_names_decided_as_a_column_get_the_rows_one_by_one_gives(pairs: list[tuple[str, str | None]],
                                                                  charset: str) -> None:
    import polars as pl

    from addrjp.mailing.pipeline import _NAME_SCHEMA, _name_rows

    opts = Options(charset=charset)
    frame = pl.DataFrame({"name": [n for n, _ in pairs], "_override": [o for _, o in pairs]},
                         schema={"name": pl.String, "_override": pl.String})
    got = _name_rows(frame, opts, None, parallel=False, pool=None)
    assert got.columns == ["name", "_override", *_NAME_SCHEMA]
    expected = {(n, o): row for (n, o), row in zip(pairs, _name_outcomes(pairs, opts), strict=True)}
    assert {(r[0], r[1]): tuple(r[2:]) for r in got.iter_rows()} == expected
    assert got.height == len(pairs)


def test_key_stable_characters_are_their_own_key_next_to_each_other() -> None:
    from addrjp.quality.names import _plain_set, name_key
    from addrjp.quality.names_frame import _key_stable

    for charset in ("cp932", "jisx0213"):
        stable = sorted(c for c in _plain_set(charset) if _key_stable(c))
        assert len(stable) > 6000
        text = "".join(stable)
        for i in range(0, len(text), 1000):  # every stable character beside its neighbours
            assert name_key(text[i:i + 1000]) == text[i:i + 1000]


def test_the_column_decides_the_common_names_and_leaves_the_rest() -> None:
    import polars as pl

    from addrjp.quality.names_frame import plain_name_frame

    names = ["新宿　太郎", "山田 花子", "﨑田　花子", "ＳＭＩＴＨ", "smith", "新宿  太郎", " 新宿", "新宿" * 7, ""]
    got = plain_name_frame(pl.Series(names), "cp932", 12).rows()
    assert got == [(True, "新宿太郎"), (True, "山田花子"), (True, None), (True, None), (True, None),
                   (False, None), (False, None), (False, None), (False, None)]
    assert plain_name_frame(pl.Series(["山田 花子"]), "jisx0208", 12).rows() == [(False, None)]
