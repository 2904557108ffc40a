"""The decisions file (判断記録, record of decisions): what the ward's staff decided about flagged rows.

A person looks at a ``review`` or ``hold`` row in the review page (確認画面) and decides: approve it as is
(承認), correct a field (訂正: address, address2, postal code, the name as printed), mark two rows as two
people (別人), exclude it with a reason (対象外: 亡くなった, 転出, 施設入所, 辞退 …) or hold it (保留). The page
saves the decisions as one CSV (UTF-8 with a byte-order mark, so Excel opens it), and
``addrjp clean --decisions FILE`` applies them in the next run. One line per decision::

    宛名番号(id),照合値(fingerprint),判断(action),項目(field),値(value),理由(reason),判断者(decided_by),判断日時(decided_at)

Each decision carries the **fingerprint** (照合値) of the input row it was made on: a hash of the row's
input columns, canonicalised so that exporting the same register again (CP932 or UTF-8, 〜 or ～, spaces)
gives the same value. When the row has changed since, the decision is *stale*: it is not applied, the row
gets ``decision.stale`` (review) and the old decision is shown. A decision for an id the register does not
have is *unknown* and listed; conflicting decisions (two actions for one row, a field corrected twice, a
"not the same person" naming an unknown id) are listed and none of the row's decisions is applied
(``decision.conflict``, hold). Nothing is resolved silently.

The file holds personal data (corrected names and addresses, reasons): it stays at the ward and ``addrjp
seal`` refuses it (recognised by its header, :func:`is_decisions_data`).

>>> fp = fingerprint_of({"id": "A1", "name": "山田　太郎", "postal_code": "160-0023",
...                      "address": "新宿区西新宿2-8-1", "address2": "", "birthdate": "1940-01-01"})
>>> fp.startswith("fp1:"), len(fp)
(True, 20)
>>> fp == fingerprint_of({"id": "A1", "name": "山田 太郎 ", "postal_code": "1600023",
...                      "address": "新宿区西新宿2-8-1", "address2": "", "birthdate": "1940/1/1"})
True
>>> canonical_action("承認"), canonical_field("方書")
('approve', 'address2')
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import polars as pl

from addrjp.errors import InputError
from addrjp.quality.findings import CATALOGUE, SEVERITY_RANK

#: The actions, as written in the file, and their Japanese names (both are read).
ACTIONS: tuple[str, ...] = ("approve", "correct", "not_duplicate", "exclude", "hold")
ACTION_LABEL_JA: dict[str, str] = {
    "approve": "承認", "correct": "訂正", "not_duplicate": "別人", "exclude": "対象外", "hold": "保留",
}
#: The fields a correction may change, and their Japanese names (both are read).
FIELDS: tuple[str, ...] = ("address", "address2", "postal_code", "name")
FIELD_LABEL_JA: dict[str, str] = {"address": "住所", "address2": "方書", "postal_code": "郵便番号", "name": "氏名"}
#: Reasons offered for an exclusion (free text is accepted too).
EXCLUDE_REASONS: tuple[str, ...] = ("亡くなった", "転出", "施設入所", "辞退", "長期不在", "宛先不明", "その他")

#: The columns of the file and their Japanese headers.
COLUMNS: tuple[str, ...] = ("id", "fingerprint", "action", "field", "value", "reason", "decided_by", "decided_at")
HEADER_JA: dict[str, str] = {
    "id": "宛名番号", "fingerprint": "照合値", "action": "判断", "field": "項目", "value": "値", "reason": "理由",
    "decided_by": "判断者", "decided_at": "判断日時",
}
#: The header line as the page and :func:`decisions_bytes` write it: Japanese, the column name in brackets.
HEADER: tuple[str, ...] = tuple(f"{HEADER_JA[c]}({c})" for c in COLUMNS)
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("宛名番号", "id", "識別番号", "住民番号", "管理番号"),
    "fingerprint": ("照合値", "fingerprint", "指紋"),
    "action": ("判断", "action", "判断内容"),
    "field": ("項目", "field"),
    "value": ("値", "value", "訂正後の値", "訂正値"),
    "reason": ("理由", "reason"),
    "decided_by": ("判断者", "decided_by", "担当者"),
    "decided_at": ("判断日時", "decided_at", "日時"),
}
_ACTION_ALIASES: dict[str, str] = {
    **{a: a for a in ACTIONS}, **{ja: a for a, ja in ACTION_LABEL_JA.items()},
    "除外": "exclude", "not_same_person": "not_duplicate", "別人です": "not_duplicate", "not-duplicate": "not_duplicate",
}
_FIELD_ALIASES: dict[str, str] = {
    **{f: f for f in FIELDS}, **{ja: f for f, ja in FIELD_LABEL_JA.items()},
    "address1": "address", "住所1": "address", "住所2": "address2", "建物名": "address2", "postal": "postal_code",
    "郵便": "postal_code", "印字用氏名": "name", "宛名": "name",
}
FINGERPRINT_PREFIX = "fp1:"
_FP_HEX = 16
#: Source of a decision that came from ``--name-overrides`` rather than the decisions file.
SOURCE_OVERRIDES = "name-overrides"

State = Literal["applied", "stale", "conflict", "not_applicable", "superseded"]

# CP932 and Unicode disagree on a few characters (WAVE DASH 〜 vs FULLWIDTH TILDE ～ …): the same register
# exported in another encoding must give the same fingerprint, so each pair is read as one character.
_UNIFY: dict[str, str] = {
    "\u301c": "\uff5e", "\u2016": "\u2225", "\u2212": "\uff0d", "\u00a2": "\uffe0", "\u00a3": "\uffe1",
    "\u00ac": "\uffe2", "\u2014": "\u2015", "\u00a6": "\uffe4",
}
_FULL_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision: a line of the decisions file (``line`` 0 for one made from ``--name-overrides``)."""

    id: str
    fingerprint: str
    action: str
    field: str = ""
    value: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_at: str = ""
    line: int = 0
    source: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What the decision says (action, field, value): two equal keys are one decision written twice."""
        return self.action, self.field, self.value

    def label_ja(self, *, reason: bool = True) -> str:
        """A short Japanese description, e.g. ``訂正(住所)`` or ``対象外(転出)`` (never the value: it may be
        personal; without the *reason*, free text that may be, for messages)."""
        label = ACTION_LABEL_JA[self.action]
        if self.action == "correct":
            return f"{label}({FIELD_LABEL_JA[self.field]})"
        if self.action == "not_duplicate":
            return f"{label}({self.value})"
        if self.action in ("exclude", "hold") and self.reason and reason:
            return f"{label}({self.reason})"
        return label


@dataclass(frozen=True)
class DecisionsFile:
    """A decisions file read into memory: its decisions, its name and SHA-256 (recorded in the manifest)."""

    file: str
    sha256: str
    bytes: int
    decisions: tuple[Decision, ...]
    encoding: str = "utf-8-sig"


@dataclass(frozen=True, slots=True)
class Problem:
    """A decision that was not applied: stale, unknown id, conflicting. Ids and line numbers only."""

    kind: Literal["stale", "unknown", "conflict", "not_applicable"]
    id: str
    lines: tuple[int, ...]
    detail: str = ""
    register_line: int | None = None

    def render(self) -> str:
        where = ", ".join(str(n) for n in self.lines if n) or "--name-overrides"
        reg = f" (register line {self.register_line})" if self.register_line else ""
        text = {"stale": "stale (名簿が変わった: the row changed since the decision)",
                "unknown": "unknown id (名簿にない宛名番号)",
                "conflict": "conflicting (判断の食い違い)",
                "not_applicable": "not applicable (適用できない)"}[self.kind]
        return f"line {where}: id {self.id}{reg}: {text}" + (f": {self.detail}" if self.detail else "")


@dataclass
class Plan:
    """Decisions evaluated against a register: what applies to which row, and what does not."""

    fresh: dict[str, list[Decision]] = field(default_factory=dict)  # id -> decisions to apply
    stale: dict[str, list[Decision]] = field(default_factory=dict)  # id -> stale decisions
    conflicts: dict[str, list[Decision]] = field(default_factory=dict)  # id -> decisions of a conflicting row
    unknown: list[Decision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_decisions(self) -> bool:
        return bool(self.fresh or self.stale or self.conflicts or self.unknown)


# --- canonical values and fingerprints -------------------------------------------------------------------


def canonical_action(text: str) -> str | None:
    """The action for a cell (English or Japanese), or None when it is not one."""
    return _ACTION_ALIASES.get(_fold_key(text))


def canonical_field(text: str) -> str | None:
    """The field for a cell (English or Japanese), or None when it is not one."""
    return _FIELD_ALIASES.get(_fold_key(text))


def _fold_key(text: str) -> str:
    from addrjp.text.width import fold_width

    return "".join(fold_width(text or "").split()).lower()


def _canon_expr(column: str) -> pl.Expr:
    return (pl.col(column).cast(pl.String).fill_null("")
            .str.replace_many(list(_UNIFY), list(_UNIFY.values()))
            .str.replace_all(r"\s+", " ").str.strip_chars(" "))


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _birthdate_canon(values: Sequence[str]) -> list[str]:
    """Each birthdate as ISO when it is a date (昭和24年9月16日 → 1949-09-16), else as written. A value already
    of the ISO form stays as it is (a real date is its own ISO form; a false one stays as written anyway)."""
    from addrjp.mailing.select import parse_birthdate

    out = []
    for v in values:
        if not v or _ISO_DATE.fullmatch(v):
            out.append(v)
            continue
        d = parse_birthdate(v)
        out.append(d.isoformat() if d else v)
    return out


def fingerprints(frame: pl.DataFrame) -> pl.Series:
    """The fingerprint (照合値) of every row of a register frame (canonical input columns, as read).

    All input columns that influence the result take part: id, name, postal code (its digits), address,
    address2, birthdate (as a date when it is one). Whitespace runs count as one space, ends are trimmed,
    and the characters CP932 and Unicode map differently count as one, so that the same register exported
    again in another encoding has the same fingerprints.
    """
    def cell(c: str) -> pl.Expr:
        return pl.col(c).cast(pl.String).fill_null("") if c in frame.columns else pl.lit("")

    # the postal code's digits: the canonical form (_canon_expr) changes only characters that are no digit
    # (the pairs of _UNIFY, whitespace), which the digits drop anyway, so it is not made for this column
    postal = (cell("postal_code").str.replace_many(list(_FULL_DIGITS), list(_FULL_DIGITS.values()))
              .str.replace_all(r"[^0-9]", ""))
    canon = frame.select(*[(_canon_expr(c) if c in frame.columns else pl.lit("")).alias(c)
                           for c in ("id", "name", "address", "address2")],
                         postal.alias("postal_code"), cell("birthdate").alias("_raw_bd"))
    # each distinct birthdate as written read once: its canonical form, then its date (as _birthdate_canon)
    distinct = canon.select(pl.col("_raw_bd").unique())
    distinct = distinct.with_columns(_canon_expr("_raw_bd").alias("_cbd"))
    bd = distinct.with_columns(pl.Series("_bd", _birthdate_canon(distinct["_cbd"].to_list()), dtype=pl.String))
    canon = canon.join(bd.select("_raw_bd", "_bd"), on="_raw_bd", how="left", maintain_order="left")
    # the UTF-8 bytes of each joined text straight from polars (a Binary cast is the text's UTF-8): no str.encode
    joined = canon.select(pl.concat_str([pl.lit("fp1"), "id", "name", "postal_code", "address", "address2", "_bd"],
                                        separator="\x1f").cast(pl.Binary)).to_series().to_list()
    sha256 = hashlib.sha256
    digests = pl.Series("fingerprint", [sha256(b).hexdigest() for b in joined], dtype=pl.String)
    return pl.select(pl.lit(FINGERPRINT_PREFIX) + digests.str.slice(0, _FP_HEX)).to_series().alias("fingerprint")


#: Up to this many rows the review page embeds every row, each with its fingerprint; above, only the rows it
#: draws first (held, review, decided, and the partners of duplicates) — the others get none.
PAGE_ALL_ROWS = 200_000


def page_rows(frame: pl.DataFrame) -> pl.Expr:
    """The rows the review page draws first: held and review rows, rows with decisions, duplicate partners."""
    flagged = pl.col("status").is_in(["review", "hold"])
    decided = (pl.col("decisions") != "") if "decisions" in frame.columns else pl.lit(False)
    partners = set(frame.filter(flagged)["duplicate_of"].to_list()) - {""}
    flagged_ids = frame.filter(flagged)["id"].to_list()
    return flagged | decided | pl.col("id").is_in(list(partners)) | pl.col("duplicate_of").is_in(flagged_ids)


def page_candidates(reps: set[str]) -> pl.Expr:
    """Rows the review page of a run over more than :data:`PAGE_ALL_ROWS` rows may draw first, known row by
    row: a superset of :func:`page_rows` (held, review, decided, and the rows of duplicate pairs: *reps* are
    the ids some row is a duplicate of). ``page_rows`` of just these rows is ``page_rows`` of all."""
    return (pl.col("status").is_in(["review", "hold"]) | (pl.col("decisions") != "")
            | (pl.col("duplicate_of").fill_null("") != "") | pl.col("id").is_in(list(reps)))


def page_fingerprints(frame: pl.DataFrame) -> pl.Series:
    """Fingerprints for the rows the review page embeds (all up to :data:`PAGE_ALL_ROWS`, else the first
    drawn), empty for the others; *frame* holds the input columns as read and the run's status."""
    if frame.height <= PAGE_ALL_ROWS:
        return fingerprints(frame)
    return fingerprints_where(frame, frame.select(page_rows(frame)).to_series())


