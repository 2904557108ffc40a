"""normalize_name: a table of real-world name shapes, each with its cp932 and jisx0208 form."""

from __future__ import annotations

import doctest

import pytest

import addrjp
import addrjp.quality.names as names
from addrjp.quality.findings import status_of
from addrjp.quality.names import NameResult, normalize_name
from addrjp.text.charsets import encoding_for

W = "name.width_fixed"
F = "name.variant_folded"
G = "name.gaiji"
U = "name.unprintable"
E = "name.empty"
S = "\u3000"  # the family/given separator for Japanese names

# (category, input, cp932 form, cp932 codes, jisx0208 form, jisx0208 codes)
TABLE: list[tuple[str, str, str, set[str], str, set[str]]] = [
    # printable old and variant forms stay as registered
    ("printable", f"渡邊{S}一郎", f"渡邊{S}一郎", set(), f"渡邊{S}一郎", set()),
    ("printable", f"渡邉{S}花子", f"渡邉{S}花子", set(), f"渡邉{S}花子", set()),
    ("printable", f"齋藤{S}茂", f"齋藤{S}茂", set(), f"齋藤{S}茂", set()),
    ("printable", f"齊藤{S}清", f"齊藤{S}清", set(), f"齊藤{S}清", set()),
    ("printable", f"櫻井{S}昭", f"櫻井{S}昭", set(), f"櫻井{S}昭", set()),
    ("printable", f"廣瀬{S}勝", f"廣瀬{S}勝", set(), f"廣瀬{S}勝", set()),
    ("printable", f"山嵜{S}實", f"山嵜{S}實", set(), f"山嵜{S}實", set()),
    ("printable", f"濱田{S}キヨ", f"濱田{S}キヨ", set(), f"濱田{S}キヨ", set()),
    ("printable", f"澤田{S}ハル", f"澤田{S}ハル", set(), f"澤田{S}ハル", set()),
    ("printable", f"國分{S}トメ", f"國分{S}トメ", set(), f"國分{S}トメ", set()),
    ("printable", f"佐々木{S}ゑい", f"佐々木{S}ゑい", set(), f"佐々木{S}ゑい", set()),
    ("printable", f"小野寺{S}ヱミ", f"小野寺{S}ヱミ", set(), f"小野寺{S}ヱミ", set()),
    ("printable", f"霞ヶ関{S}一", f"霞ヶ関{S}一", set(), f"霞ヶ関{S}一", set()),
    ("printable", "山田太郎", "山田太郎", set(), "山田太郎", set()),
    # in CP932 (NEC/IBM extensions) but not in JIS X 0208
    ("cp932-only", f"髙橋{S}一郎", f"髙橋{S}一郎", set(), f"高橋{S}一郎", {F}),
    ("cp932-only", f"﨑山{S}勇", f"﨑山{S}勇", set(), f"崎山{S}勇", {F}),
    ("cp932-only", f"德永{S}正", f"德永{S}正", set(), f"徳永{S}正", {F}),
    ("cp932-only", f"瀨戸{S}和子", f"瀨戸{S}和子", set(), f"瀬戸{S}和子", {F}),
    ("cp932-only", f"濵田{S}昭子", f"濵田{S}昭子", set(), f"濱田{S}昭子", {F}),
    ("cp932-only", f"草彅{S}剛", f"草彅{S}剛", set(), f"草〓{S}剛", {U}),
    ("cp932-only", f"栁田{S}進", f"栁田{S}進", set(), f"柳田{S}進", {F}),
    ("cp932-only", f"桒原{S}栄", f"桒原{S}栄", set(), f"桑原{S}栄", {F}),
    ("cp932-only", f"曻{S}太郎", f"曻{S}太郎", set(), f"昇{S}太郎", {F}),
    ("cp932-only", "\ufa19田", "\ufa19田", set(), "神田", {F}),  # compatibility ideograph 神
    ("cp932-only", "\ufa10本", "\ufa10本", set(), "塚本", {F}),  # 塚
    ("cp932-only", "\u51de子", "\ufa15子", set(), "熈子", {F}),  # 凞: cp932 has the compat form
    # JIS X 0213 only
    ("0213-only", f"森{S}鷗外", f"森{S}鴎外", {F}, f"森{S}鴎外", {F}),
    ("0213-only", f"𡈽屋{S}光", f"土屋{S}光", {F}, f"土屋{S}光", {F}),
    ("0213-only", "\ufa45野", "海野", {F}, "海野", {F}),  # 海 FA45
    ("0213-only", "剝野", "剥野", {F}, "剥野", {F}),
    # outside both
    ("outside", f"𠮷田{S}茂", f"吉田{S}茂", {F}, f"吉田{S}茂", {F}),
    ("outside", f"槗本{S}勝", f"橋本{S}勝", {F}, f"橋本{S}勝", {F}),
    ("outside", f"张{S}伟", f"〓{S}〓", {U}, f"〓{S}〓", {U}),
    # IVS / SVS
    ("ivs", "葛\U000e0101西", "葛西", {F}, "葛西", {F}),
    ("ivs", "辻\U000e0100本", "辻本", {F}, "辻本", {F}),
    ("ivs", "渡邉\U000e0110", "渡邉", {F}, "渡邉", {F}),
    ("svs", "神\ufe00田", "\ufa19田", set(), "神田", {F}),
    ("svs", "塚\ufe00本", "\ufa10本", set(), "塚本", {F}),
    # PUA and geta
    ("gaiji", "\ue000田", "〓田", {G}, "〓田", {G}),
    ("gaiji", "\ue757川", "〓川", {G}, "〓川", {G}),
    ("gaiji", "\uf8f0子", "〓子", {G}, "〓子", {G}),
    ("gaiji", "\U000f0001子", "〓子", {G}, "〓子", {G}),
    ("gaiji", "\U00100000子", "〓子", {G}, "〓子", {G}),
    ("gaiji", "〓田", "〓田", {G}, "〓田", {G}),
    ("gaiji", "\ufffd田", "〓田", {G}, "〓田", {G}),
    # half-width katakana
    ("hankaku", "ﾔﾏﾀﾞ ﾀﾛｳ", f"ヤマダ{S}タロウ", {W}, f"ヤマダ{S}タロウ", {W}),
    ("hankaku", "ｻﾄｳ ﾊﾟｸ", f"サトウ{S}パク", {W}, f"サトウ{S}パク", {W}),
    ("hankaku", "ﾜﾞｼﾝﾄﾝ", "ワ゛シントン", {W}, "ワ゛シントン", {W}),
    ("hankaku", "ｳﾞｨｸﾄﾙ", "ヴィクトル", {W}, "ヴィクトル", {W}),
    ("hankaku", "ｱﾞｲ", "ア゛イ", {W}, "ア゛イ", {W}),
    ("hankaku", "ｽｽﾞｷｰ･ｼﾞｮｰ", "スズキー・ジョー", {W}, "スズキー・ジョー", {W}),
    ("hankaku", "ﾞﾀ", "゛タ", {W}, "゛タ", {W}),
    # decomposed kana (macOS)
    ("nfd", "か\u3099んた", "がんた", {W}, "がんた", {W}),
    ("nfd", "ハ\u309aク", "パク", {W}, "パク", {W}),
    ("nfd", "ワ\u3099", "ワ゛", {W}, "ワ゛", {W}),
    ("nfd", "\u3099あ", "゛あ", {W}, "゛あ", {W}),
    ("small-voiced", "ヷイ", "ワ゛イ", {W}, "ワ゛イ", {W}),
    # romaji names of foreign residents
    ("romaji", "SMITH JOHN", "SMITH JOHN", set(), f"ＳＭＩＴＨ{S}ＪＯＨＮ", {W}),
    ("romaji", f"ＳＭＩＴＨ{S}ＪＯＨＮ", f"ＳＭＩＴＨ{S}ＪＯＨＮ", set(), f"ＳＭＩＴＨ{S}ＪＯＨＮ", set()),
    ("romaji", f"ＳＭＩＴＨ－ＪＯＮＥＳ{S}ＪＯＨＮ", f"ＳＭＩＴＨ－ＪＯＮＥＳ{S}ＪＯＨＮ", set(),
     f"ＳＭＩＴＨ\u2212ＪＯＮＥＳ{S}ＪＯＨＮ", set()),  # － and − are one JIS cell (0x817C)
    ("romaji", f"ＫＩＭ{S}ＭＩＮ－ＪＵ", f"ＫＩＭ{S}ＭＩＮ－ＪＵ", set(), f"ＫＩＭ{S}ＭＩＮ\u2212ＪＵ", set()),
    ("romaji", "SMITH\u3000JOHN", "SMITH\u3000JOHN", set(), f"ＳＭＩＴＨ{S}ＪＯＨＮ", {W}),
    ("middle-dot", "マリア\u00b7ロペス", "マリア・ロペス", {W}, "マリア・ロペス", {W}),
    (
        "romaji",
        "García  López  José",
        "Garcia Lopez Jose",
        {F, W},
        f"Ｇａｒｃｉａ{S}Ｌｏｐｅｚ{S}Ｊｏｓｅ",
        {F, W},
    ),
    ("romaji", "NGUYEN VAN AN", "NGUYEN VAN AN", set(), f"ＮＧＵＹＥＮ{S}ＶＡＮ{S}ＡＮ", {W}),
    ("romaji", "O'BRIEN MARY", "O'BRIEN MARY", set(), f"Ｏ’ＢＲＩＥＮ{S}ＭＡＲＹ", {W}),
    ("romaji", "Müller Anna", "Muller Anna", {F}, f"Ｍｕｌｌｅｒ{S}Ａｎｎａ", {F, W}),
    ("romaji", f"スミス{S}JOHN", f"スミス{S}JOHN", set(), f"スミス{S}ＪＯＨＮ", {W}),
    # invisibles and spaces
    ("invisible", "山\u200b田", "山田", {W}, "山田", {W}),
    ("invisible", "\ufeff田中", "田中", {W}, "田中", {W}),
    ("invisible", "田中\u2060一", "田中一", {W}, "田中一", {W}),
    ("space", " 山田　太郎 ", f"山田{S}太郎", {W}, f"山田{S}太郎", {W}),
    ("space", "山田 太郎", "山田 太郎", set(), f"山田{S}太郎", {W}),  # the register's half-width space kept
    ("space", "山田  太郎", "山田 太郎", {W}, f"山田{S}太郎", {W}),
    ("space", "山田 \u3000太郎", f"山田{S}太郎", {W}, f"山田{S}太郎", {W}),
    ("space", "山田\u00a0\t太郎", f"山田{S}太郎", {W}, f"山田{S}太郎", {W}),
    # Kangxi radicals and radical supplement (PDF text extraction)
    ("radical", "\u2fbc田", "高田", {W}, "高田", {W}),
    ("radical", "\u2ed1谷川", "長谷川", {W}, "長谷川", {W}),
    ("radical", "\u2f26村", "子村", {W}, "子村", {W}),
    # symbols and code-point conventions
    ("symbol", "山田Ⅲ世", "山田Ⅲ世", set(), "山田ＩＩＩ世", {W}),
    ("symbol", "田中〜", "田中\uff5e", set(), "田中\u301c", set()),
    ("symbol", "ゔぁ", "ヴぁ", {F}, "ヴぁ", {F}),
    ("hentaigana", "\U0001b002子", "あ子", {F}, "あ子", {F}),
    ("empty", "", "", {E}, "", {E}),
    ("empty", " \u3000 ", "", {E, W}, "", {E, W}),
]


