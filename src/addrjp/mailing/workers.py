"""Worker processes that end with their parent (親プロセスと運命を共にするワーカー).

``addrjp clean`` validates addresses in a pool of forked processes, each holding part of the register in
memory. When the parent is killed (``kill -9``, the OOM killer, a power button on a terminal session), a
forked worker would live on as an orphan: every worker holds a copy of the pool's pipes, so none ever sees
end-of-file. :func:`tie_to_parent`, the pool's initializer, makes each worker end with its parent:

* on Linux the kernel sends the worker SIGKILL when its parent ends (``prctl(PR_SET_PDEATHSIG)``, via ctypes);
* everywhere, a watchdog thread checks once a second that the parent is still the same process, and ends the
  worker when it is not (this also covers a parent that died before the worker started).

>>> import os
>>> parent_alive(os.getppid())
True
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from typing import Any

PR_SET_PDEATHSIG = 1
#: How often the watchdog looks at the parent (seconds).
WATCH_INTERVAL = 1.0


def parent_alive(parent_pid: int) -> bool:
    """True while this process's parent is still *parent_pid* (an orphan is adopted by another process)."""
    return os.getppid() == parent_pid


def _set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the Linux kernel to send *sig* to this process when its parent ends; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        if not parent_alive(parent_pid):
            os._exit(1)


def load_before_fork() -> None:
    """Load now, in this process, what a worker would otherwise read with polars (which it must not: polars'
    thread pool does not survive a fork, the worker would hang): the towns whose lots are numbered per 小字,
    when the postal index has no ``cities.bin`` of its own. Called just before the workers are forked, after
    the warm-up that loads the rest (the postal index, the town master, the municipalities' rows)."""
    from addrjp.address.lots import load_before_fork as load_koaza_towns

    load_koaza_towns()


def worker_start(parent_pid: int) -> None:
    """Initializer of a run's pool worker: tied to its parent (:func:`tie_to_parent`), what it inherited
    (the loaded data) set aside from the garbage collector, which need never walk it, and any read of the
    postal index's tables with polars made to fail at once rather than hang (:func:`load_before_fork`)."""
    tie_to_parent(parent_pid)
    from addrjp.postal.index import forbid_reads

    forbid_reads("a forked worker of clean")
    import gc

    gc.freeze()


class WorkerPool:
    """A run's forked worker processes, started once — before the register is read, while this process is
    still small (a forked child's resident size starts as its parent's) — and given work chunk by chunk.

    The workers inherit the data this process loaded before (the postal index, the town master); they never
    call polars (its thread pool does not survive a fork). Each ends with this process.
    """

    def __init__(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        load_before_fork()
        self.executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=worker_start, initargs=(os.getpid(),))
        # the executor forks a worker per task while none is idle: fork them all now, at this size
        for f in [self.executor.submit(os.getpid) for _ in range(workers)]:
            f.result()

    def submit(self, func: Any, *args: Any) -> Any:
        """A future of ``func(*args)`` in a worker."""
        return self.executor.submit(func, *args)

    def release(self) -> None:
        """No more work will come: the workers end (and free their memory) while this process goes on; what
        has not started is cancelled. :meth:`shutdown` still waits for them."""
        self.executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def tie_to_parent(parent_pid: int) -> None:
    """Initializer of a pool worker: end this process when *parent_pid* ends (see the module's text)."""
    _set_parent_death_signal()
    if not parent_alive(parent_pid):  # the parent died before the signal was asked for
        os._exit(1)
    with contextlib.suppress(RuntimeError):
        threading.Thread(target=_watch, args=(parent_pid,), name="addrjp-parent-watch", daemon=True).start()


__all__ = ["parent_alive", "tie_to_parent"]