def fingerprints_where(frame: pl.DataFrame, mask: pl.Series) -> pl.Series:
    """Fingerprints of the rows where *mask* is true, empty elsewhere."""
    if mask.all():
        return fingerprints(frame)
    indexed = frame.with_row_index("_row_fp")
    sub = indexed.filter(mask)
    part = pl.DataFrame({"_row_fp": sub["_row_fp"], "fingerprint": fingerprints(sub)})
    return (indexed.select("_row_fp").join(part, on="_row_fp", how="left", maintain_order="left")["fingerprint"]
            .fill_null("").alias("fingerprint"))


def fingerprint_of(row: Mapping[str, str]) -> str:
    """The fingerprint of one input row given as a mapping of the canonical columns; a value longer than
    :data:`~addrjp.text.limits.MAX_FIELD_CHARS` (a register cell's limit) is an :class:`InputError`."""
    from addrjp.text.limits import MAX_FIELD_CHARS, check_text

    for c in ("id", "name", "postal_code", "address", "address2", "birthdate"):
        check_text(row.get(c), c, MAX_FIELD_CHARS)
    frame = pl.DataFrame({c: [row.get(c) or ""] for c in ("id", "name", "postal_code", "address", "address2",
                                                          "birthdate")}, schema=dict.fromkeys(
        ("id", "name", "postal_code", "address", "address2", "birthdate"), pl.String))
    return str(fingerprints(frame)[0])


