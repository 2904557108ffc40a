"""The parser for one command imports only that command's module when the module is named after it.

Start-up (issue 16): ``addrjp clean`` need not import the modules of ``postal``, ``towns``, ``handover`` …
to build its parser. A command of a module named otherwise (``seal``, ``open`` of ``handover_cmd``) and an
unknown word still list every module, so their parsers and help are unchanged
(``test_startup_imports.py`` compares every command's help with the full parser's).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from addrjp.cli.main import COMMAND_MODULES, build_parser


def _command_modules_after(command: str) -> set[str]:
    probe = (f"from addrjp.cli.main import build_parser\nbuild_parser({command!r})\n"
             "import json, sys\nprint(json.dumps(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return {m for m in json.loads(out.strip().splitlines()[-1]) if m in COMMAND_MODULES}


@pytest.mark.parametrize("command", ["clean", "check", "postal", "decisions"])
def test_a_command_named_after_its_module_imports_only_that_module(command: str) -> None:
    assert _command_modules_after(command) == {f"addrjp.cli.{command}_cmd"}


def test_a_command_of_another_module_lists_every_module() -> None:
    assert _command_modules_after("seal") == set(COMMAND_MODULES)


@pytest.mark.parametrize("word", ["clen", "../clean", "Clean", "clean_cmd", "main"])
def test_a_word_that_is_no_command_gets_the_full_parser(word: str) -> None:
    sub = next(a for a in build_parser(word)._actions if a.dest == "command")
    assert {"clean", "seal", "postal"} <= set(sub.choices)  # type: ignore[arg-type]


def test_the_parser_for_clean_parses_a_clean_command_line() -> None:
    args = build_parser("clean").parse_args(["clean", "in.csv", "--out", "out", "--min-age", "77"])
    assert (args.command, args.input, args.out, args.min_age) == ("clean", "in.csv", "out", 77)
