"""The address stage (住所の処理段): what ``addrjp clean`` does once per distinct address, in the workers.

:func:`_address_outcomes` validates distinct (postal code, address, address2) keys — record validation, the
barcode, the duplicates' keys — and gives one row of plain values per key (:data:`_AddressRow`). It needs
no polars, and imports none: a forked worker must never call it (polars' thread pool does not survive the
fork), and nothing here can (tests/mailing/test_address_stage_without_polars.py).

>>> from addrjp.mailing.options import Options
>>> row = _address_outcomes([("160-0023", "東京都新宿区西新宿2-8-1", "")], Options(area="13104"))[0]
>>> row[3], row[4], row[10]
('160-0023', '東京都新宿区西新宿2-8-1', '東京都|新宿区|西新宿|2|8|1|')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from addrjp.collector import paused
from addrjp.errors import DataError
from addrjp.mailing.masks import NO_RANK, RANK_ERROR, summarise
from addrjp.mailing.options import Options

if TYPE_CHECKING:
    from addrjp.address.model import Address

_AddressRow = tuple[int, int, bool, str, str, str, str, str, str, str, str, str]


def _address_outcomes(keys: Sequence[tuple[str, str, str]], opts: Options) -> list[_AddressRow]:
    """Validate distinct (postal_code, address, address2): mask, rank, fixed, outputs, town, suggestion, barcode."""
    try:
        from addrjp.quality.record import address_validator
    except ImportError as exc:
        raise DataError("record validation (addrjp.quality.record) is not available in this build") from exc
    from addrjp.quality.address_keys import address_keys

    # validate_record(name=None, check_name=False, …) without the status and the sorting it does not need,
    # its options checked once
    validate = address_validator(area=opts.area, charset=opts.charset, style=opts.style,
                                 prefecture=opts.prefecture, numerals=opts.numerals)
    make_barcode = _barcode_maker() if opts.barcode else None
    horizontal = opts.style == "horizontal"
    out: list[_AddressRow] = []
    # a chunk's collections of its young objects found nothing to free and cost ~3 % of the stage's instructions
    with paused():
        _address_loop(keys, opts, validate, make_barcode, horizontal, address_keys, out.append)
    return out


def _address_loop(keys: Sequence[tuple[str, str, str]], opts: Options, validate: Callable[..., Any],
                  make_barcode: Callable[[str, Address, str, str], str] | None, horizontal: bool,
                  address_keys: Callable[[Address | None], tuple[str, str]],
                  append: Callable[[_AddressRow], None]) -> None:
    """The rows of :func:`_address_outcomes`, appended in the order of *keys*."""
    for postal, address, address2 in keys:
        # the AddressVerdict's fields in order, unpacked once (not read by name seven times)
        findings, parsed, postal_out, a1, a2, suggestion, apart = validate(postal, address, address2 or None)
        mask, rank, fixed = summarise(findings) if findings else _NO_FINDINGS
        postal_out = postal_out or ""
        a1 = a1 or ""
        a2 = a2 or ""
        barcode = ""
        if parsed is None:
            town = ""
        else:
            town = parsed.town or ""
            if make_barcode is not None and postal_out and rank < RANK_ERROR:
                b1, b2 = (a1, a2) if horizontal else _horizontal_lines(parsed, apart, opts)
                barcode = make_barcode(postal_out, parsed, b1, b2)
        # (the one line: a1 alone when there is no second line, not a1 and a space stripped again)
        append((mask, rank, fixed, postal_out, a1, a2, (f"{a1} {a2}" if a2 else a1).strip(), town, suggestion or "",
                barcode, *address_keys(parsed)))


_NO_FINDINGS = (0, NO_RANK, False)  # summarise(())


def _horizontal_lines(address: Address, apart: str | None, opts: Options) -> tuple[str, str]:
    """The same parsed address in the horizontal style (Arabic numerals), for the barcode of a vertical card:
    the 住所表示番号 of 一〇四号室 is 104, which the manual's extraction rules read only from digits (a bare
    一〇四 would be dropped). *apart* is the second line kept apart from the parse, as read."""
    from addrjp.address.format import format_address

    h1, h2 = format_address(address, "horizontal", prefecture=opts.prefecture, split_building=True)
    return h1, " ".join(p for p in (h2, apart or "") if p)


def _barcode_maker() -> Callable[[str, Address, str, str], str] | None:
    """The barcode of a batch's addresses as printed (``barcode.barcode_printer``: one per batch, its codes'
    memo fetched once), None where the build has no barcode module."""
    try:
        from addrjp.mailing.barcode import barcode_printer
    except ImportError:
        return None
    return barcode_printer()