# --- reading and writing the file ------------------------------------------------------------------------


def _header_column(cell: str) -> str | None:
    """The column a header cell names: ``宛名番号``, ``id``, ``宛名番号(id)`` or ``宛名番号 (id)``."""
    key = _fold_key(cell.lstrip("\ufeff"))
    for col, aliases in _HEADER_ALIASES.items():
        names = {_fold_key(a) for a in aliases}
        if key in names or key in {f"{_fold_key(HEADER_JA[col])}({col})"}:
            return col
        if "(" in key and key.endswith(")"):
            before, _, inside = key[:-1].partition("(")
            if before in names or inside in names:
                return col
    return None


def _decode(data: bytes, file: str) -> tuple[str, str]:
    from addrjp.mailing.reader import decode_bytes

    return decode_bytes(data, encoding=None, file=file)


def is_decisions_data(data: bytes) -> bool:
    """Whether *data* is a decisions file: its first line names the fingerprint and action columns.

    >>> is_decisions_data(decisions_bytes([]))
    True
    >>> is_decisions_data(b"id,postal_code,address1,address2,name,barcode\\r\\n")
    False
    """
    head = data[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    for enc in ("utf-8", "cp932"):
        try:
            line = first.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return False
    cols = {_header_column(c) for c in cells}
    return {"fingerprint", "action"} <= cols


def parse_decisions(data: bytes, *, file: str) -> DecisionsFile:
    """Read a decisions file's bytes; InputError (file, line, column, what to do) for anything wrong."""
    from addrjp.mailing.writer import restore_cell

    text, enc = _decode(data, file)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows)
    except StopIteration:
        raise InputError("the decisions file is empty (判断記録が空です)", file=file,
                         hint="save it again from the review page (判断記録を保存)") from None
    except csv.Error:
        raise InputError("the header line is not valid CSV", file=file, line=1) from None
    cols: dict[str, int] = {}
    for i, head in enumerate(header):
        col = _header_column(head)
        if col and col not in cols:
            cols[col] = i
    missing = [HEADER[COLUMNS.index(c)] for c in ("id", "fingerprint", "action") if c not in cols]
    if missing:
        raise InputError(f"not a decisions file: the header lacks {', '.join(missing)}", file=file, line=1,
                         hint="the first line must be: " + ",".join(HEADER))
    decisions: list[Decision] = []
    line = 1
    try:
        for row in rows:
            line = rows.line_num
            if not any(c.strip() for c in row):
                continue

            def cell(col: str, row: list[str] = row) -> str:
                i = cols.get(col)
                return restore_cell(row[i].strip()) if i is not None and i < len(row) else ""

            decisions.append(_decision(cell, file=file, line=line))
    except csv.Error:
        raise InputError("the line is not valid CSV (a quote \" opened and not closed)", file=file,
                         line=line + 1, hint="check the quotes on this line; in Excel, save it again as CSV") from None
    digest = hashlib.sha256(data).hexdigest()
    return DecisionsFile(file=file, sha256=digest, bytes=len(data), decisions=tuple(decisions), encoding=enc)


