"""The exit codes of the ``addrjp`` command (終了コード) as ``--help`` states them: one text, one place.

The numbers are :mod:`addrjp.errors`' ``EXIT_*``; docs/cli.md lists the same table.

>>> "3 system error" in epilog("0 done")
True
"""

from __future__ import annotations

from addrjp.errors import EXIT_FAULT, EXIT_INTERRUPTED, EXIT_USAGE

#: The codes every command shares after its own 0 (and 1).
COMMON = (
    f"{EXIT_USAGE} usage or input error, nothing written (指定または入力の誤り); "
    f"{EXIT_FAULT} system error: disk full, file-size limit, read-only or unwritable output folder, unreadable "
    "file — one line names the path and the cause, nothing half-written is left (システムの障害); "
    f"{EXIT_INTERRUPTED} interrupted (中断)"
)


def epilog(own: str) -> str:
    """The ``--help`` epilog of a command: its own codes (``0 done; 1 …``), then the common ones."""
    return f"exit codes (終了コード): {own}; {COMMON}"


__all__ = ["COMMON", "epilog"]
