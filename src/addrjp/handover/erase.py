"""Erasure with a certificate (消去証明, certificate of erasure) after the vendor's work is done.

``erase_directory`` overwrites every file of an opened package once with random bytes, syncs it to disk,
renames it to a random name and unlinks it, then removes the empty folder. Before touching anything it
refuses whatever could reach outside the package: a symbolic link anywhere, a file with another hard link,
a mount point, a folder that is not an addrjp package. It then writes a certificate as JSON and as
printable HTML with the fields a Japanese outsourcing contract asks for (情報項目 items of information, 媒体
medium, 数量 quantity, 方法 method, 責任者 person responsible, 年月日 date) and the fields of the sample
certificate of sanitization in NIST SP 800-88 Rev. 1, Appendix G, including the SHA-256 of each file as it
was before erasure. Neither the certificate nor any message holds a name or an address.

What software cannot prove, the certificate says plainly: on SSDs and flash media (wear levelling,
over-provisioning), on journaling or copy-on-write file systems, in snapshots, backups, caches and other
copies, old sectors may survive a file-level overwrite. Media-level sanitization (NIST Clear/Purge/Destroy)
of the device is a separate step for the vendor.

>>> japanese_date("2025-04-01T10:00:00+09:00")
'令和7年4月1日（2025年4月1日）'
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from addrjp.errors import FaultError, InputError, IntegrityError
from addrjp.handover._files import CHUNK, count_csv_records, fault_from, write_atomic
from addrjp.handover.dates import TIME_ZONE, iso_jst, stamp_and_wareki, western
from addrjp.handover.erasable import Plan, plan_erasure
from addrjp.handover.package import MAILING

CERT_FORMAT = "addrjp-erasure-certificate/1"
COLUMN_LABELS: dict[str, str] = {
    "id": "管理番号", "postal_code": "郵便番号", "address1": "住所", "address2": "方書（建物名・部屋番号）",
    "name": "氏名", "barcode": "カスタマバーコード", "status": "判定", "findings": "指摘",
}
METHOD_JA = ("ソフトウェアによるファイル単位の上書き消去（乱数で1回上書きし、ディスクへ同期した後、"
             "無作為な名前に変更して削除）")
LIMITATIONS_JA = (
    "本証明はファイルシステム上のファイルの上書きと削除を記録するものであり、記憶媒体の全領域の消去を証明する"
    "ものではない。SSD・USBメモリ等のフラッシュ媒体（ウェアレベリング、予備領域）、ジャーナリング・"
    "コピーオンライト型ファイルシステム、スナップショット、バックアップ、キャッシュ、他の複製に元のデータが"
    "残り得ることを、ソフトウェアは証明できない。媒体そのものの消去（NIST SP 800-88 の Clear/Purge/Destroy）"
    "は別途行い、その結果を本証明書に併記すること。"
)
LIMITATIONS_EN = (
    "This certificate records a file-level overwrite and deletion through the file system; it does not "
    "prove that every sector of the medium is clean. On SSDs and flash media (wear levelling, "
    "over-provisioning), journaling or copy-on-write file systems, snapshots, backups, caches and other "
    "copies, old data may survive, and software cannot prove otherwise. Sanitize the medium itself "
    "(NIST SP 800-88 Clear/Purge/Destroy) as a separate step and record it on this certificate."
)


@dataclass(frozen=True)
class ErasedFile:
    """One erased file: its path relative to the package, size and SHA-256 before erasure."""

    path: str
    bytes: int
    sha256: str


@dataclass
class Certificate:
    """An erasure certificate: ``doc`` is the JSON; ``json_path`` and ``html_path`` where it was written."""

    doc: dict[str, Any]
    json_path: Path
    html_path: Path
    erased: list[ErasedFile] = field(default_factory=list)


def japanese_date(stamp: str) -> str:
    """The date of an ISO 8601 time stamp in JST, 和暦 first, then the Western date in brackets.

    >>> japanese_date("2026-11-30T20:00:00+00:00")
    '令和8年12月1日（2026年12月1日）'
    """
    local, era_date = stamp_and_wareki(stamp)
    return f"{era_date}（{western(datetime.fromisoformat(local).date())}）"


def certificate_paths(certificate: Path | str) -> tuple[Path, Path]:
    """The JSON and HTML paths of a certificate: ``X.json`` → (X.json, X.html); ``X`` → (X, X.html)."""
    path = Path(certificate)
    html_path = path.with_suffix(".html") if path.suffix.lower() == ".json" else Path(f"{path}.html")
    return path, html_path


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _overwrite_and_unlink(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b", buffering=0) as handle:
        left = size
        while left > 0:
            step = min(left, CHUNK)
            handle.write(os.urandom(step))
            left -= step
        handle.flush()
        os.fsync(handle.fileno())
        handle.truncate(0)
        os.fsync(handle.fileno())
    hidden = path.parent / f".erased-{secrets.token_hex(8)}"
    os.rename(path, hidden)
    os.unlink(hidden)
    _fsync_dir(path.parent)
    if path.exists() or hidden.exists():
        raise OSError(f"{path.name} still exists after unlink")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _describe_information(root: Path | None) -> tuple[str, int | None]:
    """情報項目 from mailing.csv's header (column names only) and the record count; no cell is read."""
    mailing = root / MAILING if root is not None else None
    if mailing is None or not mailing.is_file():
        return "郵送用宛名データ (mailing data)", None
    data = mailing.read_bytes()
    records = count_csv_records(data)
    first = data.split(b"\n", 1)[0]
    for encoding in ("utf-8-sig", "cp932"):
        try:
            header = next(csv.reader(io.StringIO(first.decode(encoding).strip("\r"))), [])
            break
        except UnicodeDecodeError:
            header = []
    labels = [COLUMN_LABELS.get(col.strip(), col.strip()) for col in header[:20] if 0 < len(col.strip()) <= 40]
    return "郵送用宛名データ（" + "、".join(labels) + "）", records


