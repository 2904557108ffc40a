"""Input length limits (入力の長さの上限) of the public functions: one place for all of them.

Every public function that takes text refuses text longer than its limit with an
:class:`~addrjp.errors.InputError` (a ValueError) naming the parameter and the length, never the content;
below the limit it runs in time linear in the length. The limits are far above any real field and below
what would let one hostile value cost seconds or reach Python's limit on integer strings (4,300 digits).

* :data:`MAX_TEXT_CHARS` (4,000): an address (both lines and the town spelled out), a name, a building, any
  free text given to ``parse_address``, ``normalize_address``, ``validate_record``, ``normalize_name``,
  ``name_key``, ``fold_variants``, ``customer_barcode``, ``extract_address_number``, ``codes_for``…
* :data:`MAX_FIELD_CHARS` (1,000): one cell of a register (``addrjp clean``, ``clean_frame``), of a gaiji map
  or of a name-override file.
* :data:`MAX_CODE_CHARS` (100): a postal code or a barcode's text (``lookup_postal``, ``encode_barcode``,
  ``verify_barcode``).

docs/api.md lists them per function.

>>> check_text("新宿区西新宿2-8-1", "address")
>>> check_text("1" * 5000, "address")
Traceback (most recent call last):
...
addrjp.errors.InputError: address: 5,000 characters, more than the 4,000 accepted (入力が長すぎます) — a real value is never this long; check what was passed
"""

from __future__ import annotations

from typing import Any

from addrjp.errors import InputError

MAX_TEXT_CHARS = 4_000
MAX_FIELD_CHARS = 1_000
MAX_CODE_CHARS = 100


def check_text(value: object, name: str, limit: int = MAX_TEXT_CHARS) -> None:
    """Refuse a str longer than *limit* (:class:`InputError` naming *name* and the length only)."""
    if isinstance(value, str) and len(value) > limit:
        raise InputError(f"{name}: {len(value):,} characters, more than the {limit:,} accepted (入力が長すぎます)",
                         hint="a real value is never this long; check what was passed")


def check_frame(frame: Any, limit: int = MAX_TEXT_CHARS) -> None:
    """Refuse a polars DataFrame with a text cell longer than *limit* (:class:`InputError` naming the column
    and the length only)."""
    import polars as pl

    text_cols = [c for c, t in frame.schema.items() if t == pl.String]
    if not text_cols:
        return
    longest = frame.select(pl.col(c).str.len_chars().max().alias(c) for c in text_cols).row(0, named=True)
    for c in text_cols:
        if (longest[c] or 0) > limit:
            raise InputError(f"a cell of {longest[c]:,} characters, more than the {limit:,} accepted (入力が長すぎます)",
                             column=c)


__all__ = ["MAX_CODE_CHARS", "MAX_FIELD_CHARS", "MAX_TEXT_CHARS", "check_frame", "check_text"]
