"""Helpers (no tests): a small mailing folder with known cards, and reading a proof PDF back (pdfplumber)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from addrjp.mailing.barcode import barcode_to_text, encode_barcode
from addrjp.mailing.pipeline import Options, build_outputs
from addrjp.mailing.writer import publish_dir

MM = 25.4 / 72.0  # millimetres per point
IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")


@dataclass(frozen=True)
class Row:
    id: str
    status: str
    postal: str
    address1: str
    address2: str
    name: str
    honorific: str = "様"
    joints: tuple[str, ...] = ()
    number: str = "2-8-1"  # the 住所表示番号 of the barcode

    @property
    def printed(self) -> bool:
        return self.status in ("ok", "fixed", "review")


#: Synthetic rows (no real person): a simple card, a long address with a building, a joint card, a register
#: 敬称, a full-width foreign name, a held and an excluded row (which must never be drawn).
ROWS: tuple[Row, ...] = (
    Row("P0001", "ok", "160-0023", "東京都新宿区西新宿二丁目八番一号", "", "新宿　花子"),
    Row("P0002", "fixed", "169-0073", "東京都新宿区百人町三丁目二十八番十五号",
        "都営百人町アパート三号棟　四百五号室", "大久保　一郎", number="3-28-15-3-405"),
    Row("P0003", "ok", "162-0051", "東京都新宿区西早稲田二丁目一番五号", "", "早稲田　太郎", joints=("花子", "美代子"),
        number="2-1-5"),
    Row("P0004", "hold", "160-0022", "東京都新宿区新宿一丁目一番一号", "", "小川　次郎"),
    Row("P0005", "review", "160-0022", "東京都新宿区新宿三丁目一番一号", "", "四谷　三郎", honorific="殿",
        number="3-1-1"),
    Row("P0006", "excluded", "160-0022", "東京都新宿区新宿三丁目二番二号", "", "大森　良子"),
    Row("P0007", "ok", "160-0023", "東京都新宿区西新宿二丁目八番二号", "", "ＳＭＩＴＨ　ＪＯＨＮ", number="2-8-2"),
)


def result_frame(rows: tuple[Row, ...] = ROWS) -> pl.DataFrame:
    """The cleansed frame of *rows*, in the shape clean_frame returns."""
    out = []
    for i, r in enumerate(rows):
        joined = r.name.split("\u3000")[0] + "\u3000" + "・".join([r.name.split("\u3000")[1], *r.joints]) \
            if r.joints else r.name
        joints = [*r.joints, "", "", ""][:3]
        out.append({
            "id": r.id, "status": r.status,
            "findings": {"hold": "name.empty", "excluded": "select.age_below"}.get(r.status, ""),
            "duplicate_of": "", "postal_code_in": r.postal.replace("-", ""),
            "postal_code_out": r.postal if r.status != "excluded" else "",
            "address_in": "x", "address_out": r.address1 if r.printed else "",
            "name_in": r.name, "name_out": joined if r.status != "excluded" else "", "suggestion": "",
            "address1": r.address1 if r.printed else "", "address2": r.address2 if r.printed else "",
            "barcode": barcode_to_text(encode_barcode(r.postal, r.number)) if r.printed else "",
            "town": "", "_line": i + 2, "honorific": r.honorific, "name_print": r.name,
            "joint1": joints[0], "joint2": joints[1], "joint3": joints[2],
        })
    return pl.DataFrame(out)


def make_folder(where: Path, rows: tuple[Row, ...] = ROWS, **opts: Any) -> Path:
    """A published mailing folder of *rows* (label profile, CP932 unless told), as addrjp clean writes it."""
    frame = result_frame(rows)
    options = Options(**{"style": "vertical", **opts})
    blobs, _, _ = build_outputs(frame, input_rows=frame.height, input_info={"name": "synthetic.csv"},
                                opts=options)
    return publish_dir(blobs, where, force=False)


def need_render_tools(*, japanese_font: bool = False, ipaex: bool = False) -> None:
    """Skip unless pdftoppm (poppler-utils), a Japanese font for CID text (poppler-data + fontconfig) and, if
    asked, IPAex明朝 are installed; with ``ADDRJP_REQUIRE_PROOF_TOOLS=1`` (set by a CI that installs them)
    a missing one fails instead."""
    import os
    import shutil
    import subprocess

    import pytest

    missing = []
    if shutil.which("pdftoppm") is None:
        missing.append("pdftoppm (poppler-utils)")
    if japanese_font and not (Path("/usr/share/poppler/cMap").is_dir() and shutil.which("fc-list") and
                              subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True).stdout.strip()):
        missing.append("poppler-data and a Japanese font (e.g. fonts-ipaexfont-mincho)")
    if ipaex and not IPAEX.is_file():
        missing.append("IPAex明朝 (fonts-ipaexfont-mincho)")
    if missing:
        if os.environ.get("ADDRJP_REQUIRE_PROOF_TOOLS") == "1":
            pytest.fail("required for the proof tests: " + ", ".join(missing))
        pytest.skip("not installed: " + ", ".join(missing))


def printed(rows: tuple[Row, ...] = ROWS) -> list[Row]:
    return [r for r in rows if r.printed]


def mm(value: float) -> float:
    return value * MM


def column_text(chars: list[dict[str, Any]], x_mm: float, tol: float = 1.0) -> str:
    """The characters whose centre is within *tol* mm of the column *x_mm*, read top to bottom."""
    col = [c for c in chars if abs(mm((c["x0"] + c["x1"]) / 2) - x_mm) <= tol]
    return "".join(c["text"] for c in sorted(col, key=lambda c: c["top"]))
