"""Address lines against the vendor's character set (住所の印字可否, can the address lines be printed).

The two address lines of a postcard (``address1``: prefecture, city, town and numbers; ``address2``: the
building and room, 方書) are judged by the one printability rule of :func:`addrjp.text.charsets.printable_form`,
the rule names are judged by and that ``addrjp check`` applies to the mailing file. A line is written in the
target's image (〜 → ～ for cp932); a line with a character the target cannot print holds the row with
``address.unprintable``. The finding's ``detail`` gives the character and its code point (never the line);
when every such character has a printable variant (𠮷 → 吉, 髙 → 高 for ``jisx0208``, ① → １) the folded line
is the ``suggestion``, for a person to decide: an address is never folded silently.

>>> r = judge_address_lines("東京都新宿区西新宿二丁目8番1号", "𠮷ハイツ 101", "cp932")
>>> r.ok, [(f.code, f.field, f.detail, f.suggestion) for f in r.findings]
(False, [('address.unprintable', 'address2', 'U+20BB7 𠮷', '吉ハイツ 101')])
>>> judge_address_lines("新宿区西新宿2-8-1", "髙橋ビル", "cp932").ok
True
"""

from __future__ import annotations

from dataclasses import dataclass

from addrjp.quality.findings import Finding
from addrjp.quality.names import fold_unprintable
from addrjp.text.charsets import describe_chars, printable_form

CODE = "address.unprintable"


@dataclass(frozen=True, slots=True)
class AddressLines:
    """The address lines as they are written for the target, and the findings on them."""

    line1: str
    line2: str
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when both lines print."""
        return not self.findings

    @property
    def suggestion(self) -> str | None:
        """A short hint for findings.csv: the characters (code points) and, when they fold, the folded lines."""
        if not self.findings:
            return None
        parts = []
        for f in self.findings:
            parts.append(f"{f.field}: {f.detail}" + (f" → {f.suggestion}" if f.suggestion else ""))
        return " / ".join(parts)


def judge_address_lines(line1: str | None, line2: str | None, charset: str = "cp932") -> AddressLines:
    """Both address lines in the target's image, with ``address.unprintable`` for a line that cannot print."""
    findings: list[Finding] = []
    out: list[str] = []
    for field, line in (("address1", line1 or ""), ("address2", line2 or "")):
        form = printable_form(line, charset)
        out.append(form.text)
        if form.ok:
            continue
        folds = {ch: fold_unprintable(ch, charset) for ch in form.unprintable}
        folded = None
        if all(folds.values()):
            folded = "".join(folds.get(ch) or ch for ch in form.text)
            if not printable_form(folded, charset).ok:
                folded = None
        findings.append(Finding.of(CODE, field=field, detail=describe_chars(form.unprintable),
                                   suggestion=folded))
    return AddressLines(out[0], out[1], tuple(findings))


__all__ = ["AddressLines", "judge_address_lines"]