@pytest.mark.parametrize(("category", "name", "cp932", "cp932_codes", "jis", "jis_codes"), TABLE)
def test_table(
    category: str, name: str, cp932: str, cp932_codes: set[str], jis: str, jis_codes: set[str]
) -> None:
    for charset, expected, codes in (("cp932", cp932, cp932_codes), ("jisx0208", jis, jis_codes)):
        r = normalize_name(name, charset)
        assert r.text == expected, (category, charset)
        assert {f.code for f in r.findings} == codes, (category, charset)
        assert r.original == name
        codec = encoding_for(charset)
        assert r.text.encode(codec).decode(codec) == r.text  # round trip through the target's codec
        assert r.changed == (r.text != name)
        for s in r.substitutions:
            assert s.basis
            assert 0 <= s.position <= len(name)
        assert all(f.field == "name" for f in r.findings)


def test_table_size_and_categories() -> None:
    assert len(TABLE) >= 60
    assert {c for c, *_ in TABLE} >= {
        "printable",
        "cp932-only",
        "0213-only",
        "outside",
        "ivs",
        "svs",
        "gaiji",
        "hankaku",
        "romaji",
        "invisible",
        "radical",
    }


def test_public_exports() -> None:
    assert addrjp.normalize_name is normalize_name
    assert addrjp.NameResult is NameResult
    assert addrjp.name_key is names.name_key


