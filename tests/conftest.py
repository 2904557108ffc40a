"""Test-wide set-up: the shared helper modules in ``tests/support`` (no tests there) are importable, and
hypothesis has no deadline (speed is measured by benchmarks, never by timed assertions in tests; on a shared
machine a 200 ms deadline fails at random)."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

settings.register_profile("addrjp", deadline=None)
settings.load_profile("addrjp")
