"""The mailing file v2 (宛名ファイル, the outputs of a cleansing run): file names, columns, encodings, in one place.

The contract between the ward's tools (``addrjp clean``) and the vendor's (``addrjp check``, ``addrjp proof``)
is written down in ``docs/mailing-file.md``; this module is its executable form. Every reader and writer of
the outputs takes the names from here.

``mailing.csv`` has two column profiles (列の形式): ``ja``, the label profile that Japanese address-printing
software reads as is (宛名番号, 郵便番号, 住所1, 住所2, 氏名, 敬称, 連名1…連名3, カスタマバーコード; the default),
and ``en``, the English columns of mailing file v1. Inside addrjp a row is a set of *fields* (``id``,
``postal_code`` … ``barcode``); a profile names the header of each field it carries.

>>> profile_columns("ja")
('宛名番号', '郵便番号', '住所1', '住所2', '氏名', '敬称', '連名1', '連名2', '連名3', 'カスタマバーコード')
>>> MAILING_COLUMNS
('id', 'postal_code', 'address1', 'address2', 'name', 'barcode')
>>> output_encoding("cp932"), output_encoding("unicode"), output_encoding("unicode", "cp932")
('cp932', 'utf-8-sig', 'cp932')
>>> FINDINGS_COLUMNS[:4]
('id', 'status', 'findings', 'duplicate_of')
>>> PRINTED_STATUSES
('ok', 'fixed', 'review')
"""

from __future__ import annotations

import re

from addrjp.text.limits import MAX_FIELD_CHARS as _MAX_FIELD_CHARS

#: Format identifier written into every manifest; ``addrjp check`` refuses a format it does not know.
FORMAT = "addrjp-mailing/2"
#: Formats read back (check, proof, ``--force``): v1 folders have the ``en`` columns and no profile entry.
KNOWN_FORMATS: tuple[str, ...] = ("addrjp-mailing/1", FORMAT)

MAILING_FILE = "mailing.csv"
FINDINGS_FILE = "findings.csv"
MANIFEST_FILE = "manifest.json"
REPORT_FILE = "report.html"
#: The files of an output folder, in the order they are written and listed in the manifest.
OUTPUT_FILES: tuple[str, ...] = (MAILING_FILE, FINDINGS_FILE, REPORT_FILE)
#: Files only the ward sees: a vendor's copy of the folder may lack them.
WARD_ONLY_FILES: frozenset[str] = frozenset({FINDINGS_FILE, REPORT_FILE})

#: The fields of a printed row, in file order: only what the vendor needs to print (data minimisation).
#: Never a birthdate or findings. ``joint1``…``joint3`` are the given names of a joint card (連名).
MAILING_FIELDS: tuple[str, ...] = ("id", "postal_code", "address1", "address2", "name", "honorific",
                                   "joint1", "joint2", "joint3", "barcode")
#: At most this many other members share one card (連名1…連名3).
MAX_JOINT = 3
#: Column profiles of mailing.csv: (field, header) in file order. ``en`` has no 敬称 or 連名 columns: its
#: ``name`` holds a joint card's names joined with ・ (mailing file v1).
MAILING_PROFILES: dict[str, tuple[tuple[str, str], ...]] = {
    "ja": (("id", "宛名番号"), ("postal_code", "郵便番号"), ("address1", "住所1"), ("address2", "住所2"),
           ("name", "氏名"), ("honorific", "敬称"), ("joint1", "連名1"), ("joint2", "連名2"), ("joint3", "連名3"),
           ("barcode", "カスタマバーコード")),
    "en": (("id", "id"), ("postal_code", "postal_code"), ("address1", "address1"), ("address2", "address2"),
           ("name", "name"), ("barcode", "barcode")),
}
DEFAULT_PROFILE = "ja"
#: The profile of a folder whose manifest names none (mailing file v1).
V1_PROFILE = "en"


def profile_fields(profile: str) -> tuple[str, ...]:
    """The fields a column profile carries, in file order."""
    return tuple(f for f, _ in _profile(profile))


def profile_columns(profile: str) -> tuple[str, ...]:
    """The header of mailing.csv in a column profile."""
    return tuple(h for _, h in _profile(profile))


def _profile(profile: str) -> tuple[tuple[str, str], ...]:
    try:
        return MAILING_PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown column profile {profile!r}: use one of {', '.join(MAILING_PROFILES)}") from None


#: mailing.csv in the English profile (the columns of mailing file v1).
MAILING_COLUMNS: tuple[str, ...] = profile_columns("en")
#: The honorific (敬称) printed after each name when the register has none of its own.
DEFAULT_HONORIFIC = "様"