def test_printable_old_forms_stay_under_cp932() -> None:
    for name in ("渡邊", "齋藤", "櫻井", "髙橋"):
        r = normalize_name(name)
        assert r.text == name and not r.substitutions and not r.findings and not r.changed
        assert r.status == "ok"


def test_substitution_provenance() -> None:
    r = normalize_name("髙橋", "jisx0208")
    (s,) = r.substitutions
    assert (s.original, s.replacement, s.basis, s.position) == ("髙", "高", "mj_shrink", 0)
    assert r.status == "review"
    r = normalize_name("濵田", "jisx0208")
    assert r.substitutions[0].basis == "nta_jis_shrink"
    r = normalize_name("山田\ue000", "cp932")
    assert r.substitutions[0].basis == "placeholder" and r.substitutions[0].position == 2
    assert r.status == "hold"
    r = normalize_name("ﾀﾛｳ")
    assert r.status == "fixed" and {s.basis for s in r.substitutions} == {"width"}


def test_gaiji_map_resolves_private_use() -> None:
    r = normalize_name("\ue000田", gaiji_map={"\ue000": "吉"})
    assert r.text == "吉田" and not r.findings and r.substitutions[0].basis == "gaiji_map"
    # the mapped character is itself unprintable in the target: folded with provenance and review
    r = normalize_name("\ue000田", "cp932", gaiji_map={"\ue000": "𠮷"})
    assert r.text == "吉田"
    assert r.substitutions[0].basis.startswith("gaiji_map")
    assert {f.code for f in r.findings} == {F}
    # an unmapped one still holds
    r = normalize_name("\ue001田", gaiji_map={"\ue000": "吉"})
    assert r.text == "〓田" and {f.code for f in r.findings} == {G}


