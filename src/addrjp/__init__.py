"""addrjp: address quality and mail deliverability for Japan (住所品質・郵便到達性).

Postal codes checked against Japan Post data (郵便番号, KEN_ALL and the office file), addresses parsed and
normalized (住所の正規化), names made printable for a vendor's character set (外字 and 異体字), duplicates
and households found, customer barcodes (カスタマバーコード) made, and the mailing file carried safely
to a printing vendor.

The public API is loaded lazily so that ``import addrjp`` stays fast::

    import addrjp
    addrjp.lookup_postal("160-0023")
    addrjp.parse_address("新宿区西新宿２－８－１")
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
    # errors
    "AddrjpError": "addrjp.errors",
    "InputError": "addrjp.errors",
    "DataError": "addrjp.errors",
    "IntegrityError": "addrjp.errors",
}

__all__ = [
    "CATALOGUE",
    "Address",
    "AddrjpError",
    "DataError",
    "Finding",
    "InputError",
    "IntegrityError",
    "NameResult",
    "PostalArea",
    "RecordResult",
    "__version__",
    "clean_frame",
    "codes_for",
    "customer_barcode",
    "encode_barcode",
    "extract_address_number",
    "find_duplicates",
    "format_address",
    "lookup_postal",
    "name_key",
    "normalize_address",
    "normalize_name",
    "parse_address",
    "postal_data_info",
    "validate_record",
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
    from addrjp.errors import AddrjpError, DataError, InputError, IntegrityError
    from addrjp.mailing.barcode import customer_barcode, encode_barcode, extract_address_number
    from addrjp.mailing.pipeline import clean_frame
    from addrjp.postal.lookup import PostalArea, codes_for, lookup_postal, postal_data_info
    from addrjp.quality.duplicates import find_duplicates
    from addrjp.quality.findings import CATALOGUE, Finding
    from addrjp.quality.names import NameResult, name_key, normalize_name
    from addrjp.quality.record import RecordResult, validate_record
