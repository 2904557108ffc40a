"""pykakasi's word lookup against the longest match on the index, over the whole dictionary.

Every word of pykakasi's kanwa dictionary (269,325 under 6,823 first characters) is read as a text alone, and
followed by a kana (の) and by a kanji (子), with an empty text before it (pykakasi's ``btext``), by
pykakasi's own ``JConv.convert`` on its own table (a plain dict, as pykakasi loads it) and by
:class:`~addrjp.quality.kanwa_index.LongestMatch` on the index built from that table; prints the texts
compared, the ones that differ (must be 0) and the CPU time each lookup took.

Run: ``python3 -m benchmarks.eval_kanwa_lookup`` (``--limit N``: the first N words only).
"""

from __future__ import annotations

import argparse
import time
from typing import Any


class Table:
    """A ``Kanwa`` over a given table (pykakasi reads it only with ``load``)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def load(self, char: str) -> Any:
        return self.table.get(ord(char[0]), None)


def lookups(table: Any, over: Any = None) -> tuple[Any, Any]:
    """pykakasi's own ``JConv`` on *table* (pykakasi's dict), and :class:`LongestMatch` on *over* (by
    default the index built from *table*)."""
    from pykakasi.kanji import JConv

    from addrjp.quality.kanwa_index import KanwaIndex, LongestMatch, build_index

    own = JConv()
    own._kanwa = Table(table)
    other = JConv()
    other._kanwa = Table(KanwaIndex(build_index(table, key="0" * 32)) if over is None else over)
    return own, LongestMatch(other)


def main(argv: list[str] | None = None) -> int:
    from addrjp.quality import kanwa_index

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    table = kanwa_index._read_dictionary(kanwa_index.dictionary_path())
    own, longest = lookups(table)
    words = [w for entries in table.values() for w in entries][: args.limit]
    texts = [t for w in words for t in (w, w + "の", w + "子")]
    c = time.process_time()
    theirs = [own.convert(t, "") for t in texts]
    own_cpu = time.process_time() - c
    c = time.process_time()
    ours = [longest.convert(t, "") for t in texts]
    our_cpu = time.process_time() - c
    differ = sum(a != b for a, b in zip(theirs, ours, strict=True))
    print(f"texts {len(texts):,} (words {len(words):,}); differ {differ}")
    print(f"pykakasi's scan {own_cpu:.2f} s CPU ({own_cpu / len(texts) * 1e6:.1f} us a text); "
          f"longest match {our_cpu:.2f} s ({our_cpu / len(texts) * 1e6:.1f} us a text)")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
