"""The package is typed (PEP 561): ``py.typed`` ships with it, so type checkers read addrjp's hints."""

from __future__ import annotations

import importlib.resources
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_package_has_py_typed() -> None:
    marker = importlib.resources.files("addrjp").joinpath("py.typed")
    assert marker.is_file()


def test_wheel_takes_py_typed_from_the_package_folder() -> None:
    # the wheel is built from the package folders listed in pyproject.toml; the marker must be inside one
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert any((ROOT / p / "py.typed").is_file() and Path(p).name == "addrjp" for p in packages)
    excluded = config["tool"]["hatch"]["build"]["targets"]["wheel"].get("exclude", [])
    assert not any("py.typed" in pattern for pattern in excluded)
