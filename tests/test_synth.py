"""The synthetic Shinjuku register generator: deterministic, complete, truth consistent with the data."""

from __future__ import annotations

import csv
import doctest
import io
from collections import Counter
from pathlib import Path

import pytest
from benchmarks import synth_register as sr

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synth() -> sr.Synth:
    return sr.generate(3000, seed=11)


def test_deterministic_for_a_seed(synth: sr.Synth) -> None:
    again = sr.generate(3000, seed=11)
    assert again.rows == synth.rows and again.truth == synth.truth
    assert sr.generate(3000, seed=12).rows != synth.rows


def test_columns_and_ids(synth: sr.Synth) -> None:
    assert len(synth.rows) == len(synth.truth) == 3000
    assert all(len(r) == len(sr.ROWS_HEADER) for r in synth.rows)
    assert all(len(t) == len(sr.TRUTH_HEADER) for t in synth.truth)
    ids = [r[0] for r in synth.rows]
    assert ids == [t[0] for t in synth.truth] and len(set(ids)) == len(ids)
    assert ids[0] == "R000001" and ids[-1] == "R003000"


def test_every_class_present(synth: sr.Synth) -> None:
    faults = Counter(f for t in synth.truth for f in t[1].split(";") if f)
    assert set(sr.FAULTS) <= set(faults), set(sr.FAULTS) - set(faults)
    dups = Counter(t[15] for t in synth.truth if t[13])
    assert set(sr.DUPLICATES) == set(dups)
    negatives = Counter(t[15] for t in synth.truth if t[15].startswith("neg."))
    assert {"neg.spouse", "neg.sibling", "neg.twin", "neg.namesake"} <= set(negatives)


def test_truth_consistent(synth: sr.Synth) -> None:
    ref = sr.load_reference()
    codes = {t.name: t for t in ref.towns}
    rows = {r[0]: dict(zip(sr.ROWS_HEADER, r, strict=True)) for r in synth.rows}
    truth = [dict(zip(sr.TRUTH_HEADER, t, strict=True)) for t in synth.truth]
    by_id = {t["id"]: t for t in truth}
    order = {t["id"]: i for i, t in enumerate(truth)}
    for t in truth:
        row = rows[t["id"]]
        assert t["expected_status"] in ("ok", "fixed", "review", "hold")
        assert t["expected_town"] in codes
        pc = t["expected_postal_code"].replace("-", "")
        assert pc in ref.known_codes
        town = codes[t["expected_town"]]
        if t["expected_chome"]:
            assert int(t["expected_chome"]) in town.chome
        if t["duplicate_of"]:
            first = by_id[t["duplicate_of"]]
            assert order[first["id"]] < order[t["id"]] and first["person"] == t["person"]
            assert not first["duplicate_of"] and t["duplicate_kind"] in ("exact", "probable")
        faults = set(t["fault_classes"].split(";"))
        if "postal.missing" in faults:
            assert not row["postal_code"].strip()
        if "postal.unknown" in faults:
            assert row["postal_code"].replace("-", "") not in ref.known_codes
        if "postal.mismatch" in faults or "split.nishiwaseda" in faults or "split.toyama" in faults:
            assert row["postal_code"].replace("-", "") != pc and row["postal_code"].replace("-", "") in ref.known_codes
        if "address.chome_invalid" in faults:
            assert t["expected_chome"] == ""
        if "name.empty" in faults:
            assert not row["name"].strip()
        if not faults - {""}:
            assert row["name"].strip() and row["address"]
    # one person, one household
    households = {}
    for t in truth:
        assert households.setdefault(t["person"], t["household"]) == t["household"]


def test_splits_follow_japan_post(synth: sr.Synth) -> None:
    for t in synth.truth:
        tr = dict(zip(sr.TRUTH_HEADER, t, strict=True))
        if tr["expected_town"] == "戸山" and tr["expected_banchi"]:
            inside = tr["expected_chome"] == "3" and tr["expected_banchi"] in ("18", "21")
            assert tr["expected_postal_code"] == ("169-0052" if inside else "162-0052")
        if tr["expected_town"] == "西早稲田" and tr["expected_banchi"] and tr["expected_go"]:
            b, g = int(tr["expected_banchi"]), int(tr["expected_go"])
            inside = tr["expected_chome"] == "2" and (b == 2 or (b == 1 and g <= 23))
            assert tr["expected_postal_code"] == ("162-0051" if inside else "169-0051")


