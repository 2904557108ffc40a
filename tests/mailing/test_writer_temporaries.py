"""A kill during the write stage leaves a marked temporary; the next run on the same output removes it (only
addrjp's own, recognised by the marker and held by no live process) and says so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.mailing.schema import FORMAT
from addrjp.mailing.writer import (
    TEMPORARY_MARKER,
    is_addrjp_temporary,
    is_stale_temporary,
    publish_dir,
    remove_stale_temporaries,
)

# the child pauses after the first file of the write stage (a hook standing in for a slow disk), so that
# the test can kill it there with SIGKILL: no handler, no cleanup
_PAUSED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import addrjp.mailing.writer as w
    real = w.write_private_file
    def paused(path, data):
        real(path, data)
        print("WRITING", flush=True)
        time.sleep(120)
    w.write_private_file = paused
    w.publish_dir({"mailing.csv": b"id\\r\\n", "manifest.json": b"{}"}, Path(sys.argv[1]), force=False)
""")


def _kill_during_write(out: Path) -> Path:
    child = subprocess.Popen([sys.executable, "-c", _PAUSED_WRITER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "WRITING"
        [tmp] = [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.tmp-")]
        assert is_addrjp_temporary(tmp) and not is_stale_temporary(tmp)  # alive: in use, never removed
        assert remove_stale_temporaries(out).in_use == (tmp,) and tmp.exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    return tmp


def test_kill_during_write_leaves_a_marked_temporary_the_next_run_removes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    tmp = _kill_during_write(out)
    assert tmp.exists() and (tmp / "mailing.csv").exists() and is_stale_temporary(tmp)
    foreign = tmp_path / ".out.tmp-someone-elses"  # named like ours, no marker: never touched
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x")
    register = tmp_path / "r.csv"
    register.write_text("id,name,postal_code,address\n1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1\n", "utf-8")

    assert main(["clean", str(register), "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert not tmp.exists() and str(tmp) in err and "interrupted" in err
    assert (foreign / "keep.txt").exists() and str(foreign) in err and "left alone" in err
    assert TEMPORARY_MARKER not in os.listdir(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.tmp-someone-elses", "out", "r.csv"]


def test_interrupted_replacement_is_marked_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = ("import sys, os; from pathlib import Path; from addrjp.mailing.writer import _Temporary; "
            "t = _Temporary.make(Path(sys.argv[1]), 'out', '.old-'); "
            "(t.path / 'mailing.csv').write_bytes(b'x'); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60)
    [old] = [p for p in tmp_path.iterdir() if p.name.startswith(".out.old-")]
    assert is_stale_temporary(old)
    found = remove_stale_temporaries(out)
    assert found.removed == (old,) and not old.exists()


def test_marker_never_reaches_the_output_and_a_fake_marker_is_not_ours(tmp_path: Path) -> None:
    out = publish_dir({"mailing.csv": b"x", "manifest.json": json.dumps({"format": FORMAT}).encode()},
                      tmp_path / "out", force=False)
    assert sorted(os.listdir(out)) == ["mailing.csv", "manifest.json"]
    fake = tmp_path / ".out.tmp-fake"
    fake.mkdir()
    (fake / TEMPORARY_MARKER).write_text('{"addrjp": "something else"}')
    assert not is_addrjp_temporary(fake) and not is_stale_temporary(fake)
    assert not is_addrjp_temporary(out)  # the output itself is never a temporary
    link = tmp_path / ".out.tmp-link"
    link.symlink_to(fake)
    assert not is_addrjp_temporary(link)
    assert remove_stale_temporaries(tmp_path / "out").removed == ()


def test_a_temporary_of_open_still_at_work_is_not_taken_for_stale(tmp_path: Path) -> None:
    # open marks its temporary with its process, without clean's lock: while that process lives, a clean
    # beside a folder of the same name must leave it alone
    from addrjp.handover.temporaries import make_temporary

    out = tmp_path / "out"
    tmp = make_temporary(out)
    marker = tmp / ".addrjp-temporary"
    doc = json.loads(marker.read_text(encoding="utf-8"))
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:
            marker.write_text(json.dumps({**doc, "pid": other.pid}), encoding="utf-8")
            found = remove_stale_temporaries(out)
            assert tmp.exists() and tmp not in found.removed
        finally:
            other.kill()
    other.wait()
    assert remove_stale_temporaries(out).removed == (tmp,) and not tmp.exists()  # its process gone: stale
