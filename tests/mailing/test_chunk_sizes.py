"""The chunks a stage's values are worked in (jobs.chunk_sizes): every value once, in order, none larger
than CHUNK_SIZE, and smaller towards the end when there are workers to balance (guided scheduling)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from addrjp.mailing import jobs
from addrjp.mailing.jobs import CHUNK_SIZE, MIN_CHUNK_SIZE, chunk_sizes
from addrjp.mailing.options import Options


@given(st.integers(0, 200_000), st.integers(1, 8))
def test_the_chunks_cover_every_value_once_and_shrink_towards_the_end(total: int, workers: int) -> None:
    sizes = chunk_sizes(total, workers)
    assert sum(sizes) == total
    assert all(0 < s <= CHUNK_SIZE for s in sizes)
    assert all(s >= MIN_CHUNK_SIZE for s in sizes[:-1]) or total < MIN_CHUNK_SIZE
    assert all(a >= b for a, b in pairwise(sizes))  # never larger than the chunk before
    if workers > 1 and total > 4 * CHUNK_SIZE:
        assert sizes[-2] < CHUNK_SIZE  # the last chunks are not full ones


def test_one_worker_takes_full_chunks() -> None:
    assert chunk_sizes(4_500, 1) == [2_000, 2_000, 500]


def _doubled(items: Sequence[int], opts: object) -> list[tuple[int]]:
    return [(2 * i,) for i in items]


def test_a_stage_in_chunks_gives_its_values_in_order() -> None:
    items = list(range(9_999))
    opts = Options(workers=2)
    chunks = jobs._Chunks(_doubled, items, opts, "test", None, parallel=False)  # type: ignore[arg-type]
    assert [len(c) for c in chunks.chunks] == chunk_sizes(len(items), 2)
    frame = chunks.frame({"v": int})
    assert frame["v"].to_list() == [2 * i for i in items]
