"""addrjp: address quality and mail deliverability for Japan (住所品質・郵便到達性).

Postal codes checked against Japan Post data (郵便番号, KEN_ALL and the office file), addresses parsed and
normalized (住所の正規化), names made printable for a vendor's character set (外字 and 異体字), duplicates
and households found, customer barcodes (カスタマバーコード) made, and the mailing file carried safely
to a printing vendor.

The public API is loaded lazily so that ``import addrjp`` stays fast::

    import addrjp
    addrjp.lookup_postal("160-0023")
    addrjp.parse_address("新宿区西新宿２－８－１")

polars users: ``import addrjp.polars`` registers the expression namespace ``pl.col(...).addrjp``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it (one place; see docs/api.md)
_EXPORTS: dict[str, str] = {
    # postal data (layer 2)
    "lookup_postal": "addrjp.postal.lookup",
    "codes_for": "addrjp.postal.lookup",
    "PostalArea": "addrjp.postal.lookup",
    "postal_data_info": "addrjp.postal.lookup",
    # addresses (layer 2)
    "parse_address": "addrjp.address.parse",
    "Address": "addrjp.address.model",
    "normalize_address": "addrjp.address.format",
    "format_address": "addrjp.address.format",
    "format_vertical": "addrjp.address.vertical",
    "STYLES": "addrjp.address.styles",
    # record quality (layer 3)
    "validate_record": "addrjp.quality.record",
    "RecordResult": "addrjp.quality.record",
    "normalize_name": "addrjp.quality.names",
    "NameResult": "addrjp.quality.names",
    "name_key": "addrjp.quality.names",
    "find_duplicates": "addrjp.quality.duplicates",
    "Finding": "addrjp.quality.findings",
    "CATALOGUE": "addrjp.quality.findings",
    # mailing (layer 4)
    "customer_barcode": "addrjp.mailing.barcode",
    "extract_address_number": "addrjp.mailing.barcode",
    "encode_barcode": "addrjp.mailing.barcode",
    "clean_frame": "addrjp.mailing.pipeline",
    "infer_area": "addrjp.mailing.area",
    "area_code": "addrjp.mailing.area",
    "make_proof": "addrjp.proof",
    "CLEAN_FRAME_COLUMNS": "addrjp.mailing.schema",
    # more of each layer
    "is_representative": "addrjp.postal.lookup",
    "fold_variants": "addrjp.text.variants",
    "load_gaiji_map": "addrjp.quality.names",
    "load_name_overrides": "addrjp.quality.names",
    "Layout": "addrjp.quality.record",
    "barcode_to_text": "addrjp.mailing.barcode",
    "customer_barcode_noted": "addrjp.mailing.barcode",
    "verify_barcode": "addrjp.mailing.barcode",
    "BarcodeError": "addrjp.mailing.barcode",
    "seal_directory": "addrjp.handover.seal",
    "open_package": "addrjp.handover.seal",
    "Ledger": "addrjp.handover.ledger",
    "erase_directory": "addrjp.handover.erase",
    "generate_keypair": "addrjp.handover.keys",
    "generate_signing_key": "addrjp.handover.signing",
    "record_certificate": "addrjp.handover.certificate",
    # the review loop (layer 4): the decisions file (判断記録)
    "Decision": "addrjp.review.decisions",
    "read_decisions": "addrjp.review.decisions",
    "decisions_bytes": "addrjp.review.decisions",
    "fingerprint_of": "addrjp.review.decisions",
    "ProofOptions": "addrjp.proof",
    "kanji_number": "addrjp.address.vertical",
    "joint_cards": "addrjp.quality.households",
    # errors
    "AddrjpError": "addrjp.errors",
    "InputError": "addrjp.errors",
    "DataError": "addrjp.errors",
    "IntegrityError": "addrjp.errors",
}

__all__ = [
    "CATALOGUE",
    "CLEAN_FRAME_COLUMNS",
    "STYLES",
    "Address",
    "AddrjpError",
    "BarcodeError",
    "DataError",
    "Decision",
    "Finding",
    "InputError",
    "IntegrityError",
    "Layout",
    "Ledger",
    "NameResult",
    "PostalArea",
    "ProofOptions",
    "RecordResult",
    "__version__",
    "area_code",
    "barcode_to_text",
    "clean_frame",
    "codes_for",
    "customer_barcode",
    "customer_barcode_noted",
    "decisions_bytes",
    "encode_barcode",
    "erase_directory",
    "extract_address_number",
    "find_duplicates",
    "fingerprint_of",
    "fold_variants",
    "format_address",
    "format_vertical",
    "generate_keypair",
    "generate_signing_key",
    "infer_area",
    "is_representative",
    "joint_cards",
    "kanji_number",
    "load_gaiji_map",
    "load_name_overrides",
    "lookup_postal",
    "make_proof",
    "name_key",
    "normalize_address",
    "normalize_name",
    "open_package",
    "parse_address",
    "postal_data_info",
    "read_decisions",
    "record_certificate",
    "seal_directory",
    "validate_record",
    "verify_barcode",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'addrjp' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use
    from addrjp.address.format import format_address, normalize_address
    from addrjp.address.model import Address
    from addrjp.address.parse import parse_address
    from addrjp.address.styles import STYLES
    from addrjp.address.vertical import format_vertical, kanji_number
    from addrjp.errors import AddrjpError, DataError, InputError, IntegrityError
    from addrjp.handover.certificate import record_certificate
    from addrjp.handover.erase import erase_directory
    from addrjp.handover.keys import generate_keypair
    from addrjp.handover.ledger import Ledger
    from addrjp.handover.seal import open_package, seal_directory
    from addrjp.handover.signing import generate_signing_key
    from addrjp.mailing.area import area_code, infer_area
    from addrjp.mailing.barcode import (
        BarcodeError,
        barcode_to_text,
        customer_barcode,
        customer_barcode_noted,
        encode_barcode,
        extract_address_number,
        verify_barcode,
    )
    from addrjp.mailing.pipeline import clean_frame
    from addrjp.mailing.schema import CLEAN_FRAME_COLUMNS
    from addrjp.postal.lookup import PostalArea, codes_for, is_representative, lookup_postal, postal_data_info
    from addrjp.proof import ProofOptions, make_proof
    from addrjp.quality.duplicates import find_duplicates
    from addrjp.quality.findings import CATALOGUE, Finding
    from addrjp.quality.households import joint_cards
    from addrjp.quality.names import NameResult, load_gaiji_map, load_name_overrides, name_key, normalize_name
    from addrjp.quality.record import Layout, RecordResult, validate_record
    from addrjp.review.decisions import Decision, decisions_bytes, fingerprint_of, read_decisions
    from addrjp.text.variants import fold_variants
