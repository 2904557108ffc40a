"""``addrjp clean`` asks polars' allocator to keep freed pages for the next chunk (addrjp.allocator), and only
where it may: before polars loads, never over the user's own setting, never in a program that imports addrjp.

Each case runs in a fresh interpreter: the allocator reads its settings once, when polars' library loads.
polars writes what it passes to its allocator back into the variable (its own settings, then the user's),
so the variable after the run says what the allocator was given.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from addrjp.allocator import BATCH_DECAY, VARIABLE

_REGISTER = "id,name,postal_code,address,address2,birthdate\nR1,山田　太郎,1600022,東京都新宿区新宿三丁目1番1号,,1940-01-02\n"

_PROBE = f"""
import json, os, sys
from addrjp.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({{"code": code, "conf": os.environ.get({VARIABLE!r}), "polars": "polars" in sys.modules}}))
"""


def _clean(tmp_path: Path, env: dict[str, str]) -> dict[str, object]:
    register = tmp_path / "register.csv"
    register.write_text(_REGISTER, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _PROBE, "clean", str(register), "--out", str(tmp_path / "out"),
                          "--force", "--quiet"], capture_output=True, text=True, env=env, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _env_without_setting() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != VARIABLE}


def test_clean_gives_polars_allocator_the_batch_decay(tmp_path: Path) -> None:
    seen = _clean(tmp_path, _env_without_setting())
    assert seen["code"] == 0 and seen["polars"]
    conf = str(seen["conf"])
    assert conf.endswith("," + BATCH_DECAY), "polars appends the setting after its own: the last one wins"


def test_the_users_own_allocator_setting_is_kept(tmp_path: Path) -> None:
    env = _env_without_setting() | {VARIABLE: "muzzy_decay_ms:0"}
    seen = _clean(tmp_path, env)
    assert seen["code"] == 0
    conf = str(seen["conf"])
    assert conf.endswith(",muzzy_decay_ms:0") and BATCH_DECAY not in conf


def test_importing_addrjp_as_a_library_leaves_polars_settings_alone() -> None:
    probe = ("import json, os, addrjp, addrjp.polars, polars as pl\n"
             "pl.DataFrame({'address': ['東京都新宿区新宿三丁目1番1号']}).select(pl.col('address').addrjp.parse())\n"
             f"print(json.dumps(os.environ.get({VARIABLE!r})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env=_env_without_setting()).stdout
    conf = json.loads(out.strip().splitlines()[-1])
    assert BATCH_DECAY not in str(conf)


def test_nothing_is_asked_once_polars_is_loaded() -> None:
    from addrjp.allocator import set_for_batch_run

    env: dict[str, str] = {}
    assert not set_for_batch_run(env, modules={"polars": object()})
    assert env == {}
