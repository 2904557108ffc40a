"""The public surface: every name exported from addrjp resolves, and import stays light."""

from __future__ import annotations

import subprocess
import sys

import addrjp


def test_every_export_resolves() -> None:
    for name in addrjp.__all__:
        assert getattr(addrjp, name) is not None, name


def test_import_is_light() -> None:
    # `import addrjp` must not pull in polars or the data: the CLI and other tools start fast.
    code = "import sys, addrjp; print('polars' in sys.modules, 'addrjp.postal.index' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_unknown_attribute() -> None:
    try:
        addrjp.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
