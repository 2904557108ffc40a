"""barcode_as_printed (the batch pipeline's barcode) equals the customer barcode of the printed lines' address B.

The reference is the pipeline's former recipe: the parsed address with ``address_b`` replaced by the printed
text after the town, through :func:`customer_barcode_parsed`, else the printed text through
:func:`customer_barcode`.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from addrjp.address.model import Address
from addrjp.mailing.barcode import (
    barcode_as_printed,
    barcode_to_text,
    customer_barcode,
    customer_barcode_parsed,
)
from addrjp.quality.record import validate_record


def _reference(postal: str, address: Address, line1: str, line2: str) -> str:
    printed = f"{line1} {line2}".strip()
    try:
        for prefix in (f"{address.pref}{address.city}{address.town}", f"{address.city}{address.town}"):
            if address.town and line1.startswith(prefix):
                printed_b = f"{line1[len(prefix):]} {line2}".strip()
                return barcode_to_text(customer_barcode_parsed(postal, replace(address, address_b=printed_b)))
        return barcode_to_text(customer_barcode(postal, printed))
    except ValueError:
        return ""


def test_the_synthetic_register_gets_the_same_barcodes() -> None:
    from benchmarks.synth_register import generate

    seen = 0
    for _id, _name, code, address, address2, _birth in generate(2000, seed=31).rows:
        r = validate_record(name=None, postal_code=code, address=address, address2=address2 or None, check_name=False)
        if r.address is None or not r.postal_code_out:
            continue
        line1, line2 = r.address_out or "", r.address2_out or ""
        assert barcode_as_printed(r.postal_code_out, r.address, line1, line2) == _reference(
            r.postal_code_out, r.address, line1, line2)
        seen += 1
    assert seen > 1500


@pytest.mark.parametrize("postal, line1, line2", [
    ("160-0023", "東京都新宿区西新宿2-8-1", "新宿センタービル 15F"),
    ("160-0023", "新宿区西新宿2-8-1", ""),
    ("100-8799", "東京都千代田区大手町2-3-1", ""),  # an office code: 13 × CC4
    ("160-0000", "東京都新宿区西新宿2-8-1", ""),  # a representative code: no barcode
    ("604-8006", "京都府京都市中京区河原町通二条下る一之船入町537-50", ""),  # a street before the town
])
def test_special_codes_and_heads(postal: str, line1: str, line2: str) -> None:
    from addrjp.address.parse import parse_address

    a = parse_address(f"{line1} {line2}".strip(), postal_code=postal)
    assert barcode_as_printed(postal, a, line1, line2) == _reference(postal, a, line1, line2)