def _decision(cell: Any, *, file: str, line: int) -> Decision:
    rid = cell("id")
    where: dict[str, Any] = {"file": file, "line": line}
    if not rid:
        raise InputError("a decision without an id (宛名番号がありません)", column=HEADER[0], **where)
    raw_action = cell("action")
    action = canonical_action(raw_action)
    if action is None:
        raise InputError("unknown action (判断): use approve/承認, correct/訂正, not_duplicate/別人, "
                         "exclude/対象外 or hold/保留", column=HEADER[2], **where)
    fp = cell("fingerprint")
    if not (fp.startswith(FINGERPRINT_PREFIX) and len(fp) == len(FINGERPRINT_PREFIX) + _FP_HEX
            and all(c in "0123456789abcdef" for c in fp[len(FINGERPRINT_PREFIX):])):
        raise InputError("the fingerprint (照合値) is missing or not of the form fp1:xxxxxxxxxxxxxxxx",
                         column=HEADER[1], hint="make decisions in the review page (report.html), which "
                         "fills it in; it ties the decision to the row it was made on", **where)
    fld, value = cell("field"), cell("value")
    if action == "correct":
        canon = canonical_field(fld)
        if canon is None:
            raise InputError("a correction needs the field (項目): address/住所, address2/方書, "
                             "postal_code/郵便番号 or name/氏名", column=HEADER[3], **where)
        fld = canon
        if not value and canon != "address2":
            raise InputError("a correction needs the corrected value (値)", column=HEADER[4], **where)
        from addrjp.mailing.schema import MAX_FIELD_CHARS

        if len(value) > MAX_FIELD_CHARS or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
            raise InputError("the corrected value has control characters or is too long", column=HEADER[4],
                             **where)
    elif action == "not_duplicate":
        if not value:
            raise InputError("'not the same person' needs the other row's id in the value (値)",
                             column=HEADER[4], **where)
        if value == rid:
            raise InputError("'not the same person' names the row itself", column=HEADER[4], **where)
        fld = ""
    else:
        fld, value = "", ("" if action != "exclude" else value)
    reason = cell("reason")
    if action == "exclude" and not reason:
        raise InputError("an exclusion needs a reason (理由), e.g. 亡くなった, 転出, 施設入所, 辞退",
                         column=HEADER[5], **where)
    return Decision(id=rid, fingerprint=fp, action=action, field=fld, value=value, reason=reason,
                    decided_by=cell("decided_by"), decided_at=cell("decided_at"), line=line)


@lru_cache(maxsize=8)
def _load_cached(path: str, size: int, mtime_ns: int) -> DecisionsFile:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the decisions file ({exc.strerror})", file=path) from None
    return dataclasses.replace(parse_decisions(data, file=path), file=path)