def _check_certificate_paths(json_path: Path, html_path: Path, plan: Plan) -> None:
    for path in (json_path, html_path):
        for folder in plan.folders:
            if _inside(path, folder.resolve()):
                raise InputError("the certificate must be written outside the folder being erased",
                                 file=str(path))
        if path.exists() or path.is_symlink():
            raise InputError("a certificate already exists here; refusing to overwrite it", file=str(path))
        if not path.parent.is_dir():
            raise InputError("the folder for the certificate does not exist", file=str(path.parent))
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise FaultError("the certificate could not be written there; nothing was erased",
                             path=str(path.parent), cause="permission denied or read-only file system")


def erase_directory(
    directory: Path | str | None,
    certificate: Path | str,
    *,
    responsible: str = "",
    title: str = "",
    organization: str = "",
    location: str = "",
    phone: str = "",
    medium: str = "",
    information: str | None = None,
    contract: str = "",
    packages: Iterable[Path | str] = (),
    ledger: Path | str | None = None,
    remove_folder: bool = True,
) -> Certificate:
    """Overwrite and unlink every file of a package received through ``open`` (the folder ``directory``, its
    marked temporaries beside it, and the sealed ``packages``), then write the certificate (``certificate``
    as JSON and a printable HTML beside it).

    Everything is proven first (:func:`addrjp.handover.erasable.plan_erasure`: the folder's handover.json
    written by open and every file's SHA-256, nothing else inside; each package a sealed package with the
    SHA-256 recorded in the folder, the receipt or ``ledger``), and every refusal happens before the first
    byte is overwritten. If the erasure stops part-way, the certificate is still written, marked
    ``incomplete``, and IntegrityError says how far it got.
    """
    json_path, html_path = certificate_paths(certificate)
    plan = plan_erasure(Path(directory) if directory is not None else None, [Path(p) for p in packages],
                        ledger=Path(ledger) if ledger is not None else None)
    _check_certificate_paths(json_path, html_path, plan)
    info_text, records = _describe_information(plan.root)
    if plan.received is not None and plan.received.records is not None:
        records = plan.received.records
    if information:
        info_text = information
    listed = [ErasedFile(path=t.label, bytes=t.bytes, sha256=t.sha256) for t in plan.targets]
    started = iso_jst()
    done: list[ErasedFile] = []
    error: str | None = None
    try:
        for target, entry in zip(plan.targets, listed, strict=True):
            _overwrite_and_unlink(target.path)
            done.append(entry)
        if remove_folder:
            for folder in plan.folders:
                folder.rmdir()
    except OSError as exc:
        error = f"{type(exc).__name__} after {len(done)} of {len(listed)} files"
    finished = iso_jst()
    complete = error is None and len(done) == len(listed)
    doc = _certificate_doc(
        done=done, pending=[e for e in listed if e not in done], records=records, information=info_text,
        medium=medium, responsible=responsible, title=title, organization=organization, location=location,
        phone=phone, contract=contract, source=str(plan.root) if plan.root is not None else "",
        started=started, finished=finished, error=error, folder_removed=remove_folder and complete,
    )
    doc.update(_proof_fields(plan))
    try:
        write_atomic(json_path, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                     mode=0o644)
        write_atomic(html_path, render_html(doc).encode("utf-8"), mode=0o644)
    except OSError as exc:
        raise fault_from(exc, "the files were erased but the certificate could not be written", json_path) from None
    if error:
        raise IntegrityError(f"the erasure stopped: {error}; the certificate {json_path} is marked incomplete")
    return Certificate(doc=doc, json_path=json_path, html_path=html_path, erased=done)


