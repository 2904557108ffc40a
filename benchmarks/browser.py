"""The browser the project's page tests, benchmarks and screenshots use: Debian's Chromium, driven by Playwright.

Never a browser downloaded by ``playwright install``: the distribution's ``/usr/bin/chromium`` (package
``chromium``; ``.ci/run`` installs it when absent), headless, with a fresh profile each time and no
background networking. ``ADDRJP_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Launch flags that work on the project's machines (no sandbox as root, no GPU, nothing phoning home).
FLAGS: tuple[str, ...] = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium_path() -> str | None:
    """The Chromium binary to use, or None when there is none."""
    wanted = os.environ.get("ADDRJP_CHROMIUM") or "/usr/bin/chromium"
    if Path(wanted).is_file() and os.access(wanted, os.X_OK):
        return wanted
    return shutil.which("chromium")


def missing() -> str | None:
    """Why the browser cannot run here (None when it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install -y chromium chromium-driver)"
    return None


@contextmanager
def browser_context(*, width: int = 1400, height: int = 1000, scale: float = 1.0) -> Iterator[Any]:
    """A Playwright browser context of the system Chromium with a fresh profile (downloads accepted)."""
    from playwright.sync_api import sync_playwright

    binary = chromium_path()
    if binary is None:
        raise RuntimeError(missing() or "no Chromium")
    with tempfile.TemporaryDirectory(prefix="addrjp-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=binary, args=list(FLAGS), headless=True, accept_downloads=True,
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="ja-JP",
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context: Any, path: str | os.PathLike[str], *, timeout_ms: int = 30_000) -> Any:
    """Open a report.html from file:// and wait until its script has painted the review table."""
    page = context.new_page()
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=timeout_ms)
    return page