def read_decisions(path: str | os.PathLike[str]) -> DecisionsFile:
    """Read a decisions file (UTF-8 with or without BOM, or CP932 as Excel saves it)."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such decisions file", file=str(path), hint="check the path")
    st = p.stat()
    return _load_cached(str(p), st.st_size, st.st_mtime_ns)


def decisions_bytes(decisions: Iterable[Decision]) -> bytes:
    """A decisions file as the review page writes it: UTF-8 with BOM, CRLF, cells neutralised for Excel."""
    from addrjp.mailing.writer import neutralise_cell

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for d in decisions:
        w.writerow([neutralise_cell(getattr(d, c)) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def overrides_as_decisions(path: str | None) -> list[Decision]:
    """``--name-overrides`` (id → printable name) as name corrections (no fingerprint: always applied)."""
    if not path:
        return []
    from addrjp.quality.names import load_name_overrides

    return [Decision(id=rid, fingerprint="", action="correct", field="name", value=name,
                     decided_by=SOURCE_OVERRIDES, source=SOURCE_OVERRIDES)
            for rid, name in load_name_overrides(path).items()]


# --- evaluating against a register -----------------------------------------------------------------------


def _conflict(decisions: Sequence[Decision], known: Mapping[str, str]) -> str:
    """Why the decisions of one row conflict ('' when they do not)."""
    actions = sorted({d.action for d in decisions if d.action in ("approve", "exclude", "hold")},
                     key=ACTIONS.index)
    if len(actions) > 1:
        return "two actions: " + ", ".join(actions)
    if "exclude" in actions and any(d.action == "correct" and not d.source for d in decisions):
        return "exclude and correct together"
    fields: dict[str, str] = {}
    for d in decisions:
        if d.action == "correct":
            if d.field in fields and fields[d.field] != d.value:
                return f"{d.field} corrected twice with different values"
            fields[d.field] = d.value
    for d in decisions:
        if d.action == "not_duplicate" and d.value not in known:
            return f"'not the same person' names an id not in the register ({d.value})"
    return ""


def evaluate(decisions: Iterable[Decision], current: Mapping[str, str],
             lines: Mapping[str, int] | None = None) -> Plan:
    """Check *decisions* against the register's fingerprints (*current*: id → fingerprint).

    A decision whose fingerprint differs is stale (a name-override has none and is never stale); an id the
    register lacks is unknown; conflicting decisions of one row are all withheld. The same decision written
    twice counts once.
    """
    lines = lines or {}
    plan = Plan()
    by_id: dict[str, list[Decision]] = {}
    for d in decisions:
        if d.id not in current:
            plan.unknown.append(d)
            plan.problems.append(Problem("unknown", d.id, (d.line,), d.label_ja(reason=False)))
            continue
        group = by_id.setdefault(d.id, [])
        if not any(g.key == d.key and (g.fingerprint == d.fingerprint or not d.fingerprint) for g in group):
            group.append(d)
    for rid, group in by_id.items():
        fresh = [d for d in group if not d.fingerprint or d.fingerprint == current[rid]]
        stale = [d for d in group if d not in fresh]
        if stale:
            plan.stale[rid] = stale
            note = "superseded by a newer decision" if any(d.fingerprint for d in fresh) else ""
            plan.problems.append(Problem("stale", rid, tuple(d.line for d in stale),
                                         "; ".join(x for x in (", ".join(d.label_ja(reason=False) for d in stale), note) if x),
                                         lines.get(rid)))
        if not fresh:
            continue
        why = _conflict(fresh, current)
        if why:
            plan.conflicts[rid] = fresh
            plan.problems.append(Problem("conflict", rid, tuple(sorted(d.line for d in fresh)), why, lines.get(rid)))
        else:
            plan.fresh[rid] = fresh
    order = {"stale": 0, "conflict": 1, "unknown": 2, "not_applicable": 3}
    plan.problems.sort(key=lambda p: (order[p.kind], min((n for n in p.lines if n), default=0), p.id))
    return plan


def check_against_register(decisions: DecisionsFile | str | os.PathLike[str], register: pl.DataFrame) -> Plan:
    """``addrjp decisions check``: the decisions of a file (read, or its path) evaluated against a register
    frame, without a run."""
    dfile = decisions if isinstance(decisions, DecisionsFile) else read_decisions(decisions)
    fps = fingerprints(register)
    current = dict(zip(register["id"].to_list(), fps.to_list(), strict=True))
    lines = dict(zip(register["id"].to_list(), register["_line"].to_list(), strict=True)) \
        if "_line" in register.columns else {}
    return evaluate(dfile.decisions, current, lines)


# --- applying to a run (the hook of addrjp.mailing.pipeline.clean_frame) -------------------------------


def _bit(code: str) -> int:
    from addrjp.mailing.pipeline import CODE_BIT

    return 1 << CODE_BIT[code]


#: Warnings that come with a changed value (a confident fuzzy town, a folded variant kanji): once a person
#: approves them the row is ``fixed`` (a correction now certain); other approved warnings leave it ``ok``.
CORRECTING_WARNINGS: tuple[str, ...] = ("address.town_unknown", "name.variant_folded")


def _correcting_bits() -> int:
    bits = 0
    for code in CORRECTING_WARNINGS:
        bits |= _bit(code)
    return bits


_RANK = {"warning": SEVERITY_RANK["warning"], "error": SEVERITY_RANK["error"],
         "excluded": SEVERITY_RANK["excluded"]}
_INPUT_FIELDS = ("address", "address2", "postal_code")


class RunDecisions:
    """The decisions of one cleansing run: read once, applied to the input, the duplicates and the statuses.

    The pipeline (:class:`addrjp.mailing.pipeline.CleanRun`) calls :meth:`evaluate` on the rows the decisions
    name (fingerprints: stale, unknown, conflicting), :meth:`apply` on each chunk of the input (corrections,
    exclusions, the ``v_*`` finding columns), :meth:`clear_pairs` on the duplicates part, and :meth:`finish`
    on the combined frame (approvals, the ``description`` and ``decisions`` columns).
    """

    def __init__(self, decisions: Sequence[Decision], dfile: DecisionsFile | None = None) -> None:
        self.decisions = list(decisions)
        self.file = dfile
        self.plan = Plan()
        self.pairs: set[frozenset[str]] = set()
        self.known_ids: set[str] = set()  # of the ids the decisions name, those the register has
        self._part: pl.DataFrame | None = None

    @classmethod
    def for_run(cls, decisions_path: str | None, name_overrides: str | None) -> RunDecisions:
        dfile = read_decisions(decisions_path) if decisions_path else None
        return cls([*(dfile.decisions if dfile else ()), *overrides_as_decisions(name_overrides)], dfile)

    def named_ids(self) -> set[str]:
        """The ids the decisions name: their own, and the other row of each "not the same person"."""
        return {d.id for d in self.decisions} | {d.value for d in self.decisions if d.action == "not_duplicate"}

    def evaluate(self, sub: pl.DataFrame) -> None:
        """The plan, from the register's rows the decisions name (*sub*: every such row, as read, with
        ``_line``; a register read in chunks gathers them first)."""
        ids = sub["id"].to_list()
        self.known_ids = set(ids)
        self.plan = evaluate(self.decisions, dict(zip(ids, fingerprints(sub).to_list(), strict=True)),
                             dict(zip(ids, sub["_line"].to_list(), strict=True)))
        rows: dict[str, dict[str, Any]] = {}

        def row(rid: str) -> dict[str, Any]:
            return rows.setdefault(rid, {"id": rid, "v_mask": 0, "v_rank": -1, "v_fixed": False, "_override": None,
                                         "_exclude": False, **{f"_new_{f}": None for f in _INPUT_FIELDS}})

        def mark(rid: str, code: str, rank: int = -1, fixed: bool = False) -> None:
            r = row(rid)
            r["v_mask"] |= _bit(code)
            r["v_rank"] = max(r["v_rank"], rank)
            r["v_fixed"] = r["v_fixed"] or fixed

        for rid in self.plan.stale:
            if rid not in self.plan.fresh and rid not in self.plan.conflicts:
                mark(rid, "decision.stale", _RANK["warning"])
        for rid in self.plan.conflicts:
            mark(rid, "decision.conflict", _RANK["error"])
        for rid, group in self.plan.fresh.items():
            for d in group:
                if d.action == "correct":
                    mark(rid, "decision.corrected", fixed=True)
                    if d.field == "name":
                        row(rid)["_override"] = d.value
                    else:
                        row(rid)[f"_new_{d.field}"] = d.value
                elif d.action == "exclude":
                    mark(rid, "decision.excluded", _RANK["excluded"])
                    row(rid)["_exclude"] = True
                elif d.action == "hold":
                    mark(rid, "decision.held", _RANK["error"])
                elif d.action == "approve":
                    mark(rid, "decision.approved")
                elif d.action == "not_duplicate":
                    mark(rid, "decision.not_duplicate")
                    mark(d.value, "decision.not_duplicate")
                    self.pairs.add(frozenset((rid, d.value)))
        schema: dict[str, Any] = {"id": pl.String, "v_mask": pl.UInt64, "v_rank": pl.Int8, "v_fixed": pl.Boolean,
                                  "_override": pl.String, "_exclude": pl.Boolean,
                                  **{f"_new_{f}": pl.String for f in _INPUT_FIELDS}}
        self._part = (pl.DataFrame(list(rows.values()), schema=schema, orient="row") if rows
                      else pl.DataFrame(schema=schema))

    def apply(self, base: pl.DataFrame) -> pl.DataFrame:
        """The plan applied to rows of the register (all of them, or a chunk): see :meth:`prepare`."""
        n = base.height
        if not self.decisions:
            return base.with_columns(
                pl.lit(None, pl.String).alias("_override"),
                pl.zeros(n, pl.UInt64, eager=True).alias("v_mask"),
                pl.repeat(-1, n, dtype=pl.Int8, eager=True).alias("v_rank"),
                pl.repeat(False, n, dtype=pl.Boolean, eager=True).alias("v_fixed"),
            )
        part = self._part
        if part is None:
            raise RuntimeError("the decisions are applied once evaluated against the register")
        out = base.join(part, on="id", how="left", maintain_order="left")
        excluded = pl.col("_exclude").fill_null(False)
        out = out.with_columns(
            *[pl.col(f).alias(f"_orig_{f}") for f in _INPUT_FIELDS],
        ).with_columns(
            *[pl.coalesce(f"_new_{f}", f).alias(f) for f in _INPUT_FIELDS],
            pl.col("v_mask").fill_null(0), pl.col("v_rank").fill_null(-1), pl.col("v_fixed").fill_null(False),
            pl.when(excluded).then(pl.lit(_RANK["excluded"], pl.Int8)).otherwise("s_rank").alias("s_rank"),
        )
        return out.drop("_exclude", *[f"_new_{f}" for f in _INPUT_FIELDS])

    # the duplicates
    def clear_pairs(self, ids: pl.Series, dup: pl.DataFrame) -> pl.DataFrame:
        """The duplicates part (``d_mask``, ``d_rank``, ``duplicate_of``…) with the pairs a person declared
        to be two people no longer duplicates of each other."""
        if not self.pairs:
            return dup
        dup_bits = _bit("duplicate.exact") | _bit("duplicate.probable")
        pair_rows = [frozenset((a, b)) in self.pairs for a, b in zip(ids.to_list(), dup["duplicate_of"].to_list(),
                                                                    strict=True)]
        hit = pl.Series("_hit", pair_rows, dtype=pl.Boolean)
        mask = pl.col("d_mask").cast(pl.UInt64)
        rank = (pl.when((mask & _bit("select.household_joint")) > 0).then(pl.lit(_RANK["excluded"], pl.Int8))
                .when((mask & _bit("returned.previous")) > 0).then(pl.lit(_RANK["warning"], pl.Int8))
                .otherwise(pl.lit(-1, pl.Int8)))
        cleared = mask & pl.lit(~dup_bits & (2**64 - 1), pl.UInt64)
        return dup.with_columns(hit).with_columns(
            d_mask=pl.when("_hit").then(cleared).otherwise(mask),
            duplicate_of=pl.when("_hit").then(pl.lit("")).otherwise("duplicate_of"),
        ).with_columns(
            d_rank=pl.when("_hit").then(rank.cast(pl.Int8)).otherwise(pl.col("d_rank"))
        ).drop("_hit")

    # the statuses and the columns for findings.csv and the page
    def finish(self, frame: pl.DataFrame, *, with_fingerprints: bool = True) -> pl.DataFrame:
        """Approvals lift ``review`` to ``fixed`` (when a value was changed: see :data:`CORRECTING_WARNINGS`) or
        ``ok``, the warnings staying listed; an approval of a row that
        is held or excluded is not applicable. Adds ``description`` (Japanese, with who and when) and
        ``decisions`` (JSON for the review page); the input columns get their register values back."""
        from addrjp.mailing.pipeline import codes_of_mask

        if "_orig_address" in frame.columns:
            frame = frame.with_columns(*[pl.col(f"_orig_{f}").alias(f) for f in _INPUT_FIELDS])
        approved_ids = {rid for rid, g in self.plan.fresh.items() if any(d.action == "approve" for d in g)}
        not_applicable: set[str] = set()
        if approved_ids:
            approved = pl.col("id").is_in(list(approved_ids))
            lift = approved & (pl.col("status") == "review")
            blocked = approved & pl.col("status").is_in(["hold", "excluded"])
            not_applicable = set(frame.filter(blocked)["id"].to_list())
            corrected = pl.col("any_fixed") | ((pl.col("mask") & pl.lit(_correcting_bits(), pl.UInt64)) > 0)
            frame = frame.with_columns(
                status=pl.when(lift).then(pl.when(corrected).then(pl.lit("fixed")).otherwise(pl.lit("ok")))
                .otherwise("status"),
                mask=pl.when(blocked).then(pl.col("mask") & pl.lit(~_bit("decision.approved") & (2**64 - 1), pl.UInt64))
                .otherwise("mask"),
            )
            if not_applicable:
                frame = frame.drop("findings")
                distinct = frame["mask"].unique().to_list()
                texts = pl.DataFrame({"mask": distinct, "findings": [codes_of_mask(m) for m in distinct]},
                                     schema={"mask": pl.UInt64, "findings": pl.String})
                frame = frame.join(texts, on="mask", how="left", maintain_order="left")
                for rid in sorted(not_applicable):
                    lines = tuple(d.line for d in self.plan.fresh[rid] if d.action == "approve")
                    self.plan.problems.append(Problem("not_applicable", rid, lines,
                                                      "approve on a row that is held or excluded: correct it or "
                                                      "mark it not the same person instead"))
        frame = frame.with_columns(description=_descriptions(frame, self.plan))
        frame = frame.with_columns(decisions=self._decisions_json(frame["id"], not_applicable))
        if not with_fingerprints:  # a run in chunks gives them to the rows the review page embeds, at the end
            return frame.with_columns(fingerprint=pl.lit("", pl.String))
        return frame.with_columns(fingerprint=page_fingerprints(frame))

    def _decisions_json(self, ids: pl.Series, not_applicable: set[str]) -> pl.Series:
        per_row: dict[str, list[dict[str, Any]]] = {}
        for rid, group in self.plan.conflicts.items():
            per_row.setdefault(rid, []).extend(_item(d, "conflict") for d in group)
        for rid, group in self.plan.fresh.items():
            for d in group:
                state: State = "not_applicable" if d.action == "approve" and rid in not_applicable else "applied"
                per_row.setdefault(rid, []).append(_item(d, state))
                if d.action == "not_duplicate":  # shown on the other row too, marked as recorded there
                    per_row.setdefault(d.value, []).append({**_item(d, "applied"), "v": rid, "x": 1})
        for rid, group in self.plan.stale.items():
            superseded = rid in self.plan.fresh or rid in self.plan.conflicts
            per_row.setdefault(rid, []).extend(_item(d, "superseded" if superseded else "stale") for d in group)
        by_id = {rid: json.dumps(items, ensure_ascii=False, separators=(",", ":")) for rid, items in per_row.items()}
        if not by_id:
            return pl.repeat("", ids.len(), dtype=pl.String, eager=True).alias("decisions")
        part = pl.DataFrame({"id": list(by_id), "decisions": list(by_id.values())},
                            schema={"id": pl.String, "decisions": pl.String})
        return ids.to_frame("id").join(part, on="id", how="left", maintain_order="left")["decisions"].fill_null("")


def _item(d: Decision, state: State) -> dict[str, Any]:
    item: dict[str, Any] = {"a": d.action, "p": d.fingerprint, "s": state, "l": d.line}
    for key, value in (("f", d.field), ("v", d.value), ("r", d.reason), ("b", d.decided_by), ("t", d.decided_at),
                       ("o", d.source)):
        if value:
            item[key] = value
    return item


def _note(d: Decision, *, short: bool = False) -> str:
    """Who decided what and when, for the description; *short* leaves out what the message already says."""
    what = d.label_ja()
    if short:
        what = {"approve": "", "correct": FIELD_LABEL_JA.get(d.field, ""), "not_duplicate": f"{d.value}と別人",
                "exclude": d.reason, "hold": d.reason}[d.action]
    return "・".join(p for p in (what, d.decided_by, d.decided_at) if p)


def _descriptions(frame: pl.DataFrame, plan: Plan) -> pl.Series:
    """The ``description`` column: each finding's Japanese message, decisions with who and when."""
    distinct = frame["findings"].unique().to_list()
    texts = {codes: "／".join(CATALOGUE[c].message_ja for c in codes.split(";") if c in CATALOGUE)
             for codes in distinct}
    base = pl.DataFrame({"findings": distinct, "description": [texts[c] for c in distinct]},
                        schema={"findings": pl.String, "description": pl.String})
    out = frame.select("id", "findings").join(base, on="findings", how="left", maintain_order="left")
    involved = set(plan.fresh) | set(plan.stale) | set(plan.conflicts)
    for rid in {d.value for g in plan.fresh.values() for d in g if d.action == "not_duplicate"}:
        involved.add(rid)
    if not involved:
        return out["description"].fill_null("")
    partners: dict[str, list[Decision]] = {}
    for g in plan.fresh.values():
        for d in g:
            if d.action == "not_duplicate":
                partners.setdefault(d.value, []).append(d)
    sub = out.filter(pl.col("id").is_in(list(involved)))
    notes: dict[str, str] = {}
    for rid, codes in sub.select("id", "findings").iter_rows():
        items = []
        for c in codes.split(";") if codes else ():
            text = CATALOGUE[c].message_ja
            extra: list[Decision] = []
            if c == "decision.stale":
                extra = plan.stale.get(rid, [])
                text += "（以前の判断: " + "、".join(_note(d) for d in extra) + "）" if extra else ""
            elif c == "decision.conflict":
                extra = plan.conflicts.get(rid, [])
                text += "（" + "、".join(_note(d) for d in extra) + "）" if extra else ""
            elif c.startswith("decision."):
                action = {"decision.approved": "approve", "decision.corrected": "correct",
                          "decision.not_duplicate": "not_duplicate", "decision.excluded": "exclude",
                          "decision.held": "hold"}[c]
                extra = [d for d in plan.fresh.get(rid, []) if d.action == action]
                if c == "decision.not_duplicate":
                    extra += [dataclasses.replace(d, value=d.id) for d in partners.get(rid, [])]
                text += "（" + "、".join(_note(d, short=True) for d in extra) + "）" if extra else ""
            items.append(text)
        notes[rid] = "／".join(items)
    part = pl.DataFrame({"id": list(notes), "_note": list(notes.values())}, schema={"id": pl.String, "_note": pl.String})
    return out.join(part, on="id", how="left", maintain_order="left").select(
        pl.coalesce("_note", "description").fill_null("")).to_series().alias("description")


