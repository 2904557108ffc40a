"""Entry point of the ``addrjp`` command: builds the parser from the command modules and runs one.

Exit codes: 0 done; 1 done, but a check failed or ``--fail-on`` matched; 2 usage or input error (the
message says which file, line and column, and what to do; never a traceback for a user's mistake); 3 a
machine's fault (disk full, read-only folder, resource limit: one line naming the path and the cause).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import NoReturn

from addrjp.errors import EXIT_FAULT, EXIT_USAGE, AddrjpError, FaultError

# Each module has ``register(subparsers)``; the handler it sets returns the exit code.
COMMAND_MODULES: tuple[str, ...] = (
    "addrjp.cli.postal_cmd",
    "addrjp.cli.towns_cmd",
    "addrjp.cli.normalize_cmd",
    "addrjp.cli.clean_cmd",
    "addrjp.cli.check_cmd",
    "addrjp.cli.barcode_cmd",
    "addrjp.cli.proof_cmd",
    "addrjp.cli.handover_cmd",
    "addrjp.cli.decisions_cmd",
)


class _Sink:
    """Swallows every call a ``register`` makes on a parser while its command names are being listed."""

    def __getattr__(self, name: str) -> _Sink:
        return self

    def __call__(self, *args: object, **kwargs: object) -> _Sink:
        return self


class _CommandNames:
    """Stands in for argparse's subparsers to list the commands a module adds; nothing is built."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def add_parser(self, name: str, *args: object, **kwargs: object) -> _Sink:
        self.names.append(name)
        return _Sink()


def commands_of(module: ModuleType) -> tuple[str, ...] | None:
    """The command names *module*'s ``register`` adds (None when they cannot be listed without argparse)."""
    names = _CommandNames()
    try:
        module.register(names)
    except Exception:  # a register that needs real parsers: it is always built
        return None
    return tuple(names.names)


def _command_modules() -> Iterator[ModuleType]:
    for name in COMMAND_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command not built yet
            raise


def _own_module(command: str) -> ModuleType | None:
    """The module named after *command* (``addrjp.cli.<command>_cmd``) when it is one of
    :data:`COMMAND_MODULES` and adds *command*: found without importing the other command modules."""
    name = f"addrjp.cli.{command}_cmd"
    if not (command.isascii() and command.isidentifier()) or name not in COMMAND_MODULES:
        return None
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None  # a command not built yet
        raise
    names = commands_of(module)
    return module if names is not None and command in names else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``addrjp`` parser; with *command*, only the module that adds it is registered (start-up: argparse
    objects for the other commands cost more than reading a small register), unless no module adds it. The
    module named after the command is tried first; only a command of another module's (``seal``, ``open``
    …) or an unknown word has every command module imported to find it."""
    from addrjp import __version__
    from addrjp.cli.exit_codes import epilog

    parser = argparse.ArgumentParser(
        prog="addrjp",
        description="住所品質と郵便の到達性のためのツール (address quality and mail deliverability for Japan).",
        epilog=epilog("0 done; 1 done, but a check failed or --fail-on matched"),
    )
    parser.add_argument("--version", action="version", version=f"addrjp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    own = _own_module(command) if command is not None else None
    if own is not None:
        own.register(sub)
        return parser
    modules = list(_command_modules())
    if command is not None:
        listed = {m: commands_of(m) for m in modules}
        if any(names and command in names for names in listed.values()):  # else argparse lists them all
            modules = [m for m, names in listed.items() if names is None or command in names]
    for module in modules:
        module.register(sub)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command word of *argv* (its first word that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except FaultError as exc:
        print(f"addrjp {args.command}: system error: {exc}", file=sys.stderr)
        return EXIT_FAULT
    except AddrjpError as exc:
        print(f"addrjp {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (`addrjp postal --town 西新宿 | head`): not an error of ours
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"addrjp {args.command}: interrupted; no output was published", file=sys.stderr)
        return 130
    except OSError as exc:
        # a machine's fault no command turned into a FaultError: one line, path and cause, never a traceback
        from addrjp.fileio import fault_from

        what = "the operation could not be completed (処理を完了できませんでした)"
        print(f"addrjp {args.command}: system error: {fault_from(exc, what)}", file=sys.stderr)
        return EXIT_FAULT
    except MemoryError:
        print(f"addrjp {args.command}: system error: out of memory (メモリ不足); nothing was published",
              file=sys.stderr)
        return EXIT_FAULT


def _flushed(code: int) -> int:
    """*code* once the standard streams are flushed; :data:`EXIT_FAULT` when standard output cannot take
    what is left in its buffer (a full disk it is redirected to), said in one line on standard error. A reader
    gone away (``addrjp postal --town 西新宿 | head``) is not an error of ours, as in :func:`main`."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        print(f"addrjp: system error: 標準出力に書き込めません (the standard output could not be written): "
              f"{exc.strerror or type(exc).__name__}", file=sys.stderr)
        code = EXIT_FAULT
    with contextlib.suppress(OSError):  # nowhere left to say it
        sys.stderr.flush()
    return code


def run() -> NoReturn:
    """The ``addrjp`` command as installed (and ``python -m addrjp``): :func:`main`, then the process ends as
    soon as its standard streams are flushed, without the interpreter's tear-down.

    The tear-down would free, one object at a time, everything a run loaded (the postal index, the town
    master, the readings dictionary): ~0.02–0.05 s of a ward's 35k-row ``clean`` (docs/performance.md). Nothing
    is lost by skipping it: every file a command writes is closed, and its output folder published or
    removed, before :func:`main` returns, and its worker processes have ended (the pool is shut down in the
    run's ``finally``). An exception that escapes :func:`main` (``SystemExit`` of ``--help`` or of a usage
    error, or a bug's traceback) ends the process the ordinary way.
    """
    code = main()
    os._exit(_flushed(code))
