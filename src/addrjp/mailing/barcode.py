"""Customer barcode (カスタマバーコード, kasutama bākōdo: Japan Post's 4-state customer barcode), the data.

Bulk mail that carries the customer barcode under the address earns Japan Post's barcode discount. The
barcode holds 20 data characters, the 7-digit postal code and the 住所表示番号 (jūsho hyōji bangō,
address-display number: the block, lot and room numbers of the address), padded with the control code
CC4, then a modulo-19 check digit. Rules from Japan Post's 「郵便番号・バーコードマニュアル」 (pages
p12–p25); the team's notes and decisions are in ``docs/barcode.md``.

Tokens are ``'0'``–``'9'``, ``'-'`` and ``'CC1'``–``'CC8'``. Letters are two tokens (A–J: CC1 + 0–9,
K–T: CC2 + 0–9, U–Z: CC3 + 0–5). The bars (start and stop codes, SVG, PNG) are in
:mod:`addrjp.mailing.barcode_symbol`.

The address number is taken from address B only, the part after the town name (町域名) that the postal
code identifies (一番町10-1 gives ``10-1``, not ``1-10-1``):

>>> extract_address_number("3丁目30-8　郵便ビル403号")
'3-30-8-403'
>>> extract_address_number("十一丁目六番地一号　郵便タワー601")
'11-6-1-601'
>>> extract_address_number("東3丁目-20-5　郵便・A&bコーポB604号")
'3-20-5B604'
>>> extract_address_number("9丁目7-6　郵便シティA棟1F1号")
'9-7-6A1-1'
>>> barcode_to_text(encode_barcode("100-0013", "1-3-2-503"))
'10000131-3-2-503CC4CC4CC4CC49'
>>> encode_barcode("910-0067", "3-80-25J1-2B")[-3:]
('2', 'CC1', '9')
>>> verify_barcode("10000131-3-2-503CC4CC4CC4CC49", "100-0013") is None
True
>>> verify_barcode("10000131-3-2-503CC4CC4CC4CC48")
'check digit wrong'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from addrjp.errors import AddrjpError
from addrjp.text.hyphens import HYPHENS
from addrjp.text.limits import MAX_CODE_CHARS, MAX_TEXT_CHARS, check_text
from addrjp.text.numerals import KANJI_NUMERAL_CHARS, kanji_to_int
from addrjp.text.width import fold_width

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from addrjp.address.model import Address

__all__ = [
    "ADDRESS_LENGTH",
    "CHECK_VALUES",
    "DATA_LENGTH",
    "NOTE_FIRST_NUMBER",
    "NOTE_TOWN_FROM_CODE",
    "SPECIFIC_STRINGS",
    "BarcodeError",
    "address_number_for",
    "barcode_as_printed",
    "barcode_from_text",
    "barcode_to_text",
    "check_digit",
    "customer_barcode",
    "customer_barcode_noted",
    "customer_barcode_parsed",
    "encode_barcode",
    "extract_address_number",
    "letter_tokens",
    "postal_digits",
    "verify_barcode",
]

#: Data characters: 7 for the postal code and 13 for the address number [JP-p12].
DATA_LENGTH = 20
POSTAL_LENGTH = 7
ADDRESS_LENGTH = DATA_LENGTH - POSTAL_LENGTH
#: The filler of unused address positions.
PAD = "CC4"

#: Check value of each token [JP-p21]: digits 0–9, hyphen 10, CC1–CC8 11–18.
CHECK_VALUES: dict[str, int] = {str(d): d for d in range(10)}
CHECK_VALUES["-"] = 10
CHECK_VALUES.update({f"CC{i}": 10 + i for i in range(1, 9)})
_TOKEN_OF_VALUE: tuple[str, ...] = tuple(sorted(CHECK_VALUES, key=CHECK_VALUES.__getitem__))

#: Strings after which a kanji numeral is kept as a number [JP-p19 補足ルール 1]. Longest first.
SPECIFIC_STRINGS: tuple[str, ...] = ("丁目", "番地", "地割", "丁", "番", "号", "線", "の", "ノ")


class BarcodeError(AddrjpError, ValueError):
    """No customer barcode can be made for this postal code or address (the message holds no personal data)."""


# --- letters -------------------------------------------------------------------------------------------


def _letter_pair(letter: str) -> tuple[str, str]:
    index = ord(letter) - ord("A")
    return (f"CC{index // 10 + 1}", str(index % 10))


_LETTER_TOKENS: dict[str, tuple[str, str]] = {chr(c): _letter_pair(chr(c)) for c in range(ord("A"), ord("Z") + 1)}


def letter_tokens(letter: str) -> tuple[str, str]:
    """The two tokens of a letter A–Z: control code CC1–CC3, then a digit.

    >>> letter_tokens("B"), letter_tokens("L"), letter_tokens("Z")
    (('CC1', '1'), ('CC2', '1'), ('CC3', '5'))
    """
    try:
        return _LETTER_TOKENS[letter.upper()]
    except KeyError:
        raise ValueError("only the letters A-Z can be encoded") from None


# --- extraction (住所表示番号の抜き出し) -----------------------------------------------------------------

# One translate pass after width folding: every hyphen look-alike to '-', a–z to A–Z (rule 1),
# & / ・ . deleted in every width (rule 2; full widths are folded already, the rest listed here).
_DELETED = "&/・.･＆／．﹠"
_TRANSLATE: dict[int, str | None] = {ord(h): "-" for h in HYPHENS}
_TRANSLATE.update({c: chr(c - 32) for c in range(ord("a"), ord("z") + 1)})
_TRANSLATE.update({ord(c): None for c in _DELETED})

# A whole run of kanji numerals before a specific string (二十三番 → 23番). The run is taken from its start
# (lookbehind) and whole (possessive ``++``): no specific string begins with a numeral, so no shorter run can
# match, and the search stays linear — a plain ``[…]+(?=…)`` retries every start and length inside a run
# not followed by one (20,000 千 took seconds).
_NUMERAL_BEFORE_SPECIFIC = re.compile(
    "(?<![" + re.escape(KANJI_NUMERAL_CHARS) + "])([" + re.escape(KANJI_NUMERAL_CHARS) + "]++)(?="
    + "|".join(SPECIFIC_STRINGS) + ")"
)
assert not any(s[0] in KANJI_NUMERAL_CHARS for s in SPECIFIC_STRINGS)  # the rewrite above relies on it
_HAS_KANJI_NUMERAL = re.compile("[" + re.escape(KANJI_NUMERAL_CHARS) + "]")
# Tokens: digit runs, one hyphen, letter runs, anything else (kanji, kana, blanks, other symbols).
_TOKEN = re.compile(r"[0-9]+|-|[A-Z]+|[^0-9A-Z\-]+")


def _numeral_to_digits(match: re.Match[str]) -> str:
    value = kanji_to_int(match.group(1))
    return match.group(1) if value is None else str(value)


def _prepared(address_b: str) -> str:
    """Address B with the character rules applied (widths, hyphens, case, deletions, kanji numerals)."""
    text = fold_width(address_b).translate(_TRANSLATE)
    if _HAS_KANJI_NUMERAL.search(text):
        text = _NUMERAL_BEFORE_SPECIFIC.sub(_numeral_to_digits, text)
    return text


def _extract(address_b: str) -> str:
    return _walk(_prepared(address_b), "", False)


def _walk(text: str, last: str, pending: bool) -> str:
    """The kept characters of *text* (rules 4–6, 補足ルール 2–5), starting in the state (*last*, *pending*)
    that what was walked before it left: ``("", False)`` at the start of address B, ``("d", True)`` after
    a run of digits and a space (see :func:`_extract_after_number`)."""
    out: list[str] = []
    last, _taken = _walk_into(text, last, pending, out)
    if last == "-":
        out.pop()  # a literal trailing hyphen [C]
    return "".join(out)


def _walk_into(text: str, last: str, pending: bool, out: list[str]) -> tuple[str, bool]:
    """Walk *text* from the state (*last*, *pending*), appending the kept pieces to *out*; the state it
    ends in (*last*, without taking back a trailing hyphen) and whether it took back a hyphen written
    before it (a letter after the hyphen that ended what was walked before: 補足ルール 4)."""
    # Rules 4–6 and 補足ルール 4 are applied while walking: a hyphen is written only after a digit run
    # (collapsed, never leading, never next to a letter) and a trailing one is taken back at the end.
    # last: kind of the last piece written: "d" digits, "-" hyphen, "L" letter; pending: a separator
    # waiting for a kept character (rule 4). A hyphen taken back is the last piece written, here or (when
    # *out* holds nothing of this walk yet) before it.
    after_digit = False
    taken = False
    for token in _TOKEN.findall(text):
        first = token[0]
        if "0" <= first <= "9":
            if pending and last == "d":
                out.append("-")
            out.append(token)
            last, pending, after_digit = "d", False, True
            continue
        if first == "-":
            if last == "d":
                out.append("-")
                last = "-"
            pending = False
        elif "A" <= first <= "Z" and len(token) == 1 and not (token == "F" and after_digit):
            if last == "-":  # 補足ルール 4; letters made adjacent stay (補足ルール 5)
                if out:
                    out.pop()
                else:
                    taken = True
            out.append(token)
            last, pending = "L", False
        else:  # other material, a run of 2+ letters, or a floor F after a digit (補足ルール 2, 3)
            pending = True
        after_digit = False
    return last, taken


#: a printed number part already in its extracted form: digit runs joined by single hyphens (2-8-1)
_PLAIN_RUNS = re.compile(r"[0-9]+(?:-[0-9]+)*")


@lru_cache(maxsize=16384)
def _extract_after_number(line2: str) -> str:
    """What *line2* adds to the 住所表示番号 when it follows a plain number part and a space:
    ``extract_address_number(f"{number} {line2}") == number + _extract_after_number(line2)`` for a
    *number* matching :data:`_PLAIN_RUNS` (every rule is local to a character or a token, the space
    ends the number's last token, and the walk goes on from the state the number left: last a digit,
    a separator pending). Kept per distinct second line.

    A second line is read in two parts, at its last space (a building and its room: コーポ山田 101): the
    part before it once per distinct text, the part after it once per distinct text and state the first
    part left. The same as reading it whole: the character rules change no space and are local to a
    character or to a numeral run before a specific string (a space is neither; width folding composes a
    voiced mark only with the kana before it), and the space is a separator like any other in the walk
    (it ends the token before it, and a separator after a separator changes nothing), so walking the
    second part from the state the first left is walking on."""
    head, space, tail = line2.rpartition(" ")
    if not space:
        return _walk(_prepared(line2), "d", True)
    text, last = _line_head(head)
    taken, more, last = _line_tail(tail, last)
    if taken:  # the hyphen that ended the first part, taken back (補足ルール 4)
        text = text[:-1]
    text += more
    return text[:-1] if last == "-" else text  # a literal trailing hyphen [C]


@lru_cache(maxsize=16384)
def _line_head(head: str) -> tuple[str, str]:
    """The kept pieces of *head* after a plain number and a space, written together, and the last kind
    written (a trailing hyphen not taken back yet). A hyphen taken back later is the text's last character:
    the kind ``"-"`` is written only with a piece ``"-"``."""
    out: list[str] = []
    last, _taken = _walk_into(_prepared(head), "d", True, out)
    return "".join(out), last


@lru_cache(maxsize=16384)
def _line_tail(tail: str, last: str) -> tuple[bool, str, str]:
    """Whether *tail*, after a space and what left *last*, takes back the hyphen that ended it; the pieces
    it keeps, written together; the last kind written (``"-"``: the text ends with the hyphen ``"-"``)."""
    out: list[str] = []
    last, taken = _walk_into(_prepared(tail), last, True, out)
    return taken, "".join(out), last


_extract_cached = lru_cache(maxsize=65536)(_extract)


def extract_address_number(address_b: str) -> str:
    """The 住所表示番号 of address B: digits, hyphens and letters, untruncated.

    *address_b* is the part of the address after the town name (町域名). Rules of JP-p19 in the order of
    ``docs/barcode.md`` §6.7: width folding and hyphen look-alikes, upper case, ``& / ・ .`` deleted,
    kanji numerals before 丁目 丁 番地 番 号 地割 線 の ノ made Arabic, then digits, hyphens and
    stand-alone letters kept (not a floor ``F`` after a digit), everything else one hyphen when something
    kept follows, hyphens next to letters removed.

    >>> extract_address_number("四丁六番十九号")
    '4-6-19'
    >>> extract_address_number("綾部6-7　LプラザB106")
    '6-7LB106'
    >>> extract_address_number("6丁目7-14　ABCビル2F")
    '6-7-14-2'
    >>> extract_address_number("")
    ''
    """
    check_text(address_b, "address_b")
    return _extract_cached(address_b)


# --- encoding ------------------------------------------------------------------------------------------

_POSTAL = re.compile(r"([0-9]{3})-?([0-9]{4})")
_HYPHEN_TABLE = {ord(h): "-" for h in HYPHENS}
_PLAIN_NUMBER = re.compile(r"[0-9-]*")


def postal_digits(postal_code: str) -> str:
    """The 7 digits of a postal code written ``NNN-NNNN``, ``NNNNNNN`` or in full width; BarcodeError otherwise."""
    if postal_code.isascii():
        if len(postal_code) == 7 and postal_code.isdigit():
            return postal_code
        if len(postal_code) == 8 and postal_code[3] == "-":
            digits = postal_code[:3] + postal_code[4:]
            if digits.isdigit():
                return digits
    folded = fold_width(postal_code.strip()).translate(_HYPHEN_TABLE)
    match = _POSTAL.fullmatch(folded)
    if match is None:
        raise BarcodeError("postal code must be 7 digits (NNN-NNNN)")
    return match.group(1) + match.group(2)


def check_digit(data: Sequence[str]) -> str:
    """The check digit token of the 20 data tokens: makes the sum of check values a multiple of 19.

    A sum that is already a multiple of 19 gives ``'0'`` [JP-p21]:

    >>> check_digit(("1", "0", "0", "8", "7", "9", "2") + ("CC4",) * 13)
    '0'
    """
    total = sum(map(CHECK_VALUES.__getitem__, data))
    return _TOKEN_OF_VALUE[-total % 19]


def _address_tokens(address_number: str) -> list[str]:
    if _PLAIN_NUMBER.fullmatch(address_number):
        return list(address_number)
    tokens: list[str] = []
    for ch in address_number:
        if "0" <= ch <= "9" or ch == "-":
            tokens.append(ch)
        elif ch in _LETTER_TOKENS:
            tokens.extend(_LETTER_TOKENS[ch])
        elif "a" <= ch <= "z":
            tokens.extend(_LETTER_TOKENS[ch.upper()])
        else:
            raise BarcodeError("an address number holds only digits, hyphens and letters A-Z")
    return tokens


def encode_barcode(postal_code: str, address_number: str) -> tuple[str, ...]:
    """The 21 tokens (20 data characters and the check digit) for a postal code and an address number.

    Letters become two tokens; beyond 20 characters the data is cut, and a letter whose control code
    lands on position 20 keeps the control code and loses its digit [JP-p12, JP-p20]; shorter data is
    padded with CC4. Use this directly where the caller supplies the address part (private boxes,
    business reply mail: JP-p22, JP-p23).

    >>> encode_barcode("100-8792", "")
    ('1', '0', '0', '8', '7', '9', '2', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', 'CC4', '0')
    """
    check_text(postal_code, "postal_code", MAX_CODE_CHARS)
    check_text(address_number, "address_number")
    return _encode(postal_digits(postal_code), address_number)


def _encode(digits: str, address_number: str) -> tuple[str, ...]:
    """:func:`encode_barcode` of 7 postal digits already checked (:func:`postal_digits`)."""
    data = [*digits, *_address_tokens(address_number)][:DATA_LENGTH]
    data.extend([PAD] * (DATA_LENGTH - len(data)))
    data.append(check_digit(data))
    return tuple(data)


def _area_kinds(code: str) -> set[str]:
    from addrjp.postal.lookup import lookup_postal

    try:
        areas = lookup_postal(code)
    except ValueError:
        raise BarcodeError("postal code is malformed") from None
    return {str(getattr(area, "kind", "area")) for area in areas}


def _special_number(code: str) -> str | None:
    """'' for an office or PO-box code (13 × CC4), None for a town-area code; BarcodeError when none can be made.

    Decided once per code for the loaded postal index (:func:`addrjp.postal.lookup.index_memo`): the
    answer depends on the code's rows only."""
    from addrjp.postal.lookup import index_memo

    verdict: str | None = _remembered(index_memo("barcode.special_number", 200_000), code,
                                      lambda: _special_number_of(code))
    return verdict


_UNSEEN = object()


def _remembered(memo: dict[Any, Any], key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per *key* in *memo*; a BarcodeError it raised is kept and raised again each time."""
    verdict = memo.get(key, _UNSEEN)
    if verdict is _UNSEEN:
        try:
            verdict = compute()
        except BarcodeError as exc:
            verdict = exc
        memo[key] = verdict
    if isinstance(verdict, BarcodeError):
        raise BarcodeError(str(verdict))
    return verdict


def _special_number_of(code: str) -> str | None:
    from addrjp.postal.lookup import is_representative

    kinds = _area_kinds(code)
    if not kinds:
        raise BarcodeError("postal code not found in the Japan Post data")
    if kinds & {"office", "box"}:
        return ""
    if is_representative(code):
        raise BarcodeError("a representative postal code (以下に掲載がない場合) gets no customer barcode")
    return None


#: Why an address number was read from the text rather than after the town the parser found (the row is
#: for a person to review before the barcode is printed).
NOTE_TOWN_FROM_CODE = ("町名が住所の解析で見つからず、郵便番号の町名の後を住所Bとしました (確認してください) / "
                       "the town was not found by the parser; address B is what follows the postal code's town (review)")
NOTE_FIRST_NUMBER = ("町名が見つからず、最初の番号からを住所Bとしました (確認してください) / "
                     "no town found; address B starts at the first number (review)")

# The first number of an address written without a town the data know: Arabic digits, or kanji numerals
# before one of the manual's specific strings (三丁目, 十一番地) [JP-p19 補足ルール 1].
# The run is taken from its start and whole, as in _NUMERAL_BEFORE_SPECIFIC (linear on a long run).
_FIRST_NUMBER = re.compile(
    "[0-9０-９]|(?<![" + re.escape(KANJI_NUMERAL_CHARS) + "])[" + re.escape(KANJI_NUMERAL_CHARS)
    + "]++(?=丁目|番地|地割|丁|番|号|線)"
)


def _address_b_of_text(code: str, text: str) -> tuple[str, str]:
    """Address B of an address whose town the parser did not find (a name from before a merger, a town the
    current data no longer know), by the manual's own rule: what follows the town name that the postal code
    stands for, found in the text; else what starts at the first number. BarcodeError when neither."""
    from addrjp.address.parse import clean_text
    from addrjp.address.towns import load_town_master, town_key

    cleaned = clean_text(text)
    key = town_key(cleaned)
    best = -1
    for town in load_town_master().towns_for_code(code):
        for name in {town.town, town.town.removeprefix("大字"), town.town.removeprefix("字")}:
            if not name:
                continue
            at = key.find(town_key(name))
            if at >= 0:
                best = max(best, at + len(name))
    if best >= 0:
        return cleaned[best:], NOTE_TOWN_FROM_CODE
    m = _FIRST_NUMBER.search(cleaned)
    if m is None:
        raise BarcodeError("the town of the address was not recognised and no number was found; address B is unknown")
    return cleaned[m.start():], NOTE_FIRST_NUMBER


def _number_of_parsed(code: str, parsed: Address) -> tuple[str, str | None]:
    if parsed.town_matched:
        return extract_address_number(parsed.address_b), None
    address_b, note = _address_b_of_text(code, parsed.original)
    return extract_address_number(address_b), note


def address_number_for(postal_code: str, address: str) -> str:
    """The 住所表示番号 that the customer barcode of this postal code and address encodes.

    Address A (up to the town name) is cut off by the address parser, so only address B is read. When the
    parser finds no town (a municipality's name from before a merger, as in the manual's own examples, or a
    town the current data no longer know), address B is what follows the postal code's town name in the
    text, else what starts at the first number (see :func:`customer_barcode_noted` for the review note).
    Large-volume office and PO-box codes (大口事業所個別番号, 私書箱) encode no address part (13 × CC4,
    JP-p22): the result is ``''``. Raises :class:`BarcodeError` (a ``ValueError``) for an unknown or
    malformed code, a municipality's representative code (以下に掲載がない場合, normally ``…00``: no
    barcode, JP-p18) and an address with neither a known town nor a number. Text longer than its limit
    (:mod:`addrjp.text.limits`) is an :class:`~addrjp.errors.InputError`.
    """
    return _number_noted(postal_code, address)[0]


def _number_noted(postal_code: str, address: str) -> tuple[str, str | None]:
    from addrjp.address.parse import parse_address

    check_text(postal_code, "postal_code", MAX_CODE_CHARS)
    check_text(address, "address")

    code = postal_digits(postal_code)
    special = _special_number(code)
    if special is not None:
        return special, None
    return _number_of_parsed(code, parse_address(address, postal_code=code))


def customer_barcode(postal_code: str, address: str) -> tuple[str, ...]:
    """The 21 tokens of the customer barcode for a postal code and an address as written.

    ``encode_barcode(postal_code, address_number_for(postal_code, address))``: see
    :func:`address_number_for` for the refusals (:class:`BarcodeError`). A valid, known postal code never
    makes it raise because the town moved or was renamed.
    """
    return encode_barcode(postal_code, address_number_for(postal_code, address))


def customer_barcode_noted(postal_code: str, address: str) -> tuple[tuple[str, ...], str | None]:
    """:func:`customer_barcode` and a note (Japanese, then English) when address B was not cut after a town
    the parser found: such a barcode is for a person to review before it is printed; None otherwise.

    >>> tokens, note = customer_barcode_noted("160-0023", "東京都新宿区西新宿2-8-1")
    >>> barcode_to_text(tokens), note
    ('16000232-8-1CC4CC4CC4CC4CC4CC4CC4CC4CC6', None)
    """
    number, note = _number_noted(postal_code, address)
    return encode_barcode(postal_code, number), note


def customer_barcode_parsed(postal_code: str, parsed: Address) -> tuple[str, ...]:
    """:func:`customer_barcode` for an address already parsed (its ``address_b``): for the batch pipeline."""
    code = postal_digits(postal_code)
    special = _special_number(code)
    return encode_barcode(code, special if special is not None else _number_of_parsed(code, parsed)[0])


def barcode_as_printed(postal_code: str, parsed: Address, line1: str, line2: str) -> str:
    """The barcode text of an address *as printed* on the lines *line1* and *line2* (horizontal, Arabic
    numerals), ``''`` when none can be made (a representative or unknown code…).

    Address B is what follows the parsed town on the printed lines (the room in 方書 included; a lot written
    七十八番地一 is printed and encoded 78-1), after the head the parse found (``pref city town`` or
    ``city town``). Where the first line after the town is the parse's own numbers as printed (2-8-1,
    1丁目71番地18), their part of the 住所表示番号 is taken from the parsed 丁目, 番 and 号 and only the
    second line is read (once per distinct second line); otherwise the printed text after the town is read;
    the text is parsed again only when the lines do not begin with the head. The same as
    :func:`customer_barcode_parsed` with ``address_b`` the printed text after the town.
    (:func:`barcode_printer`'s function, made for this one call.)
    """
    return barcode_printer()(postal_code, parsed, line1, line2)


def barcode_printer() -> Callable[[str, Address, str, str], str]:
    """:func:`barcode_as_printed` for a batch of addresses (the pipeline: one per chunk of distinct keys).

    The postal codes' memo (:func:`_code_encoding`, one of the loaded postal index's
    :func:`~addrjp.postal.lookup.index_memo`) is fetched on the function's first call and kept for its
    life, not fetched per address: the same memo as long as the index is not replaced, which nothing does
    while a batch is validated (:func:`addrjp.postal.index.reset` and an import are calls of their own;
    a printer made after them fetches the new index's memo). Bounded as the memo is, plus at most the
    distinct codes written in the batch."""
    memo: dict[Any, Any] | None = None

    def as_printed(postal_code: str, parsed: Address, line1: str, line2: str) -> str:
        nonlocal memo
        try:
            town = parsed.town
            if town:
                # the head with the prefecture, else without (the first that begins line1)
                # (line1[:n] == prefix is line1.startswith(prefix), without the method's argument tuple)
                prefix = f"{parsed.pref}{parsed.city}{town}"
                if line1[:len(prefix)] == prefix or line1[:len(prefix := f"{parsed.city}{town}")] == prefix:
                    if memo is None:
                        memo = _code_memo()
                    found = memo.get(postal_code)
                    if found.__class__ is not tuple:  # a code not seen before, or one that makes no barcode
                        found = _code_encoding(memo, postal_code)
                    code, sum_, special = found
                    if special is not None:
                        return special
                    rest = line1[len(prefix):]
                    number = _number_of_fields(parsed, rest)
                    if number is None:
                        number = _number_after_town(rest, line2)
                    elif line2:
                        number = _number_with_line2(number, line2)
                    return _barcode_text(code, sum_, number)
            return barcode_to_text(customer_barcode(postal_code, f"{line1} {line2}".strip()))
        except ValueError:  # BarcodeError: representative code, unknown town… no barcode then
            return ""

    return as_printed


def _number_of_fields(parsed: Address, rest: str) -> str | None:
    """The 住所表示番号 of *rest*, the printed first line after the town, from the parsed fields: the 丁目,
    番 and 号 joined by hyphens when *rest* is exactly what the horizontal style writes for them — plain
    (``2-8-1``, ``826-3``) or marked (``1丁目71番地18``, ``3番5号``, ``12番地``; see
    :func:`addrjp.address.format.marked_numbers`) — with 番 and 号 of ASCII digits; else None (a room
    kept with the numbers, a 小字, text not understood…: the printed text is read then).

    The same as ``extract_address_number(rest)``: such a text is digit runs with single hyphens or the
    markers 丁目, 番地, 番, 号 (kanji that are not numerals, no letter, nothing deleted or folded) between
    them and at most a marker after the last; the manual's rules keep the runs and write one hyphen between
    two of them (a hyphen as written, or one for the marker), none at the end. After it the walk is in the
    state of a digit run and a separator pending, whatever ended the text (a marker, or the space before
    the second line): what :func:`_extract_after_number` starts from."""
    banchi, go, chome = parsed.banchi, parsed.go, parsed.chome
    if banchi is None or not (banchi.isascii() and banchi.isdigit()):
        return None
    if go is not None and not (go.isascii() and go.isdigit()):
        return None
    if chome is None:
        number = banchi if go is None else f"{banchi}-{go}"
    elif chome < 0:
        return None
    else:  # (one f-string for the three)
        number = f"{chome}-{banchi}" if go is None else f"{chome}-{banchi}-{go}"
    if rest == number:
        return number
    if rest and "0" <= rest[-1] <= "9" and "-" in rest:
        return None  # (a plain part ending in a digit is the number itself, above)
    from addrjp.address.format import marked_numbers

    if rest == marked_numbers(f"{chome}丁目" if chome is not None else "", banchi, go, parsed.numbering):
        return number
    return None


def _number_with_line2(number: str, line2: str) -> str:
    """*number* (a plain number part, :data:`_PLAIN_RUNS`) and what the second line adds after it:
    :func:`_number_after_town` for a plain number part."""
    tail = line2.rstrip()
    if tail and len(number) + 1 + len(tail) <= MAX_TEXT_CHARS:
        return number + _extract_after_number(tail)
    return _number_after_town(number, line2)


#: the padding after a plain address number of each length, and the check values it adds
_PADDING: tuple[tuple[str, int], ...] = tuple(
    (PAD * (ADDRESS_LENGTH - n), CHECK_VALUES[PAD] * (ADDRESS_LENGTH - n)) for n in range(ADDRESS_LENGTH + 1))
assert all(CHECK_VALUES[str(d)] == ord(str(d)) - ord("0") for d in range(10)) and CHECK_VALUES["-"] == 10


def _barcode_text(code: str, code_sum: int, number: str) -> str:
    """``"".join(_encode(code, number))``, *code_sum* the check values of *code*'s 7 digits: a number of
    at most 13 ASCII digits and hyphens is one token a character, so the text is the code, the number, the
    padding and the check digit of their values' sum. An ASCII number's bytes mapped by
    :data:`_CHECK_BYTES` sum to its check values when it is digits and hyphens only, and to at least
    :data:`_NOT_A_NUMBER` (more than 13 × 10) when any byte is something else: one sum both tests and
    counts. Any other number is encoded token by token."""
    if number.isascii() and len(number) <= ADDRESS_LENGTH:
        values = sum(number.encode().translate(_CHECK_BYTES))
        if values < _NOT_A_NUMBER:
            pad, pad_sum = _PADDING[len(number)]
            return code + number + pad + _TOKEN_OF_VALUE[-(code_sum + pad_sum + values) % 19]
    return "".join(_encode(code, number))


#: above the check values of any 13 digits and hyphens (each at most 10)
_NOT_A_NUMBER = 10 * ADDRESS_LENGTH + 1
#: each byte's check value where it is a digit (0–9) or the hyphen (10); :data:`_NOT_A_NUMBER` for the others
_CHECK_BYTES = bytes(CHECK_VALUES.get(chr(b), _NOT_A_NUMBER) for b in range(256))


def _code_encoding(memo: dict[Any, Any], postal_code: str) -> tuple[str, int, str | None]:
    """(7 digits, the sum of their check values, the whole barcode text of an office or P.O. box code or
    None) of a postal code as written: :func:`_code_verdict` and the part of the encoding that depends on
    the code alone, once per distinct text in *memo* (:func:`_code_memo`, the loaded postal index's); the
    BarcodeError of the verdict is raised again each time. (:func:`barcode_printer` reads a code seen
    before from *memo* itself, and calls this for the rest.)"""
    kept: tuple[str, int, str | None] = _remembered(memo, postal_code, lambda: _code_encoding_of(postal_code))
    return kept


def _code_memo() -> dict[Any, Any]:
    """The memo of :func:`_code_encoding` for the loaded postal index."""
    global _index_memo
    if _index_memo is None:  # imported on first use (the command line starts without the postal layer)
        from addrjp.postal.lookup import index_memo

        _index_memo = index_memo
    return _index_memo("barcode.code_encoding", 200_000)


def _code_encoding_of(postal_code: str) -> tuple[str, int, str | None]:
    """What :func:`_code_encoding` keeps for a postal code as written (computed on a miss only)."""
    code, special = _code_verdict(postal_code)
    text = "".join(_encode(code, special)) if special is not None else None
    return code, sum(map(CHECK_VALUES.__getitem__, code)), text


_index_memo: Callable[[str, int], dict[Any, Any]] | None = None


def _code_verdict(postal_code: str) -> tuple[str, str | None]:
    """(:func:`postal_digits`, :func:`_special_number`) of a postal code as written, once per distinct
    text for the loaded postal index; the BarcodeError of either is raised again each time."""
    global _index_memo
    if _index_memo is None:  # imported on first use (the command line starts without the postal layer)
        from addrjp.postal.lookup import index_memo

        _index_memo = index_memo
    def verdict() -> tuple[str, str | None]:
        code = postal_digits(postal_code)
        return code, _special_number(code)

    found: tuple[str, str | None] = _remembered(_index_memo("barcode.code_verdict", 200_000), postal_code, verdict)
    return found


def _number_after_town(rest: str, line2: str) -> str:
    """The 住所表示番号 of the printed text after the town: ``extract_address_number`` of *rest* and
    *line2* joined by a space (stripped); a number part already plain (2-8-1) is not read again."""
    if _PLAIN_RUNS.fullmatch(rest):
        tail = line2.rstrip()
        if not tail:
            return rest
        if len(rest) + 1 + len(tail) <= MAX_TEXT_CHARS:
            return rest + _extract_after_number(tail)
    return extract_address_number(f"{rest} {line2}".strip() if line2 else rest.strip())


# --- text form (the ``barcode`` column of mailing.csv) -------------------------------------------------

_TEXT_TOKEN = re.compile(r"CC[1-8]|[0-9]|-")


def barcode_to_text(tokens: Iterable[str]) -> str:
    """The tokens written together: ``10000131-3-2-503CC4CC4CC4CC49`` (CC is always followed by one digit).

    A text longer than :data:`~addrjp.text.limits.MAX_CODE_CHARS` is an :class:`~addrjp.errors.InputError`.
    """
    text = "".join(tokens)
    check_text(text, "barcode", MAX_CODE_CHARS)
    return text


def barcode_from_text(text: str) -> tuple[str, ...]:
    """The tokens of a barcode's text form; ValueError naming the position of anything else.

    >>> barcode_from_text("1CC41")
    ('1', 'CC4', '1')
    """
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TEXT_TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"not a barcode character at position {pos + 1}")
        tokens.append(match.group())
        pos = match.end()
    return tuple(tokens)


def _structure_problem(data: Sequence[str]) -> str | None:
    if not all(t.isdigit() for t in data[:POSTAL_LENGTH]):
        return "postal code part is not 7 digits"
    padding = False
    address = data[POSTAL_LENGTH:]
    for i, token in enumerate(address):
        if token == PAD:
            padding = True
        elif padding:
            return "data after the CC4 padding"
        elif token in ("CC5", "CC6", "CC7", "CC8"):
            return f"{token} in the data part"
        elif token in ("CC1", "CC2", "CC3") and i + 1 < len(address):
            follower = address[i + 1]
            if not follower.isdigit() or (token == "CC3" and follower > "5"):
                return f"{token} not followed by a letter digit"
    return None


def verify_barcode(text: str, postal_code: str | None = None) -> str | None:
    """None when the text form is a valid barcode (for *postal_code*, when given); else a short reason."""
    check_text(text, "barcode", MAX_CODE_CHARS)
    check_text(postal_code, "postal_code", MAX_CODE_CHARS)
    try:
        tokens = barcode_from_text(text)
    except ValueError as exc:
        return str(exc)
    if len(tokens) != DATA_LENGTH + 1:
        return f"expected {DATA_LENGTH + 1} characters, found {len(tokens)}"
    data = tokens[:DATA_LENGTH]
    problem = _structure_problem(data)
    if problem:
        return problem
    if check_digit(data) != tokens[DATA_LENGTH]:
        return "check digit wrong"
    if postal_code is not None:
        try:
            code = postal_digits(postal_code)
        except BarcodeError:
            return "postal code of the row is malformed"
        if "".join(data[:POSTAL_LENGTH]) != code:
            return "postal code differs from the row"
    return None