# --- the run's summary (manifest, report) ----------------------------------------------------------------


def run_summary(result: pl.DataFrame, decisions_path: str | None) -> dict[str, Any]:
    """Counts for the manifest from a cleansed frame: decisions applied by kind, stale, unknown, conflicting,
    not applicable, and review and held rows that no decision covers. Counts only: no id, no name."""
    summary = RunSummary()
    summary.add(result)
    unknown = unknown_decisions(result, decisions_path)
    return summary.counts(len(unknown))


class RunSummary:
    """:func:`run_summary` over a cleansed frame given in parts (:meth:`add`); the unknown ids are counted
    by the caller, who knows every id of the register."""

    def __init__(self) -> None:
        self._applied = dict.fromkeys(ACTIONS, 0)
        self._counts: dict[str, int] = {"name_overrides": 0, "stale": 0, "conflicting": 0, "not_applicable": 0,
                                        "review_without_decision": 0, "hold_without_decision": 0}

    def add(self, result: pl.DataFrame) -> None:
        counts, applied = self._counts, self._applied
        has = "decisions" in result.columns
        decided = pl.col("decisions").str.contains('"s":"applied"') if has else pl.lit(False)
        if has:
            for text in result.filter(pl.col("decisions") != "")["decisions"].to_list():
                for item in json.loads(text):
                    state = item["s"]
                    if item.get("x"):
                        continue  # a "not the same person" recorded on the other row: counted there
                    if state == "applied":
                        if item.get("o") == SOURCE_OVERRIDES:
                            counts["name_overrides"] += 1
                        else:
                            applied[item["a"]] += 1
                    elif state in ("stale", "superseded"):
                        counts["stale"] += 1
                    elif state == "conflict":
                        counts["conflicting"] += 1
                    elif state == "not_applicable":
                        counts["not_applicable"] += 1
        flagged = result.select(
            review=((pl.col("status") == "review") & ~decided).sum(),
            hold=((pl.col("status") == "hold") & ~decided).sum(),
        ).row(0, named=True)
        counts["review_without_decision"] += int(flagged["review"])
        counts["hold_without_decision"] += int(flagged["hold"])

    def counts(self, unknown: int) -> dict[str, Any]:
        c = self._counts
        return {"applied": dict(self._applied), "name_overrides": c["name_overrides"], "stale": c["stale"],
                "unknown": unknown, "conflicting": c["conflicting"], "not_applicable": c["not_applicable"],
                "review_without_decision": c["review_without_decision"],
                "hold_without_decision": c["hold_without_decision"]}