def _proof_fields(plan: Plan) -> dict[str, Any]:
    """What the certificate records of the proof: the received folder's package, the packages, temporaries."""
    received = plan.received
    return {
        "time_zone": TIME_ZONE,
        "received": None if received is None else {
            "folder": plan.root.name if plan.root is not None else "",
            "record": "addrjp open" if not received.legacy else "addrjp open (earlier version: no package hash)",
            "package": received.package,
            "package_sha256": received.package_sha256,
            "records": received.records,
            "files": {name: {"sha256": d, "bytes": n} for name, (d, n) in sorted(received.files.items())},
        },
        "packages": [{"name": p.name, "sha256": p.sha256, "bytes": p.bytes, "format": p.format,
                      "checks": list(p.checks)} for p in plan.packages],
        "temporaries": list(plan.temporaries),
        "left_alone": list(plan.left_alone),
    }


def _certificate_doc(
    *, done: list[ErasedFile], pending: list[ErasedFile], records: int | None, information: str, medium: str,
    responsible: str, title: str, organization: str, location: str, phone: str, contract: str, source: str,
    started: str, finished: str, error: str | None, folder_removed: bool,
) -> dict[str, Any]:
    from addrjp import __version__

    total = sum(e.bytes for e in done)
    quantity = f"ファイル {len(done)} 件（{total:,} バイト）" + (f"、レコード {records:,} 件" if records is not None
                                                              else "")
    media_type = medium or "電子ファイル（作業端末のファイルシステム上のフォルダ） / electronic files in a folder"
    return {
        "format": CERT_FORMAT,
        "title": "消去証明書 (certificate of erasure / sanitization)",
        "result": "complete" if error is None else "incomplete",
        "error": error,
        "contract": contract,
        "japanese_contract_fields": {
            "情報項目": information,
            "媒体": media_type,
            "数量": quantity,
            "方法": METHOD_JA,
            "責任者": responsible,
            "年月日": japanese_date(finished),
        },
        "nist_sp_800_88_rev1": {
            "person_performing_sanitization": {
                "name": responsible, "title": title, "organization": organization, "location": location,
                "phone": phone,
            },
            "media_information": {
                "make_vendor": "", "model_number": "", "serial_number": "", "media_property_number": "",
                "media_type": media_type, "source": source,
                "classification": "個人情報 (personal information)",
                "data_backed_up": "unknown", "backup_location": "",
            },
            "sanitization_details": {
                "method_type": "none claimed for the medium (file-level overwrite only; see limitations)",
                "method_used": "Overwrite",
                "method_details": "each file overwritten once with random data through the file system, "
                                  "fsync, truncated, renamed to a random name, unlinked; folder removed"
                                  if folder_removed else "each file overwritten once with random data, "
                                  "fsync, truncated, renamed to a random name, unlinked",
                "tool_used": f"addrjp {__version__} (addrjp erase)",
                "verification_method": "Other: each path checked absent after unlink; SHA-256 of each file "
                                       "recorded before overwrite",
                "post_sanitization_classification": "not determined (see limitations)",
                "notes": LIMITATIONS_EN,
            },
            "media_destination": "",
            "signature": {"name": responsible, "title": title, "date": "", "signature": ""},
            "validation": {"name": "", "title": "", "organization": "", "location": "", "phone": "",
                           "signature": "", "date": ""},
        },
        "started": started,
        "finished": finished,
        "erased": [vars(e) for e in done],
        "not_erased": [vars(e) for e in pending],
        "records": records,
        "limitations": {"ja": LIMITATIONS_JA, "en": LIMITATIONS_EN},
    }


def _rows(pairs: Iterable[tuple[str, Any]]) -> str:
    return "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v)) if v not in ('', None) else '&nbsp;'}"
                   "</td></tr>" for k, v in pairs)


NIST_LABELS: Mapping[str, str] = {
    "name": "Name", "title": "Title", "organization": "Organization", "location": "Location",
    "phone": "Phone", "make_vendor": "Make/Vendor", "model_number": "Model Number",
    "serial_number": "Serial Number", "media_property_number": "Media Property Number",
    "media_type": "Media Type", "source": "Source", "classification": "Classification",
    "data_backed_up": "Data Backed Up", "backup_location": "Backup Location", "method_type": "Method Type",
    "method_used": "Method Used", "method_details": "Method Details", "tool_used": "Tool Used",
    "verification_method": "Verification Method",
    "post_sanitization_classification": "Post-Sanitization Classification", "notes": "Notes",
    "date": "Date", "signature": "Signature",
}


