"""Fixtures of the review-page tests: the clerk's browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from benchmarks.browser import browser_context
from browser_support import need_browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one fresh profile per test module (the clerk's browser); skips
    (or fails, with ADDRJP_REQUIRE_BROWSER=1) when it is absent."""
    need_browser()
    with browser_context() as context:
        yield context
