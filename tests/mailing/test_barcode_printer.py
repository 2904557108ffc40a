"""One barcode printer for a batch (its postal codes' memo fetched once) gives, address by address, what a
printer made for each address gives (``barcode_as_printed``, tested against the printed text read in
test_barcode_as_printed.py), for codes that make a barcode, office codes, representative, unknown and
malformed ones, each seen again; and a printer made after the postal index is replaced uses the new index's
memo."""

from __future__ import annotations

from addrjp.address.parse import parse_address
from addrjp.mailing import barcode
from addrjp.mailing.barcode import barcode_as_printed, barcode_printer
from addrjp.postal.index import load_index, reset

_CASES = [
    ("160-0023", "東京都新宿区西新宿2-8-1", "新宿センタービル 15F"),
    ("1600023", "新宿区西新宿2-8-1", ""),
    ("１６０－００２３", "東京都新宿区西新宿2-8-1", "コーポ 101"),
    ("100-8799", "東京都千代田区大手町2-3-1", ""),  # an office code: 13 × CC4
    ("160-0000", "東京都新宿区西新宿2-8-1", ""),  # a representative code: no barcode
    ("999-9999", "東京都新宿区西新宿2-8-1", ""),  # unknown
    ("16-0023", "東京都新宿区西新宿2-8-1", ""),  # malformed
    ("162-0051", "東京都新宿区西早稲田2丁目1番5号", "メゾンA棟 203号室"),
    ("604-8006", "京都府京都市中京区河原町通二条下る一之船入町537-50", ""),  # a street before the town
    ("160-0023", "東京都新宿区西新宿", "2-8-1"),
]


def _parsed() -> list[tuple[str, object, str, str]]:
    return [(code, parse_address(f"{l1} {l2}".strip(), postal_code=code if code[:3].isdigit() else None), l1, l2)
            for code, l1, l2 in _CASES]


def test_one_printer_for_a_batch_is_one_printer_an_address() -> None:
    cases = _parsed()
    printer = barcode_printer()
    for _round in range(2):  # each code again: from the printer's memo
        for code, parsed, l1, l2 in cases:
            assert printer(code, parsed, l1, l2) == barcode_as_printed(code, parsed, l1, l2)  # type: ignore[arg-type]
    assert printer("160-0023", cases[0][1], cases[0][2], cases[0][3]).startswith("1600023")  # type: ignore[arg-type]


def test_a_printer_after_the_index_is_replaced_uses_the_new_memo() -> None:
    cases = _parsed()
    first = barcode_printer()
    before = [first(code, parsed, l1, l2) for code, parsed, l1, l2 in cases]  # type: ignore[arg-type]
    old_memo = barcode._code_memo()
    old_index = load_index()
    reset()
    try:
        assert load_index() is not old_index
        new_memo = barcode._code_memo()
        assert new_memo is not old_memo and not new_memo
        second = barcode_printer()
        assert [second(code, parsed, l1, l2) for code, parsed, l1, l2 in cases] == before  # type: ignore[arg-type]
        assert new_memo  # filled by the new printer, not the old memo
    finally:
        reset()