def test_gaiji_map_ivs_for_unicode_target() -> None:
    r = normalize_name("\ue000飾", "unicode", gaiji_map={"\ue000": "葛\U000e0101"})
    assert r.text == "葛\U000e0101飾"


def test_override_wins() -> None:
    r = normalize_name("\ue000田\u3000花子", override="吉田　花子")
    assert r.text == "吉田\u3000花子"
    assert [s.basis for s in r.substitutions] == ["staff_override"]
    assert not r.findings and r.status == "fixed"
    # an override that keeps the registered form is not a change
    r = normalize_name("髙橋", "jisx0208", override="髙橋")
    assert r.text == "髙橋" and {f.code for f in r.findings} == {U}


def test_unicode_target_keeps_everything_printable() -> None:
    for name in ("𠮷田", "鷗外", "ﾜﾞｶ", "葛\U000e0101西", "张伟"):
        r = normalize_name(name, "unicode")
        assert "〓" not in r.text
    assert normalize_name("ﾜﾞｶ", "unicode").text == "ヷカ"
    assert normalize_name("SMITH　JOHN", "unicode").text == "SMITH　JOHN"  # the register's space
    assert normalize_name("ＳＭＩＴＨ　ＪＯＨＮ", "unicode").text == "ＳＭＩＴＨ　ＪＯＨＮ"


def test_jisx0213_target() -> None:
    assert normalize_name("森鷗外", "jisx0213").text == "森鷗外"
    assert normalize_name("𡈽屋", "jisx0213").text == "𡈽屋"
    assert normalize_name("髙橋", "jisx0213").text == "高橋"
    assert normalize_name("𠮷田", "jisx0213").text == "吉田"


def test_too_long() -> None:
    r = normalize_name("寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末")
    assert "name.too_long" in {f.code for f in r.findings}
    assert r.status == "review"
    assert not normalize_name("山田太郎", max_length=4).findings
    assert {f.code for f in normalize_name("山田太郎", max_length=3).findings} == {"name.too_long"}
    assert not normalize_name("A" * 40, max_length=None).findings
    assert not normalize_name("ABCDEFGH", max_length=4).findings  # half-width counts one half


def test_unknown_charset_is_an_input_error() -> None:
    with pytest.raises(addrjp.InputError, match="ambiguous"):
        normalize_name("山田", "shift_jis")


def test_findings_statuses() -> None:
    assert status_of(normalize_name("").findings) == "hold"
    assert normalize_name("张").status == "hold"


def test_doctests() -> None:
    assert doctest.testmod(names).failed == 0


def test_yen_sign_is_widened_as_a_yen_sign_for_jisx0208() -> None:
    # ¥ shares byte 0x5C with the backslash in Shift_JIS: it must print as ￥, never as ＼
    from addrjp.quality.names import name_key, normalize_name

    r = normalize_name("¥", "jisx0208")
    assert r.text == "￥" and name_key(r.text) == name_key("¥")
    assert normalize_name("山田‾", "jisx0208").text == "山田￣"
