"""The options of a cleansing run (クレンジングの設定: what ``addrjp clean`` was asked to do).

A frozen value, checked when made (a bad style, output encoding or column profile is an error before any row
is looked at), recorded in the manifest (:meth:`Options.for_manifest`), and handed to the workers with each
chunk of addresses. It imports no polars, like everything a worker is handed.

>>> Options(style="vertical").style
'vertical'
>>> Options(area="13104").for_manifest()["area"]
'13104'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from addrjp.mailing import schema

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Options:
    """Options of a cleansing run (also recorded in the manifest)."""

    charset: str = "cp932"
    out_encoding: str | None = None  # None: the one the charset calls for (schema.output_encoding)
    columns: str = schema.DEFAULT_PROFILE  # column profile of mailing.csv: 'ja' (label) or 'en'
    honorific: str = schema.DEFAULT_HONORIFIC  # 敬称 when the register has no column of its own
    style: str = "horizontal"  # house style of 住所1/住所2: 'horizontal' or 'vertical'
    prefecture: bool = True  # write the prefecture in 住所1
    numerals: str = "tens"  # vertical style's kanji numerals: 'tens' (十一, 百四) or 'positional' (一一, 一〇四)
    min_age: int | None = None
    as_of: dt.date | None = None
    #: 対象地域: "auto" infers it from the register, None (or "none") turns it off, or a local government
    #: code (13104, 131041); settled by :func:`addrjp.mailing.area.resolve_area` before validation
    area: str | None = "auto"
    area_source: str | None = None  # given, inferred, not_inferred, off (None: not resolved yet)
    area_share: float | None = None  # inferred: the share of counted rows in the area's municipality
    gaiji_map: str | None = None
    name_overrides: str | None = None
    returned: str | None = None
    workers: int | None = None  # None: up to 2 when the input is large
    barcode: bool = True
    joint_household: bool = False  # one postcard per household, names joined (連名)
    decisions: str | None = None  # the ward's decisions file (判断記録), see addrjp.review.decisions

    def __post_init__(self) -> None:
        from addrjp.address.styles import check_style

        check_style(self.style)  # a bad style is an error before any row is looked at
        try:  # so are a bad output encoding and column profile (the CLI's choices keep them out of a run)
            schema.output_encoding(self.charset, self.out_encoding)
            schema.profile_columns(self.columns)
        except ValueError as exc:
            from addrjp.errors import InputError

            raise InputError(str(exc)) from None

    def for_manifest(self) -> dict[str, Any]:
        """The options without paths' directories (file names only) as JSON-ready values."""
        out: dict[str, Any] = {}
        for k, v in self.__dict__.items():
            if k in ("gaiji_map", "name_overrides", "returned", "decisions") and v:
                v = Path(v).name
            out[k] = v.isoformat() if isinstance(v, dt.date) else v
        return out


def require_birthdate(columns: Sequence[str], opts: Options, *, found: Sequence[str] | None = None,
                      file: str | None = None) -> None:
    """With an age rule (``--min-age``) the register must have a birthdate column: a usage error naming the
    column, not every row held with ``select.birthdate_invalid``. *found* are the file's header names."""
    if opts.min_age is None or "birthdate" in columns:
        return
    from addrjp.errors import InputError
    from addrjp.redact import describe_columns

    shown = describe_columns(list(found if found is not None else columns))
    raise InputError(
        f"--min-age needs the birthdate column (生年月日), and no column is recognised as one; "
        f"the columns found are: {shown}",
        file=file, line=1 if file else None, column="birthdate",
        hint="name it with --map birthdate=見出し (e.g. --map birthdate=生年月日(西暦)), or leave out --min-age",
    )


__all__ = ["Options", "Progress", "require_birthdate"]
