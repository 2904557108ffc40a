"""Start-up of the command line stays light (issue 16): what is imported before the first row is read.

The parser is built from command modules that import nothing heavy at the top; ``addrjp clean`` reads the
register before any postal index, town master, address parser or readings dictionary is loaded. Figures are
measured by ``benchmarks/bench_startup.py``; these tests guard the import graph, which no timing can.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from addrjp.cli.main import COMMAND_MODULES, _command_in, build_parser, commands_of

#: Layers below the command line that building the parser may touch (small, no data, no polars).
_PARSER_MAY_IMPORT = {"addrjp", "addrjp.errors", "addrjp.fileio", "addrjp.address", "addrjp.address.styles"}
#: What reading a register never needs.
_NOT_BEFORE_FIRST_ROW = ("addrjp.postal.index", "addrjp.postal.lookup", "addrjp.address.towns",
                         "addrjp.address.parse", "addrjp.quality.record", "addrjp.quality.names",
                         "addrjp.quality.readings", "pykakasi", "multiprocessing", "concurrent.futures.process",
                         "openpyxl", "rapidfuzz")


def _modules_after(code: str, *args: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_building_the_parser_imports_no_layer_below_the_command_line() -> None:
    loaded = _modules_after("from addrjp.cli.main import build_parser\nbuild_parser()")
    below = {m for m in loaded if m.startswith("addrjp.") and not m.startswith("addrjp.cli")}
    assert below <= _PARSER_MAY_IMPORT, sorted(below - _PARSER_MAY_IMPORT)
    assert "polars" not in loaded


def test_clean_reads_the_first_row_before_any_data_or_parser_is_loaded(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_bytes("id,name,postal_code,address\n1,新宿　太郎,160-0023,新宿区西新宿2-8-1\n".encode("cp932"))
    code = (
        "import json, os, sys\n"
        "import addrjp.mailing.reader as reader\n"
        "_chunks = reader.RegisterSource.chunks\n"
        "def chunks(self):\n"
        "    for _ in _chunks(self):\n"
        "        print(json.dumps(sorted(sys.modules)))\n"
        "        sys.stdout.flush()\n"
        "        os._exit(0)\n"
        "reader.RegisterSource.chunks = chunks\n"
        "from addrjp.cli.main import main\n"
        "main(sys.argv[1:])\n"
    )
    out = subprocess.run([sys.executable, "-c", code, "clean", str(register), "--out", str(tmp_path / "out"),
                          "--quiet"], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    early = [m for m in _NOT_BEFORE_FIRST_ROW if m in loaded]
    assert not early, early
    assert not (tmp_path / "out").exists()


def test_the_command_names_are_listed_without_building_parsers() -> None:
    import importlib

    full = build_parser()
    choices = set(next(a for a in full._actions if a.dest == "command").choices)  # type: ignore[union-attr]
    listed = [commands_of(importlib.import_module(m)) for m in COMMAND_MODULES]
    assert all(names is not None for names in listed)
    assert {n for names in listed for n in names or ()} == choices


def test_a_parser_built_for_one_command_parses_it_as_the_full_parser_does() -> None:
    full = build_parser()
    sub = next(a for a in full._actions if a.dest == "command")
    for command, full_sub in sub.choices.items():  # type: ignore[union-attr]
        one = build_parser(command)
        one_sub = next(a for a in one._actions if a.dest == "command").choices[command]  # type: ignore[index]
        assert one_sub.format_help() == full_sub.format_help(), command


def test_an_unknown_command_still_lists_every_command() -> None:
    parser = build_parser("clen")
    sub = next(a for a in parser._actions if a.dest == "command")
    assert "clean" in sub.choices and "seal" in sub.choices  # type: ignore[operator]


def test_the_command_word_is_the_first_word_that_is_not_an_option() -> None:
    assert _command_in(["clean", "in.csv", "--out", "x"]) == "clean"
    assert _command_in(["--version"]) is None
    assert _command_in([]) is None
