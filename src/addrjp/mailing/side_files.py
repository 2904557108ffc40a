"""The ward's side files of a run (補助ファイル: ``--returned``, ``--gaiji-map``, ``--name-overrides``).

Read once, before any work (:func:`load_side_files`): a mistake in one is an input error at the start, not
after the addresses. Each reading is kept for the run (and a later one in the same process, while the file
is unchanged).

>>> load_overrides(None)
{}
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from addrjp.mailing.options import Options


@lru_cache(maxsize=4)
def _gaiji_map(path: str) -> dict[str, str]:
    from addrjp.quality.names import load_gaiji_map

    return load_gaiji_map(path)


def _file_stamp(path: str) -> tuple[int, int]:
    """(mtime_ns, size) of a side file, so that a cached reading is never one of an older version."""
    try:
        st = os.stat(path)
    except OSError:
        return (0, -1)  # the reader reports the problem
    return (st.st_mtime_ns, st.st_size)


def _returned_list(path: str) -> Any:
    return _returned_cached(path, _file_stamp(path))


@lru_cache(maxsize=4)
def _returned_cached(path: str, stamp: tuple[int, int]) -> Any:
    from addrjp.quality.duplicates import load_returned

    return load_returned(path)


def load_side_files(opts: Options) -> None:
    """Read the ward's side files of a run (``--returned``, ``--gaiji-map``, ``--name-overrides``) once,
    before any work: a mistake in one is an input error at the start, not after the addresses."""
    if opts.returned:
        _returned_list(opts.returned)
    if opts.gaiji_map:
        _gaiji_map(opts.gaiji_map)
    if opts.name_overrides:
        load_overrides(opts.name_overrides)


def load_overrides(path: str | None) -> dict[str, str]:
    """Staff overrides (id → printable name) from ``--name-overrides``, or none."""
    if not path:
        return {}
    from addrjp.quality.names import load_name_overrides

    return load_name_overrides(path)


__all__ = ["load_overrides", "load_side_files"]
