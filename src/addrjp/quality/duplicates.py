"""Duplicates and households (重複・世帯) across a whole list.

A register extract can hold one person twice — data merged from two systems, 髙橋 typed as 高橋, an
address written two ways — and everyone must get exactly one postcard. Family members at one address must
never be mistaken for duplicates. This module looks across all rows of a run, after each row was
validated on its own, and reports:

* ``duplicate.exact`` (error, hold): the same printable name (spaces ignored) at the same resolved address
  as an earlier row;
* ``duplicate.probable`` (warning, review): very likely the same person — the same name key (widths,
  spaces and variant kanji folded: 髙/高, 﨑/崎, 邊/辺 …) at the same address or in the same block
  (町 + 丁目 + 番), or, at the same address, one given name with the same reading (悦子/エツコ) or one
  character away with the same birthdate;
* ``household.shared`` (info): another recipient in the same household, with a household id, size and the
  source (``household_source``): the register's 世帯番号 when it has that column, else the same address
  (:mod:`addrjp.quality.households`, which also decides the joint cards);
* ``returned.previous`` (warning): the id or the address is on the list of mail returned last time.

Rules (see docs/duplicates.md):

* Blocking keeps the cost linear: rows are compared only inside an address (fuzzy, readings) or a block
  (same name key), never all pairs.
* Different known birthdates are never the same person (a spouse, a sibling, a namesake), except at one
  address with the same printable name, which is downgraded to ``probable`` for a person to look at.
* Same surname and a clearly different given name is a household, not a duplicate; twins (same birthdate)
  with different given names are not duplicates: one character away is not enough when the readings differ
  (一郎/二郎).
* ``duplicate_of`` names the cluster's representative: the earliest *eligible* row (one that will be
  printed), or the earliest row when none is eligible. A held row never withholds a printable one.

>>> import polars as pl
>>> frame = pl.DataFrame({
...     "id": ["A", "B", "C", "D"],
...     "name_text": ["髙橋　茂", "高橋　茂", "高橋　和子", "髙橋 茂"],
...     "name_key": ["高橋茂", "高橋茂", "高橋和子", "高橋茂"],
...     "address_key": ["k1", "k1", "k1", "k1"],
...     "block_key": ["b1", "b1", "b1", "b1"],
... })
>>> out = find_duplicates(frame)
>>> out.select("id", "duplicate_kind", "duplicate_of", "household_size").rows()
[('A', None, None, 2), ('B', 'probable', 'A', 2), ('C', None, None, 2), ('D', 'exact', 'A', 2)]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

import polars as pl

from addrjp.errors import InputError
from addrjp.quality.address_keys import address_key
from addrjp.quality.address_keys import block_key as block_key  # (documented with find_duplicates)
from addrjp.quality.names import name_key as _name_key
from addrjp.quality.readings import reading, readings
from addrjp.text.limits import MAX_TEXT_CHARS, check_frame

#: Output columns of :func:`find_duplicates`, in order (after ``row`` and ``id``).
OUTPUT_COLUMNS: tuple[str, ...] = (
    "duplicate_kind", "duplicate_of", "household_id", "household_size", "household_shared",
    "returned_previous", "reason", "household_source",
)
#: Extra output columns with ``joint_household=True``.
JOINT_COLUMNS: tuple[str, ...] = ("household_primary", "joint_name", "joint_given", "joint_of")

_BIG_GROUP = 30  # above this many same-name rows in one block, link only rows with equal birthdates
_SPACE = re.compile(r"[\s\u3000]+")


# ------------------------------------------------------------------------------------------ returned


@dataclass(frozen=True)
class Returned:
    """Mail returned last time (返戻): ids and address keys to flag with ``returned.previous``."""

    ids: frozenset[str] = field(default_factory=frozenset)
    address_keys: frozenset[str] = field(default_factory=frozenset)

    def __len__(self) -> int:
        return len(self.ids) + len(self.address_keys)


#: Header names of a returned-mail list, compared after width folding, lower case, spaces removed.
RETURNED_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "宛名番号", "識別番号", "住民番号", "管理番号", "宛名コード", "住民コード", "番号", "no", "no."),
    "address": ("address", "address1", "住所", "住所1", "所在地", "返戻住所", "宛先住所"),
    "address2": ("address2", "住所2", "方書", "方書き", "建物名", "建物"),
}


def _returned_header_key(text: str) -> str:
    from addrjp.text.width import fold_width

    return "".join(fold_width(text).split()).lower()


def load_returned(path: str | Path) -> Returned:
    """Read a CSV of returned mail (前回返戻リスト): a header with ``id`` and/or ``address`` (optional
    ``address2``), Japanese names recognised (宛名番号, 住所, 方書…); other columns are ignored.

    Addresses are parsed and reduced to :func:`address_key`. Refused with an
    :class:`~addrjp.errors.InputError` naming the file and line, never showing a cell: no recognised id or
    address column (or a first line that is data, not a header), a header name twice, a row with more or
    fewer fields than the header, a row with neither id nor address, an address that cannot be resolved
    to a block, a list with no rows. UTF-8 (with or without BOM) or CP932.
    """
    from addrjp.redact import describe_columns, looks_like_header

    p = Path(path)
    file = str(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file (the returned-mail list)", file=file, hint="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read the returned-mail list ({exc.strerror})", file=file) from None
    for enc in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("the returned-mail list is neither UTF-8 nor CP932", file=file,
                         hint="save it as CSV UTF-8 or CSV (Shift_JIS)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if row and any(c.strip() for c in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error:
        raise InputError("the line is not valid CSV (a quote opened and not closed)", file=file,
                         line=start) from None
    if not rows:
        raise InputError("the returned-mail list is empty", file=file,
                         hint="a header with id (宛名番号) or address (住所), then one row per returned postcard")
    header_line, header_raw = rows[0]
    header = [h.strip().lstrip("\ufeff") for h in header_raw]
    keys = [_returned_header_key(h) for h in header]
    col: dict[str, int] = {}
    for canonical, aliases in RETURNED_HEADERS.items():
        wanted = {_returned_header_key(a) for a in aliases}
        hits = [i for i, k in enumerate(keys) if k in wanted]
        if len(hits) > 1:
            raise InputError(f"several columns could be '{canonical}' (columns {', '.join(str(i + 1) for i in hits)})",
                             file=file, line=header_line, hint="keep one of them")
        if hits:
            col[canonical] = hits[0]
    if "id" not in col and "address" not in col:
        if not looks_like_header(header):
            raise InputError("the first line of the returned-mail list is not a header: it looks like data",
                             file=file, line=header_line,
                             hint="add a header row: id,address (宛名番号,住所), optional address2 (方書)")
        raise InputError(f"the returned-mail list has no id or address column (found: {describe_columns(header)})",
                         file=file, line=header_line,
                         hint="name a column id (宛名番号) or address (住所)")
    if len(rows) == 1:
        raise InputError("the returned-mail list has a header but no rows", file=file, line=header_line,
                         hint="leave out --returned when no mail came back")
    width = len(header)
    ids: set[str] = set()
    address_keys: set[str] = set()
    from addrjp.address.parse import parse_address

    for line_no, row in rows[1:]:
        if len(row) != width:
            more = "too many" if len(row) > width else "too few"
            raise InputError(f"{more} fields: {len(row)} on this line, {width} in the header", file=file,
                             line=line_no, hint="a comma inside an address must be quoted (\"...\")")
        rid = row[col["id"]].strip() if "id" in col else ""
        address = row[col["address"]].strip() if "address" in col else ""
        if not rid and not address:
            raise InputError("neither an id nor an address on this line", file=file, line=line_no,
                             hint="each row names one returned postcard by id or address")
        if rid:
            ids.add(rid)
        if address:
            if "address2" in col and row[col["address2"]].strip():
                address += " " + row[col["address2"]].strip()
            key = address_key(parse_address(address))
            if key is None:
                raise InputError("an address of the returned-mail list cannot be resolved", file=file,
                                 line=line_no, column=header[col["address"]] or "address",
                                 hint="write the town and block number")
            address_keys.add(key)
    return Returned(frozenset(ids), frozenset(address_keys))


# ------------------------------------------------------------------------------------------ comparison


def _split(name_text: str) -> tuple[str, str] | None:
    """(surname, given) when the name is written with a space between them."""
    parts = _SPACE.split(name_text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1]
    return None


@lru_cache(maxsize=262144)
def _name_parts(name_text: str) -> tuple[str, str] | None:
    """The name keys of (surname, given) of a name written with a space between them, once per name."""
    parts = _split(name_text)
    return None if parts is None else (_name_key(parts[0]), _name_key(parts[1]))


def _lev1(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _same_person_at_address(a: tuple[Any, ...], b: tuple[Any, ...]) -> str | None:
    """Why rows *a* and *b* (same address, different name keys) are probably one person, or None.

    Rows are (row, name_text, name_key, birthdate, ...).
    """
    bd_a, bd_b = a[3], b[3]
    if bd_a is not None and bd_b is not None and bd_a != bd_b:
        return None
    pa, pb = _name_parts(a[1] or ""), _name_parts(b[1] or "")
    if pa is None or pb is None:
        ra, rb = reading(a[2]), reading(b[2])
        if ra is not None and ra == rb:
            return "same reading"
        return None
    sur_a, giv_a = pa
    sur_b, giv_b = pb
    if sur_a != sur_b:
        if giv_a != giv_b:
            return None
        return "same reading of the surname" if readings(sur_a) & readings(sur_b) else None
    known = _readings_meet(giv_a, giv_b)
    if known is not None:
        return "same reading of the given name" if known else None
    if bd_a is not None and bd_a == bd_b and len(giv_a) >= 2 and _lev1(giv_a, giv_b):
        return "given name one character away, same birthdate"
    return None


def _readings_meet(a: str, b: str) -> bool | None:
    """Whether two given names can be read alike; None when either cannot be read.

    A name written in kana is its own reading: it meets a kanji name when it is one of that name's readings
    (ミノル/実). Two kanji names meet when their first readings agree, or — both of two or more characters,
    whose dictionary entries are names — when any readings agree (幸子/倖子 さちこ). The many readings of a
    single character (清: きよし, せい, しん …) are not used between two kanji names.
    """
    ra, rb = reading(a), reading(b)
    if ra is None or rb is None:
        return None
    if ra == rb:
        return True
    kana_a, kana_b = ra == _kana_of(a), rb == _kana_of(b)
    if kana_a and not kana_b:
        return ra in readings(b)
    if kana_b and not kana_a:
        return rb in readings(a)
    if len(a) >= 2 and len(b) >= 2:
        return bool(readings(a) & readings(b))
    return False


@lru_cache(maxsize=65536)
def _kana_of(text: str) -> str:
    """Katakana to hiragana (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


class _Clusters:
    """Union-find over row numbers."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.why: dict[tuple[int, int], str] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# ------------------------------------------------------------------------------------------ the engine


def find_duplicates(frame: pl.DataFrame, *, joint_household: bool = False,
                    returned: Returned | Iterable[str] | None = None) -> pl.DataFrame:
    """Duplicates, households and returned mail over a whole list; one output row per input row.

    Input columns (``name_text``/``name_key``/``address_key``/``block_key`` may be null):

    * ``id`` (str): the row's id; ``row`` (int, optional): input order (default: frame order);
    * ``name_text`` (str): the printable name after :func:`~addrjp.quality.names.normalize_name`, surname and
      given name separated by a space when the register separates them;
    * ``name_key`` (str): :func:`~addrjp.quality.names.name_key` of the name;
    * ``address_key`` / ``block_key`` (str): :func:`address_key` / :func:`block_key` of the parsed address;
    * ``birthdate`` (optional, str or date): never the same person when both are known and differ;
    * ``household`` (optional, str): the register's 世帯番号; when any row has one, households are the
      register's (a row without one is a household of its own), else they are guessed from the address;
    * ``facility`` (optional, bool): the address is a facility (:func:`addrjp.quality.households.is_facility`);
    * ``eligible`` (bool, optional, default True): the row will be printed (not held, not excluded).
      Ineligible rows still take part: they may be flagged as duplicates, and become a cluster's
      representative only when no row of the cluster is eligible. They never count in households.

    Output (in input order): ``row, id`` and :data:`OUTPUT_COLUMNS` — ``duplicate_kind`` (None, 'exact',
    'probable'), ``duplicate_of`` (id of the representative), ``household_id`` ('H000001', numbered by first
    appearance; None without a household), ``household_size`` (eligible non-duplicate rows in the household),
    ``household_shared`` (an eligible non-duplicate row with ≥2 such rows in its household),
    ``returned_previous`` (its id or address key is in *returned*), ``reason`` (why it is a duplicate),
    ``household_source`` ('register' or 'address' on rows of a household, else None).
    With ``joint_household=True`` also ``household_primary`` (an eligible non-duplicate row that prints a
    card of its own), ``joint_of`` (the id of the card a row is folded into), ``joint_name`` (on a card with
    joined members: 山田　太郎・花子) and ``joint_given`` (their given names, for 連名1…3); who may share a card
    is decided by :func:`addrjp.quality.households.joint_cards` (one family name, one address, at most four
    names, never a facility).

    A text cell longer than :data:`~addrjp.text.limits.MAX_TEXT_CHARS` is an :class:`InputError`.
    """
    run = BlockedDuplicates(joint_household=joint_household, returned=returned)
    run.add(frame)  # checks the cells' length
    return pl.concat(list(run.results()), how="vertical").sort("row")


class BlockedDuplicates:
    """:func:`find_duplicates` over a list given in parts (:meth:`add`), one group of blocks at a time.

    Every pair the engine compares shares a block (``block_key``, or ``address_key`` where there is no
    block key: 町 + 丁目 + 番), and a household guessed from the address is one ``address_key`` (within a
    block); so the rows are dealt into *partitions* by their block, and each partition is worked alone —
    the same pairs, clusters and representatives as the whole list, never a pair missed. Households of the
    register's 世帯番号 cross blocks: they are dealt again by the 世帯番号. Household ids (H000001 …) number
    the households by their first row over the whole list. The parts wait in *spill* (memory by default).

    ``row`` numbers the rows over the whole list (default: the order they were added).
    """

    def __init__(self, *, joint_household: bool = False, returned: Returned | Iterable[str] | None = None,
                 partitions: int = 1, spill: Any = None) -> None:
        from addrjp.spill import Spill

        self.joint_household = joint_household
        self.returned = returned
        self.partitions = max(1, partitions)
        self.spill = spill if spill is not None else Spill()
        self._rows = 0
        self._register_households = False

    def add(self, frame: pl.DataFrame) -> None:
        """Rows of the list (the columns of :func:`find_duplicates`), dealt into their partitions."""
        check_frame(frame, MAX_TEXT_CHARS)
        df = _prepare(frame, self._rows)
        self._rows += df.height
        self._register_households = self._register_households or bool(df["household"].is_not_null().any())
        self._deal(df, "block", pl.col("block"))

    def _deal(self, df: pl.DataFrame, stage: str, key: pl.Expr) -> None:
        if self.partitions == 1 or not df.height:  # (an empty part keeps the columns known)
            self.spill.append(f"{stage}0", df)
            return
        # rows without a key meet nobody: any partition will do (by row, to spread them)
        part = (pl.when(key.is_null()).then(pl.col("row")).otherwise(key.hash(seed=7)) % self.partitions)
        df = df.with_columns(_part=part.cast(pl.Int64))
        for (p,), piece in df.partition_by("_part", as_dict=True, maintain_order=True).items():
            self.spill.append(f"{stage}{p}", piece.drop("_part"))

    def results(self) -> Iterator[pl.DataFrame]:
        """The output rows (:func:`find_duplicates`'s columns), one partition after another (not in row order)."""
        source = "register" if self._register_households else "address"
        # 1. duplicates within blocks; with the register's households, dealt again by 世帯番号; a household
        # guessed from the address lies within its block, so its partition holds it whole: sized at once
        firsts: list[pl.Series] = []
        for p in range(self.partitions):
            if not self.spill.has(f"block{p}"):
                continue
            df = self.spill.take(f"block{p}")
            df = df.join(_duplicate_rows(df), on="row", how="left")
            df = _household_keys(df, source)
            if source == "register":
                self._deal(df, "household", pl.col("_household"))
            else:
                self._numbered(p, _household_sizes(df), firsts, source)
        # 2. the register's household sizes, and each household's first row over the whole list
        for p in range(self.partitions):
            if not self.spill.has(f"household{p}"):
                continue
            self._numbered(p, _household_sizes(self.spill.take(f"household{p}")), firsts, source)
        order = (pl.concat(firsts) if firsts else pl.Series("_first", [], pl.Int64)).unique().sort()
        # 3. household ids, returned mail, joint cards
        cols = ["row", "id", *OUTPUT_COLUMNS, *(JOINT_COLUMNS if self.joint_household else ())]
        for p in range(self.partitions):
            if not self.spill.has(f"numbered{p}"):
                continue
            df = self.spill.take(f"numbered{p}")
            if source == "address":
                df = df.with_columns(_household=pl.col("address_key"))  # as _household_keys made it
            df = _household_ids(df, order, source)
            df = df.with_columns(returned_previous=_returned_expr(self.returned))
            if self.joint_household:
                df = _joint(df, source)
            yield df.select(cols)

    def _numbered(self, p: int, df: pl.DataFrame, firsts: list[pl.Series], source: str) -> None:
        """A partition's sized households put aside for step 3 with only the columns it reads (the address
        households' key is the address key: made again there), their first rows noted in *firsts*."""
        firsts.append(df.filter(pl.col("_household").is_not_null())["_first"].unique())
        keep = ["row", "id", "duplicate_kind", "duplicate_of", "reason", "_member", "_first", "household_size",
                "address_key", *(["_household"] if source == "register" else []),
                *(["name_text", "facility"] if self.joint_household else [])]
        self.spill.append(f"numbered{p}", df.select(keep))


def _prepare(frame: pl.DataFrame, offset: int = 0) -> pl.DataFrame:
    if "id" not in frame.columns:
        raise ValueError("find_duplicates needs an id column")
    cols = frame.columns
    exprs: list[pl.Expr] = [
        (pl.col("row").cast(pl.Int64) if "row" in cols
         else pl.int_range(pl.len(), dtype=pl.Int64) + offset).alias("row"),
        pl.col("id").cast(pl.String),
    ]
    for c in ("name_text", "name_key", "address_key", "block_key"):
        e = pl.col(c).cast(pl.String) if c in cols else pl.lit(None, pl.String)
        exprs.append(pl.when(e.str.len_chars() > 0).then(e).otherwise(None).alias(c))
    exprs.append(pl.col("birthdate").cast(pl.String).alias("birthdate") if "birthdate" in cols
                 else pl.lit(None, pl.String).alias("birthdate"))
    exprs.append(pl.col("eligible").cast(pl.Boolean).fill_null(False).alias("eligible") if "eligible" in cols
                 else pl.lit(True).alias("eligible"))
    household = pl.col("household").cast(pl.String).str.strip_chars() if "household" in cols else pl.lit(None,
                                                                                                       pl.String)
    exprs.append(pl.when(household.str.len_chars() > 0).then(household).otherwise(None).alias("household"))
    exprs.append(pl.col("facility").cast(pl.Boolean).fill_null(False).alias("facility") if "facility" in cols
                 else pl.lit(False).alias("facility"))
    df = frame.select(exprs)
    df = df.with_columns(
        pl.when(pl.col("birthdate").str.strip_chars().str.len_chars() > 0).then(pl.col("birthdate"))
        .otherwise(None).alias("birthdate"),
        pl.coalesce(pl.col("name_text").str.replace_all(r"[\s\u3000]+", ""), pl.col("name_key")).alias("compact"),
        pl.coalesce("block_key", "address_key").alias("block"),
    )
    return df


def _duplicate_rows(df: pl.DataFrame) -> pl.DataFrame:
    """(row, duplicate_kind, duplicate_of, reason) for the rows that duplicate an earlier one."""
    schema = {"row": pl.Int64, "duplicate_kind": pl.String, "duplicate_of": pl.String, "reason": pl.String}
    cl = _Clusters()
    info: dict[int, tuple[Any, ...]] = {}  # row -> (row, name_text, name_key, birthdate, address_key, compact,
    #                                                 eligible, id)
    cols = ["row", "name_text", "name_key", "birthdate", "address_key", "compact", "eligible", "id"]

    # 1. same name key in one block (covers same name at one address)
    keyed = _link_same_keys(df, cols, cl, info)

    # 2. different name keys at one address: readings and near misses (the pairs found as columns)
    for r in _address_pairs(keyed, cols).rows():
        a, b = r[:len(cols)], r[len(cols):]
        why = _same_person_at_address(a, b)
        if why:
            info[a[0]] = a
            info[b[0]] = b
            cl.why[(a[0], b[0])] = why  # a's row is the smaller
            cl.union(a[0], b[0])
    return _cluster_rows(cl, info, schema)


def _link_same_keys(df: pl.DataFrame, cols: list[str], cl: _Clusters, info: dict[int, tuple[Any, ...]]) -> pl.DataFrame:
    """Rows of one block with the same name key linked in *cl* (their *cols* noted in *info*); returns the
    rows with a name key and a block, which the other rules read."""
    keyed = df.filter(pl.col("name_key").is_not_null() & pl.col("block").is_not_null())
    same = keyed.filter(pl.len().over("block", "name_key") > 1).sort("block", "name_key", "row")
    if same.height:
        for _, grp in groupby(same.select([*cols, "block"]).rows(), key=lambda r: (r[-1], r[2])):
            rows = [r[:-1] for r in grp]
            for r in rows:
                info[r[0]] = r
            _link_same_key(cl, rows)
    return keyed


def _cluster_rows(cl: _Clusters, info: dict[int, tuple[Any, ...]], schema: dict[str, Any]) -> pl.DataFrame:
    """(row, duplicate_kind, duplicate_of, reason) of every row of a cluster of *cl* but its representative
    (the first eligible row, else the first row); *info* holds each linked row's columns by its row."""
    if not cl.parent:
        return pl.DataFrame(schema=schema)
    clusters: dict[int, list[tuple[Any, ...]]] = {}
    for r in info.values():
        clusters.setdefault(cl.find(r[0]), []).append(r)
    out: list[tuple[int, str, str, str]] = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda r: r[0])
        rep = next((r for r in members if r[6]), members[0])
        for r in members:
            if r is rep:
                continue
            out.append((r[0], *_kind(rep, r, cl)))
    return pl.DataFrame(out, schema=schema, orient="row")


def _address_pairs(keyed: pl.DataFrame, cols: Sequence[str]) -> pl.DataFrame:
    """The pairs :func:`_same_person_at_address` must judge: at one ``address_key``, the first row (by
    ``row``) of each name key against the first row of every other name key of the address, the smaller
    row first, *cols* (``row``, ``name_key``, ``birthdate`` and ``address_key`` among them) of the one then
    *cols* of the other (suffix ``_b``).

    A pair whose birthdates are both known and differ is left out: two people, the first rule of
    :func:`_same_person_at_address` (which would return None at once). The rows are joined by a hash of
    their address and kept only where the addresses are equal, so a collision of hashes costs a pair
    looked at, never a pair made.
    """
    h = pl.col("address_key").hash(seed=11)
    firsts = keyed.filter(pl.col("address_key").is_not_null()).select(cols).filter(h.is_duplicated())
    if not firsts["row"].is_sorted():
        firsts = firsts.sort("row")
    firsts = firsts.filter(pl.struct("address_key", "name_key").is_first_distinct())
    # a first row takes part when another first row of its address may share its birthdate: one of the same
    # (address, birthdate) hash, or the address holds a row without one (hashes: a superset, kept exact below)
    bd = pl.col("birthdate")
    firsts = firsts.filter((pl.len().over(pl.struct("address_key", "birthdate").hash(seed=12)) > 1)
                           | bd.is_null().any().over(h))
    # the rows are in the order of `row`: the earlier of a pair is the smaller row
    return _pairs_within(firsts.with_columns(h.alias("_k")), ["address_key"], cols)


#: A group of more distinct names than this (a facility's address) is left to the engine by :func:`read_ahead`.
READ_AHEAD_GROUP = 200


def read_ahead(frame: pl.DataFrame, by: Sequence[str], *, near: Sequence[str] = ()) -> int:
    """Compare ahead of time the names the engine will compare at one address (先読み, read-ahead), so that
    their readings (pykakasi) are made while other processes parse the addresses; returns the pairs compared.

    *frame* holds ``name_text``, ``name_key``, ``birthdate`` (ISO or null) and the columns *by* that stand
    for an address before it is parsed (the register's postal code and address cells): rows with one value
    of *by* nearly always get one ``address_key``. With *near* (the postal code), names with one known
    birthdate and one value of *near* are compared too: one person written at one address in two ways
    shares them, and few others do. A pair whose known birthdates differ is not compared (the engine reads
    nothing for it). Only caches are filled (:func:`reading`, :func:`readings`), so what
    :func:`find_duplicates` gives does not depend on it; a guess that misses costs only its time.
    """
    blank = pl.col("name_key").is_null() | (pl.col("name_key") == "")
    bd = pl.col("birthdate")
    rows = (frame.filter(~blank)
            .select(*dict.fromkeys([*by, *near]), pl.when(pl.col("name_text") != "").then("name_text").alias("name_text"), "name_key",
                    pl.when(bd.str.strip_chars().str.len_chars() > 0).then(bd).alias("birthdate")))
    cols = ["name_text", "name_key", "birthdate"]
    groups = [rows.unique([*by, "name_key"], keep="first", maintain_order=True).select(
        pl.struct(by).hash(seed=5).alias("_k"), *by, *cols)]
    if near:
        known = rows.filter(pl.col("birthdate").is_not_null())
        groups.append(known.unique([*near, "birthdate", "name_key"], keep="first", maintain_order=True).select(
            pl.struct(*near, "birthdate").hash(seed=6).alias("_k"), *near, *cols))
    pairs = 0
    for i, (firsts, keys) in enumerate(zip(groups, (by, [*near, "birthdate"]), strict=False)):
        n = pl.len().over("_k")
        firsts = firsts.filter((n > 1) & (n <= READ_AHEAD_GROUP))
        within = _pairs_within(firsts, keys, cols)
        if i:  # near: most are strangers; keep a pair whose surnames or given names are written alike
            within = within.filter(_may_read_alike())
        for r in within.rows():
            # (_, name_text, name_key, birthdate): the shape _same_person_at_address reads
            _same_person_at_address((None, *r[:3]), (None, *r[3:]))
            pairs += 1
    return pairs


def _may_read_alike() -> pl.Expr:
    """Over a pair of names (``name_text``, ``name_text_b``): one is not written surname, space, given name,
    or the two share their surname or their given name as written — the pairs whose readings
    :func:`_same_person_at_address` may make (it compares the parts' keys, so a pair differing only by a
    variant kanji is not kept: its reading is then made by the engine)."""
    parts = r"^[\s\u3000]*(\S+?)[\s\u3000]+(\S.*?)[\s\u3000]*$"

    def part(col: str, i: int) -> pl.Expr:
        return pl.col(col).fill_null("").str.extract(parts, i)

    sur, giv, sur_b, giv_b = part("name_text", 1), part("name_text", 2), part("name_text_b", 1), part("name_text_b", 2)
    return sur.is_null() | sur_b.is_null() | (sur == sur_b) | (giv == giv_b)


def _pairs_within(firsts: pl.DataFrame, keys: Sequence[str], cols: Sequence[str]) -> pl.DataFrame:
    """Each pair of rows of *firsts* with equal *keys* (joined on their hash ``_k``, kept where the keys are
    equal), the earlier row first, unless both birthdates are known and differ: *cols* of the one, then of
    the other (suffix ``_b``)."""
    side = firsts.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), "_k", *keys,
                         *(["birthdate"] if "birthdate" not in keys else []))
    bd, bd_b = pl.col("birthdate"), pl.col("birthdate_b")
    same = pl.all_horizontal([pl.col(k).eq_missing(pl.col(f"{k}_b")) for k in keys])
    index = (side.lazy().join(side.lazy(), on="_k", suffix="_b")
             .filter((pl.col("_i") < pl.col("_i_b")) & same
                     & ~(bd.is_not_null() & bd_b.is_not_null() & (bd != bd_b)))
             .select("_i", "_i_b").collect())
    return pl.concat([firsts[index["_i"]].select(cols),
                      firsts[index["_i_b"]].select(cols).rename({c: f"{c}_b" for c in cols})], how="horizontal")