def _proof_html(doc: Mapping[str, Any]) -> str:
    """The certificate's record of what was proven before erasure: the package, temporaries, what was left."""
    esc = html.escape
    parts: list[str] = []
    received = doc.get("received")
    if isinstance(received, dict):
        parts.append("<h2>受領したパッケージ (package received through addrjp open)</h2><table>" + _rows((
            ("フォルダ (folder)", received.get("folder")), ("記録 (record)", received.get("record")),
            ("パッケージ (package)", received.get("package")),
            ("パッケージ SHA-256", received.get("package_sha256") or "（記録なし / not recorded）"),
            ("件数 (records)", received.get("records")))) + "</table>")
    packages = doc.get("packages") or []
    if packages:
        parts.append("<h2>消去したパッケージファイル (package files erased)</h2><table><tr><th>ファイル</th>"
                     "<th>形式</th><th>SHA-256</th><th>確認 (checked)</th></tr>" + "".join(
                         f"<tr><td>{esc(str(p.get('name')))}</td><td>{esc(str(p.get('format')))}</td>"
                         f"<td class=h>{esc(str(p.get('sha256')))}</td><td>{esc('; '.join(p.get('checks') or []))}"
                         "</td></tr>" for p in packages if isinstance(p, dict)) + "</table>")
    if doc.get("temporaries"):
        parts.append("<p>併せて消去した一時フォルダ (addrjp's temporary folders erased with it): "
                     + esc(", ".join(doc["temporaries"])) + "</p>")
    if doc.get("left_alone"):
        parts.append("<p class=warn>消去しなかったもの (left alone: beside the folder, without addrjp's marker; "
                     "check by hand): " + esc(", ".join(doc["left_alone"])) + "</p>")
    return "\n".join(parts)


def render_html(doc: Mapping[str, Any]) -> str:
    """The printable certificate (A4, black on white) from its JSON document."""
    ja = doc["japanese_contract_fields"]
    nist = doc["nist_sp_800_88_rev1"]
    sections = [
        ("Person Performing Sanitization（消去作業者）", nist["person_performing_sanitization"]),
        ("Media Information（媒体情報）", nist["media_information"]),
        ("Sanitization Details（消去の詳細）", nist["sanitization_details"]),
        ("Signature（署名）", nist["signature"]),
        ("Validation（確認者）", nist["validation"]),
    ]
    nist_html = "".join(f"<h3>{html.escape(title)}</h3><table>"
                        + _rows((NIST_LABELS.get(k, k), v) for k, v in fields.items()) + "</table>"
                        for title, fields in sections)
    files = "".join(f"<tr><td>{html.escape(e['path'])}</td><td class=n>{e['bytes']:,}</td>"
                    f"<td class=h>{e['sha256']}</td></tr>" for e in doc["erased"])
    status = "" if doc["result"] == "complete" else (
        f"<p class=warn>未完了 (incomplete): {html.escape(str(doc['error']))}</p>")
    proof = _proof_html(doc)
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>消去証明書</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: sans-serif; font-size: 10pt; color: #000; background: #fff; }}
h1 {{ font-size: 16pt; text-align: center; }} h2 {{ font-size: 12pt; border-bottom: 1px solid #000; }}
h3 {{ font-size: 10pt; margin: 8px 0 2px; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #000; padding: 3px 5px;
 vertical-align: top; text-align: left; }} th {{ width: 28%; background: #eee; }}
td.n {{ text-align: right; }} td.h {{ font-family: monospace; font-size: 8pt; word-break: break-all; }}
.warn {{ border: 2px solid #000; padding: 6px; font-weight: bold; }} .note {{ border: 1px solid #000; padding: 6px; }}
.sign td {{ height: 16mm; }}
</style></head><body>
<h1>消去証明書<br><small>Certificate of Erasure / Sanitization</small></h1>
{status}
<p>委託業務名 (contract): {html.escape(doc.get("contract") or "") or "＿＿＿＿＿＿＿＿＿＿"}</p>
<h2>消去の内容 (contract fields)</h2>
<table>{_rows(ja.items())}</table>
<table class=sign><tr><th>責任者 署名・押印 (signature)</th><td></td></tr></table>
<h2>消去したファイル (files erased; SHA-256 before erasure)</h2>
<table><tr><th>ファイル</th><th>バイト</th><th>SHA-256</th></tr>{files}</table>
<p>作業開始 {html.escape(doc["started"])} ／ 作業終了 {html.escape(doc["finished"])}（日本標準時, JST）</p>
{proof}
<h2>NIST SP 800-88 Rev. 1 certificate of sanitization</h2>
{nist_html}
<p>Media Destination（媒体の行き先）: {html.escape(nist["media_destination"]) or "＿＿＿＿＿＿＿＿"}</p>
<h2>限界 (limitations)</h2>
<p class=note>{html.escape(doc["limitations"]["ja"])}</p>
<p class=note>{html.escape(doc["limitations"]["en"])}</p>
</body></html>
"""
