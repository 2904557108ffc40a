"""pykakasi (the names' readings, 読み) is loaded only when the duplicates compare a reading: a small register
whose rows share no address never loads it; one with two similar names at one address does, and finds them.

Each case runs in a fresh process (other tests load the converter in this one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, sys
from addrjp.mailing.pipeline import run_clean
result = run_clean(sys.argv[1], sys.argv[2])
print(json.dumps({"pykakasi": "pykakasi" in sys.modules, "by_finding": result.counts["by_finding"]}))
"""

_HEADER = "id,name,postal_code,address,address2,birthdate\n"


def _run(tmp_path: Path, rows: str) -> dict[str, object]:
    src = tmp_path / "register.csv"
    src.write_text(_HEADER + rows, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(src), str(tmp_path / "out")],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_no_shared_address_no_converter(tmp_path: Path) -> None:
    got = _run(tmp_path, "R1,新宿　太郎,160-0023,東京都新宿区西新宿2-8-1,,1940-01-01\n"
                         "R2,新宿　花子,162-0051,東京都新宿区西早稲田2-1-5,,1941-02-02\n")
    assert got["pykakasi"] is False


def test_two_names_at_one_address_are_read_and_compared(tmp_path: Path) -> None:
    got = _run(tmp_path, "R1,斎藤　悦子,160-0023,東京都新宿区西新宿2-8-1,,1940-01-01\n"
                         "R2,斉藤　エツコ,160-0023,東京都新宿区西新宿2-8-1,,1940-01-01\n")
    assert got["pykakasi"] is True
    by_finding = got["by_finding"]
    assert isinstance(by_finding, dict)
    assert any(code.startswith("duplicate.") for code in by_finding), by_finding
