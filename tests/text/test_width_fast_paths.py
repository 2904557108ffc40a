"""The fast paths of width folding and display width give what the full computation gives (hypothesis)."""

from __future__ import annotations

import unicodedata

import jaconv
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.text.width import display_width, fold_width

_ALPHABET = st.sampled_from("ｶﾞｷﾟﾊﾟｳﾞｱｲｰﾞﾟＡＢｚ１２３　～－！ー〜新宿区西2-8-1 ビル\u0301\ufe00\U000e0100ﾟ")


def _fold_reference(text: str) -> str:
    text = str(jaconv.h2z(text, kana=True, ascii=False, digit=False))
    return str(jaconv.z2h(text, kana=False, ascii=True, digit=True))


def _width_reference(text: str) -> float:
    total = 0.0
    for ch in text:
        if unicodedata.combining(ch) or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
            continue
        total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5
    return total


@given(st.one_of(st.text(), st.text(alphabet=_ALPHABET)))
@settings(max_examples=500, deadline=None)
def test_fold_width_is_jaconvs_fold(text: str) -> None:
    assert fold_width(text) == _fold_reference(text)


def test_every_character_fold_width_changes_is_seen_by_the_fast_path() -> None:
    from addrjp.text.width import _FOLDED

    changed = [chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c <= 0xDFFF and _fold_reference(chr(c)) != chr(c)]
    assert changed and all(_FOLDED.search(ch) for ch in changed)


@given(st.one_of(st.text(), st.text(alphabet=_ALPHABET)))
@settings(max_examples=500, deadline=None)
def test_display_width_is_the_sum_of_character_widths(text: str) -> None:
    assert display_width(text) == _width_reference(text)