def _link_same_key(cl: _Clusters, rows: Sequence[tuple[Any, ...]]) -> None:
    """Link rows with one name key in one block, unless known birthdates differ."""
    if len(rows) > _BIG_GROUP:
        by_bd: dict[Any, int] = {}
        for r in rows:
            first = by_bd.setdefault(r[3], r[0])
            if first != r[0]:
                cl.union(first, r[0])
        return
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a[3] is not None and b[3] is not None and a[3] != b[3]:
                if a[4] is not None and a[4] == b[4] and a[5] == b[5]:
                    cl.why[(a[0], b[0])] = "same name and address, different birthdate"
                    cl.union(a[0], b[0])
                continue
            cl.union(a[0], b[0])


def _kind(rep: tuple[Any, ...], r: tuple[Any, ...], cl: _Clusters) -> tuple[str, str, str]:
    """(kind, duplicate_of, reason) of row *r* against its cluster's representative."""
    same_address = rep[4] is not None and rep[4] == r[4]
    bd_conflict = rep[3] is not None and r[3] is not None and rep[3] != r[3]
    if same_address and rep[5] == r[5] and not bd_conflict:
        return "exact", rep[7], "same name and address"
    pair = (min(rep[0], r[0]), max(rep[0], r[0]))
    if pair in cl.why:
        return "probable", rep[7], cl.why[pair]
    if bd_conflict:
        return "probable", rep[7], "same name and address, different birthdate"
    if rep[2] == r[2]:
        why = "same name after folding widths and variants" if same_address else "same name in the same block"
        return "probable", rep[7], why
    return "probable", rep[7], "linked through another row of the same person"


