"""Opening a package of a whole ward (35,000 records): origin check, decryption, the two-pass member scan.

``open`` reads the members twice (scan, then extract) so that nothing refused is ever written; this measures
what that costs on the 敬老会 mailing's size. Run: ``pytest benchmarks/bench_handover.py --benchmark-only -s``
(not under xdist). Figures are medians; on a shared machine say how noisy it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from addrjp.handover.keys import generate_keypair
from addrjp.handover.seal import open_package, seal_directory

RECORDS = 35_000


def _output(folder: Path) -> None:
    folder.mkdir()
    rows = ["id,postal_code,address1,address2,name,barcode"]
    for i in range(RECORDS):
        rows.append(f"K{i:06d},160-{i % 10000:04d},東京都新宿区西新宿{i % 8 + 1}-{i % 30 + 1}-{i % 40 + 1},"
                    f"サンハイツ{i % 900 + 100},新宿 太郎{i % 97},1600023{i % 9}-{i % 30}-{i % 40}")
    mailing = ("\r\n".join(rows) + "\r\n").encode()
    (folder / "mailing.csv").write_bytes(mailing)
    manifest = {"counts": {"mailing": RECORDS},
                "files": {"mailing.csv": {"sha256": hashlib.sha256(mailing).hexdigest(), "bytes": len(mailing),
                                          "rows": RECORDS}}}
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_open_a_ward_sized_package(benchmark: Any, tmp_path: Path) -> None:
    _output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    sealed = seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)

    def run() -> None:
        target = tmp_path / "in"
        if target.exists():
            shutil.rmtree(target)
        open_package(sealed.package, target, identity=pair.identity_path, expect_sha256=sealed.sha256)

    benchmark.pedantic(run, rounds=7, iterations=1)
