"""The command's end (コマンドの終了): ``addrjp`` and ``python -m addrjp`` end as soon as their output is
flushed, without the interpreter's tear-down (:func:`addrjp.cli.main.run`), and lose nothing by it: the
output through a pipe is whole, the exit codes are :func:`~addrjp.cli.main.main`'s, and a standard output
that cannot take the rest of its buffer is a machine's fault said in one line (exit 3), never a traceback.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import addrjp
from addrjp.cli import main as cli
from addrjp.errors import EXIT_FAULT

#: A child that registers an exit handler the ordinary tear-down would run, then runs the command as installed.
_PROBE = """
import atexit, sys
atexit.register(lambda: print("TEAR-DOWN RAN", file=sys.stderr))
sys.argv = ["addrjp", *sys.argv[1:]]
from addrjp.cli.main import run
run()
"""


def _child(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)


def test_the_installed_command_is_run_and_python_m_addrjp_calls_it() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "addrjp"]
    assert script.value == "addrjp.cli.main:run"
    # read, not imported: importing ``addrjp.__main__`` runs the command
    source = (Path(addrjp.__file__).parent / "__main__.py").read_text(encoding="utf-8")
    assert "from addrjp.cli.main import run" in source and "\nrun()" in source


def test_the_command_ends_without_the_tear_down_and_its_output_is_whole(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["postal", "--town", "新宿"]) == 0
    expected = capsys.readouterr().out
    done = _child("postal", "--town", "新宿")
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected and len(expected) > 1000
    assert "TEAR-DOWN RAN" not in done.stderr


@pytest.mark.parametrize(("args", "code"), [(["postal", "000-0000"], 1), (["postal", "160-0023"], 0)])
def test_the_exit_code_is_mains(args: list[str], code: int) -> None:
    done = _child(*args)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr


def test_a_usage_error_ends_the_ordinary_way_with_its_code() -> None:
    done = _child("no-such-command")
    assert done.returncode == 2
    assert "usage: addrjp" in done.stderr and "Traceback" not in done.stderr


class _FullStdout:
    """A standard output whose buffer cannot be written (a full disk it is redirected to)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


class _GoneStdout(_FullStdout):
    def flush(self) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_a_standard_output_that_cannot_be_flushed_is_a_fault_in_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", _FullStdout())
    assert cli._flushed(0) == EXIT_FAULT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "標準出力に書き込めません" in err and "No space left on device" in err


def test_a_reader_gone_away_keeps_the_code(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", _GoneStdout())
    assert cli._flushed(1) == 1
    assert capsys.readouterr().err == ""