def _household_keys(df: pl.DataFrame, source: str) -> pl.DataFrame:
    """The household key (the register's 世帯番号, *source* 'register', or the address) and membership: an
    eligible row that duplicates nobody."""
    key = pl.col("household") if source == "register" else pl.col("address_key")
    df = df.with_columns(_household=key)
    member = pl.col("eligible") & pl.col("duplicate_kind").is_null() & pl.col("_household").is_not_null()
    return df.with_columns(_member=member)


def _household_sizes(df: pl.DataFrame, *, by_hash: bool = True) -> pl.DataFrame:
    """Household size and first row, over rows holding every row of their households.

    The households are grouped by a hash of their key, and the grouping is proved exact before it is used:
    every row's key equals the key of the first row of its hash group (no two keys share a hash; else the
    keys themselves are grouped, as they were before; ``by_hash=False`` groups the keys in any case).
    """
    key = pl.col("_household")
    h = key.hash(seed=13)
    hashed = df.with_columns(_first=pl.col("row").min().over(h), household_size=pl.col("_member").sum().over(h),
                             _same=key.eq_missing(key.first().over(h)))
    if by_hash and bool(hashed["_same"].all()):
        return hashed.with_columns(
            _first=pl.when(key.is_null()).then(None).otherwise("_first"),
            household_size=pl.when(key.is_null()).then(pl.lit(1, pl.Int64))
            .otherwise(pl.col("household_size").cast(pl.Int64))).drop("_same")
    households = df.filter(key.is_not_null()).group_by("_household").agg(
        _first=pl.col("row").min(), household_size=pl.col("_member").sum().cast(pl.Int64))
    return (df.join(households, on="_household", how="left")
            .with_columns(household_size=pl.when(key.is_null()).then(pl.lit(1, pl.Int64))
                          .otherwise(pl.col("household_size"))))


