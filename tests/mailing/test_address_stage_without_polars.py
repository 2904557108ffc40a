"""The address stage (what a worker of ``addrjp clean`` runs per distinct address) and what it is handed —
the run's options, the findings' masks, the chunks of work, the side files, the duplicates' keys — need
no polars: a forked worker must never call it (its thread pool does not survive the fork), and these
modules give it no way to. Checked in a fresh interpreter, where nothing else has imported polars."""

from __future__ import annotations

import subprocess
import sys

_CHILD = r"""
import sys
from addrjp.mailing.address_stage import _address_outcomes
from addrjp.mailing.jobs import chunk_sizes, workers_for
from addrjp.mailing.masks import codes_of_mask
from addrjp.mailing.options import Options
from addrjp.mailing.side_files import load_side_files
from addrjp.quality.address_keys import address_keys

opts = Options(area="13104")
load_side_files(opts)
rows = _address_outcomes([("160-0023", "東京都新宿区西新宿2-8-1", ""), ("", "西早稲田2丁目1番5号", "コーポ 101")], opts)
assert len(rows) == 2 and rows[0][10] == "東京都|新宿区|西新宿|2|8|1|", rows[0]
assert codes_of_mask(rows[1][0]) is not None and chunk_sizes(10, workers_for(opts))
print("polars" in sys.modules)
"""


def test_the_address_stage_runs_without_polars() -> None:
    done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"
