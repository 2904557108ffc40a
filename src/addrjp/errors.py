"""The exceptions addrjp raises for a user's mistake, written for the person who must act on them.

Every message names the file, the line and the column where it can, and says what to do. Messages never
contain a name or an address from the data: only positions, column names, counts and codes.
"""

from __future__ import annotations


class AddrjpError(Exception):
    """Base class of addrjp's own errors: the command line prints them without a traceback (exit 2)."""


class InputError(AddrjpError, ValueError):
    """Bad input: a file, a column, a value. Says where and what to do."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        text = (", ".join(where) + ": " if where else "") + self.reason
        if self.hint:
            text += f" — {self.hint}"
        return text


class DataError(AddrjpError):
    """The postal or town data cannot be loaded or rebuilt (corrupt, missing, wrong version)."""


class IntegrityError(AddrjpError):
    """A check failed: counts disagree, a hash does not match, a ledger chain is broken."""


class FaultError(AddrjpError):
    """A machine's fault, not the user's input: disk full, a file-size limit, a read-only or missing folder,
    a resource limit. The command line prints one line naming the path and the cause and exits with
    :data:`EXIT_FAULT` (3); nothing half-written is left behind."""

    def __init__(self, message: str, *, path: str | None = None, cause: str | None = None) -> None:
        self.path = path
        self.cause = cause
        self.reason = message
        text = (f"{path}: " if path else "") + message + (f" ({cause})" if cause else "")
        super().__init__(text)


#: Exit codes of the command line (documented in ``addrjp --help`` and docs/cli.md).
EXIT_OK = 0
EXIT_FINDINGS = 1  # done, but a check failed or --fail-on matched
EXIT_USAGE = 2  # usage or input error (the user's mistake)
EXIT_FAULT = 3  # a machine's fault (disk full, read-only folder, resource limit)
EXIT_INTERRUPTED = 130
