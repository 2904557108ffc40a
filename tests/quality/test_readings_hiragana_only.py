"""The readings' converter makes only the hiragana of each item (not pykakasi's three romanisations): the
readings are those of pykakasi's own converter, text by text."""

from __future__ import annotations

import random

import pykakasi
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.quality import readings

KANJI = "山田太郎花子悦子幸子倖子実清一郎二郎三郎佐藤鈴木高橋斎藤斉藤渡辺邊和夫美智代之助兵衛左右門"
KANA = "あいうえおかきくけこさしすせそがぎぐげごぱぴぷアイウエオカキクケコガギグゲゴパピプーッャュョヴヶゝゞヽヾ々〆"
texts = st.text(alphabet=st.sampled_from(list(KANJI + KANA + "　 ・Aa1")), min_size=1, max_size=8)


def _hira(converter: object, text: str) -> str:
    return "".join(item["hira"] for item in converter.convert(text))  # type: ignore[attr-defined]


def test_the_run_converter_makes_hiragana_only() -> None:
    item = readings._converter()._kakasi._iconv.convert("花子", "はなこ")
    assert item == {"orig": "花子", "hira": "はなこ"}


@settings(max_examples=400, deadline=None)
@given(st.lists(texts, min_size=1, max_size=10))
def test_hiragana_equal_pykakasi_own_converter(items: list[str]) -> None:
    own = pykakasi.kakasi()  # pykakasi's item maker, every romanisation
    ours = readings._converter()
    for text in items:
        assert _hira(ours, text) == _hira(own, text)


def test_names_read_alike_with_pykakasi_own_converter() -> None:
    own = pykakasi.kakasi()
    ours = readings._converter()
    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice(KANJI + KANA) for _ in range(rnd.randint(1, 6)))
        assert _hira(ours, text) == _hira(own, text)
