"""Regenerate the proof renderings in docs/images (a simple card, a long address with a building, a joint card).

A tiny synthetic register (invented people, real 新宿区 towns) goes through the real pipeline
(``addrjp clean --style vertical --joint-household``), then ``addrjp proof`` draws it, and ``pdftoppm``
(Debian ``poppler-utils``) renders the card pages as PNG. With IPAex明朝 installed (``fonts-ipaexfont-mincho``)
the font is embedded (``--font``), so the images do not depend on the fonts poppler finds.

Run from the project folder: ``python3 scripts/render_proof_images.py`` (``--dpi 150``, ``--layout``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")

#: (id, name, postal code, address, address2): no real person; 番 and 号 invented.
REGISTER = [
    ("R1", "新宿　花子", "160-0023", "東京都新宿区西新宿2-8-1", ""),
    ("R2", "大久保　一郎", "169-0073", "東京都新宿区百人町3-28-15", "都営百人町アパート3号棟 405号室"),
    ("R3", "早稲田　太郎", "162-0051", "東京都新宿区西早稲田2-1-5", ""),
    ("R4", "早稲田　花子", "162-0051", "東京都新宿区西早稲田2-1-5", ""),
    ("R5", "早稲田　美代子", "162-0051", "東京都新宿区西早稲田二丁目1番5号", ""),
]
NAMES = {"R1": "proof-simple", "R2": "proof-building", "R3": "proof-joint"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--layout", choices=("vertical", "horizontal"), default="vertical")
    parser.add_argument("--out", type=Path, default=IMAGES)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        register = work / "register.csv"
        lines = ["id,name,postal_code,address,address2"] + [",".join(r) for r in REGISTER]
        register.write_text("\n".join(lines) + "\n", encoding="utf-8")
        style = "vertical" if args.layout == "vertical" else "horizontal"
        subprocess.run([sys.executable, "-m", "addrjp", "clean", str(register), "--out", str(work / "out"),
                        "--style", style, "--joint-household", "--quiet"], check=True, cwd=ROOT)
        pdf = work / "proof.pdf"
        font = ["--font", str(IPAEX)] if IPAEX.is_file() else []
        ids = ",".join(NAMES)
        subprocess.run([sys.executable, "-m", "addrjp", "proof", str(work / "out"), "--out", str(pdf), "--ids", ids,
                        "--layout", args.layout, "--quiet", *font], check=True, cwd=ROOT)
        for page, name in enumerate(NAMES.values(), start=2):  # page 1 is the cover
            suffix = "" if args.layout == "vertical" else "-horizontal"
            target = args.out / f"{name}{suffix}"
            subprocess.run(["pdftoppm", "-r", str(args.dpi), "-f", str(page), "-l", str(page), "-png",
                            "-singlefile", str(pdf), str(target)], check=True)
            print(target.with_suffix(".png").relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
