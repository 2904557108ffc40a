"""printable_form's one-encode path and prints_as_is give what the full rule gives (to_target, printable,
unprintable_chars), and check_texts what check_text of each value gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.errors import InputError
from addrjp.text.charsets import (
    CHARSETS,
    PrintableForm,
    printable,
    printable_form,
    prints_as_is,
    to_target,
    unprintable_chars,
)
from addrjp.text.limit_checks import check_texts
from addrjp.text.limits import check_text

_CHARSETS = sorted(CHARSETS)
# the characters the profiles disagree on (〜/～, −/－, ‖/∥, ¬/￢, ＼), the extensions (髙 ① Ⅲ 﨑 鷗 𡈽),
# what never prints (controls, private use, 〓, U+FFFD, 𠮷 outside every JIS set), combining marks and
# JIS X 0213's composed pairs (か゚), ASCII and kana
_SPECIAL = "〜～−－‖∥¬￢＼\\~髙﨑德①Ⅲ鷗𡈽𠮷\x00\x1f\x7f\x85\ue000\U000f0000〓\ufffd\u309a\u0300か゚ｶﾞ西新宿2-8-1 　"


def _text() -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(list(_SPECIAL)) | st.characters(), max_size=16)


def _reference(text: str, charset: str) -> PrintableForm:
    image = to_target(text, charset)
    if printable(image, charset):
        return PrintableForm(image)
    return PrintableForm(image, tuple(unprintable_chars(image, charset)))


@given(_text(), st.sampled_from(_CHARSETS))
@settings(max_examples=4000, deadline=None)
def test_printable_form_is_the_full_rule(text: str, charset: str) -> None:
    assert printable_form(text, charset) == _reference(text, charset)


@given(_text(), st.sampled_from(_CHARSETS))
@settings(max_examples=4000, deadline=None)
def test_prints_as_is_means_the_form_is_the_text(text: str, charset: str) -> None:
    assert prints_as_is(text, charset) == (_reference(text, charset) == PrintableForm(text))
    assert prints_as_is(text, charset) == (_reference(text, charset) == PrintableForm(text))  # judged, then kept


@pytest.mark.parametrize("charset", _CHARSETS)
def test_every_ascii_character(charset: str) -> None:
    for c in map(chr, range(128)):
        assert printable_form(c, charset) == _reference(c, charset)
        assert prints_as_is(c, charset) == (_reference(c, charset) == PrintableForm(c))


def test_a_bad_charset_is_the_same_error() -> None:
    with pytest.raises(InputError):
        prints_as_is("西新宿", "shift_jis")
    with pytest.raises(InputError):
        printable_form("西新宿", "shift_jis")


_VALUES = st.none() | st.text(max_size=8) | st.integers() | st.text(min_size=1, max_size=1).map(lambda c: c * 60)


@given(st.lists(_VALUES, min_size=1, max_size=6), st.integers(1, 100))
@settings(max_examples=1000, deadline=None)
def test_check_texts_is_check_text_of_each(values: list[object], limit: int) -> None:
    names = tuple(f"field{i}" for i in range(len(values)))
    want: str | None = None
    try:
        for name, value in zip(names, values, strict=True):
            check_text(value, name, limit)
    except InputError as exc:
        want = str(exc)
    try:
        check_texts(names, tuple(values), limit)
        got: str | None = None
    except InputError as exc:
        got = str(exc)
    assert got == want
