#!/usr/bin/env python3
"""Build the character tables shipped in the package (出荷する文字表), so that no run derives them at start-up.

* ``src/addrjp/quality/plain_chars.py``: for each Shift_JIS-family target (cp932, jisx0208, jisx0213), the
  characters a name keeps exactly as written (:func:`addrjp.quality.names.derive_plain_set`: ~30 ms a
  target at every start before);
* ``src/addrjp/mailing/round_trip_chars.py``: the characters that survive CP932's round trip, which the
  mailing file's check is built on (:func:`addrjp.mailing.encodable.derive_stable_chars`), and the
  regular expression class of the others (:func:`addrjp.mailing.encodable.class_of`): ~30 ms together.

Each is written as the text of its characters, with the stamp of what it was derived from
(:func:`addrjp.text.code_ranges.python_stamp`, :func:`addrjp.quality.names.plain_stamp`); a package that
finds another stamp (another Python, Unicode database, jntajis or jaconv) derives the table itself.
``tests/quality/test_shipped_plain_chars.py`` and ``tests/mailing/test_shipped_round_trip_chars.py`` fail
when a shipped table is no longer what the rules derive. Run after changing those rules or upgrading
Python, jntajis or jaconv, then commit both files:

    python3 scripts/build_char_tables.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from addrjp.mailing.encodable import class_of, derive_stable_chars
from addrjp.quality.names import derive_plain_set, plain_stamp
from addrjp.text.code_ranges import python_stamp

ROOT = Path(__file__).resolve().parents[1]
PLAIN_FILE = ROOT / "src" / "addrjp" / "quality" / "plain_chars.py"
ROUND_TRIP_FILE = ROOT / "src" / "addrjp" / "mailing" / "round_trip_chars.py"
#: The targets whose plain set is shipped ("unicode" is derived when used: every BMP character is a candidate).
PLAIN_CHARSETS = ("cp932", "jisx0208", "jisx0213")
ROUND_TRIP_CODECS = ("cp932",)


def _table_source(name: str, tables: dict[str, frozenset[str]]) -> str:
    """``NAME = {key: "…", …}``: each set as the text of its characters in code point order."""
    return _text_source(name, {key: "".join(sorted(chars)) for key, chars in tables.items()})


def _text_source(name: str, texts: dict[str, str]) -> str:
    """``NAME = {key: "…", …}``: each text 100 characters a line (``repr`` escapes what does not print: the
    controls a codec's table holds)."""
    lines = [f"{name}: dict[str, str] = {{"]
    for key, text in texts.items():
        lines.append(f"    {key!r}: (")
        lines.extend(f"        {text[i:i + 100]!r}" for i in range(0, len(text), 100))
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def plain_source() -> str:
    tables = {charset: derive_plain_set(charset) for charset in PLAIN_CHARSETS}
    return (
        '"""Name characters kept exactly as written, per target (そのまま印字できる氏名の文字) — GENERATED, do not edit.\n\n'
        "Made by ``scripts/build_char_tables.py`` from :func:`addrjp.quality.names.derive_plain_set`; read by\n"
        ":func:`addrjp.quality.names._plain_set` when :data:`STAMP` is what this installation has.\n"
        '"""\n\n'
        f"#: Python/Unicode database/jntajis/jaconv the table was derived with (names.plain_stamp)\n"
        f"STAMP = {plain_stamp()!r}\n\n"
        "#: target → its characters, in code point order\n"
        + _table_source("PLAIN", tables)
    )


def round_trip_source() -> str:
    tables: dict[str, frozenset[str]] = {}
    for codec in ROUND_TRIP_CODECS:
        chars = derive_stable_chars(codec)
        assert chars is not None
        tables[codec] = chars
    return (
        '"""Characters that survive a codec\'s round trip (往復で変わらない文字) — GENERATED, do not edit.\n\n'
        "Made by ``scripts/build_char_tables.py`` from :func:`addrjp.mailing.encodable.derive_stable_chars`;\n"
        "read by :func:`addrjp.mailing.encodable._stable_chars` when :data:`STAMP` is this Python's.\n"
        '"""\n\n'
        "#: Python version/Unicode database the table was derived with (text.code_ranges.python_stamp)\n"
        f"STAMP = {python_stamp()!r}\n\n"
        "#: codec → its characters, in code point order\n"
        + _table_source("STABLE", tables)
        + "\n#: codec → the regular expression class of the characters that do not (encodable.class_of)\n"
        + _text_source("UNSTABLE", {codec: class_of(chars) for codec, chars in tables.items()})
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say whether the committed files are current")
    args = ap.parse_args(argv)
    stale = []
    for path, text in ((PLAIN_FILE, plain_source()), (ROUND_TRIP_FILE, round_trip_source())):
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if args.check else 'written'}: {path.relative_to(ROOT)}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
