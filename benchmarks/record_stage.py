"""The address stage's recorded outcomes (住所の処理段の記録: what ``clean`` prints for a fixed set of keys).

The address stage (:func:`addrjp.mailing.address_stage._address_outcomes`) gives, for each distinct
(postal code, address, address2) key and the run's options, one row: the findings' mask, rank and whether
it was fixed, the postal code, 住所1/住所2 and the one-line address printed, the town, the suggestion, the
customer barcode and the duplicates' keys. This tool records those rows for a fixed set of keys under three
option sets, in ``tests/support/data/address_stage.jsonl.gz``; ``tests/mailing/test_address_stage_recorded.py``
checks every later tree against them. Any change to a printed address, postal code or barcode of these keys
then shows as a failing test and, with ``--check``, as a list of what changed — to be reviewed and, when
intended, recorded again (``--write``). It is the proof a faster stage (a cheaper path, a compiled core) is
held to: the same row for every key, not a sample's agreement.

The keys (no personal data: all generated or Japan Post's own):

* ``shinjuku``: the distinct keys of a synthetic 新宿区 register (:mod:`benchmarks.synth_register`, 4,000 rows,
  seed 7): the forms a ward's register has and its planted faults (wrong and missing postal codes, old town
  names, kanji numerals, full-width text, buildings and rooms, second lines);
* ``national``: towns all over Japan (:mod:`benchmarks.eval_national`, 600 towns and 300 office addresses,
  seeded) in its forms — full, without the prefecture, the town alone, 丁目 in kanji and digits, variant
  kanji, a designated city's ward alone, Japan Post's office addresses — each with the town's own postal
  code but for the town alone, which has none.

The option sets: ``ward`` (``--area 13104``, horizontal, the defaults), ``vertical`` (no area, the vertical
style, tens numerals) and ``vertical_positional`` (no area, vertical, positional numerals, no prefecture).

Run: ``python3 -m benchmarks.record_stage --check`` (compare, print what differs; exit 1 when anything
does), ``--write`` (record again; say why in the commit).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.recording import record_args, write_record

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "tests" / "support" / "data" / "address_stage.jsonl.gz"
FORMAT = 1

#: The option sets recorded, by name: keyword arguments of :class:`addrjp.mailing.options.Options`.
OPTION_SETS: dict[str, dict[str, Any]] = {
    "ward": {"area": "13104"},
    "vertical": {"area": None, "style": "vertical"},
    "vertical_positional": {"area": None, "style": "vertical", "numerals": "positional", "prefecture": False},
}

#: The fields of a stage row (:data:`addrjp.mailing.address_stage._AddressRow`), in order.
FIELDS = ("mask", "rank", "fixed", "postal_code", "address1", "address2", "address_line", "town", "suggestion",
          "barcode", "address_key", "block_key")

SHINJUKU_ROWS = 4000
SHINJUKU_SEED = 7
NATIONAL_TOWNS = 600
NATIONAL_OFFICES = 300
NATIONAL_SEED = 20261204
NATIONAL_FORMS = ("full", "no_pref", "town_alone", "chome_kanji", "chome_arabic", "variant", "ward_alone",
                  "office_full", "office_no_pref")

Key = tuple[str, str, str]


def shinjuku_keys() -> list[Key]:
    """The distinct keys of the synthetic register, in the register's order."""
    from benchmarks.synth_register import generate

    seen: dict[Key, None] = {}
    for row in generate(SHINJUKU_ROWS, seed=SHINJUKU_SEED).rows:
        seen.setdefault((row[2], row[3], row[4]), None)
    return list(seen)


def national_keys() -> list[Key]:
    """Towns and office addresses all over Japan in eval_national's forms, with the town's own postal code."""
    from addrjp.postal.index import load_index
    from benchmarks import eval_national as nat

    data = nat.load_data()
    rng = random.Random(NATIONAL_SEED)
    towns = rng.sample(list(data.towns), NATIONAL_TOWNS)
    # the office file's rows as eval_national reads them, with each office's own postal code
    offices = rng.sample(load_index().offices.select("pref", "city", "town", "office_address", "code").to_dicts(),
                         NATIONAL_OFFICES)
    forms = set(NATIONAL_FORMS)
    seen: dict[Key, None] = {}
    for town in towns:
        for case in nat.town_cases(data, [town], forms):
            seen.setdefault(("" if case.form == "town_alone" else town.code, case.text, ""), None)
    for case in nat.office_cases(data, offices, forms):
        seen.setdefault((str((case.office or {}).get("code") or ""), case.text, ""), None)
    return list(seen)


