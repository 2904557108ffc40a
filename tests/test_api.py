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


def test_new_public_names_are_exported() -> None:
    from addrjp.mailing.schema import CLEAN_FRAME_COLUMNS

    assert addrjp.CLEAN_FRAME_COLUMNS == CLEAN_FRAME_COLUMNS
    assert addrjp.STYLES == ("official", "horizontal", "vertical")
    assert sorted(addrjp.__all__) == sorted(set(addrjp.__all__))
    assert set(addrjp.__all__) - {"__version__"} == set(addrjp._EXPORTS)


def test_the_polars_namespace_is_not_loaded_by_import_addrjp() -> None:
    code = "import sys, addrjp; addrjp.STYLES; addrjp.CLEAN_FRAME_COLUMNS; print('addrjp.polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
