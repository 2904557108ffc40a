"""What the README's first command writes, recorded (見本の出力の記録: mailing.csv and findings.csv of the sample).

``addrjp clean examples/shinjuku_register.csv --out DIR --force`` (the bundled synthetic register of 1,000
rows, default options) writes mailing.csv (the vendor's file, CP932) and findings.csv (the ward's, UTF-8):
every printed postal code, address, name, 連名 and barcode and every finding, status and duplicate. Both are
recorded, compressed, in ``tests/support/data/sample_outputs/``; ``tests/cli/test_sample_outputs_recorded.py``
runs the command and compares the files byte for byte. A change to what ``clean`` writes for the sample —
from the address stage, the names, the duplicates, the label or the writer — fails there, with the first
lines that differ; when it is intended, ``--check`` lists them and ``--write`` records the files again (say
why in the commit). The register is fictitious (``benchmarks/synth_register.py``): no personal data.

Run: ``python3 -m benchmarks.record_sample --check`` (exit 1 when a file differs) or ``--write``.
"""

from __future__ import annotations

import difflib
import gzip
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.recording import record_args, write_record

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "shinjuku_register.csv"
RECORD = ROOT / "tests" / "support" / "data" / "sample_outputs"
#: The recorded files and the encodings they are written in (for showing their lines).
FILES = {"mailing.csv": "cp932", "findings.csv": "utf-8-sig"}


def run_sample(out: Path) -> dict[str, bytes]:
    """The files the README's first command writes into *out* (the command as it runs, in this process)."""
    from addrjp.cli.main import main

    code = main(["clean", str(SAMPLE), "--out", str(out), "--force", "--quiet"])
    if code != 0:
        raise SystemExit(f"addrjp clean exited {code}")
    return {name: (out / name).read_bytes() for name in FILES}


def recorded() -> dict[str, bytes]:
    """The recorded files, decompressed."""
    return {name: gzip.decompress((RECORD / f"{name}.gz").read_bytes()) for name in FILES}


def changed_lines(name: str, was: bytes, now: bytes, limit: int = 10) -> list[str]:
    """The first *limit* lines of a unified diff of a recorded file and today's (decoded in its encoding)."""
    enc = FILES[name]
    diff = difflib.unified_diff(was.decode(enc).splitlines(), now.decode(enc).splitlines(),
                                f"recorded/{name}", f"now/{name}", n=0, lineterm="")
    return [line for _, line in zip(range(limit), diff, strict=False)]


def main(argv: Sequence[str] | None = None) -> int:
    args = record_args("python3 -m benchmarks.record_sample", __doc__ or "", "files", show=40, argv=argv)
    with tempfile.TemporaryDirectory() as tmp:
        now = run_sample(Path(tmp) / "out")
    if args.write:
        for name, data in now.items():
            size = write_record(RECORD / f"{name}.gz", data)
            print(f"recorded {name}: {len(data):,} bytes ({size:,} compressed)")
        return 0
    failed = 0
    for name, was in recorded().items():
        if was == now[name]:
            print(f"{name}: as recorded")
            continue
        failed += 1
        print(f"{name}: differs")
        for line in changed_lines(name, was, now[name], args.show):
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
