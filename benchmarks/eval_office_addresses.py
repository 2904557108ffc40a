"""Evaluation on real data no one here wrote: Japan Post's office file (事業所個別郵便番号, JIGYOSYO).

About 22,000 business addresses, each with Japan Post's own prefecture, municipality and town and the rest
of the address (丁目・番地, often the building). Each is written out as one string (pref + city + town +
office_address) and parsed by :func:`addrjp.address.parse.parse_address`. Reported, overall and for Tokyo:

- town: the parsed (pref, city, town) is Japan Post's (same official name, or the same town on the
  comparison key, e.g. 大字 dropped or 北１条西 for 北一条西);
- numbers: the office address yields at least one number (丁目 or 番地) and nothing is left uninterpreted
  (``rest`` is None);
- also the same with the prefecture left out (the municipality and town must then be recognised).

Run: ``python benchmarks/eval_office_addresses.py`` (add ``--show N`` to print N failures of each kind).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from typing import Any

from addrjp.address.model import Address
from addrjp.address.parse import parse_address
from addrjp.address.towns import clean_name, load_town_master, numeral_spellings, town_key
from addrjp.postal.index import load_index


def _same_town(parsed: str | None, official: str) -> bool:
    if parsed is None:
        return False
    if parsed == official:
        return True
    def keys(name: str) -> set[str]:
        name = clean_name(name)
        out = set()
        for form in (name, *numeral_spellings(name)):
            k = town_key(form)
            for p in ("大字", "字"):
                k = k.removeprefix(p)
            out.add(k)
        return out

    return bool(keys(parsed) & keys(official))


def _key(text: str) -> str:
    """The comparison key without spaces and without 大字 (written in the office file, dropped by the parser's
    official spelling: 大字稲葉中千田 is KEN_ALL's 稲葉中千田)."""
    return town_key(clean_name(text)).replace(" ", "").replace("大字", "")


def _covers(town: str, rest: str, street: str, parsed_town: str, address_b: str) -> bool:
    if not parsed_town:
        return not town and clean_name(rest) == address_b
    # the parsed town in any spelling of its numerals (大門7番町 written, KEN_ALL's 大門七番町 read)
    return any(_key(town + rest) == _key(street + form + address_b) and _key(street + form).startswith(_key(town))
               for form in (parsed_town, *numeral_spellings(parsed_town)))


def town_exact(a: Address, row: dict[str, Any]) -> bool:
    """The parse gives Japan Post's prefecture, municipality and town (an equivalent spelling counts)."""
    return (a.pref == clean_name(row["pref"]) and a.city == clean_name(row["city"])
            and _same_town(a.town, row["town"] or ""))


def town_right(a: Address, row: dict[str, Any]) -> bool:
    """Japan Post's town, or a more specific KEN_ALL town read from the same text."""
    # Japan Post's town left empty or less specific (佐原 + イ4149 where KEN_ALL has 佐原イ): the parser
    # read a longer KEN_ALL town from the same text
    return town_exact(a, row) or (
        a.pref == clean_name(row["pref"]) and a.city == clean_name(row["city"])
        and _covers(row["town"] or "", row["office_address"] or "", a.street or "", a.town or "", a.address_b)
    )


def number_written(row: dict[str, Any]) -> bool:
    """The office address has a digit before any remark in parentheses."""
    return any(ch.isdigit() for ch in (row["office_address"] or "").split("(")[0])


def numbers_right(a: Address, row: dict[str, Any]) -> bool:
    """Nothing left uninterpreted, and a number read when one is written (the town is judged apart)."""
    has_number = a.chome is not None or a.banchi is not None
    return a.rest is None and (has_number or not number_written(row))


def evaluate(show: int = 0) -> dict[str, Counter[str]]:
    """Parse every office address; counts per group ('all', 'tokyo')."""
    master = load_town_master()
    offices = load_index().offices
    counts: dict[str, Counter[str]] = {"all": Counter(), "tokyo": Counter()}
    shown: Counter[str] = Counter()
    for row in offices.iter_rows(named=True):
        pref, city, town, rest = row["pref"], row["city"], row["town"] or "", row["office_address"] or ""
        text = f"{pref}{city}{town}{rest}"
        a = parse_address(text, master=master)
        exact = town_exact(a, row)
        town_ok = town_right(a, row)
        written = number_written(row)
        numbers_ok = town_ok and numbers_right(a, row)
        b = parse_address(f"{city}{town}{rest}", master=master)
        nopref_ok = b.city == clean_name(city) and _same_town(b.town, town)
        groups = ["all"] + (["tokyo"] if pref == "東京都" else [])
        for g in groups:
            c = counts[g]
            c["n"] += 1
            c["town_exact"] += exact
            c["town"] += town_ok
            c["with_number"] += written
            c["numbers_of_written"] += numbers_ok and written
            c["numbers"] += numbers_ok
            c["no_pref_town"] += nopref_ok
        if show and not town_ok and shown["town"] < show:
            shown["town"] += 1
            print("TOWN  ", text, "→", a.pref, a.city, a.town, "| rest:", a.rest)
        elif show and town_ok and not numbers_ok and shown["num"] < show:
            shown["num"] += 1
            print("NUMBER", text, "→", a.chome, a.banchi, a.go, a.building, a.room, "| rest:", a.rest)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print up to N failures of each kind")
    args = ap.parse_args()
    t0 = time.perf_counter()
    counts = evaluate(args.show)
    dt = time.perf_counter() - t0
    print(f"{'group':6} {'n':>6} {'town exact %':>13} {'town %':>7} {'numbers %':>10} "
          f"{'numbers (written) %':>20} {'no-pref town %':>15}")
    for g, c in counts.items():
        n = c["n"] or 1
        print(f"{g:6} {c['n']:6d} {100 * c['town_exact'] / n:13.2f} {100 * c['town'] / n:7.2f} "
              f"{100 * c['numbers'] / n:10.2f} {100 * c['numbers_of_written'] / (c['with_number'] or 1):20.2f} "
              f"{100 * c['no_pref_town'] / n:15.2f}")
    print("town exact: Japan Post's town; town: the same, or a more specific KEN_ALL town read from the same")
    print("text; numbers: town ok, nothing left in rest, a number read when one is written; (written): of the")
    print("addresses with a digit written")
    print(f"({dt:.1f} s including loading the town master)")


if __name__ == "__main__":
    main()
