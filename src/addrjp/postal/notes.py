"""Notes (備考, the text in parentheses after a KEN_ALL town) as structured rules. (stub: replaced below)"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

FLOOR_UNKNOWN = 0


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    text: str | None = None
    floor: int | None = None
    parsed: bool = True

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "floor": self.floor}, ensure_ascii=False)


@lru_cache(maxsize=8192)
def parse_note(note: str | None) -> Rule:
    if note is None:
        return Rule("all")
    return Rule("unparsed", note, parsed=False)
