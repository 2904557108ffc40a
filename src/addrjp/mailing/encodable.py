"""Cells of the mailing file in its output encoding (出力文字コードで書けるか): columnar, once per odd value.

mailing.csv is written in CP932 for most vendors. A cell can be written byte for byte when every character
of it survives the trip through the codec (encoded, then decoded, it is itself): then its CP932 image is the
cell itself (:func:`addrjp.text.charsets.to_target` leaves it as it is) and no character is unencodable.
That holds for almost every cell, so the check is a column expression — does the cell hold a character
outside the codec's round-trip set (:func:`unstable_class`, a regular expression class built from the
codec's own table, run by polars) — and only the rare cells that do are looked at one by one, with the
writer's and the text layer's own functions. For an encoding without a class (UTF-8 writes everything)
every distinct value is looked at, as before.

>>> import polars as pl
>>> odd_cells(pl.Series(["西新宿2-8-1", "〜", "𠮷野", ""]), "cp932").to_list()
[False, True, True, False]
>>> unencodable_mask(pl.DataFrame({"a": ["髙橋", "𠮷野"], "b": ["〜", "x"]}), "cp932", ["a", "b"]).to_list()
[False, True]
>>> output_image(pl.Series(["〜", "ok"]), "cp932").to_list()
['～', 'ok']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import polars as pl

from addrjp.text.double_byte import LEADS, pairs_decoded

#: Codecs whose round-trip set is built from the codec's double-byte table: their lead bytes
#: (:data:`addrjp.text.double_byte.LEADS`, the Shift_JIS family's, whose trail bytes ``pairs_decoded`` reads).
_DOUBLE_BYTE: dict[str, tuple[int, ...]] = {
    "cp932": LEADS,
}


@lru_cache(maxsize=4)
def _stable_chars(codec: str) -> frozenset[str] | None:
    """The characters that survive *codec*'s round trip (from its own table), or None when no table is known:
    the set shipped in :mod:`addrjp.mailing.round_trip_chars` when this Python made it, else
    :func:`derive_stable_chars`."""
    from addrjp.mailing import round_trip_chars

    shipped = _shipped(round_trip_chars.STABLE, codec)
    return frozenset(shipped) if shipped is not None else derive_stable_chars(codec)


def _shipped(table: dict[str, str], codec: str) -> str | None:
    """*codec*'s entry of a table of :mod:`addrjp.mailing.round_trip_chars`, None when it has none or was
    made by another Python (its codec tables and Unicode database)."""
    from addrjp.mailing import round_trip_chars
    from addrjp.text.code_ranges import python_stamp

    return table.get(codec) if python_stamp() == round_trip_chars.STAMP else None


def derive_stable_chars(codec: str) -> frozenset[str] | None:
    """:func:`_stable_chars` decoded from *codec*'s double-byte table (the build script's)."""
    leads = _DOUBLE_BYTE.get(codec)
    if leads is None:
        return None
    # every character the codec decodes to survives its round trip (tests/mailing/test_encodable.py checks it)
    stable = {bytes([b]).decode(codec, errors="ignore") for b in range(0x100)}
    for lead in leads:
        # the pairs that decode, a lead byte's run at a time: each is one character; a pair that does not
        # decode (or a trail byte past double_byte.TRAILS) would add at most its trail byte alone, decoded above
        stable.update(pairs_decoded(lead, codec))
    return frozenset(c for c in stable if len(c) == 1)


@lru_cache(maxsize=4)
def unstable_class(codec: str) -> str | None:
    """A regular expression (polars/Rust syntax) matching any character of a text that does not survive
    *codec*'s round trip, or None when no class is known for *codec*: the class shipped in
    :mod:`addrjp.mailing.round_trip_chars` when this Python made it, else :func:`class_of` the round-trip set."""
    from addrjp.mailing import round_trip_chars

    shipped = _shipped(round_trip_chars.UNSTABLE, codec)
    if shipped is not None:
        return shipped
    stable = _stable_chars(codec)
    return None if stable is None else class_of(stable)


def class_of(stable: frozenset[str]) -> str:
    """The regular expression class of every character not in *stable*: ``[^…]`` of *stable*'s runs.

    >>> print(class_of(frozenset("abcz")))
    [^\\x{61}-\\x{63}\\x{7A}]
    """
    from addrjp.text.code_ranges import code_ranges

    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in code_ranges(stable))
    return f"[^{body}]"


def _odd_rows(frame: pl.DataFrame, pattern: str, columns: Sequence[str]) -> pl.Series:
    """True for a row of which a cell of *columns* holds a character of *pattern* (the unstable class): one
    pass of one compiled expression over the row's cells joined by a line feed (itself a stable character,
    so the join adds no match). Compiling the class (~48,000 characters of ranges) costs milliseconds: once
    per frame, not once per column."""
    joined = pl.concat_str([pl.col(c).fill_null("") for c in columns], separator="\n")
    return frame.select(joined.str.contains(pattern)).to_series()


def odd_rows(frame: pl.DataFrame, encoding: str, columns: Sequence[str]) -> pl.Series | None:
    """True for a row of which a cell of *columns* (those present) holds a character *encoding* does not write
    back as itself, in one pass; None when no class is known for *encoding*. Given to :func:`unencodable_mask`
    and :func:`output_images` of any of these columns (``odd=``), it spares them their own pass: they need
    only a superset of their rows with an odd cell, as each odd row's cells are then judged one by one."""
    pattern = unstable_class(encoding)
    present = [c for c in columns if c in frame.columns]
    if pattern is None or not present:
        return None
    if not frame.height:
        return pl.Series("odd", [], dtype=pl.Boolean)
    return _odd_rows(frame, pattern, present).alias("odd")