def _household_ids(df: pl.DataFrame, order: pl.Series, source: str) -> pl.DataFrame:
    """Household ids (H000001 …) numbering the households by their first row in *order* (every household's
    first row over the whole list, sorted), and the shared flag and source."""
    rank = pl.Series("_rank", order.search_sorted(df["_first"].fill_null(-1), side="left"), pl.Int64) + 1
    df = df.with_columns(rank)
    return df.with_columns(
        household_id=pl.when(pl.col("_household").is_not_null())
        .then(pl.format("H{}", pl.col("_rank").cast(pl.String).str.zfill(6))).otherwise(None),
        household_shared=pl.col("_member") & (pl.col("household_size") >= 2),
        household_source=pl.when(pl.col("_household").is_not_null()).then(pl.lit(source)).otherwise(None),
    ).drop("_rank")


def _returned_expr(returned: Returned | Iterable[str] | None) -> pl.Expr:
    if returned is None:
        return pl.lit(False)
    if isinstance(returned, Returned):
        ids, keys = list(returned.ids), list(returned.address_keys)
    else:
        values = [str(v) for v in returned]
        ids, keys = values, values
    return (pl.col("id").is_in(ids) | pl.col("address_key").is_in(keys).fill_null(False)).fill_null(False)


def joint_name(names: Sequence[str]) -> str:
    """One addressee line for several people of one household.

    >>> joint_name(["山田　太郎", "山田　花子"])
    '山田　太郎・花子'
    >>> joint_name(["山田　太郎", "佐藤　花子"])
    '山田　太郎・佐藤　花子'
    """
    parts = [_split(n) for n in names]
    if all(p is not None for p in parts) and len({p[0] for p in parts if p}) == 1:
        sep = _SPACE.search(names[0])
        first = parts[0]
        assert first is not None and sep is not None
        return f"{first[0]}{sep.group(0)}" + "・".join(p[1] for p in parts if p)
    return "・".join(n.strip() for n in names)


def _joint(df: pl.DataFrame, source: str) -> pl.DataFrame:
    """Joint cards (see :func:`addrjp.quality.households.joint_cards`) over the shared households."""
    from addrjp.quality.households import joint_cards

    shared = df.filter(pl.col("household_shared")).select(
        "row", "id", pl.col("_household").alias("household"), "name_text", pl.col("address_key").fill_null(""),
        "facility")
    cards = joint_cards(shared, source=source)
    df = df.join(cards, on="row", how="left")
    return df.with_columns(household_primary=pl.col("_member") & pl.col("joint_of").is_null())
