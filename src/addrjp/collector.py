"""The cyclic garbage collector paused while what lives to the end of a run is made (起動時の GC 休止).

Start-up of ``addrjp clean`` imports about 500 modules (polars' among them) and loads the data the address
stage needs (the postal index, the town master, the record-validation modules and their regular
expressions). Each import allocates thousands of objects that live until the process ends, and the
collector, counting allocations, walks them again and again: ~130 collections, ~0.05 s of CPU before the
first address (issue 16, docs/performance.md "Start-up"). :func:`lasting` turns it off for such a stretch
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


__all__ = ["lasting"]