def odd_cells(series: pl.Series, encoding: str) -> pl.Series:
    """True where a cell holds a character *encoding* does not write back as itself (all True when no class
    is known for it): only those cells need a closer look."""
    pattern = unstable_class(encoding)
    cells = series.fill_null("")
    if pattern is None:
        return pl.repeat(True, cells.len(), eager=True)
    return cells.to_frame("v").select(pl.col("v").str.contains(pattern)).to_series()


def _per_odd_value(series: pl.Series, encoding: str, func: Callable[[str], object], dtype: pl.DataType,
                   default: pl.Expr) -> pl.Series:
    """*func* of each distinct odd cell of *series*, *default* (an expression of the cell ``v``) elsewhere."""
    cells = series.fill_null("").to_frame("v").with_columns(_odd=odd_cells(series, encoding))
    values = cells.filter("_odd")["v"].unique().to_list()
    if not values:
        return cells.select(default).to_series()
    table = pl.DataFrame({"v": values, "_r": [func(v) for v in values]}, schema={"v": pl.String, "_r": dtype})
    return (cells.join(table, on="v", how="left", maintain_order="left")
            .select(pl.when("_odd").then("_r").otherwise(default)).to_series())


def unencodable_mask(frame: pl.DataFrame, encoding: str, columns: Sequence[str], *,
                     odd: pl.Series | None = None) -> pl.Series:
    """True for a row with a cell (of *columns* present in *frame*) that cannot be written in *encoding*
    once in its image (for cp932 the CP932 image, 〜 U+301C → ～ U+FF5E, as the writer writes it). *odd*:
    :func:`odd_rows` of these columns or more, already made."""
    from addrjp.mailing.writer import unencodable_positions

    def bad(text: str) -> bool:
        return bool(unencodable_positions(_target(text, encoding), encoding))

    present = [c for c in columns if c in frame.columns]
    stable, pattern = _stable_chars(encoding), unstable_class(encoding)
    if stable is None or pattern is None or not present or not frame.height:
        out = pl.repeat(False, frame.height, eager=True)
        for c in present:
            out = out | _per_odd_value(frame[c], encoding, bad, pl.Boolean(), pl.lit(False))
        return out.alias("unencodable")
    # one pass over every row's cells; the rare rows with an odd cell looked at cell by cell (an odd cell is one
    # with a character outside the stable set: what the class matches), each distinct cell judged once
    odd = _odd_rows(frame, pattern, present) if odd is None else odd
    rows = odd.arg_true()
    out = pl.Series("unencodable", [False] * frame.height, dtype=pl.Boolean)
    if not rows.len():
        return out
    judged: dict[str, bool] = {}
    hits: list[int] = []
    for i, cells in zip(rows.to_list(), frame.select(present)[rows].iter_rows(), strict=True):
        for v in cells:
            if v and not stable.issuperset(v):
                verdict = judged.get(v)
                if verdict is None:
                    verdict = judged[v] = bad(v)
                if verdict:
                    hits.append(i)
                    break
    if hits:
        out.scatter(hits, True)
    return out


def output_image(series: pl.Series, encoding: str) -> pl.Series:
    """Cells in the image *encoding* writes byte for byte (cp932: :func:`~addrjp.text.charsets.to_target`),
    once per distinct odd value; others are their own image."""
    if encoding != "cp932":
        return series
    return output_images(series.to_frame(), encoding, [series.name]).to_series().alias(series.name)


def output_images(frame: pl.DataFrame, encoding: str, columns: Sequence[str], *,
                  odd: pl.Series | None = None) -> pl.DataFrame:
    """*frame* with each of *columns* in the image *encoding* writes (:func:`output_image`, nulls empty), the
    odd cells found in one pass over all the columns (*odd*: :func:`odd_rows` of these columns or more, of
    these rows, already made)."""
    if encoding != "cp932" or not columns:
        return frame
    stable, pattern = _stable_chars(encoding), unstable_class(encoding)
    assert stable is not None and pattern is not None  # cp932 has its table
    filled = frame.with_columns(pl.col(c).fill_null("") for c in columns)
    if not filled.height:
        return filled
    rows = (_odd_rows(filled, pattern, columns) if odd is None else odd).arg_true()
    if not rows.len():
        return filled
    index = rows.to_list()
    images: dict[str, str] = {}
    out = []
    for c in columns:
        cells = filled[c][rows].to_list()
        fixed = [v if stable.issuperset(v) else images.get(v) or images.setdefault(v, _target(v, encoding))
                 for v in cells]
        series = filled[c].clone()
        series.scatter(index, fixed)
        out.append(series)
    return filled.with_columns(out)


def _target(text: str, encoding: str) -> str:
    if encoding != "cp932":
        return text
    from addrjp.text.charsets import to_target

    return to_target(text, "cp932")


__all__ = ["odd_cells", "odd_rows", "output_image", "output_images", "unencodable_mask", "unstable_class"]
