"""The finding catalogue (指摘事項コード一覧, finding codes): every code addrjp reports, with its severity and messages.

One catalogue, one place. A *finding* is one fact about one field of one record: a postal code that was
corrected, a town that is unknown, a name that cannot be printed. Its severity decides the status of the
record, the worst one winning: ``info`` → ``ok`` or ``fixed`` (``fixed`` when the value was changed),
``warning`` → ``review``, ``error`` → ``hold``; ``excluded`` marks rows a selection rule left out.

Codes are stable identifiers shared with ward and vendor tools: add new ones, never rename.

>>> CATALOGUE["postal.unknown"].message_en
'7 digits not in Japan Post data'
>>> status_of([Finding.of("address.town_variant", field="address", fixed=True)])
'fixed'
>>> status_of([Finding.of("postal.unknown", field="postal_code", severity="error")])
'hold'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["info", "warning", "error", "excluded"]
Status = Literal["ok", "fixed", "review", "hold", "excluded"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2, "excluded": 3}
STATUSES: tuple[Status, ...] = ("ok", "fixed", "review", "hold", "excluded")


@dataclass(frozen=True, slots=True)
class FindingCode:
    """One entry of the catalogue."""

    code: str
    severities: tuple[Severity, ...]  # the first is the default
    message_ja: str
    message_en: str

    @property
    def severity(self) -> Severity:
        return self.severities[0]


def _c(code: str, severities: str, ja: str, en: str) -> FindingCode:
    return FindingCode(code, tuple(severities.split("/")), ja, en)  # type: ignore[arg-type]


_ENTRIES: tuple[FindingCode, ...] = (
    _c("postal.missing", "error/info", "郵便番号がありません", "no postal code"),
    _c("postal.malformed", "error/info", "郵便番号が7桁の数字ではありません", "not 7 digits after folding"),
    _c("postal.unknown", "error/info", "日本郵便のデータにない郵便番号です", "7 digits not in Japan Post data"),
    _c("postal.mismatch", "error/info", "郵便番号が住所と一致しません", "a real code, but not the address's"),
    _c("postal.office_code", "info", "大口事業所の個別番号です", "a large-volume office code: valid, but not an area code"),
    _c("address.empty", "error", "住所がありません", "no address"),
    _c("address.city_unknown", "error", "市区町村が特定できません", "no known municipality could be found"),
    _c("address.outside_area", "warning", "対象地域の外の住所です", "outside the run's target area"),
    _c("address.town_variant", "info", "町名の表記を正式な表記に直しました", "a variant spelling was mapped to the official town"),
    _c("address.town_unknown", "error/warning", "町名が見つかりません", "no town matched"),
    _c("address.chome_invalid", "error", "その町にない丁目です", "the town has no such chome"),
    _c("address.no_number", "error", "番地・番がありません", "no block or lot number: likely undeliverable"),
    _c("address.unparsed", "warning", "解釈できない部分が残っています", "something left over that is neither a number nor a building"),
    _c("address.building_floor_code", "info", "高層ビルの階別郵便番号を使いました", "a high-rise building with a postal code per floor: the floor's code used"),
    _c("address.too_long", "warning", "住所が宛名面の行に収まりません", "longer than the postcard layout allows"),
    _c("name.empty", "error", "氏名がありません", "no name"),
    _c("name.gaiji", "error", "外字または〓が含まれています", "private-use code point or 〓: the real character is unknown"),
    _c("name.unprintable", "error", "印字できない文字があります", "a character outside the target set, with no known fold"),
    _c("name.variant_folded", "warning", "異体字を印字可能な字形に置き換えました", "a variant or old kanji folded to print"),
    _c("name.width_fixed", "info", "半角カナ・空白・文字幅を直しました", "half-width kana, odd spaces or width of letters fixed"),
    _c("name.too_long", "warning", "氏名が宛名面の行に収まりません", "longer than the layout allows"),
    _c("duplicate.exact", "error", "前の行と同じ人です", "the same person as an earlier row"),
    _c("duplicate.probable", "warning", "前の行と同じ人の可能性が高いです", "very likely the same person as an earlier row"),
    _c("household.shared", "info", "同じ住所に別の宛先があります", "another recipient at the same address"),
    _c("returned.previous", "warning", "前回返戻された住所です", "the address is on a list of mail returned before"),
    _c("select.age_below", "excluded", "年齢条件により対象外です", "left out by the age rule of the run"),
    _c("select.household_joint", "excluded", "世帯の連名はがきにまとめました", "folded into the household's joint postcard (--joint-household)"),
    _c("select.birthdate_invalid", "error", "生年月日がないか日付ではありません", "the age rule is on, but the birthdate is missing or not a date"),
    _c("output.unencodable", "error", "出力文字コードで表せない文字があります", "a character the output encoding cannot represent"),
    _c("address.unprintable", "error", "住所に印字できない文字があります", "a character of address1/address2 outside the vendor's character set, with no known fold"),
    _c("decision.approved", "info", "担当者がこのまま印刷すると判断しました", "a person approved the row as is"),
    _c("decision.corrected", "info", "担当者が項目を訂正しました", "a person corrected a field; the corrected value was validated like any input"),
    _c("decision.not_duplicate", "info", "担当者が別人と判断しました", "a person decided that two rows are two people"),
    _c("decision.excluded", "excluded", "担当者が対象外としました", "a person excluded the row, with the reason"),
    _c("decision.stale", "warning", "名簿が変わったため以前の判断を適用していません", "a decision was made on another version of the row and was not applied"),
    _c("decision.held", "error", "担当者が保留としました", "a person decided to hold the row (not printed)"),
    _c("decision.conflict", "error", "判断が食い違っているため、どれも適用していません", "conflicting decisions for the row; none was applied"),
    _c("address.city_variant", "info", "市区町村名の表記を正式な表記に直しました", "a variant spelling of the municipality was mapped to the official name"),
)

#: What to do (対応): per code, what the ward's staff should do about a row with that finding, in Japanese.
#: Shown by the review page (確認画面) beside each finding; one place, like the messages.
ACTION_JA: dict[str, str] = {
    "postal.missing": "住所から郵便番号を補いました。補えない場合は正しい郵便番号を入力してください。",
    "postal.malformed": "7桁の郵便番号に直しました。直せない場合は正しい郵便番号を入力してください。",
    "postal.unknown": "住所から正しい郵便番号に直しました。直せない場合は郵便番号を確認して入力してください。",
    "postal.mismatch": "住所に合う郵便番号に直しました。直せない場合は郵便番号か住所のどちらが正しいか確認してください。",
    "postal.office_code": "大口事業所の番号です。そのまま使えます。個人宛なら地域の郵便番号か確認してください。",
    "address.empty": "住所がありません。名簿を確認して住所を入力するか、対象外にしてください。",
    "address.city_unknown": "市区町村が読み取れません。名簿を確認して住所を訂正してください。",
    "address.outside_area": "対象地域の外の住所です。転出などでないか確認し、送るならこのまま承認、送らないなら対象外にしてください。",
    "address.town_variant": "町名を正式な表記に直しました。対応は不要です。",
    "address.town_unknown": "町名が見つかりません。候補の町名が正しければ承認、違えば住所を訂正してください。",
    "address.chome_invalid": "その町にない丁目です。名簿を確認して住所を訂正してください。",
    "address.no_number": "番地・番がないと届きません。名簿を確認して番地を補ってください。",
    "address.unparsed": "住所の一部が読み取れません。出力の住所で届くか確認し、よければ承認、違えば訂正してください。",
    "address.building_floor_code": "高層ビルの階別の郵便番号を使いました。対応は不要です。",
    "address.too_long": "住所が宛名面の行に収まりません。省略できる部分(建物名など)を訂正するか、このまま承認してください。",
    "name.empty": "氏名がありません。名簿を確認して氏名を入力するか、対象外にしてください。",
    "name.gaiji": "外字が含まれ正しい字が分かりません。印字する氏名を入力してください(外字対応表の追加も検討)。",
    "name.unprintable": "委託先の文字セットで印字できない字があります。印字する氏名を入力してください。",
    "name.variant_folded": "異体字を印字できる字形に置き換えました。ご本人の表記として問題なければ承認、だめなら印字する氏名を入力してください。",
    "name.width_fixed": "半角カナ・空白・文字幅を直しました。対応は不要です。",
    "name.too_long": "氏名が宛名面の行に収まりません。印字する氏名を入力するか、このまま承認してください。",
    "duplicate.exact": "前の行と同じ人です。別人なら「別人」としてください。同じ人なら対応は不要です(1通だけ送ります)。",
    "duplicate.probable": "前の行と同じ人の可能性があります。相手の行と見比べ、別人なら「別人」、同じ人ならこの行を対象外にしてください。",
    "household.shared": "同じ住所に別の宛先があります。対応は不要です。",
    "returned.previous": "前回返戻された住所です。現住所を確認し、正しければ承認、違えば訂正か対象外にしてください。",
    "select.age_below": "年齢条件により対象外です。対応は不要です。",
    "select.household_joint": "世帯の連名はがきにまとめました。対応は不要です。",
    "select.birthdate_invalid": "生年月日がないか日付ではありません。名簿を確認して生年月日を直し、もう一度実行してください。",
    "output.unencodable": "出力の文字コードで表せない字があります。印字する表記に訂正してください。",
    "address.unprintable": "委託先の文字セットで印字できない字が住所にあります。印字する表記に訂正してください。",
    "decision.approved": "担当者が承認済みです。対応は不要です。",
    "decision.corrected": "担当者が訂正済みです。訂正後の値にほかの指摘事項がないか確認してください。",
    "decision.not_duplicate": "担当者が別人と判断済みです。対応は不要です。",
    "decision.excluded": "担当者が対象外としました。対応は不要です。",
    "decision.stale": "名簿が変わったため以前の判断は適用していません。以前の判断を参考に、もう一度判断してください。",
    "decision.held": "担当者が保留としました。印刷するには判断を変えてください。",
    "decision.conflict": "この行に食い違う判断があります。判断記録の重複を整理してください(addrjp decisions check で確認できます)。",
    "address.city_variant": "市区町村名を正式な表記に直しました(田邊市→田辺市)。対応は不要です。",
}

#: The catalogue, by code, in the stable order used to join codes in ``findings.csv``.
CATALOGUE: dict[str, FindingCode] = {e.code: e for e in _ENTRIES}
_ORDER: dict[str, int] = {code: i for i, code in enumerate(CATALOGUE)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding on one record: a catalogue code with its severity, field and optional suggestion."""

    code: str
    severity: Severity
    field: str
    fixed: bool = False
    suggestion: str | None = None
    detail: str | None = None  # short, never a name or an address

    @classmethod
    def of(
        cls,
        code: str,
        *,
        field: str,
        severity: Severity | None = None,
        fixed: bool = False,
        suggestion: str | None = None,
        detail: str | None = None,
    ) -> Finding:
        """Make a finding, checking the code and severity against the catalogue."""
        entry = CATALOGUE.get(code)
        if entry is None:
            raise KeyError(f"unknown finding code {code!r}: add it to addrjp.quality.findings first")
        sev = severity or entry.severity
        if sev not in entry.severities:
            raise ValueError(f"finding {code} cannot have severity {sev!r} (allowed: {entry.severities})")
        return cls(code, sev, field, fixed, suggestion, detail)

    @property
    def message_ja(self) -> str:
        return CATALOGUE[self.code].message_ja

    @property
    def message_en(self) -> str:
        return CATALOGUE[self.code].message_en


