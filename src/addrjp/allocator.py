"""polars' memory allocator set for a batch run (メモリ割り当ての設定, allocator settings): freed pages
kept a while for the next chunk instead of being returned to the system at once.

polars allocates through its own jemalloc, and configures it (in ``polars/__init__.py``, before its Rust
library loads) to return freed pages to the system after half a second (``dirty_decay_ms:500``) and a
second (``muzzy_decay_ms:1000``): right for a notebook that holds its memory for hours, costly for a
batch run that frees and allocates the same hundreds of megabytes chunk after chunk. Each page returned
is faulted in again by the next chunk (1.5 million minor faults and ~9 s of system time in a
1,000,000-row ``addrjp clean``; see docs/performance-log.md "polars' allocator at a batch run's scale").

:func:`set_for_batch_run` asks for longer decays (:data:`BATCH_DECAY`) through the variable polars reads,
``_RJEM_MALLOC_CONF`` (polars appends it to its own settings, so it wins), when that is still possible:
before polars is first imported in this process, and only when the user has not set the variable
(theirs is kept as it is). Only ``addrjp clean`` calls it, at its start; a program that imports addrjp
as a library keeps polars' settings. The freed pages still go back, after :data:`BATCH_DECAY`'s seconds
instead of one, and all of them when the process ends; nothing is read or written differently.

>>> env = {}
>>> set_for_batch_run(env, modules={})
True
>>> env[VARIABLE] == BATCH_DECAY
True
>>> set_for_batch_run({VARIABLE: "muzzy_decay_ms:0"}, modules={})  # the user's own setting is kept
False
>>> set_for_batch_run({}, modules={"polars": object()})  # too late: polars has configured its allocator
False
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping

#: The variable polars' jemalloc reads (the ``_RJEM_`` prefix is the Rust ``tikv-jemallocator``'s).
VARIABLE = "_RJEM_MALLOC_CONF"

#: Freed pages kept 30 s before they are returned (``dirty``: reusable as they are; ``muzzy``: given back
#: lazily, reused if the system has not taken them). Measured at 1M rows against polars' 0.5 s / 1 s:
#: minor faults 1.5–1.6 M → 0.7 M, system time ~9 s → ~4.6 s, peak memory summed ~960 → ~1,100 MB; at
#: 10M within the 4 GB bound (docs/performance.md).
BATCH_DECAY = "dirty_decay_ms:30000,muzzy_decay_ms:30000"


def set_for_batch_run(environ: MutableMapping[str, str] | None = None,
                      modules: Mapping[str, object] | None = None) -> bool:
    """Ask polars' allocator for :data:`BATCH_DECAY`; True when asked, False when polars is already loaded
    (*modules*, default :data:`sys.modules`) or *environ* (default :data:`os.environ`) already has
    :data:`VARIABLE`, in which case nothing changes."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "polars" in modules or VARIABLE in environ:
        return False
    environ[VARIABLE] = BATCH_DECAY
    return True


__all__ = ["BATCH_DECAY", "VARIABLE", "set_for_batch_run"]
