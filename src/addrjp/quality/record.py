"""Record validation (宛先の検証, validating one addressee): one record in, one verdict out.

A record is a name (氏名), a postal code (郵便番号) and an address (住所, with an optional second line,
方書 katagaki: building and room). :func:`validate_record` parses the address against the town master,
checks the postal code against Japan Post's rules for that address, makes the name printable for the
vendor's character set, and reports every fact as a :class:`~addrjp.quality.findings.Finding` from the one
catalogue. The address from the resident register is authoritative: a postal code is corrected only when
the address resolves to exactly one code; a town is corrected only when one clear candidate agrees with the
postal code (and then a person reviews it); nothing is ever silently dropped or invented.

>>> r = validate_record(name="新宿　太郎", postal_code="160-0023", address="東京都新宿区西新宿２－８－１")
>>> r.status, r.postal_code_out
('ok', '160-0023')
>>> r = validate_record(name="新宿　太郎", postal_code="", address="新宿区西早稲田2丁目1番5号")
>>> r.status, r.postal_code_out, r.codes
('fixed', '162-0051', ('postal.missing',))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz.distance import Levenshtein

from addrjp.address.area import area_place, normalize_area
from addrjp.address.format import format_address, format_lines
from addrjp.address.model import Address
from addrjp.address.parse import clean_text, parse_address, parse_lines
from addrjp.address.styles import check_style
from addrjp.address.towns import Town, TownMaster, city_spellings, load_town_master, town_key
from addrjp.postal.index import load_index
from addrjp.postal.lookup import PostalArea, codes_for, codes_key, fold_code, index_memo, lookup_postal
from addrjp.quality.address_charset import judge_address_lines
from addrjp.quality.findings import Finding, Status, codes_of, sort_findings, status_of
from addrjp.quality.names import normalize_name
from addrjp.text import collapse_spaces, display_width, fold_width, strip_invisibles
from addrjp.text.charsets import lines_print_as_is
from addrjp.text.limit_checks import check_texts
from addrjp.text.limits import MAX_TEXT_CHARS
from addrjp.text.whitespace import INVISIBLES, SPACES

__all__ = [
    "AddressVerdict", "Layout", "RecordResult", "address_validator", "fold_postal_code", "validate_address",
    "validate_record",
]


@dataclass(frozen=True, slots=True)
class Layout:
    """Line limits of the address side, in full-width units (全角1文字 = 1, half-width = 0.5).

    The defaults fit a 100×148 mm postcard (通常はがき) printed horizontally: about 85 mm of usable width,
    the address at about 9.5 pt (25 characters a line) and the name at about 16 pt with 様 (12 characters).
    """

    address_line: float = 25.0
    address2_line: float = 25.0
    name_line: int = 12


DEFAULT_LAYOUT = Layout()


@dataclass(frozen=True, slots=True)
class RecordResult:
    """The verdict on one record: status, findings, and the values to print."""

    status: Status
    findings: tuple[Finding, ...]
    address: Address | None
    postal_code_in: str
    postal_code_out: str | None
    address_in: str
    address_out: str | None
    address2_out: str | None
    name_in: str
    name_out: str | None
    suggestion: str | None = None
    #: the second line (方書) as read, when it was kept apart from the parse (it would change the numbers)
    address2_apart: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes in the catalogue's stable order, each once (``";".join(r.codes)`` is the
        ``findings`` column of findings.csv)."""
        return codes_of(self.findings)

    @property
    def printable(self) -> bool:
        """True when the record goes on a postcard (status ok, fixed or review)."""
        return self.status in ("ok", "fixed", "review")


_SPACE = re.compile(r"\s")


def fold_postal_code(text: str | None) -> tuple[str, str]:
    """Fold a postal code as written (〒, widths, hyphens, spaces) to 7 digits.

    Returns ``(digits, state)`` where state is ``'missing'``, ``'malformed'`` or ``'ok'``.

    >>> fold_postal_code("〒１６０ー００２３")
    ('1600023', 'ok')
    >>> fold_postal_code("160-002")
    ('160002', 'malformed')
    >>> fold_postal_code(" ")
    ('', 'missing')
    """
    if text is None:
        return "", "missing"
    folded = _SPACE.sub("", fold_code(strip_invisibles(text)))  # also newlines and NBSP from spreadsheets
    if not folded:
        return "", "missing"
    if len(folded) == 7 and folded.isascii() and folded.isdigit():
        return folded, "ok"
    return folded, "malformed"


