"""Helpers (no tests): real machine faults for the fault tests — a full disk or a read-only folder made with a
tiny tmpfs in a private mount namespace (``unshare -r -m``: no root needed where user namespaces are allowed),
and a file-size limit set with ``setrlimit`` in the child. Tests skip cleanly where the namespace cannot be made.
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ADDRJP = [sys.executable, "-m", "addrjp"]


@functools.cache
def namespaces_available() -> bool:
    """True when ``unshare -r -m`` can make a mount namespace and mount a tmpfs in it."""
    if shutil.which("unshare") is None or sys.platform != "linux":
        return False
    probe = subprocess.run(["unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=64k t /mnt 2>/dev/null "
                            "|| mount -t tmpfs -o size=64k t /tmp"], capture_output=True, timeout=30)
    return probe.returncode == 0


@dataclass
class Outcome:
    returncode: int
    stderr: str
    left: list[str]  # what the mount point holds after the command (names)


def run_on_tmpfs(mountpoint: Path, argv: Sequence[str], *, size_kib: int = 64, readonly: bool = False,
                 timeout: float = 300) -> Outcome:
    """Run *argv* with a fresh tmpfs of *size_kib* (read-only when asked) mounted on *mountpoint*, and list
    what the tmpfs holds afterwards (the mount ends with the namespace, so it is listed inside)."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    opts = f"size={size_kib}k,mode=0700" + (",ro" if readonly else "")
    script = ('mnt="$1"; shift; mount -t tmpfs -o "$OPTS" addrjp-test "$mnt" || exit 97; '
              '"$@"; rc=$?; echo "::rc=$rc"; ls -A "$mnt"; exit 0')
    env = {**os.environ, "OPTS": opts}
    proc = subprocess.run(["unshare", "-r", "-m", "sh", "-c", script, "sh", str(mountpoint), *argv],
                          capture_output=True, text=True, timeout=timeout, env=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    marker = next(i for i, line in enumerate(out) if line.startswith("::rc="))
    return Outcome(int(out[marker][5:]), proc.stderr, out[marker + 1:])


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process: the write must fail
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run_with_file_size_limit(argv: Sequence[str], limit: int, *, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run *argv* with ``RLIMIT_FSIZE`` = *limit* bytes and SIGXFSZ ignored (writes past it raise EFBIG)."""
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout,
                          preexec_fn=functools.partial(_limit_file_size, limit))


def register_csv(path: Path, rows: int) -> Path:
    """A synthetic register of *rows* residents (fictional names, real Shinjuku blocks)."""
    lines = ["id,name,postal_code,address,address2"]
    for i in range(rows):
        lines.append(f"R{i:05d},新宿　{chr(0x4E00 + i % 500)}{chr(0x4E00 + i // 500)}子,160-0023,"
                     f"東京都新宿区西新宿2-8-{i % 40 + 1},ハイツ新宿{i % 300 + 101}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path
