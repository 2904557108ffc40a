"""宛名面の校正刷り (a proof of the address side of every postcard), layer 4 beside :mod:`addrjp.mailing`.

:func:`make_proof` reads a mailing folder, verifies it against its manifest, selects cards and writes one
PDF: a cover page tying the proof to the mailing file (hashes and counts), then one 100 × 148 mm page per
card (or four cards per A4 sheet). Modules: :mod:`~addrjp.proof.dimensions` (every dimension and its
source), :mod:`~addrjp.proof.source` (the verified folder and the selection), :mod:`~addrjp.proof.layout`
(geometry), :mod:`~addrjp.proof.fonts` and :mod:`~addrjp.proof.render` (the PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from addrjp.proof.render import ProofOptions


@dataclass(frozen=True)
class ProofResult:
    """What was written: the file, pages (cover included), cards drawn."""

    path: Path
    pages: int
    cards: int
    seconds: float


def make_proof(folder: str | Path, out: str | Path, *, ids: Sequence[str] | None = None,
               sample: int | None = None, statuses: Sequence[str] | None = None,
               options: ProofOptions | None = None, force: bool = False) -> ProofResult:
    """``addrjp proof``: verify *folder*, select the cards, write the PDF to *out* atomically (owner-only)."""
    import time

    from addrjp.errors import InputError
    from addrjp.fileio import write_atomic
    from addrjp.proof.render import render_proof
    from addrjp.proof.source import read_folder, select

    started = time.perf_counter()
    target = Path(out)
    src = Path(folder)
    if target.exists() and not force:
        raise InputError("the proof file already exists", file=str(out), hint="add --force to replace it")
    if target.exists() and target.is_dir():
        raise InputError("is a folder", file=str(out), hint="give a file name such as proof.pdf")
    if src.is_dir() and target.absolute().parent.resolve() == src.resolve():
        raise InputError("the proof would be written into the mailing folder, which must hold only what its "
                         "manifest lists", file=str(out), hint="write it beside the folder, e.g. --out proof.pdf")
    if not target.absolute().parent.is_dir():
        raise InputError("the folder of the proof file does not exist", file=str(out))
    verified = read_folder(src, need_statuses=bool(statuses))
    cards = select(verified.cards, ids=ids, sample=sample, statuses=statuses, status_of=verified.statuses)
    parts = []
    if statuses:
        parts.append("status " + ",".join(statuses))
    if ids is not None:
        parts.append(f"{len(set(ids))} ids")
    if sample is not None:
        parts.append(f"sample of {sample}, evenly spread")
    data, pages = render_proof(verified, cards, options, selection="; ".join(parts) or "all printed rows")
    write_atomic(target, data)
    return ProofResult(target, pages, len(cards), time.perf_counter() - started)


__all__ = ["ProofOptions", "ProofResult", "make_proof"]
