"""The cyclic collector is paused while start-up makes what lives to the end of the run (issue 16): the
modules of ``clean``'s handler and the warm-up before the workers are forked (:mod:`addrjp.collector`).
What was made is frozen, and the collector is then as it was — in this process and in the workers, which
must collect as before (the address stage makes garbage)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from addrjp.collector import lasting
from addrjp.mailing.workers import fork_available


def test_the_collector_is_as_it_was_after_the_pause_even_when_it_raises() -> None:
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            with lasting():
                assert not gc.isenabled()
            assert gc.isenabled() is enabled
            with pytest.raises(ValueError), lasting():
                raise ValueError("x")
            assert gc.isenabled() is enabled
            with lasting():
                with lasting():
                    pass
                assert not gc.isenabled()  # an inner pause leaves the outer one paused
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_what_the_pause_made_is_frozen() -> None:
    before = gc.get_freeze_count()
    with lasting():
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(kept)


_WARM_UP = """
import gc, json, sys
from pathlib import Path
import addrjp.mailing.run as run
from addrjp.mailing.pipeline import Options
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(warming[0]))
warming = [False]
outcomes = run._address_outcomes
def warm(*args):
    warming[0] = True
    try:
        return outcomes(*args)
    finally:
        warming[0] = False
run._address_outcomes = warm
run.POOL_MIN_BYTES = 0
pool = run.start_pool(Path(sys.argv[1]), Options(workers=2))
try:
    in_worker = pool.submit(gc.isenabled).result(timeout=120)
finally:
    pool.shutdown()
print(json.dumps({"during": sum(collections), "after_enabled": gc.isenabled(), "worker_enabled": in_worker}))
"""


@pytest.mark.skipif(not fork_available(), reason="the worker pool needs fork")
def test_the_warm_up_before_the_fork_runs_without_a_collection_and_the_workers_collect(tmp_path: Path) -> None:
    import json

    register = tmp_path / "register.csv"
    register.write_text("id,name,postal_code,address\n1,x,160-0023,東京都新宿区西新宿2-8-1\n", "utf-8")
    out = subprocess.run([sys.executable, "-c", _WARM_UP, str(register)], capture_output=True, text=True,
                         check=True, timeout=300).stdout
    found = json.loads(out.strip().splitlines()[-1])
    assert found == {"during": 0, "after_enabled": True, "worker_enabled": True}
