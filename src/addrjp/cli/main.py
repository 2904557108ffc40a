"""Entry point of the ``addrjp`` command: builds the parser from the command modules and runs one.

Exit codes: 0 done; 1 done, but a check failed or ``--fail-on`` matched; 2 usage or input error (the
message says which file, line and column, and what to do; never a traceback for a user's mistake); 3 a
machine's fault (disk full, read-only folder, resource limit: one line naming the path and the cause).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from addrjp.errors import EXIT_FAULT, EXIT_USAGE, AddrjpError, FaultError

# Each module has ``register(subparsers)``; the handler it sets returns the exit code.
COMMAND_MODULES: tuple[str, ...] = (
    "addrjp.cli.postal_cmd",
    "addrjp.cli.towns_cmd",
    "addrjp.cli.normalize_cmd",
    "addrjp.cli.clean_cmd",
    "addrjp.cli.check_cmd",
    "addrjp.cli.barcode_cmd",
    "addrjp.cli.handover_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    from addrjp import __version__
    from addrjp.cli.exit_codes import epilog

    parser = argparse.ArgumentParser(
        prog="addrjp",
        description="住所品質と郵便の到達性のためのツール (address quality and mail deliverability for Japan).",
        epilog=epilog("0 done; 1 done, but a check failed or --fail-on matched"),
    )
    parser.add_argument("--version", action="version", version=f"addrjp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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

        print(f"addrjp {args.command}: system error: {fault_from(exc, 'failed')}", file=sys.stderr)
        return EXIT_FAULT
    except MemoryError:
        print(f"addrjp {args.command}: system error: out of memory (メモリ不足); nothing was published",
              file=sys.stderr)
        return EXIT_FAULT
