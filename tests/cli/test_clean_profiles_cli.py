"""``addrjp clean`` in each column profile, character set and house style, then ``addrjp check``: the file
opens with the encodings a label program uses (cp932, utf-8-sig) and shows Japanese headers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.mailing.schema import profile_columns

REGISTER = (
    "宛名番号,氏名,郵便番号,住所,方書,敬称,世帯番号\n"
    "1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1,ABCハイツ104号室,,S1\n"
    "2,山田　花子,160-0023,東京都新宿区西新宿2-8-1,ABCハイツ104号室,,S1\n"
    "3,ＳＭＩＴＨ　ＪＯＨＮ,169-0073,新宿区百人町3-28-15,都営百人町アパート3号棟 405号室,殿,S2\n"
)


@pytest.mark.parametrize(("args", "encoding", "columns"), [
    ([], "cp932", "ja"),
    (["--charset", "jisx0208", "--style", "vertical", "--kanji-numerals", "positional"], "cp932", "ja"),
    (["--charset", "unicode", "--columns", "en"], "utf-8-sig", "en"),
    (["--charset", "jisx0213", "--style", "vertical", "--no-prefecture"], "utf-8-sig", "ja"),
    (["--out-encoding", "utf-8-sig", "--honorific", "殿"], "utf-8-sig", "ja"),
])
def test_clean_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], encoding: str,
                          columns: str) -> None:
    pytest.importorskip("addrjp.quality.record")
    src = tmp_path / "register.csv"
    src.write_bytes(REGISTER.encode("cp932"))
    out = tmp_path / "out"
    assert main(["clean", str(src), "--out", str(out), "--quiet", "--joint-household", *args]) == 0
    assert main(["check", str(out)]) == 0, capsys.readouterr().out
    rows = list(csv.reader(io.StringIO((out / "mailing.csv").read_bytes().decode(encoding), newline="")))
    assert tuple(rows[0]) == profile_columns(columns)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["columns"] == columns and manifest["out_encoding"] == encoding
    cards = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(cards) == 2  # 山田 花子 joins 山田 太郎's card (one 世帯, one family name)
    if columns == "ja":
        first, second = cards
        assert (first["氏名"], first["連名1"]) == ("山田　太郎", "花子")
        assert second["氏名"] == "ＳＭＩＴＨ　ＪＯＨＮ" and second["敬称"] == "殿"  # the register's 敬称
        assert first["敬称"] == ("殿" if "--honorific" in args else "様")
        if "--style" in args:
            assert "二丁目八番一号" in first["住所1"] and first["住所2"].startswith("ＡＢＣハイツ")
            assert "三号棟" in second["住所2"] and not any(c.isascii() and c.isalnum() for c in first["住所2"])
            assert first["住所1"].startswith("新宿区") == ("--no-prefecture" in args)
        else:
            assert first["住所1"] == "東京都新宿区西新宿2-8-1"
    else:
        assert cards[0]["name"] == "山田　太郎・花子"
