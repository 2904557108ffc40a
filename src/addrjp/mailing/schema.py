"""The mailing file v1 (宛名ファイル, the outputs of a cleansing run): file names and columns, in one place.

The contract between the ward's tools (``addrjp clean``) and the vendor's (``addrjp check``) is written down
in ``docs/mailing-file.md``; this module is its executable form. Every reader and writer of the outputs
takes the names from here.

>>> MAILING_COLUMNS
('id', 'postal_code', 'address1', 'address2', 'name', 'barcode')
>>> FINDINGS_COLUMNS[:4]
('id', 'status', 'findings', 'duplicate_of')
>>> PRINTED_STATUSES
('ok', 'fixed', 'review')
"""

from __future__ import annotations

import re

from addrjp.text.limits import MAX_FIELD_CHARS as _MAX_FIELD_CHARS

#: Format identifier written into every manifest; ``addrjp check`` refuses a format it does not know.
FORMAT = "addrjp-mailing/1"

MAILING_FILE = "mailing.csv"
FINDINGS_FILE = "findings.csv"
MANIFEST_FILE = "manifest.json"
REPORT_FILE = "report.html"
#: The files of an output folder, in the order they are written and listed in the manifest.
OUTPUT_FILES: tuple[str, ...] = (MAILING_FILE, FINDINGS_FILE, REPORT_FILE)
#: Files only the ward sees: a vendor's copy of the folder may lack them.
WARD_ONLY_FILES: frozenset[str] = frozenset({FINDINGS_FILE, REPORT_FILE})

#: mailing.csv: only what the vendor needs to print (data minimisation). Never a birthdate or findings.
MAILING_COLUMNS: tuple[str, ...] = ("id", "postal_code", "address1", "address2", "name", "barcode")

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
)

#: Statuses whose rows are printed (present in mailing.csv); ``hold`` and ``excluded`` are not.
PRINTED_STATUSES: tuple[str, ...] = ("ok", "fixed", "review")
NOT_PRINTED_STATUSES: tuple[str, ...] = ("hold", "excluded")

#: Input columns (canonical names) a register extract must have, and those it may have.
INPUT_REQUIRED: tuple[str, ...] = ("id", "name", "postal_code", "address")
INPUT_OPTIONAL: tuple[str, ...] = ("address2", "birthdate")
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
}

#: The longest cell accepted from a register (characters); longer ones are an input error, not a truncation.
#: (The limits of every input live in :mod:`addrjp.text.limits`.)
MAX_FIELD_CHARS = _MAX_FIELD_CHARS

#: ``NNN-NNNN``: the form of ``postal_code`` in mailing.csv and ``postal_code_out`` in findings.csv.
POSTAL_OUT_RE = re.compile(r"^[0-9]{3}-[0-9]{4}$")

#: Output encodings of mailing.csv (``--out-encoding``) and the Python codec of each.
OUT_ENCODINGS: dict[str, str] = {"utf-8": "utf-8", "cp932": "cp932"}

#: findings.csv is always UTF-8 with a byte-order mark so that Excel opens it correctly (ward only).
FINDINGS_ENCODING = "utf-8-sig"