_PostalState = tuple[str, str, tuple["PostalArea", ...], bool]


def _postal_state(text: str, memo: dict[Any, Any] | None = None) -> _PostalState:
    """(digits, state, areas, office) of a postal code as written: :func:`fold_postal_code` and, for a
    well-formed code, :func:`lookup_postal` (else no areas), and whether one of the areas is an office's or
    a P.O. box's (kind not ``area``: what :func:`_postal_findings_kept` asks of every address); kept per
    distinct text for the loaded postal index (a register writes a few hundred codes, each on many rows), in
    *memo* when given (:func:`_postal_memo`)."""
    if memo is None:
        memo = index_memo("record.postal_state", 100_000)
    hit = memo.get(text)
    if hit is None:
        digits, state = fold_postal_code(text)
        areas = tuple(lookup_postal(digits)) if state == "ok" else ()
        hit = memo[text] = (digits, state, areas, any(a.kind != "area" for a in areas))
    return hit


@lru_cache(maxsize=4096)
def _chome_list(town: Town) -> tuple[int, ...]:
    """:attr:`Town.chome_list` (sorted on every read) once per town."""
    return town.chome_list


class _TownFacts(NamedTuple):
    """What :func:`_address_findings` and :func:`~addrjp.address.format.format_address` ask the master of a
    town written (pref, city, town): the town, its 丁目, their range as a suggestion, and whether the town
    may be written without a 丁目 (:meth:`TownMaster.valid_chome` with None)."""

    town: Town | None
    chomes: tuple[int, ...]
    span: str | None
    chome_optional: bool | None


@lru_cache(maxsize=8192)
def _town_facts(master: TownMaster, pref: str, city: str, town: str) -> _TownFacts:
    """:class:`_TownFacts` once per master and town as written (the master is a key: another master, as
    after a reset, asks again; bounded by the LRU's size)."""
    found = master.find_town(pref, city, town)
    chomes = _chome_list(found) if found is not None else ()
    span = f"{min(chomes)}-{max(chomes)}" if chomes else None
    return _TownFacts(found, chomes, span, master.valid_chome(pref, city, town, None))


@lru_cache(maxsize=64)
def _area_code(area: str) -> str:
    """The 5-digit code of a valid area (InputError for a malformed code or one no municipality has)."""
    area_place(area)
    return normalize_area(area)


