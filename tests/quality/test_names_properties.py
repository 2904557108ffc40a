"""Property tests for normalize_name and name_key: round trips, no PUA/selectors/marks, idempotent."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.quality.names import name_key, normalize_name
from addrjp.text.charsets import encoding_for

TARGETS = ("cp932", "jisx0208", "jisx0213", "unicode")

# names are mostly Japanese: weight the alphabet toward kana, kanji, variants, marks and traps
_INTERESTING = (
    "髙﨑德瀨濵渡邊邉齋齊櫻鷗𡈽𠮷葛辻神凞海彅张郑槗ｱｶﾞﾜﾞﾟｰ･ヷゔかが\u3099\u309a゛゜〜～−－ⅢⅰⅠ①"
    "\ufa19\ufa10\ufa15\ufa45\u51de\u2fbc\u2ed1\ue000\uf8f0\U000f0000\U00100001〓\ufffd\u200b\ufeff\u00a0\u3000 \t"
    "\ufe00\ufe0f\U000e0100\U000e0101\u0301\u0308AaＡａ1１'\"éüßＳＭＩＴＨ－·・"
)
name_text = st.text(
    alphabet=st.one_of(st.sampled_from(_INTERESTING), st.characters(codec="utf-8")), max_size=24
)
arbitrary = st.text(max_size=30)


def _check(text: str, charset: str) -> None:
    r = normalize_name(text, charset)
    out = r.text
    codec = encoding_for(charset)
    assert out.encode(codec).decode(codec) == out
    for ch in out:
        cp = ord(ch)
        assert not (0xE000 <= cp <= 0xF8FF or cp >= 0xF0000), hex(cp)
        assert not (0xFE00 <= cp <= 0xFE0F), hex(cp)
        if charset != "unicode":
            assert not (0xE0100 <= cp <= 0xE01EF), hex(cp)
        assert not unicodedata.combining(ch), hex(cp)
    again = normalize_name(out, charset)
    assert again.text == out
    assert not {f.code for f in again.findings} & {"name.width_fixed", "name.variant_folded"}


@settings(max_examples=150, deadline=None)
@given(name_text, st.sampled_from(TARGETS))
def test_output_round_trips_and_is_idempotent(text: str, charset: str) -> None:
    _check(text, charset)


@settings(max_examples=150, deadline=None)
@given(arbitrary, st.sampled_from(TARGETS))
def test_never_crashes_on_arbitrary_unicode(text: str, charset: str) -> None:
    _check(text, charset)


@settings(max_examples=200, deadline=None)
@given(name_text)
def test_name_key_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert " " not in key and "\u3000" not in key


@settings(max_examples=100, deadline=None)
@given(name_text, st.sampled_from(TARGETS))
def test_printable_form_has_the_same_key_when_only_width_changed(text: str, charset: str) -> None:
    r = normalize_name(text, charset)
    if all(s.basis in ("width", "space", "invisible_removed", "target_image") for s in r.substitutions):
        assert name_key(r.text) == name_key(text)


_FULL_LATIN = st.text(alphabet=st.sampled_from("ＡＢＣＤＥＪＫＭＮＯＳＴＺａｅｏ０１２－"), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(_FULL_LATIN, _FULL_LATIN, st.sampled_from(["\u3000", " "]), st.sampled_from(("cp932", "jisx0213", "unicode")))
def test_full_width_names_are_kept_as_the_register_writes_them(family: str, given: str, space: str,
                                                               charset: str) -> None:
    text = family + space + given
    r = normalize_name(text, charset, max_length=None)
    assert r.text == text and not r.findings  # letters, digits, the hyphen and the space as written
    assert name_key(text) == name_key(unicodedata.normalize("NFKC", text))  # widths compare equal


_PART = st.text(alphabet=st.sampled_from("山田太郎髙橋花子渡邊齋藤やまだタロウＳＭＩＴＨSmith－"), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(_PART, _PART, st.sampled_from([" ", "\u3000"]), st.sampled_from(("cp932", "jisx0213", "unicode")))
def test_one_space_is_kept_as_written(family: str, given: str, space: str, charset: str) -> None:
    """A single half- or full-width space between family and given name prints as the register wrote it."""
    r = normalize_name(family + space + given, charset, max_length=None)
    assert space in r.text and r.text.count(space) == 1
    assert (" " if space == "\u3000" else "\u3000") not in r.text
    assert "name.width_fixed" not in {f.code for f in r.findings} or any(s.basis != "space" for s in r.substitutions)


@settings(max_examples=100, deadline=None)
@given(name_text, st.sampled_from(TARGETS))
def test_middle_dot_becomes_the_katakana_middle_dot(text: str, charset: str) -> None:
    r = normalize_name(text + "\u00b7" + text, charset, max_length=None)
    assert "\u00b7" not in r.text


def test_key_examples() -> None:
    same = [
        ("髙橋　太郎", "高橋太郎"),
        ("﨑山", "崎山"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("濵田", "浜田"),
        ("濱田", "浜田"),
        ("ﾀﾛｳ", "タロウ"),
        ("ｶﾞｸ", "ガク"),
        ("か\u3099く", "がく"),
        ("ＳＭＩＴＨ　ＪＯＨＮ", "smith john"),
        ("ＳＭＩＴＨ－ＪＯＮＥＳ　ＪＯＨＮ", "SMITH-JONES JOHN"),
        ("マリア·ロペス", "マリア・ロペス"),
        ("山\u200b田", "山田"),
        ("葛\U000e0101西", "葛西"),
        ("\ufa19田", "神田"),
        ("\u2fbc田", "高田"),
        ("ワ゛", "ﾜﾞ"),
    ]
    for a, b in same:
        assert name_key(a) == name_key(b), (a, b)
    assert name_key("山田") != name_key("山本")
    assert name_key("玉田") != name_key("王田")


@pytest.mark.parametrize("charset", ["cp932", "jisx0208", "jisx0213"])
def test_plain_characters_are_those_the_per_character_rule_keeps(charset: str) -> None:
    """The plain set (names printed as written) taken by the codec's round trip is the set the per-character
    rule (_fits, _fit_char) gives, character for character."""
    from addrjp.quality import names

    rule = set()
    for ch in names._repertoire(charset):
        cp = ord(ch)
        if ch in names._ALL_SPACES or ch in names.INVISIBLES or 0xD800 <= cp <= 0xDFFF or 0xFF61 <= cp <= 0xFF9F:
            continue
        if unicodedata.combining(ch) or names._is_selector(cp) or names._is_gaiji(ch) or not names._fits(ch, charset):
            continue
        fitted, basis, _ = names._fit_char(ch, charset)
        if basis is None and fitted == ch:
            rule.add(ch)
    assert names._plain_set(charset) == frozenset(rule)