def unknown_decisions(result: pl.DataFrame, decisions_path: str | None) -> list[Decision]:
    """The decisions of the file whose id the run's register does not have (listed by the report)."""
    if not decisions_path:
        return []
    known = set(result["id"].to_list())
    return [d for d in read_decisions(decisions_path).decisions if d.id not in known]


def unknown_of(decisions_path: str | None, known: set[str]) -> list[Decision]:
    """:func:`unknown_decisions` from the ids the register is known to have of those the decisions name."""
    if not decisions_path:
        return []
    return [d for d in read_decisions(decisions_path).decisions if d.id not in known]


def file_info(decisions_path: str | None) -> dict[str, Any] | None:
    """The manifest's record of the decisions file: its name, size and SHA-256, never its contents."""
    if not decisions_path:
        return None
    dfile = read_decisions(decisions_path)
    return {"name": Path(decisions_path).name, "sha256": dfile.sha256, "bytes": dfile.bytes,
            "decisions": len(dfile.decisions)}


__all__ = [
    "ACTIONS",
    "COLUMNS",
    "EXCLUDE_REASONS",
    "FIELDS",
    "HEADER",
    "Decision",
    "DecisionsFile",
    "Plan",
    "Problem",
    "RunDecisions",
    "RunSummary",
    "check_against_register",
    "decisions_bytes",
    "evaluate",
    "file_info",
    "fingerprint_of",
    "fingerprints",
    "fingerprints_where",
    "is_decisions_data",
    "page_candidates",
    "parse_decisions",
    "read_decisions",
    "run_summary",
    "unknown_decisions",
    "unknown_of",
]
