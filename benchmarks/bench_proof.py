"""``addrjp proof`` end to end through the command line (start-up and the folder's verification included).

Targets (issue 15, on the project's 2-core machine): a 100-card sample in under 2 s; all 35,335 cards in under
2 minutes. The mailing folder is made once per session from the synthetic register
(``benchmarks/synth_register.py``, seed 7, CP932) with ``addrjp clean --style vertical``; the proof is drawn
in the default vertical layout with the CID font (nothing embedded), and once with an embedded TrueType font
when IPAex明朝 is installed (Debian ``fonts-ipaexfont-mincho``).

Run: ``python3 -m pytest benchmarks/bench_proof.py --benchmark-only`` (medians in the table; each round is a
fresh process, so the machine's load shows in the spread).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
ROWS = 35_335


@pytest.fixture(scope="session")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("reportlab")
    tmp = tmp_path_factory.mktemp("proof")
    register = tmp / "register.csv"
    subprocess.run([sys.executable, "-m", "benchmarks.synth_register", "--rows", str(ROWS), "--seed", "7",
                    "--out", str(register), "--encoding", "cp932"], cwd=ROOT, check=True)
    out = tmp / "out"
    subprocess.run([sys.executable, "-m", "addrjp", "clean", str(register), "--out", str(out), "--quiet",
                    "--style", "vertical"], cwd=ROOT, check=True)
    return out


def _proof(folder: Path, *args: str) -> float:
    target = folder.parent / "proof.pdf"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "addrjp", "proof", str(folder), "--out", str(target), "--force",
                           "--quiet", *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return time.perf_counter() - started


def _run(benchmark: pytest.FixtureRequest, folder: Path, rounds: int, *args: str) -> None:
    times: list[float] = []
    benchmark.pedantic(lambda: times.append(_proof(folder, *args)), rounds=rounds, iterations=1)  # type: ignore[attr-defined]
    times.sort()
    size = (folder.parent / "proof.pdf").stat().st_size
    benchmark.extra_info.update(median_seconds=round(times[len(times) // 2], 3),  # type: ignore[attr-defined]
                                best_seconds=round(times[0], 3), pdf_bytes=size)


def test_proof_sample_100(benchmark: pytest.FixtureRequest, folder: Path) -> None:
    _run(benchmark, folder, 5, "--sample", "100")


def test_proof_all_cards(benchmark: pytest.FixtureRequest, folder: Path) -> None:
    _run(benchmark, folder, 3)


def test_proof_all_cards_embedded_font(benchmark: pytest.FixtureRequest, folder: Path) -> None:
    if not IPAEX.is_file():
        pytest.skip("IPAex明朝 (fonts-ipaexfont-mincho) is not installed")
    _run(benchmark, folder, 1, "--font", str(IPAEX))
