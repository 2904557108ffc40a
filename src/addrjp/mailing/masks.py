"""Findings as a bit mask over the catalogue (所見のビット列: one integer per record part).

Findings travel as a bit mask over the catalogue (bit *i* = the *i*-th code of
:data:`addrjp.quality.findings.CATALOGUE`), so combining them per row is a bitwise OR, and the ``findings``
text is built once per distinct mask in the catalogue's stable order.

>>> mask_of([Finding.of("postal.unknown", field="postal_code")]) == 1 << CODE_BIT["postal.unknown"]
True
>>> codes_of_mask(mask_of([Finding.of("name.empty", field="name"), Finding.of("postal.missing", field="postal_code")]))
'postal.missing;name.empty'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from addrjp.quality.findings import CATALOGUE, SEVERITY_RANK, Finding

#: bit of each finding code in the mask (catalogue order = the stable order of ``findings``)
CODE_BIT: dict[str, int] = {code: i for i, code in enumerate(CATALOGUE)}
if len(CODE_BIT) > 63:  # pragma: no cover - a reminder for whoever grows the catalogue
    raise RuntimeError("the finding mask holds 63 codes; widen it")
_CODES: tuple[str, ...] = tuple(CATALOGUE)
NO_RANK = -1
RANK_ERROR = SEVERITY_RANK["error"]
RANK_EXCLUDED = SEVERITY_RANK["excluded"]


def mask_of(findings: Iterable[Finding]) -> int:
    """The findings as a bit mask over the catalogue."""
    m = 0
    for f in findings:
        m |= 1 << CODE_BIT[f.code]
    return m


def codes_of_mask(mask: int) -> str:
    """The ``findings`` text of a mask: codes joined by ``;`` in the catalogue's order."""
    return ";".join(_CODES[i] for i in range(len(_CODES)) if mask >> i & 1)


def summarise(findings: Sequence[Finding]) -> tuple[int, int, bool]:
    """(mask, worst severity rank or -1, any fixed) of a record part's findings (one pass)."""
    mask, rank, fixed = 0, NO_RANK, False
    for f in findings:
        mask |= 1 << CODE_BIT[f.code]
        r = SEVERITY_RANK[f.severity]
        if r > rank:
            rank = r
        fixed = fixed or f.fixed
    return mask, rank, fixed


__all__ = ["CODE_BIT", "NO_RANK", "RANK_ERROR", "RANK_EXCLUDED", "codes_of_mask", "mask_of", "summarise"]
