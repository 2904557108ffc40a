"""Short lines about the decisions of a run (判断の集計) for the command line: counts only, never a name.

>>> decisions_lines({"applied": {"approve": 2, "correct": 1}, "stale": 1, "unknown": 0, "conflicting": 0,
...                  "review_without_decision": 3}, given=True)[0]
'  decisions (判断記録): applied 3 (approve 2, correct 1); stale 1'
>>> decisions_lines({"review_without_decision": 0}, given=False)
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def decisions_lines(counts: Mapping[str, Any], *, given: bool) -> list[str]:
    """The decisions' counts of a run (from the manifest's ``counts.decisions``) as lines for stderr."""
    lines: list[str] = []
    if given:
        applied = {k: int(v) for k, v in (counts.get("applied") or {}).items() if v}
        total = sum(applied.values())
        parts = [f"applied {total}" + (f" ({', '.join(f'{k} {v}' for k, v in applied.items())})" if applied else "")]
        for key in ("stale", "unknown", "conflicting", "not_applicable"):
            if counts.get(key):
                parts.append(f"{key.replace('_', ' ')} {counts[key]}")
        lines.append("  decisions (判断記録): " + "; ".join(parts))
        if counts.get("stale") or counts.get("unknown") or counts.get("conflicting") or counts.get("not_applicable"):
            lines.append("  see report.html (判断の問題) or run: addrjp decisions check FILE --register EXTRACT")
    undecided = int(counts.get("review_without_decision") or 0)
    if undecided:
        lines.append(f"  要確認で未判断 (review rows without a decision): {undecided:,} — "
                     "open report.html to decide (they print unless decided otherwise)")
    return lines


def undecided_review(manifest: Mapping[str, Any]) -> int | None:
    """Review rows without a decision as the manifest states it, or None when it does not say."""
    counts = manifest.get("counts")
    decisions = counts.get("decisions") if isinstance(counts, Mapping) else None
    value = decisions.get("review_without_decision") if isinstance(decisions, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


__all__ = ["decisions_lines", "undecided_review"]