#: findings.csv: exactly one row per input row, for the ward.
FINDINGS_COLUMNS: tuple[str, ...] = (
    "id",
    "status",
    "findings",
    "duplicate_of",
    "postal_code_in",
    "postal_code_out",
    "address_in",
    "address_out",
    "name_in",
    "name_out",
    "suggestion",
    "description",  # the findings explained in Japanese; decisions with who and when (ward only)
)

#: Statuses whose rows are printed (present in mailing.csv); ``hold`` and ``excluded`` are not.
PRINTED_STATUSES: tuple[str, ...] = ("ok", "fixed", "review")
NOT_PRINTED_STATUSES: tuple[str, ...] = ("hold", "excluded")

#: Input columns (canonical names) a register extract must have, and those it may have.
INPUT_REQUIRED: tuple[str, ...] = ("id", "name", "postal_code", "address")
INPUT_OPTIONAL: tuple[str, ...] = ("address2", "birthdate", "honorific", "household")
INPUT_COLUMNS: tuple[str, ...] = INPUT_REQUIRED + INPUT_OPTIONAL

#: Header names recognised out of the box, per canonical column (compared after width folding, lower case,
#: spaces removed). ``個人番号`` (My Number) is deliberately not an id: it must never reach a mailing file.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "宛名番号", "識別番号", "住民番号", "管理番号", "宛名コード", "住民コード", "番号", "no", "no."),
    "name": ("name", "氏名", "名前", "宛名", "お名前", "漢字氏名", "氏名(漢字)", "宛名氏名"),
    "postal_code": ("postal_code", "postalcode", "postcode", "zip", "zipcode", "郵便番号", "〒", "郵便", "〒番号"),
    "address": ("address", "address1", "住所", "住所1", "所在地", "住所(番地まで)", "住所地"),
    "address2": ("address2", "住所2", "方書", "方書き", "建物名", "建物", "マンション名", "住所(方書)"),
    "birthdate": ("birthdate", "birthday", "date_of_birth", "dob", "生年月日", "誕生日"),
    "honorific": ("honorific", "敬称"),
    "household": ("household", "household_id", "世帯番号", "世帯コード", "世帯id", "世帯no"),
}

#: The longest cell accepted from a register (characters); longer ones are an input error, not a truncation.
#: (The limits of every input live in :mod:`addrjp.text.limits`.)
MAX_FIELD_CHARS = _MAX_FIELD_CHARS

#: ``NNN-NNNN``: the form of ``postal_code`` in mailing.csv and ``postal_code_out`` in findings.csv.
POSTAL_OUT_RE = re.compile(r"^[0-9]{3}-[0-9]{4}$")

#: Output encodings of mailing.csv (``--out-encoding``) and the Python codec of each.
OUT_ENCODINGS: dict[str, str] = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp932": "cp932"}
#: The encoding of mailing.csv for each character set of the vendor (``--charset``), when
#: ``--out-encoding`` does not say: CP932 (lines end CRLF, as always) for the Shift_JIS family, which
#: Windows label software reads as is; UTF-8 with a byte-order mark, which Excel and label software
#: recognise, where CP932 cannot carry the set (JIS X 0213's 鷗 𡈽, any Unicode).
CHARSET_ENCODINGS: dict[str, str] = {"cp932": "cp932", "jisx0208": "cp932", "jisx0213": "utf-8-sig",
                                     "unicode": "utf-8-sig"}


def output_encoding(charset: str, override: str | None = None) -> str:
    """The encoding of mailing.csv: *override* (``--out-encoding``) or the one the character set calls for."""
    if override:
        if override not in OUT_ENCODINGS:
            raise ValueError(f"unknown output encoding {override!r}: use one of {', '.join(OUT_ENCODINGS)}")
        return override
    return CHARSET_ENCODINGS.get(charset, "utf-8-sig")


#: findings.csv is always UTF-8 with a byte-order mark so that Excel opens it correctly (ward only).
FINDINGS_ENCODING = "utf-8-sig"

#: The columns :func:`addrjp.clean_frame` returns, in this order, all text and never null: those of
#: findings.csv, then the mailing file's ``address1``, ``address2`` and ``barcode``, the label profile's
#: ``honorific``, ``name_print`` and ``joint1``…``joint3``, and the input row's ``fingerprint`` for the
#: decisions file (see docs/api.md). What else a run needs (the report's town, the register's line numbers,
#: the review page's decision records) stays inside the pipeline.
CLEAN_FRAME_COLUMNS: tuple[str, ...] = (*FINDINGS_COLUMNS, "address1", "address2", "barcode", "honorific",
                                        "name_print", "joint1", "joint2", "joint3", "fingerprint")
