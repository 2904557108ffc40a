"""The cyclic garbage collector paused (GC 休止): while what lives to the end of a run is made, and for the
address stage's loop.

Start-up of ``addrjp clean`` imports about 500 modules (polars' among them) and loads the data the address
stage needs (the postal index, the town master, the record-validation modules and their regular
expressions). Each import allocates thousands of objects that live until the process ends, and the
collector, counting allocations, walks them again and again: ~130 collections, ~0.05 s of CPU before the
first address (issue 16, docs/performance-log.md "Start-up"). :func:`lasting` turns it off for such a stretch
and then *freezes* what was made (:func:`gc.freeze`: moved to the permanent generation, never walked again)
instead of letting the next collection walk it all once more; the collector is then as it was.

What is lost: cyclic garbage made in the stretch is never freed (a few hundred objects of the imports).
Nothing is held that would not be held anyway.

>>> import gc
>>> was = gc.isenabled()
>>> with lasting():
...     gc.isenabled()
False
>>> gc.isenabled() == was
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def lasting() -> Iterator[None]:
    """The collector off while the block makes objects that live to the end of the process; then they are
    frozen (:func:`gc.freeze`) and the collector is on again if it was (also when the block raises)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


@contextlib.contextmanager
def switched(enabled: bool) -> Iterator[None]:
    """The collector on (*enabled*) or off for a while, then as it was (also when the block raises). Off
    while objects that make no cycle pile up (rows read, a dictionary loaded): each is tracked, and every
    collection would walk them all; on again for a stretch inside such a while that makes garbage of its own.

    >>> import gc
    >>> was = gc.isenabled()
    >>> with switched(False):
    ...     gc.isenabled()
    False
    >>> gc.isenabled() == was
    True
    """
    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def paused() -> contextlib.AbstractContextManager[None]:
    """``switched(False)``: the collector off for a loop that makes many small objects and no cycles (the
    address stage: strings, tuples, Addresses, each key's freed by reference counting as it goes). Nothing
    is frozen: what the loop keeps (its memos) stays the collector's; a cycle made meanwhile waits for the
    next collection."""
    return switched(False)


__all__ = ["lasting", "paused", "switched"]
