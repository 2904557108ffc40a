"""``--min-age`` with no birthdate column (missing, or a header not recognised) is a usage error naming the
column, not every resident held with select.birthdate_invalid."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.mailing.pipeline import Options, clean_frame


@pytest.mark.parametrize("header", ["id,name,postal_code,address", "id,name,postal_code,address,生年月日(西暦)"])
def test_min_age_without_a_birthdate_column_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            header: str) -> None:
    extra = ",1940-01-01" if header.count(",") == 4 else ""
    src = tmp_path / "r.csv"
    src.write_text(f"{header}\n1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1{extra}\n", "utf-8")
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "--min-age", "77", "-q"]) == 2
    err = capsys.readouterr().err
    assert "--min-age needs the birthdate column" in err and "column birthdate" in err and "line 1" in err
    assert "--map birthdate=" in err and "山田" not in err and "1940" not in err
    assert not (tmp_path / "out").exists()


def test_min_age_with_a_mapped_birthdate_column_runs(tmp_path: Path) -> None:
    src = tmp_path / "r.csv"
    src.write_text("id,name,postal_code,address,生年月日(西暦)\n1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1,"
                   "1940-01-01\n", "utf-8")
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "--min-age", "77", "--as-of", "2026-09-15",
                 "--map", "birthdate=生年月日(西暦)", "-q"]) == 0


def test_clean_frame_with_min_age_needs_the_column() -> None:
    frame = pl.DataFrame({"id": ["1"], "name": ["山田　太郎"], "postal_code": ["160-0023"],
                          "address": ["東京都新宿区西新宿2-8-1"]})
    with pytest.raises(InputError, match="birthdate"):
        clean_frame(frame, Options(min_age=77))
