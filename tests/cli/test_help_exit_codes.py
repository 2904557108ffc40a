"""Every command's ``--help`` states the same exit codes, system error (3) and interrupted (130) included."""

from __future__ import annotations

import argparse

from addrjp.cli.exit_codes import COMMON
from addrjp.cli.main import build_parser


def _leaf_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        for name, child in action.choices.items():
            yield from _leaf_parsers(child, (*path, name))


def test_every_command_help_lists_the_common_exit_codes() -> None:
    leaves = list(_leaf_parsers(build_parser()))
    assert len(leaves) >= 15
    missing = [" ".join(path) for path, p in leaves if COMMON not in (p.epilog or "")]
    assert missing == []
