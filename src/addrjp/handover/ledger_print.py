"""The ledger for printing and filing (管理簿の出力): CSV for Excel, a self-contained printable HTML page.

``addrjp ledger show --format csv`` writes UTF-8 with a byte-order mark and CRLF line ends, which Excel
opens with the Japanese intact; a cell that would start a formula (``=``, ``+``, ``-``, ``@``) is written
with a leading apostrophe (:func:`addrjp.mailing.writer.neutralise_cell`). ``--format html`` is one page
with its style inside (A4 landscape, black on white), every value escaped, the chain's state at the top,
and a place to sign. Both give each entry's time in JST with its 和暦 date, the kind, the direction, the
handler, the content, the record count and the hashes; never a resident's name or address.

>>> from addrjp.handover.ledger import Ledger
>>> import tempfile, pathlib
>>> book = Ledger(pathlib.Path(tempfile.mkdtemp()) / "l.jsonl")
>>> _ = book.add(handler="=山田", direction="ward-to-vendor", content="宛名データ", records=3, package="p.age",
...              package_sha256="ab" * 32, package_bytes=10)
>>> text = ledger_csv(book.read(), chain="OK").decode("utf-8-sig")
>>> text.splitlines()[1].split(",")[5]
"'=山田"
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence

from addrjp.handover.dates import iso_jst
from addrjp.handover.ledger import DIRECTIONS, KINDS, Entry
from addrjp.mailing.writer import neutralise_cell

COLUMNS: tuple[tuple[str, str], ...] = (
    ("番号", "No."), ("日時 (JST)", "time"), ("和暦", "date"), ("種別", "kind"), ("方向", "direction"),
    ("取扱者", "handler"), ("内容", "content"), ("件数", "records"), ("パッケージ", "package"),
    ("パッケージ SHA-256", "package SHA-256"), ("バイト数", "bytes"), ("同一パッケージ", "same as entry"),
    ("消去証明書", "certificate"), ("証明書 SHA-256", "certificate SHA-256"), ("対象の番号", "closes entry"),
    ("ハッシュ", "entry hash"),
)


def entry_cells(e: Entry) -> list[str]:
    """One entry as the printed columns (:data:`COLUMNS`)."""
    return [
        str(e.seq), e.jst_time, e.wareki, KINDS.get(e.kind, e.kind), DIRECTIONS.get(e.direction, e.direction),
        e.handler, e.content, str(e.records), e.package, e.package_sha256, str(e.package_bytes),
        "" if e.same_package_as is None else str(e.same_package_as), e.certificate, e.certificate_sha256,
        "" if e.refers_to is None else str(e.refers_to), e.hash,
    ]


def ledger_csv(entries: Sequence[Entry], *, chain: str) -> bytes:
    """The ledger as CSV for Excel (UTF-8 with BOM, CRLF); the last line states the chain's state."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f"{ja} ({en})" for ja, en in COLUMNS])
    for e in entries:
        writer.writerow([neutralise_cell(cell) for cell in entry_cells(e)])
    writer.writerow([neutralise_cell(f"チェーン検査 (chain check): {chain}")])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def ledger_html(entries: Sequence[Entry], *, chain: str, ok: bool, title: str) -> str:
    """The ledger as one printable, self-contained HTML page (every value escaped)."""
    esc = html.escape
    head = "".join(f"<th>{esc(ja)}<br><small>{esc(en)}</small></th>" for ja, en in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in entry_cells(e)) + "</tr>" for e in entries)
    state = (f"<p class=ok>チェーン検査 (chain check): {esc(chain)}</p>" if ok
             else f"<p class=broken>改ざんの疑い (chain BROKEN): {esc(chain)}</p>")
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>管理簿 {esc(title)}</title>
<style>
@page {{ size: A4 landscape; margin: 10mm; }}
body {{ font-family: sans-serif; font-size: 8pt; color: #000; background: #fff; }}
h1 {{ font-size: 14pt; }} table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 1px solid #000; padding: 2px 3px; vertical-align: top; text-align: left;
 overflow-wrap: anywhere; }} th {{ background: #eee; }}
.ok {{ border: 1px solid #000; padding: 4px; }} .broken {{ border: 3px solid #000; padding: 6px; font-weight: bold; }}
.sign td {{ height: 14mm; }}
</style></head><body>
<h1>受け渡し管理簿 (handover ledger): {esc(title)}</h1>
<p>出力日時 (printed): {esc(iso_jst())} ／ {len(entries)} 件 (entries)</p>
{state}
<table><tr>{head}</tr>{rows}</table>
<table class=sign><tr><th>確認者 署名・押印 (checked by)</th><td></td><th>日付 (date)</th><td></td></tr></table>
</body></html>
"""


__all__ = ["COLUMNS", "entry_cells", "ledger_csv", "ledger_html"]