def status_of(findings: Iterable[Finding], *, changed: bool = False) -> Status:
    """The status a record gets from its findings (the worst wins); *changed* marks a content correction."""
    worst = -1
    fixed = changed
    for f in findings:
        worst = max(worst, SEVERITY_RANK[f.severity])
        fixed = fixed or f.fixed
    if worst >= SEVERITY_RANK["excluded"]:
        return "excluded"
    if worst == SEVERITY_RANK["error"]:
        return "hold"
    if worst == SEVERITY_RANK["warning"]:
        return "review"
    return "fixed" if fixed else "ok"


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in the catalogue's stable order (then by field)."""
    return sorted(findings, key=lambda f: (_ORDER[f.code], f.field))


def codes_of(findings: Iterable[Finding]) -> tuple[str, ...]:
    """The codes of *findings* in the stable order, each once.

    >>> codes_of([Finding.of("name.empty", field="name"), Finding.of("postal.missing", field="postal_code")])
    ('postal.missing', 'name.empty')
    """
    return tuple(dict.fromkeys(f.code for f in sort_findings(findings)))


def join_codes(findings: Iterable[Finding]) -> str:
    """The codes joined by ``;`` in the stable order, each once: the ``findings`` column of findings.csv."""
    return ";".join(codes_of(findings))
