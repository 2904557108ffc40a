"""``python -m addrjp``: the same as the ``addrjp`` command."""

from addrjp.cli.main import run

run()