def _hyphenated(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


@lru_cache(maxsize=256)
def _town_keys(master: TownMaster, pref: str, city: str) -> tuple[tuple[Town, str], ...]:
    """The towns of a municipality with their comparison keys (:func:`town_key`), those with a key, in the
    master's order: what the misspelt-town search compares with, once per master and municipality."""
    return tuple((t, k) for t in master.towns_in(pref, city) if (k := town_key(t.town)))


#: the first number of a text: a run of numerals before 丁目/丁/番地/番/号/-, or a digit. The run is taken from
#: its start and whole (lookbehind, possessive): no marker begins with a numeral, so the match starts where
#: the plain ``[…]+(?:…)`` would, without retrying every start inside a long run (quadratic)
_NUMBER_START = re.compile(r"(?<![0-9〇一二三四五六七八九十百千])[0-9〇一二三四五六七八九十百千]++(?:丁目|丁|番地|番|号|-)|[0-9]")


def _town_text(address: Address) -> str:
    """The text where the town should have been: from the end of the city to the first number."""
    rest = address.rest or address.address_b or ""
    m = _NUMBER_START.search(rest)
    return collapse_spaces(rest[: m.start()] if m else rest)


def _fuzzy_towns(address: Address, pcode: str | None,
                 written: str | None = None) -> tuple[list[Town], str, dict[str, int]]:
    """Towns of the city one or two edits from the start of what was written, best first; the written text;
    and for each candidate (by name) how many characters of the written text it stands for (the rest of the
    text is kept after it: a town that matches only the start, 厚田 in 厚田濃書, never drops 濃書)."""
    if not (address.pref and address.city):
        return [], "", {}
    written = _town_text(address) if written is None else written
    if not written:
        return [], "", {}
    towns, spans = _fuzzy_ranked(load_town_master(), address.pref, address.city, written, pcode)
    return list(towns), written, dict(spans)


@lru_cache(maxsize=1024)
def _fuzzy_ranked(master: TownMaster, pref: str, city: str, written: str,
                  pcode: str | None) -> tuple[tuple[Town, ...], dict[str, int]]:
    """The candidates of :func:`_fuzzy_towns` and their spans, once per master, municipality, text written
    and postal code: all it reads (the towns and keys of the municipality in that master, the text's key,
    whether the code is one of a town's). A register misspells a town alike on many rows (206 searches for
    83 texts in the 35k reference); the caller gets a copy of the spans."""
    key = town_key(written)
    scored: list[tuple[int, int, Town]] = []
    spans: dict[str, int] = {}
    for town, tk in _town_keys(master, pref, city):
        allowed = 1 if len(tk) <= 5 else 2
        best, span = min(
            (Levenshtein.distance(key[:n], tk, score_cutoff=allowed + 1), -n)
            for n in {min(n, len(key)) for n in range(max(1, len(tk) - 1), len(tk) + 2)}
        )
        if best <= allowed:
            agrees = 0 if pcode and pcode in town.codes else 1
            # the written characters it leaves over count as edits in the ranking: 厚田濃昼 (one edit)
            # before 厚田 (none, but 濃書 left over) for 厚田濃書
            scored.append((best + len(key) + span, agrees, town))
            spans[town.town] = -span
    scored.sort(key=lambda s: (s[0], s[1], s[2].town))
    return tuple(t for _, _, t in scored), spans


def _retown(address: Address, town: Town, tail: str, line2: str, context: str | None,
            area: str | None) -> tuple[Address, bool]:
    """Parse again with the candidate's official name before *tail* (the text after the misspelt town) and
    the second line; returns the address and whether the second line was merged into it (see
    :func:`~addrjp.address.parse.parse_lines`), so that a building is never printed twice."""
    return parse_lines(f"{town.pref}{town.city}{town.town}{tail}", line2, postal_code=context, area=area)


def _misspelt_town(address: Address) -> tuple[str, str] | None:
    """(what was written as the town, the text after it) when the town is unknown, or when a town matched
    only the start of a longer misspelt name (四谷本山町: 四谷 + 本山町1-1 unread); else None."""
    if address.town and not (address.rest and address.chome is None and address.banchi is None):
        return None  # a town matched and read on: nothing to look for (the common case, no search)
    rest = address.rest or address.address_b or ""
    after = _town_text(address)
    if not address.town:
        start = rest.find(after) if after else -1
        return (after, rest[start + len(after):] if start >= 0 else rest) if after else None
    if address.rest and after and address.rest.startswith(after):
        head = (address.town_variant or address.town) + after
        return head, address.rest[len(after):]
    return None


def _codes(address: Address) -> list[str]:
    if not (address.pref and address.city and address.town):
        return []
    return codes_for(
        address.pref, address.city, address.town,
        chome=address.chome, banchi=address.banchi, go=address.go,
        building=address.building, floor=address.floor,
    )


def _office_matches(area: PostalArea, address: Address) -> bool:
    """An office code is right for a record when the office stands at the record's town and numbers."""
    if (area.pref, area.city, area.town) != (address.pref, address.city, address.town):
        return False
    if not area.office_address:
        return True
    office = parse_address(f"{area.pref}{area.city}{area.town}{area.office_address}")
    return (office.chome, office.banchi) == (address.chome, address.banchi)


def _postal_findings(
    pc_in: str, address: Address | None, findings: list[Finding],
    postal: _PostalState | None = None,
) -> tuple[str | None, str | None]:
    """Check the postal code against the address; append findings; return (code out, suggestion).
    *postal* is ``_postal_state(pc_in)`` when the caller has it."""
    digits, state, known, _office = postal if postal is not None else _postal_state(pc_in)
    candidates = _codes(address) if address is not None and address.town else []
    unique = candidates[0] if len(candidates) == 1 else None
    suggestion = "|".join(_hyphenated(c) for c in candidates) if len(candidates) > 1 else None

    def correct(code: str) -> tuple[str | None, str | None]:
        if unique is not None:
            findings.append(Finding.of(code, field="postal_code", severity="info", fixed=True,
                                       suggestion=_hyphenated(unique)))
            _floor_finding(unique, address, findings)
            return _hyphenated(unique), None
        findings.append(Finding.of(code, field="postal_code", severity="error", suggestion=suggestion))
        return (_hyphenated(digits) if state == "ok" else None), suggestion

    if state == "missing":
        return correct("postal.missing")
    if state == "malformed":
        return correct("postal.malformed")
    areas = list(known)
    if not areas:
        return correct("postal.unknown")
    if address is None or not address.town:
        return _hyphenated(digits), None  # nothing to compare with: the address findings hold the row
    offices = [a for a in areas if a.kind in ("office", "box")]
    if offices:
        if any(_office_matches(a, address) for a in offices):
            findings.append(Finding.of("postal.office_code", field="postal_code"))
            return _hyphenated(digits), None
        return correct("postal.mismatch")
    if digits in candidates or (not candidates and not _office_only(address, areas)):
        return _hyphenated(digits), None
    return correct("postal.mismatch")


_MASTER = object()  # the key under which a memo keeps the master its entries were made with
_POSTAL_MEMO_LIMIT = 300_000


def _postal_memo() -> dict[Any, Any]:
    """The memo of the postal codes' states (keyed by the text) and of the postal findings (keyed by a
    tuple) for the loaded postal index and town master (emptied when the master is another one); bounded."""
    memo = index_memo("record.postal", _POSTAL_MEMO_LIMIT)
    master = load_town_master()
    if memo.get(_MASTER) is not master:
        memo.clear()
        memo[_MASTER] = master
    return memo


def _postal_findings_kept(
    pc_in: str, address: Address, findings: list[Finding], postal: _PostalState,
    memo: dict[Any, Any] | None = None, checked: bool = False,
) -> tuple[str | None, str | None]:
    """:func:`_postal_findings` of a parsed address, once per key of everything it reads: the postal code as
    written (*postal* is its state), the town as written and the parts of the address :func:`codes_for`
    reads (:func:`~addrjp.postal.lookup.codes_key`: for most towns the town alone), whether there is a
    building (the floor finding), and for an office or P.O. box code the 丁目 and 番 (the office's own
    address is compared with them). The findings it made are appended again (they are immutable). Kept
    for the loaded postal index and town master (the office check parses, the town's source is the
    master's) in *memo* (:func:`_postal_memo`, which gives it when None). *checked*: the caller found the
    address's text fields within the limit together (:func:`_fields_within_limit`), so the length checks
    :func:`codes_for` would make are not made again for a town the memo knows."""
    if memo is None:
        memo = _postal_memo()
    pref, city, town = address.pref, address.city, address.town
    office = (address.chome, address.banchi) if postal[3] else None  # an office or P.O. box code
    # first the key without the parts: enough for a town whose codes no part changes (codes_key is then
    # the town alone, a property of the town), which is most towns; the entry says so, else go deeper
    key: tuple[Any, ...] = (pc_in, pref, city, town, not address.building, office)
    hit = memo.get(key)
    if hit is _DEEPER or (hit is None and pref and city and town):
        rules = codes_key(pref, city, town, chome=address.chome,  # type: ignore[arg-type]
                          banchi=address.banchi, go=address.go, building=address.building, floor=address.floor)
        if len(rules) > 3:
            memo[key] = _DEEPER
            key = (pc_in, rules, not address.building, office)
            hit = memo.get(key)
        else:
            hit = None
    elif hit is not None and pref and city and town and not checked:
        # the text checks codes_for (through codes_key) makes, for a town the memo knew already
        check_texts(_CODES_FOR_FIELDS, (pref, city, town, address.banchi, address.go, address.building))
    if hit is None:
        made: list[Finding] = []
        code_out, suggestion = _postal_findings(pc_in, address, made, postal)
        hit = memo[key] = (code_out, suggestion, tuple(made))
    findings.extend(hit[2])
    return hit[0], hit[1]


_DEEPER = object()  # a memo entry: the codes of this town depend on the parts, look them up by codes_key
_CODES_FOR_FIELDS = ("pref", "city", "town", "banchi", "go", "building")


def _office_only(address: Address, areas: list[PostalArea]) -> bool:
    """True when the town is known only from the office file (事業所: no area code of its own) and the area
    code given is another town's: 医学町通2番町 with 紫竹's 950-0864 would print another town's code."""
    town = load_town_master().find_town(address.pref or "", address.city or "", address.town or "")
    if town is None or town.source != "office":
        return False
    return not any((a.pref, a.city, a.town) == (address.pref, address.city, address.town) for a in areas)


def _floor_finding(code: str, address: Address | None, findings: list[Finding]) -> None:
    if address is None or not address.building:
        return
    for area in lookup_postal(code):
        if area.building:
            findings.append(Finding.of("address.building_floor_code", field="postal_code", fixed=True,
                                       suggestion=_hyphenated(code)))
            return


def _city_written_otherwise(address: Address) -> bool:
    """True when the municipality was written, but not in its official spelling: the matcher folded a variant
    (和歌山県田邊市 is printed 田辺市). Every spelling the master reads it by is looked for (the whole name,
    without the county, a designated city's ward alone: :func:`addrjp.address.towns.city_spellings`)."""
    city = address.city
    if not city or not address.original or "city" in address.inferred or city in address.original:
        return False
    text = clean_text(address.original).replace(" ", "")
    forms = city_spellings(city)
    if any(f in text for f in forms):
        return False
    key = town_key(text)
    return any(f and town_key(f) in key for f in forms)


def _legal_spelling(address: Address, town: Town | None) -> bool:
    """True when the town is written as the municipality's own (ABR) name, e.g. 霞ヶ丘町 for Japan Post's 霞ケ丘町.

    Japan Post and the ward spell a few towns differently (ヶ/ケ); the register's legal spelling is not a
    variant to correct.
    """
    return town is not None and town.abr_name is not None and address.town_variant == town.abr_name


def _address_findings(
    address: Address, line2: str, pcode: str | None, area: str | None, merged: bool, findings: list[Finding],
    master: TownMaster | None = None,
) -> tuple[Address, str | None, bool, _TownFacts | None]:
    """Town, 丁目, numbers and leftovers; may return a corrected address (fuzzy town), a suggestion, whether
    the second line is part of the (corrected) address, and the master's facts of its town (None when the
    municipality is unknown). *master* is :func:`load_town_master`'s when the caller has it."""
    suggestion = None
    if not (address.pref and address.city):
        findings.append(_CITY_UNKNOWN)
        return address, None, merged, None
    misspelt = _misspelt_town(address)
    if misspelt is not None:
        candidates, written, spans = _fuzzy_towns(address, pcode, misspelt[0])
        if address.town:  # only a longer town than the one matched corrects a misspelt name inside it
            candidates = [t for t in candidates if len(t.town) > len(address.town)]
        agreeing = [t for t in candidates if pcode and pcode in t.codes]
        names = "|".join(dict.fromkeys(t.town for t in candidates[:5])) or None
        if written and len(agreeing) == 1 and len({t.town for t in candidates[:1] + agreeing}) == 1:
            tail = written[spans[agreeing[0].town]:] + misspelt[1]  # what the town does not stand for is kept
            fixed, merged = _retown(address, agreeing[0], tail, line2, pcode, area)
            if fixed.town == agreeing[0].town:
                findings.append(Finding.of("address.town_unknown", field="address", severity="warning",
                                           suggestion=fixed.town))
                address = fixed
                suggestion = fixed.town
        if not address.town:
            findings.append(Finding.of("address.town_unknown", field="address", severity="error",
                                       suggestion=names))
            return address, names, merged, None
        if suggestion is None and names and address.rest:
            suggestion = names  # 四谷 + 本山町 unread: the candidates are shown to the reviewer
    facts = _town_facts(master if master is not None else load_town_master(), address.pref or "",
                        address.city or "", address.town or "")
    town = facts.town
    if address.town_variant and not suggestion and not _legal_spelling(address, town):
        findings.append(Finding.of("address.town_variant", field="address", fixed=True,
                                   suggestion=address.town))
    if _city_written_otherwise(address):
        findings.append(Finding.of("address.city_variant", field="address", fixed=True, suggestion=address.city))
    if area and address.jis and address.jis[:5] != area[:5]:
        findings.append(Finding.of("address.outside_area", field="address", detail=address.jis))
    chomes = facts.chomes
    if address.chome is not None and chomes and address.chome not in chomes:
        findings.append(Finding.of("address.chome_invalid", field="address", suggestion=facts.span))
    elif address.chome is None and chomes and address.banchi is not None and facts.chome_optional is False:
        # every part of the town has a 丁目 (西新宿9-1, 市谷田町219番地): the 丁目 is missing
        findings.append(Finding.of("address.chome_invalid", field="address", detail="missing",
                                   suggestion=facts.span))
    if address.banchi is None and address.lot_note is None:  # 無番地 written is no missing number
        findings.append(_NO_NUMBER)
    if address.rest or (address.koaza and _glued(address, suggestion)):
        # text the parser did not understand: never ok or fixed, at least review, the original kept
        findings.append(_UNPARSED)
    return address, suggestion, merged, facts


# findings without a suggestion or detail, made once (a Finding is immutable)
_CITY_UNKNOWN = Finding.of("address.city_unknown", field="address")
_NO_NUMBER = Finding.of("address.no_number", field="address")
_UNPARSED = Finding.of("address.unparsed", field="address")


_KNOWN_AREA_WORDS = ("大字", "小字", "字")


def _glued(address: Address, correction: str | None) -> bool:
    """True when the output would glue text the parser only guessed at (a 小字 read from its shape alone,
    字 not written) to a head it did not read as written (a municipality inferred, a town corrected): a
    new address made of a known head and unverified text is never ok or fixed."""
    if not address.koaza or address.koaza.startswith(_KNOWN_AREA_WORDS) or address.koaza[-1:] in ("割", "線"):
        return False
    return "city" in address.inferred or correction is not None


def validate_record(
    *,
    name: str | None,
    postal_code: str | None,
    address: str | None,
    address2: str | None = None,
    area: str | None = None,
    charset: str = "cp932",
    style: str = "horizontal",
    prefecture: bool = True,
    numerals: str = "tens",
    layout: Layout = DEFAULT_LAYOUT,
    gaiji_map: dict[str, str] | None = None,
    name_override: str | None = None,
    check_name: bool = True,
) -> RecordResult:
    """Validate one record: parse and check the address and postal code, make the name printable.

    *area* is the register's local government code (13104 or 131041): context for the address (a town written
    alone is read in the area first, see :func:`addrjp.parse_address`) and the reference of
    ``address.outside_area``; a malformed or unknown code raises :class:`~addrjp.errors.InputError`.
    *charset* the vendor's character set, for the name (see :func:`addrjp.normalize_name`) and the address
    lines (``address.unprintable``, see :mod:`addrjp.quality.address_charset`); *style*, *prefecture* and
    *numerals* (the vertical style's kanji numerals, ``tens`` or ``positional``) the house style of
    ``address_out``. *check_name* False leaves the name out (a batch normalizes its distinct names apart).
    Never raises on text of up to :data:`~addrjp.text.limits.MAX_TEXT_CHARS` characters a field; a longer
    field is an :class:`~addrjp.errors.InputError` naming it, and a *style* that is not a house style raises
    :class:`~addrjp.errors.InputError` (a ``ValueError``) whatever the record.
    """
    check_style(style)
    check_texts(_FIELDS, (name, postal_code, address, address2, area, name_override))
    if area is not None:
        area = _area_code(area)
    findings: list[Finding] = []
    name_in = name or ""
    name_out: str | None = None
    if check_name:
        name_res = normalize_name(name_in, charset, gaiji_map=gaiji_map, override=name_override,
                                  max_length=int(layout.name_line))
        findings.extend(name_res.findings)
        name_out = name_res.text or None

    pc_in = postal_code or ""
    address_in = address or ""
    verdict = _validate_address(pc_in, address_in, address2, area, charset, style, prefecture, numerals, layout)
    findings.extend(verdict.findings)  # the name's findings first, then the address's, as they were made
    return _result(findings, verdict.address, pc_in, verdict.postal_code_out, address_in, verdict.address_out,
                   verdict.address2_out, name_in, name_out, verdict.suggestion, verdict.address2_apart)


class AddressVerdict(NamedTuple):
    """The verdict on the address part of a record (:func:`validate_address`): what
    :func:`validate_record` gives for it, the findings unsorted and without a status."""

    findings: list[Finding]
    address: Address | None
    postal_code_out: str | None
    address_out: str | None
    address2_out: str | None
    suggestion: str | None
    #: the second line (方書) as read, when it was kept apart from the parse
    address2_apart: str | None


def validate_address(
    *, postal_code: str | None, address: str | None, address2: str | None = None, area: str | None = None,
    charset: str = "cp932", style: str = "horizontal", prefecture: bool = True, numerals: str = "tens",
    layout: Layout = DEFAULT_LAYOUT,
) -> AddressVerdict:
    """宛先の住所の検証 (validating an addressee's address): :func:`validate_record` without the name, for a
    batch that needs no status and no order of the findings (the pipeline: one call per distinct address).

    The same checks, findings and output lines as ``validate_record(name=None, check_name=False, …)``, the
    same errors for a bad *style*, *area* or a field too long.

    >>> v = validate_address(postal_code="", address="新宿区西早稲田2丁目1番5号")
    >>> v.postal_code_out, [f.code for f in v.findings]
    ('162-0051', ['postal.missing'])
    """
    check_style(style)
    check_texts(_FIELDS[1:5], (postal_code, address, address2, area))
    if area is not None:
        area = _area_code(area)
    return _validate_address(postal_code or "", address or "", address2, area, charset, style, prefecture,
                             numerals, layout)


def address_validator(
    *, area: str | None = None, charset: str = "cp932", style: str = "horizontal", prefecture: bool = True,
    numerals: str = "tens", layout: Layout = DEFAULT_LAYOUT,
) -> Callable[[str | None, str | None, str | None], AddressVerdict]:
    """住所検証の関数 (an address validator): ``validate_address`` with its options checked once, for a batch
    of addresses under the same options (the pipeline: one call per distinct address).

    ``address_validator(**options)(postal_code, address, address2)`` is
    ``validate_address(postal_code=…, address=…, address2=…, **options)``: the same verdict, the same
    error for a field too long; a bad *style* or *area* is refused here, before any address.

    >>> check = address_validator(area="13104")
    >>> check("", "西早稲田2丁目1番5号", None).postal_code_out
    '162-0051'
    """
    check_style(style)
    check_texts(_FIELDS[4:5], (area,))
    if area is not None:
        area = _area_code(area)
    names = _FIELDS[1:4]
    memos = _PostalMemos()

    def validate(postal_code: str | None, address: str | None, address2: str | None) -> AddressVerdict:
        # check_texts' own first test (the lengths summed), written out for the common str texts
        if not (type(postal_code) is str and type(address) is str and (address2 is None or type(address2) is str)
                and len(postal_code) + len(address) + (len(address2) if address2 else 0) <= MAX_TEXT_CHARS):
            check_texts(names, (postal_code, address, address2))
        master = load_town_master()
        index = load_index()
        memo = memos.memo
        if index is not memos.index or memo.get(_MASTER) is not master or len(memo) > _POSTAL_MEMO_LIMIT:
            # the first address, or the index or master replaced since (or the memo over its bound)
            memo = memos.memo = _postal_memo()
            memos.index = index
        return _validate_address(postal_code or "", address or "", address2, area, charset, style, prefecture,
                                 numerals, layout, memo, master)

    return validate


class _PostalMemos:
    """What an :func:`address_validator` keeps between its addresses: the postal index of its last address
    and the memo :func:`_postal_memo` gave for it. Each address tests, with ``is``, that the index loaded
    now is that one and that the memo is still the loaded master's (:func:`_postal_memo` keeps its master
    under ``_MASTER`` and empties the memo for another one): then :func:`_postal_memo` would give a memo of
    the same index and master, whose entries depend on those two only, so this one serves. Otherwise (the
    first address, a reset or an import since, the memo over its bound) it is looked up again. So a
    replaced index or master is seen at the next address, as when every address looked the memo up."""

    __slots__ = ("index", "memo")

    def __init__(self) -> None:
        self.index: object = None
        self.memo: dict[Any, Any] = {}


_new_tuple = tuple.__new__


def _validate_address(
    pc_in: str, address_in: str, address2: str | None, area: str | None, charset: str, style: str,
    prefecture: bool, numerals: str, layout: Layout, memo: dict[Any, Any] | None = None,
    master: TownMaster | None = None,
) -> AddressVerdict:
    """The :class:`AddressVerdict` of an address whose options and texts are checked (*area* as its code):
    the address part of :func:`validate_record`, its findings in the order made. *memo* is
    :func:`_postal_memo` and *master* :func:`load_town_master` when the caller has them."""
    findings: list[Finding] = []
    line2_in = _collapsed(fold_width(address2)) if address2 else ""
    if _blank(address_in):
        findings.append(Finding.of("address.empty", field="address"))
        code_out, suggestion = _postal_findings(pc_in, None, findings)
        return _new_tuple(AddressVerdict, (findings, None, code_out, None, line2_in or None, suggestion, None))

    if memo is None:
        memo = _postal_memo()
    postal = _postal_state(pc_in, memo)
    context = postal[0] if postal[2] else None
    parsed, merged = parse_lines(address_in, line2_in, postal_code=context, area=area)
    parsed, suggestion, merged, facts = _address_findings(parsed, line2_in, context, area, merged, findings,
                                                          master)
    checked = _fields_within_limit(parsed)
    code_out, postal_suggestion = _postal_findings_kept(pc_in, parsed, findings, postal, memo, checked)
    suggestion = suggestion or postal_suggestion

    address_out: str | None = None
    address2_out: str | None = line2_in or None
    apart = "" if merged else line2_in
    if parsed.town:
        if style == "horizontal" and facts is not None:  # the town's facts are the master's find_town
            line1, line2 = format_lines(parsed, facts.town, prefecture=prefecture, checked=checked)
        else:
            lines = format_address(parsed, style, prefecture=prefecture, split_building=True, numerals=numerals)
            line1, line2 = lines if isinstance(lines, tuple) else (lines, "")
        address_out = line1
        if style == "vertical" and apart:
            from addrjp.address.vertical import vertical_building

            address2_out = "\u3000".join(p for p in (line2, vertical_building(apart, numerals)) if p) or None
        else:
            address2_out = (f"{line2} {apart}" if line2 else apart) if apart else (line2 or None)
    else:
        address_out = collapse_spaces(fold_width(address_in))
    # the lines as written for the vendor's character set, judged by the same rule as names and `check`
    if not lines_print_as_is(address_out, address2_out, charset):
        # (lines that print as they stand are what judge_address_lines gives back, without findings)
        judged = judge_address_lines(address_out, address2_out, charset)
        address_out, address2_out = judged.line1, judged.line2 or None
        findings.extend(judged.findings)
        suggestion = suggestion or judged.suggestion
    if _wider(address_out, layout.address_line) or (address2_out and _wider(address2_out, layout.address2_line)):
        findings.append(Finding.of("address.too_long", field="address"))
    # made as its NamedTuple's __new__ makes it (tuple.__new__ of the fields in order), without that __new__
    return _new_tuple(AddressVerdict, (findings, parsed, code_out, address_out, address2_out, suggestion,
                                       apart or None))


_FIELDS = ("name", "postal_code", "address", "address2", "area", "name_override")


def _fields_within_limit(a: Address) -> bool:
    """True when the text fields of a parsed address (each a str or None) are within
    :data:`~addrjp.text.limits.MAX_TEXT_CHARS` all together: then each of them is, and the length checks of
    :func:`codes_for` (pref, city, town, banchi, go, building) and of
    :func:`~addrjp.address.model.check_fields` (pref, city, town, koaza, street, building, room, rest), whose
    own first test is this sum over fewer of them, pass (one sum instead of two checks)."""
    return (len(a.pref or "") + len(a.city or "") + len(a.town or "") + len(a.banchi or "") + len(a.go or "")
            + len(a.building or "") + len(a.koaza or "") + len(a.street or "") + len(a.room or "")
            + len(a.rest or "")) <= MAX_TEXT_CHARS


def _blank(text: str) -> bool:
    """``not collapse_spaces(strip_invisibles(text))``, at the cost of one look at the first character
    when it is neither a space nor invisible (then it stays, so the text is not blank)."""
    first = text[:1]
    if first and first not in INVISIBLES and first not in SPACES and not first.isspace():
        return False
    return not collapse_spaces(strip_invisibles(text))


#: what :func:`collapse_spaces` changes inside a text: a space other than the ASCII one, or two in a row
_NOT_ONE_SPACE = re.compile("[" + "".join(sorted(SPACES - {" "})) + "]|  ")


def _collapsed(text: str) -> str:
    """``collapse_spaces(text)``, without its substitution when there is nothing to change: it makes every
    run of :data:`~addrjp.text.whitespace.SPACES` one ASCII space and then strips, so a text is its own
    result when it has no space of another kind, no two spaces together and no white space at either end
    (``str.strip`` takes any, tested)."""
    if _NOT_ONE_SPACE.search(text) is None and not text[:1].isspace() and not text[-1:].isspace():
        return text
    return collapse_spaces(text)


def _wider(text: str, limit: float) -> bool:
    """``display_width(text) > limit``; a text of at most *limit* characters is never wider (a character
    is at most 1 wide), so it is not measured."""
    return len(text) > limit and display_width(text) > limit


def _result(
    findings: list[Finding], address: Address | None, pc_in: str, pc_out: str | None, address_in: str,
    address_out: str | None, address2_out: str | None, name_in: str, name_out: str | None,
    suggestion: str | None, address2_apart: str | None = None,
) -> RecordResult:
    ordered = tuple(sort_findings(findings)) if len(findings) > 1 else tuple(findings)
    return RecordResult(
        status=status_of(ordered), findings=ordered, address=address, postal_code_in=pc_in,
        postal_code_out=pc_out, address_in=address_in, address_out=address_out,
        address2_out=address2_out, name_in=name_in, name_out=name_out, suggestion=suggestion,
        address2_apart=address2_apart,
    )


def revalidate(result: RecordResult, **options: Any) -> RecordResult:
    """Validate a result's output values again (a corrected record should come back ``ok``)."""
    return validate_record(
        name=result.name_out, postal_code=result.postal_code_out, address=result.address_out,
        address2=result.address2_out, **options,
    )

