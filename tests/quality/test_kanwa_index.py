"""pykakasi's dictionary filed by first character (quality/kanwa_index.py): the same data, the same readings.

The index is a re-filing of pykakasi's own ``kanwadict4.db``; these tests prove it holds every entry in
pykakasi's order, that pykakasi converts a large sample of names and words to the same kana with it as with
its own loading (in a separate process, ``ADDRJP_KANWA_INDEX=0``), and that the cache is built once, rebuilt
when broken, and not needed when it cannot be written.
"""

from __future__ import annotations

import doctest
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from addrjp.quality import kanwa_index
from addrjp.quality.kanwa_index import KanwaIndex, build_index, dictionary_path, load_index

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pykakasi_table() -> dict:
    return kanwa_index._read_dictionary(dictionary_path())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the index, built once for the module."""
    directory = tmp_path_factory.mktemp("kanwa")
    load_index(directory)
    return directory


def _copy_of(built: Path, tmp_path: Path) -> Path:
    for f in built.glob("kanwa-*.idx"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path


def test_kanwa_index_doctests() -> None:
    failures, tried = doctest.testmod(kanwa_index)
    assert failures == 0 and tried > 0


def test_index_holds_every_entry_of_pykakasi_in_pykakasi_order(pykakasi_table: dict, built: Path) -> None:
    index = load_index(built)
    assert isinstance(index, KanwaIndex)
    assert list(index) == sorted(pykakasi_table) and len(index) == len(pykakasi_table)
    for cp, entries in pykakasi_table.items():
        got = index.get(cp)
        assert list(got.items()) == list(entries.items()), chr(cp)  # order decides pykakasi's ties
    assert index.get(0x41) is None and 0x41 not in index


def _sample_texts(table: dict, n_words: int = 4000) -> list[str]:
    from benchmarks.synth_register import generate

    names: set[str] = set()
    for row in generate(3000, seed=5).rows:
        name = row[1]
        names.add("".join(name.split()))
        names.update(name.split())
    rng = random.Random(16)
    words = [w for entries in table.values() for w in entries]
    chars = [chr(cp) for cp in table]
    kana = ["ハナコ", "さちこ", "エツコ", "ミノル", "ヨシコー", "ゆうこ"]
    return sorted(names) + rng.sample(words, n_words) + chars + kana + ["髙橋", "𠮷田", "", "々木", "佐々木"]


def _convert_all(texts: list[str], *, index: bool) -> list[list[str]]:
    code = (
        "import json, sys\n"
        "from addrjp.quality.readings import _converter\n"
        "from addrjp.quality.readings import _dictionary_entries\n"
        "texts = json.load(sys.stdin)\n"
        "k = _converter()\n"
        "out = [[''.join(i['hira'] for i in k.convert(t)), *_dictionary_entries(t)] if t else [] for t in texts]\n"
        "from pykakasi.kanji import Kanwa\n"
        "print(json.dumps([type(Kanwa._shared_state['_jisyo_table']).__name__, out], ensure_ascii=False))\n"
    )
    env = {**os.environ, "ADDRJP_KANWA_INDEX": "1" if index else "0"}
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    kind, out = json.loads(proc.stdout)
    assert kind == ("KanwaIndex" if index else "dict")
    return out


def test_pykakasi_reads_a_large_sample_alike_with_the_index_and_without(pykakasi_table: dict) -> None:
    texts = _sample_texts(pykakasi_table)
    assert len(texts) > 10_000
    with_index = _convert_all(texts, index=True)
    own = _convert_all(texts, index=False)
    differ = [i for i, (a, b) in enumerate(zip(with_index, own, strict=True)) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} texts read differently"


def test_readings_load_only_the_characters_they_need(tmp_path: Path) -> None:
    code = (
        "from addrjp.quality.readings import reading, readings\n"
        "assert reading('花子') == 'はなこ' and 'ゆきこ' in readings('幸子')\n"
        "from pykakasi.kanji import Kanwa\n"
        "print(Kanwa._shared_state['_jisyo_table'].loaded)\n"
    )
    env = {**os.environ, "ADDRJP_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first builds the cache, the second opens it
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        assert 0 < int(out.stdout) <= 4
    assert len(list(tmp_path.glob("kanwa-*.idx"))) == 1


def test_the_cache_is_opened_not_rebuilt(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    def no_rebuild(path: Path) -> dict:
        raise AssertionError("the dictionary was read again")

    monkeypatch.setattr(kanwa_index, "_read_dictionary", no_rebuild)
    assert isinstance(load_index(built), KanwaIndex)


def test_a_broken_cache_is_rebuilt(built: Path, tmp_path: Path) -> None:
    index = load_index(_copy_of(built, tmp_path))
    assert isinstance(index, KanwaIndex)
    (cached,) = tmp_path.glob("kanwa-*.idx")
    cached.write_bytes(cached.read_bytes()[:1000])  # truncated by a full disk, say
    again = load_index(tmp_path)
    assert isinstance(again, KanwaIndex) and again.get(ord("公")) == index.get(ord("公"))


def test_an_unwritable_cache_still_gives_the_whole_table(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    table = load_index(blocked / "cache")  # cannot be created: the table is pykakasi's own, in memory
    assert table.get(ord("公")) is not None


def test_an_index_of_another_dictionary_is_refused() -> None:
    data = build_index({1: {"a": [("あ", None)]}}, key="a" * 32)
    with pytest.raises(ValueError, match="another dictionary"):
        KanwaIndex(data, key="b" * 32)
    with pytest.raises(ValueError, match="truncated"):
        KanwaIndex(data[:-1])
    with pytest.raises(ValueError, match="not a kanwa index"):
        KanwaIndex(b"PK" + data[2:])
