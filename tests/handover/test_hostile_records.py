"""Mutated manifests, ledgers, receipts, received records and certificates (壊れた記録): the handover's readers
raise only addrjp's own errors, naming the file (and the field), never a traceback of Python's."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from handover_fixtures import MAILING, make_output
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.errors import AddrjpError, InputError
from addrjp.handover.certificate import check_certificate
from addrjp.handover.ledger import GENESIS, Ledger, read_receipt
from addrjp.handover.package import parse_manifest, read_contents, record_count, verify_against_manifest
from addrjp.handover.received import read_received_doc
from addrjp.handover.unpack import scan

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

MAILING_BYTES = MAILING.encode()
MANIFEST: dict[str, Any] = {
    "format": "addrjp-mailing/1", "charset": "cp932", "out_encoding": "utf-8",
    "counts": {"input": 3, "findings": 3, "mailing": 2, "by_status": {"ok": 1, "fixed": 1, "hold": 1}},
    "files": {"mailing.csv": {"sha256": hashlib.sha256(MAILING_BYTES).hexdigest(), "bytes": len(MAILING_BYTES),
                              "rows": 2}},
}


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out.extend(_paths(value, (*prefix, index)))
    return out


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` with one value anywhere replaced by any JSON value (or a key removed)."""
    doc = copy.deepcopy(doc)
    path = draw(st.sampled_from(_paths(doc)))
    if not path:
        return draw(JSON)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(JSON)
    return doc


def _only_ours(call: Any) -> None:
    try:
        call()
    except AddrjpError as exc:
        assert str(exc)
    except RecursionError:  # pragma: no cover - never from inputs this small
        raise


@given(mutated(MANIFEST))
@SETTINGS
def test_a_mutated_manifest_gives_only_addrjp_errors(doc: Any) -> None:
    def read() -> None:
        manifest = parse_manifest(json.dumps(doc).encode(), "out/manifest.json")
        verify_against_manifest({"mailing.csv": MAILING_BYTES}, manifest, "out/manifest.json")
        record_count(MAILING_BYTES, manifest, "out/manifest.json")

    _only_ours(read)


@pytest.mark.parametrize(("change", "field"), [
    ({"files": {"mailing.csv": {"rows": "12"}}}, "files.mailing.csv.rows"),
    ({"files": [{"name": "mailing.csv"}]}, "files"),
    ({"counts": {"mailing": "2"}}, "counts.mailing"),
    ({"counts": ["mailing", 2]}, "counts"),
    ({"counts": {"by_status": {"ok": -1}}}, "counts.by_status.ok"),
    ({"files": {"mailing.csv": {"sha256": 12}}}, "files.mailing.csv.sha256"),
])
def test_a_field_of_the_wrong_type_names_the_file_and_the_field(tmp_path: Path, change: dict[str, Any],
                                                                 field: str) -> None:
    make_output(tmp_path / "out")
    (tmp_path / "out" / "manifest.json").write_text(json.dumps({**MANIFEST, **change}))
    with pytest.raises(InputError, match=rf"out/manifest\.json: field {field} must be") as caught:
        read_contents(tmp_path / "out")
    assert "run addrjp clean again" in str(caught.value)


def _ledger_line(seq: int, prev: str) -> dict[str, Any]:
    body = {"seq": seq, "time": "2026-12-01T09:00:00+09:00", "date_wareki": "令和8年12月1日", "kind": "handover",
            "handler": "区 山田", "direction": "ward-to-vendor", "content": "x", "records": 2, "package": "p.age",
            "package_sha256": "ab" * 32, "package_bytes": 1, "same_package_as": None, "files": {},
            "certificate": "", "certificate_sha256": "", "refers_to": None, "prev": prev,
            "format": "addrjp-ledger/2"}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")).encode()).hexdigest()
    return {**body, "hash": digest}


@given(mutated(_ledger_line(1, GENESIS)), st.binary(max_size=12))
@SETTINGS
def test_a_mutated_ledger_gives_only_addrjp_errors(tmp_path: Path, line: Any, junk: bytes) -> None:
    book = Ledger(tmp_path / "l.jsonl")
    book.path.write_bytes(json.dumps(line, ensure_ascii=False).encode() + b"\n" + junk)

    def use() -> None:
        for entry in book.read():
            _ = (entry.jst_time, entry.wareki, entry.body())
        book.find_handover("ab" * 32)
        book.verify(expect_head="0" * 64)

    _only_ours(use)


RECEIVED = {"format": "addrjp-received/1", "package": "p.age", "package_sha256": "ab" * 32, "records": 2,
            "files": {"mailing.csv": {"sha256": "cd" * 32, "bytes": 10}}}


@given(mutated(RECEIVED))
@SETTINGS
def test_a_mutated_received_record_gives_only_addrjp_errors(doc: Any) -> None:
    _only_ours(lambda: read_received_doc(doc, "in/handover.json"))


RECEIPT = {"format": "addrjp-seal-receipt/1", "package": "p.age", "package_sha256": "", "records": 2,
           "content": "x", "files": {"mailing.csv": {"sha256": "cd" * 32, "bytes": 10}}}


@given(mutated(RECEIPT))
@SETTINGS
def test_a_mutated_receipt_gives_only_addrjp_errors(tmp_path: Path, doc: Any) -> None:
    package = tmp_path / "p.age"
    package.write_bytes(b"age-encryption.org/v1\n")
    digest = hashlib.sha256(package.read_bytes()).hexdigest()
    if isinstance(doc, dict) and doc.get("package_sha256") == "":
        doc["package_sha256"] = digest
    (tmp_path / "p.age.receipt.json").write_text(json.dumps(doc))
    _only_ours(lambda: read_receipt(package, digest))


SEALED_HANDOVER = {"format": "addrjp-handover/1", "records": 2,
                   "files": {"mailing.csv": {"sha256": hashlib.sha256(MAILING_BYTES).hexdigest(),
                                             "bytes": len(MAILING_BYTES)}}}


@given(mutated(SEALED_HANDOVER))
@SETTINGS
def test_a_mutated_handover_json_in_a_package_gives_only_addrjp_errors(doc: Any) -> None:
    data = json.dumps(doc).encode()
    entries = iter([("handover.json", len(data), iter([data])),
                    ("mailing.csv", len(MAILING_BYTES), iter([MAILING_BYTES]))])
    _only_ours(lambda: scan(entries))


CERTIFICATE = {"format": "addrjp-erasure-certificate/1", "result": "complete", "error": None,
               "finished": "2026-12-01T10:00:00+09:00", "records": 2, "not_erased": [],
               "erased": [{"path": "mailing.csv", "bytes": 10, "sha256": "cd" * 32}],
               "received": {"package_sha256": "ab" * 32, "files": {}}, "packages": [],
               "japanese_contract_fields": {"責任者": "印刷 佐藤"}}


@given(mutated(CERTIFICATE))
@SETTINGS
def test_a_mutated_certificate_gives_only_addrjp_errors(tmp_path: Path, doc: Any) -> None:
    book = Ledger(tmp_path / "l.jsonl")
    if not book.path.exists():
        book.add(handler="区 山田", direction="ward-to-vendor", content="x", records=2, package="p.age",
                 package_sha256="ab" * 32, package_bytes=1)
    (tmp_path / "cert.json").write_text(json.dumps(doc, ensure_ascii=False))
    _only_ours(lambda: check_certificate(tmp_path / "cert.json", book))
