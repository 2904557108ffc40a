"""Evaluate encoding detection (文字コード判定) on short synthetic register extracts in CP932 and EUC-JP.

Windows of 1 to 200 data rows (with the header) are cut from a synthetic register, with and without a
half-width katakana reading column (カナ氏名, as many ward systems export), encoded in CP932 and EUC-JP (rows
the encoding cannot carry are left out), and given to three detectors: the rule before issue 13 (UTF-8, else
CP932), charset-normalizer restricted to the three candidates, and :func:`addrjp.mailing.encodings.detect_encoding`.
Prints the share of windows each gets right, per encoding, layout and window size.

Run: ``python3 -m benchmarks.eval_encoding --windows 40``
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from collections.abc import Callable, Sequence

from addrjp.mailing.encodings import AmbiguousEncoding, detect_encoding
from benchmarks.synth_register import generate, to_halfwidth_kana

SIZES = (1, 2, 5, 20, 200)
HEADER = ["宛名番号", "氏名", "郵便番号", "住所", "方書", "生年月日"]


def addrjp_rule(data: bytes) -> str | None:
    try:
        return detect_encoding(data)
    except AmbiguousEncoding:
        return "refused"


def old_rule(data: bytes) -> str | None:
    for enc in ("utf-8", "cp932"):
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return None


def charset_normalizer_rule(data: bytes) -> str | None:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["utf_8", "cp932", "euc_jp"]).best()
    if best is None:
        return None
    return {"utf_8": "utf-8", "cp932": "cp932", "euc_jp": "euc-jp"}.get(best.encoding, best.encoding)


def _kana(name: str) -> str:
    import jaconv

    from addrjp.quality.readings import reading

    return to_halfwidth_kana(jaconv.hira2kata(reading(name) or ""))


def _encode(rows: Sequence[Sequence[str]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        line = io.StringIO()
        csv.writer(line, lineterminator="\r\n").writerow(row)
        try:
            line.getvalue().encode(encoding)
        except UnicodeEncodeError:
            continue
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def evaluate(windows: int, seed: int) -> dict[tuple[str, str, int], Counter[str]]:
    synth = generate(max(SIZES) * 4, seed)
    detectors: dict[str, Callable[[bytes], str | None]] = {
        "before": old_rule, "charset-normalizer": charset_normalizer_rule, "addrjp": addrjp_rule}
    results: dict[tuple[str, str, int], Counter[str]] = {}
    kana = [_kana(r[1]) for r in synth.rows]
    layouts = {
        "plain": (HEADER, [list(r) for r in synth.rows]),
        "kana": ([*HEADER, "カナ氏名"], [[*r, k] for r, k in zip(synth.rows, kana, strict=True)]),
        "en": (["id", "name", "postal_code", "address"], [list(r[:4]) for r in synth.rows]),
        "kanaonly": (["id", "kana", "postal_code", "birthdate"],
                     [[r[0], k, r[2], r[5]] for r, k in zip(synth.rows, kana, strict=True)]),
    }
    for layout, (header, body) in layouts.items():
        for size in SIZES:
            for w in range(windows):
                start = (w * 37) % max(1, len(body) - size)
                rows = [header, *body[start:start + size]]
                for enc in ("cp932", "euc-jp"):
                    data = _encode(rows, enc)
                    if data.isascii():
                        continue  # every data row was outside the encoding: nothing to tell apart
                    tally = results.setdefault((enc, layout, size), Counter())
                    tally["n"] += 1
                    both = all(_decodes(data, e) for e in ("cp932", "euc-jp"))
                    tally["ambiguous"] += both
                    for name, detect in detectors.items():
                        got = detect(data)
                        hit = got == enc
                        tally[name] += hit
                        tally[f"{name}|ambiguous"] += hit and both
                        tally[f"{name}|refused"] += got == "refused"
                        tally[f"{name}|wrong"] += got not in (enc, "refused")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--windows", type=int, default=40, help="windows per encoding, layout and size")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    results = evaluate(args.windows, args.seed)
    names = ("before", "charset-normalizer", "addrjp")
    print(f"{'encoding':<8} {'layout':<8} {'rows':>5} {'n':>4} {'both':>5}  "
          + "  ".join(f"{n:>18}" for n in names) + "   (right when both decode)")
    totals: Counter[str] = Counter()
    for (enc, layout, size), tally in sorted(results.items()):
        totals.update(tally)
        amb = tally["ambiguous"]
        print(f"{enc:<8} {layout:<8} {size:>5} {tally['n']:>4} {amb:>5}  "
              + "  ".join(f"{100 * tally[n] / tally['n']:>17.1f}%" for n in names)
              + "   " + " ".join(f"{tally[n + '|ambiguous']}/{amb}" for n in names))
    amb = totals["ambiguous"]
    print(f"{'all':<23} {totals['n']:>4} {amb:>5}  "
          + "  ".join(f"{100 * totals[n] / totals['n']:>17.1f}%" for n in names)
          + "   " + " ".join(f"{totals[n + '|ambiguous']}/{amb}" for n in names))
    for n in names:
        print(f"{n}: right {totals[n]}, wrong {totals[n + '|wrong']} (mojibake or an error), "
              f"refused {totals[n + '|refused']} (asks for --encoding), of {totals['n']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
