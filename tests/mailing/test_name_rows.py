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