def test_write_cp932_round_trip(tmp_path: Path) -> None:
    synth = sr.generate(800, seed=3)
    out, truth = tmp_path / "reg.csv", tmp_path / "reg.truth.csv"
    synth.write(out, truth, encoding="cp932")
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("cp932"), newline="")))
    # CP932 decodes 0x817C as U+FF0D whichever minus was written (U+2212 too): compare modulo that
    same = str.maketrans({"\u2212": "\uff0d", "\u301c": "\uff5e", "\u2016": "\u2225"})
    expected = [tuple(c.translate(same) for c in r) for r in synth.rows]
    assert tuple(rows[0]) == sr.ROWS_HEADER and [tuple(r) for r in rows[1:]] == expected
    assert (out.stat().st_mode & 0o777) == 0o600
    assert len(truth.read_text(encoding="utf-8").splitlines()) == 801


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert sr.main(["--rows", "120", "--seed", "2", "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 121


def test_examples_are_the_generators_output() -> None:
    example = ROOT / "examples" / "shinjuku_register.csv"
    if not example.exists():
        pytest.skip("examples/ not present")
    synth = sr.generate(1000, seed=77)
    rows = list(csv.reader(io.StringIO(example.read_text(encoding="utf-8"), newline="")))
    assert [tuple(r) for r in rows[1:]] == synth.rows


def test_doctests() -> None:
    assert doctest.testmod(sr).failed == 0


def test_edge_birthdays_and_ages(synth: sr.Synth) -> None:
    births = Counter(r[5] for r in synth.rows)
    for d in sr.EDGE_BIRTHDAYS:
        assert births[d.isoformat()] >= 1
    years = [int(r[5][:4]) for r in synth.rows]
    assert min(years) >= 1920 and max(years) <= 1965
    old = sum(1 for y in years if y <= 1949) / len(years)
    assert 0.6 < old < 0.95  # mostly 77 and over on 2026-09-15, some younger rows for the age rule


def test_town_down_rows_are_written_from_the_town_down(synth: sr.Synth) -> None:
    down = sr.generate(3000, seed=11, town_down=0.3)
    labelled = [i for i, t in enumerate(down.truth) if sr.TOWN_DOWN in t[1].split(";")]
    assert 200 < len(labelled) < 1000
    for i, (row, t, base_row, base_t) in enumerate(zip(down.rows, down.truth, synth.rows, synth.truth,
                                                        strict=True)):
        if i not in labelled:  # every other row exactly as without the option
            assert (row, t) == (base_row, base_t)
            continue
        assert not base_t[1] and not base_t[13]  # chosen among clean single rows
        assert not row[3].startswith(("東京都", "新宿区")) and row[3].startswith(base_t[5][:1])
        assert (row[0], row[1], row[5]) == (base_row[0], base_row[1], base_row[5])
        faults = t[1].split(";")
        if len(faults) > 1:
            assert faults[1] in sr.TOWN_DOWN_POSTAL and t[2] in ("fixed", "review", "hold")
            assert faults[1] in t[3].split(";")
        assert t[4] == base_t[4]  # the right postal code
    bad = [i for i in labelled if ";" in down.truth[i][1]]
    assert 0.3 < len(bad) / len(labelled) < 0.7
    assert {down.truth[i][1].split(";")[1] for i in bad} == set(sr.TOWN_DOWN_POSTAL)


def test_area_evaluation_runs_on_a_small_register() -> None:
    from benchmarks import eval_area

    res = eval_area.evaluate(400, seed=3, town_down=0.4)
    assert set(res["settings"]) == set(eval_area.AREAS)
    inferred = res["settings"]["inferred"]
    assert inferred["area"].startswith("13104 (inferred from ")
    assert res["settings"]["given 13104"]["area"] == "13104 (given)" and res["settings"]["off"]["area"] == "none"
    kinds = inferred["kinds"]
    assert sum(k.get("n", 0) for k in kinds.values()) > 10
    assert "wrong printed" in eval_area.report(res)