def outcomes(keys: Sequence[Key], name: str) -> list[tuple[Any, ...]]:
    """The stage's rows of *keys* under the option set *name*, in a fresh memo's order (one call)."""
    from addrjp.mailing.address_stage import _address_outcomes
    from addrjp.mailing.options import Options

    return [tuple(row) for row in _address_outcomes(list(keys), Options(**OPTION_SETS[name]))]


def _lines(groups: dict[str, list[Key]]) -> Iterator[str]:
    from addrjp import postal_data_info

    info = postal_data_info()
    yield json.dumps({"format": FORMAT, "fields": FIELDS, "options": OPTION_SETS,
                      "postal_data": info.get("data_version"), "made_by": "python3 -m benchmarks.record_stage --write"},
                     ensure_ascii=False)
    for group, keys in groups.items():
        rows = {name: outcomes(keys, name) for name in OPTION_SETS}
        first = next(iter(OPTION_SETS))
        for i, key in enumerate(keys):
            base = rows[first][i]
            # the other sets' rows as the fields where they differ from the first's (most do not)
            rest = {name: {str(j): v for j, v in enumerate(rows[name][i]) if v != base[j]}
                    for name in OPTION_SETS if name != first}
            yield json.dumps({"group": group, "key": key, first: base, **rest}, ensure_ascii=False)


def load(path: Path = RECORD) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The record's header and its entries (each: group, key, and every option set's row as a full tuple)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = json.loads(fh.readline())
        names = list(header["options"])
        entries = []
        for line in fh:
            e = json.loads(line)
            base = tuple(e[names[0]])
            rows = {names[0]: base}
            for name in names[1:]:
                row = list(base)
                for j, v in e.get(name, {}).items():
                    row[int(j)] = v
                rows[name] = tuple(row)
            entries.append({"group": e["group"], "key": tuple(e["key"]), "rows": rows})
    return header, entries


def differences(entries: Sequence[dict[str, Any]], name: str) -> list[tuple[Key, str, Any, Any]]:
    """(key, field, recorded, now) for every field of every key that differs today under option set *name*."""
    keys = [e["key"] for e in entries]
    now = outcomes(keys, name)
    out = []
    for e, row in zip(entries, now, strict=True):
        for f, was, is_ in zip(FIELDS, e["rows"][name], row, strict=True):
            if was != is_:
                out.append((e["key"], f, was, is_))
    return out


def shown(diff: Sequence[tuple[Key, str, Any, Any]], limit: int) -> str:
    """The first *limit* of :func:`differences`, a line each, and how many more there are."""
    lines = [f"  {key}  {field}: {was!r} -> {now!r}" for key, field, was, now in diff[:limit]]
    more = f"\n  … and {len(diff) - limit} more" if len(diff) > limit else ""
    return "\n".join(lines) + more


def main(argv: Sequence[str] | None = None) -> int:
    args = record_args("python3 -m benchmarks.record_stage", __doc__ or "", "outcomes", show=20, argv=argv)
    if args.write:
        groups = {"shinjuku": shinjuku_keys(), "national": national_keys()}
        size = write_record(RECORD, "".join(f"{line}\n" for line in _lines(groups)).encode("utf-8"))
        print(f"recorded {sum(map(len, groups.values()))} keys "
              f"({', '.join(f'{g} {len(k)}' for g, k in groups.items())}) × {len(OPTION_SETS)} option sets "
              f"in {RECORD.relative_to(ROOT)} ({size:,} bytes)")
        return 0
    header, entries = load()
    failed = 0
    for name in header["options"]:
        diff = differences(entries, name)
        keys = {k for k, *_ in diff}
        print(f"{name}: {len(entries)} keys, {len(keys)} differ ({len(diff)} fields)")
        if diff:
            print(shown(diff, args.show))
        failed += bool(diff)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
