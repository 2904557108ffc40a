"""Every example in a docstring of the package is a test (the python-stdnum manner): all modules, one run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import addrjp

MODULES = sorted(m.name for m in pkgutil.walk_packages(addrjp.__path__, "addrjp.") if m.name != "addrjp.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
