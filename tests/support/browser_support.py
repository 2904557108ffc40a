"""Shared helpers of the browser tests (no tests here): skip cleanly without Chromium, unless it is required.

``ADDRJP_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns a missing browser into a failure.
"""

from __future__ import annotations

import os

import pytest
from benchmarks.browser import missing


def need_browser() -> None:
    """Skip the test when the browser is missing; fail instead when ADDRJP_REQUIRE_BROWSER=1."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("ADDRJP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ADDRJP_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)
