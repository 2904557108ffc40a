"""House styles (書式, shoshiki: the ways an address is written back): their names and the one check.

``official`` (as a resident register writes it), ``horizontal`` (横書き, the default) and ``vertical`` (縦書き);
see docs/addresses.md. Every entry point that takes a style (:func:`addrjp.format_address`,
:func:`addrjp.normalize_address`, :func:`addrjp.validate_record`, the pipeline's ``Options``) calls
:func:`check_style` before it looks at the address, so a bad style is the same error whatever the address.

>>> check_style("vertical")
'vertical'
>>> check_style("Vertical")
Traceback (most recent call last):
...
addrjp.errors.InputError: unknown style 'Vertical': use one of official, horizontal, vertical
"""

from __future__ import annotations

from typing import Literal

from addrjp.errors import InputError

Style = Literal["official", "horizontal", "vertical"]
#: The house styles, in the order the documentation lists them.
STYLES: tuple[str, ...] = ("official", "horizontal", "vertical")


def check_style(style: object) -> str:
    """*style* when it is one of :data:`STYLES`; else :class:`~addrjp.errors.InputError` (a ``ValueError``)."""
    if not isinstance(style, str) or style not in STYLES:
        raise InputError(f"unknown style {style!r}: use one of {', '.join(STYLES)}")
    return style


__all__ = ["STYLES", "Style", "check_style"]
