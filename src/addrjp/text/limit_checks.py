"""Several fields checked against their length limit at once (長さの一括確認): :func:`check_texts`.

The limits themselves are in :mod:`addrjp.text.limits` (one place); this module only checks many values
against one of them at the cost of one sum in C when none is too long, as every record of a register is
(kept apart from ``limits.py``, whose source is part of the shipped town master's key).

>>> check_texts(("address", "address2"), ("新宿区西新宿2-8-1", None))
>>> check_texts(("address", "address2"), ("新宿区", "1" * 5000))
Traceback (most recent call last):
...
addrjp.errors.InputError: address2: 5,000 characters, more than the 4,000 accepted (入力が長すぎます) — a real value is never this long; check what was passed
"""

from __future__ import annotations

from addrjp.text.limits import MAX_TEXT_CHARS, check_text


def check_texts(names: tuple[str, ...], values: tuple[object, ...], limit: int = MAX_TEXT_CHARS) -> None:
    """:func:`~addrjp.text.limits.check_text` of each value with its name, in order: the same error for the
    first one too long, at the cost of one sum when none is (no value can be longer than all of them
    together; None and "" add nothing, a value without a length sends it to the check of each)."""
    try:
        if sum(map(len, filter(None, values))) <= limit:  # type: ignore[arg-type]
            return
    except TypeError:
        pass
    for name, value in zip(names, values, strict=True):
        check_text(value, name, limit)


__all__ = ["check_texts"]
