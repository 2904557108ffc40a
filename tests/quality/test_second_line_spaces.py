"""The second line's spaces collapsed only where collapse_spaces would change something: the same text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.quality.record import _collapsed
from addrjp.text import collapse_spaces
from addrjp.text.whitespace import INVISIBLES, SPACES

_CHARS = st.sampled_from(sorted(SPACES) + sorted(INVISIBLES) + list("\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")
                         + list("メゾン新宿101号室ABC-")) | st.characters()


@given(st.text(_CHARS, max_size=16))
@settings(max_examples=3000, deadline=None)
def test_collapsed_is_collapse_spaces(text: str) -> None:
    assert _collapsed(text) == collapse_spaces(text)


def test_a_clean_second_line_is_given_back_as_it_is() -> None:
    for text in ("メゾン新宿 101", "", "A", "コーポ 2F 201"):
        assert _collapsed(text) is text
