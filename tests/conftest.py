"""Test-wide set-up: the shared helper modules in ``tests/support`` (no tests there) are importable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
