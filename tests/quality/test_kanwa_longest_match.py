"""pykakasi's word lookup by the text's prefixes (quality/kanwa_index.py, ``LongestMatch``): pykakasi's answers.

pykakasi's ``JConv.convert`` scans every word filed under a text's first character; :class:`LongestMatch`
looks the text's prefixes up, longest first, in the index's :class:`CharWords`. These tests run pykakasi's
own method on pykakasi's own table (a plain dict, as pykakasi loads it) beside the lookup on the index built
from that table, and compare: every first character alone, a sample of 20,000 dictionary words followed by
other text, texts made of several words (hypothesis), and the one entry with an okurigana class (色). The
whole dictionary is compared by ``python3 -m benchmarks.eval_kanwa_lookup``.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from benchmarks.eval_kanwa_lookup import lookups
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.quality import kanwa_index
from addrjp.quality.kanwa_index import CharWords, KanwaIndex, LongestMatch, build_index, dictionary_path

pytest.importorskip("pykakasi.kanji")


@pytest.fixture(scope="module")
def table() -> dict:
    return kanwa_index._read_dictionary(dictionary_path())


@pytest.fixture(scope="module")
def pair(table: dict) -> tuple[Any, LongestMatch]:
    """pykakasi's own lookup on its own table, and the longest match on the index of that table."""
    return lookups(table)


def _differ(pair: tuple[Any, LongestMatch], texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    own, longest = pair
    return [(t, b) for t, b in texts if own.convert(t, b) != longest.convert(t, b)]


def test_every_character_but_one_is_filed_as_words(table: dict) -> None:
    index = KanwaIndex(build_index(table, key="0" * 32))
    kinds = [type(index.get(cp)) for cp in table]
    assert kinds.count(CharWords) == len(table) - 1  # 色 has an entry with an okurigana class: filed as it is
    assert isinstance(index.get(ord("色")), dict)


def test_every_first_character_alone_reads_alike(pair: tuple[Any, LongestMatch], table: dict) -> None:
    texts = [(chr(cp), "") for cp in table] + [(chr(cp) + "さん", "") for cp in table]
    assert not _differ(pair, texts)


def test_dictionary_words_followed_by_other_text_read_alike(pair: tuple[Any, LongestMatch], table: dict) -> None:
    rng = random.Random(7)
    words = [w for entries in table.values() for w in entries]
    chars = [chr(cp) for cp in table]
    texts = []
    for w in rng.sample(words, 20_000):
        tail = rng.choice(["", "さん", "子", rng.choice(chars), rng.choice(words)])
        texts.append((w + tail, rng.choice(["", "", "あ", "そん", w[:1]])))
    assert not _differ(pair, texts)


def test_the_entry_with_an_okurigana_class_reads_alike(pair: tuple[Any, LongestMatch]) -> None:
    texts = [(t, b) for t in ("色", "色々", "色紙", "色子") for b in ("", "そん", "そ", "ん", "色")]
    assert not _differ(pair, texts)
    own, longest = pair
    assert longest.convert("色", "そん") == own.convert("色", "そん")


def test_an_unknown_character_reads_as_nothing(pair: tuple[Any, LongestMatch]) -> None:
    assert not _differ(pair, [("A", ""), ("𠮷田", ""), ("〓", "")])
    assert pair[1].convert("A", "") == ("", 0)


@pytest.fixture(scope="module")
def pieces(table: dict) -> list[str]:
    rng = random.Random(11)
    words = [w for entries in table.values() for w in entries]
    return rng.sample(words, 3_000) + [chr(cp) for cp in rng.sample(sorted(table), 1_000)] + list("のノー々ヶ")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_texts_of_several_words_read_alike(pair: tuple[Any, LongestMatch], pieces: list[str], data: Any) -> None:
    parts = data.draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=4))
    btext = data.draw(st.sampled_from(["", *parts]))
    assert not _differ(pair, [("".join(parts), btext)])


def test_readings_use_the_longest_match_and_the_hiragana_only_with_the_index() -> None:
    import os
    import subprocess
    import sys

    code = ("from addrjp.quality.readings import _converter\n"
            "print(type(_converter()._jconv).__name__, type(_converter()._iconv).__name__)\n")
    for flag, expected in (("1", "LongestMatch _HiraganaOnly"), ("0", "JConv IConv")):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "ADDRJP_KANWA_INDEX": flag})
        assert out.stdout.strip() == expected


def test_another_pykakasi_keeps_its_own_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    import pykakasi

    from addrjp.quality.readings import hiragana_only

    monkeypatch.setattr(kanwa_index, "PROVED_PYKAKASI", frozenset({"0.0"}))
    kanwa_index.pykakasi_proved.cache_clear()
    try:
        kakasi = pykakasi.Kakasi()
        assert not kanwa_index.use_longest_match(kakasi) and not hiragana_only(kakasi)
        assert type(kakasi._jconv).__name__ == "JConv" and type(kakasi._iconv).__name__ == "IConv"
    finally:
        kanwa_index.pykakasi_proved.cache_clear()


def test_the_longest_match_on_pykakasis_own_table_reads_alike(table: dict) -> None:
    """When the index cannot be cached, the table in use is pykakasi's own dict (kanwa_index.load_index):
    the lookup by prefixes over it gives pykakasi's answers too."""
    own, on_dict = lookups(table, over=table)
    rng = random.Random(3)
    words = [w for entries in table.values() for w in entries]
    texts = [(w + rng.choice(["", "子", "さん"]), rng.choice(["", "そん"])) for w in rng.sample(words, 5_000)]
    texts += [("色", "そん"), ("色", "")]
    assert not [(t, b) for t, b in texts if own.convert(t, b) != on_dict.convert(t, b)]
