"""The review page's table in a real browser (Debian's Chromium via Playwright), on a register that needs paging.

A synthetic 新宿区 register of 3,000 rows (``benchmarks/synth_register.py``, no real person) is cleaned once;
its report.html is opened from file:// and checked against the run's own files: the status and town filters
against findings.csv, the "all rows" switch against mailing.csv and the held rows, the pager, the input and
output side by side with the change marked, the counter of decided / remaining rows, the undecided review
rows against the manifest, and an earlier decisions file loaded into the page. Every wait is on a condition
(the page's ``data-ready`` mark, a message, a selector), never a sleep. Skips without Chromium, fails instead
with ``ADDRJP_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from benchmarks.browser import open_page
from benchmarks.synth_register import generate

from addrjp.cli.main import main

ROWS = 3000
PAGE = 50  # the page's rows per page (page.js)
REVIEWER = "確認 花子"
FLAGGED = ("hold", "review")
PAGE_INFO = re.compile(r"^(\d+)(?:–(\d+))? / (\d+) 行 \(rows\) · (\d+)/(\d+) ページ$")


@dataclass
class Run:
    src: Path
    out: Path
    findings: dict[str, dict[str, str]]
    mailing_ids: list[str]
    manifest: dict[str, Any]

    def ids(self, *statuses: str) -> set[str]:
        return {i for i, r in self.findings.items() if r["status"] in statuses}

    def first(self, status: str, finding: str = "") -> str:
        return next(i for i, r in self.findings.items()
                    if r["status"] == status and (not finding or finding in r["findings"].split(";")))


def _read_run(src: Path, out: Path) -> Run:
    text = (out / "findings.csv").read_text("utf-8-sig")
    findings = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    mailing = list(csv.reader(io.StringIO((out / "mailing.csv").read_bytes().decode("cp932"))))
    assert mailing[0][0] == "宛名番号"
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return Run(src, out, findings, [r[0] for r in mailing[1:]], manifest)


def _clean(src: Path, out: Path, *extra: str) -> Run:
    assert main(["clean", str(src), "--out", str(out), "--force", "-q", *extra]) == 0
    return _read_run(src, out)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    d = tmp_path_factory.mktemp("review-table")
    src = d / "register.csv"
    generate(ROWS, seed=21).write(src)
    result = _clean(src, d / "out")
    by_status = Counter(r["status"] for r in result.findings.values())
    assert len(result.findings) == ROWS
    assert by_status["hold"] > PAGE and by_status["review"] > 0 and by_status["fixed"] > 0  # paging is needed
    return result


def _info(page: Any) -> tuple[int, int, int, int, int]:
    """(first, last, total, page, pages) from the pager's text (「1–50 / 138 行 (rows) · 1/3 ページ」)."""
    m = PAGE_INFO.match(page.locator("#page-info").inner_text())
    assert m, "the pager's text has changed its form"
    first, last, total, at, pages = m.groups()
    return int(first), int(last or first), int(total), int(at), int(pages)


def _total(page: Any) -> int:
    return _info(page)[2]


def _shown(page: Any) -> list[str]:
    return page.eval_on_selector_all("#list tbody tr[data-id]", "rows => rows.map(r => r.dataset.id)")


def _walk(page: Any) -> list[str]:
    """The ids of every row the filters leave, page by page through the pager (back on the first page after)."""
    while not page.locator("#prev-page").is_disabled():
        page.click("#prev-page")
    ids = _shown(page)
    while not page.locator("#next-page").is_disabled():
        page.click("#next-page")
        ids.extend(_shown(page))
    while not page.locator("#prev-page").is_disabled():
        page.click("#prev-page")
    return ids


def _options(page: Any, select: str) -> dict[str, int]:
    """The options of a filter with the count the page prints after each («西新宿 (12)»)."""
    pairs = page.eval_on_selector_all(f"{select} option", "os => os.map(o => [o.value, o.textContent])")
    out: dict[str, int] = {}
    for value, text in pairs:
        if value:
            m = re.search(r"\((\d+)\)$", text)
            assert m, "a filter option lost its count"
            out[value] = int(m.group(1))
    return out


def _decide(page: Any, button: str) -> None:
    """Press a decision button of the selected row, giving the reviewer's name once when the page asks."""
    page.click(f"#detail button[data-act='{button}']")
    if page.locator("#who").is_visible():
        page.fill("#who-name", REVIEWER)
        page.click("#who-ok")


def _pick(page: Any, row_id: str) -> None:
    """Find a row by its id (all rows shown) and select it."""
    page.check("#f-all")
    page.fill("#f-q", row_id.lower())
    page.locator(f"#list tbody tr[data-id='{row_id}']").click()
    page.wait_for_selector(f"#detail-title:has-text('{row_id}')")


def _counter(page: Any) -> tuple[int, int]:
    return int(page.locator("#count-decided").inner_text()), int(page.locator("#count-remaining").inner_text())


def _statuses(page: Any) -> list[str]:
    """The status shown in each row of the current page (its class st-<status>)."""
    return page.eval_on_selector_all(
        "#list tbody tr[data-id] span.st",
        "ss => ss.map(s => Array.from(s.classList).find(c => c.startsWith('st-')).slice(3))")


def test_status_filter_shows_only_rows_of_that_status_as_many_as_findings_csv(chromium: Any, run: Run) -> None:
    page = open_page(chromium, run.out / "report.html")
    by_status = Counter(r["status"] for r in run.findings.values())
    for status in FLAGGED:  # the default view: held and review rows only
        page.select_option("#f-status", status)
        assert _total(page) == by_status[status]
        ids = _walk(page)
        assert sorted(ids) == sorted(run.ids(status))
        assert set(_statuses(page)) == {status}
    page.select_option("#f-status", "ok")
    assert _total(page) == 0 and "該当する行はありません" in page.locator("#list tbody").inner_text()

    page.check("#f-all")
    for status in ("ok", "fixed", "hold", "review", "excluded"):
        page.select_option("#f-status", status)
        assert _total(page) == by_status[status] == run.manifest["counts"]["by_status"][status]
        shown = _shown(page)
        assert len(shown) == min(PAGE, by_status[status])
        assert all(run.findings[i]["status"] == status for i in shown)
        if shown:
            assert set(_statuses(page)) == {status}
    page.select_option("#f-status", "")
    assert _total(page) == ROWS


def _town_of(address_out: str, towns: list[str]) -> str:
    """The town of a printed 新宿区 address: the longest town name of the ward it starts with (四谷坂町 before 四谷)."""
    head = "東京都新宿区"
    found = [t for t in towns if address_out.startswith(head + t)]
    return max(found, key=len) if found else "(町名不明)"


def test_town_filter_shows_only_rows_of_that_town_as_many_as_findings_csv(chromium: Any, run: Run) -> None:
    from addrjp.address.towns import load_town_master

    towns = [t.town for t in load_town_master().towns_in("東京都", "新宿区")]
    town_of = {i: _town_of(r["address_out"], towns) for i, r in run.findings.items()}
    page = open_page(chromium, run.out / "report.html")
    for all_rows in (False, True):
        page.set_checked("#f-all", all_rows)
        rows = {i for i, r in run.findings.items() if all_rows or r["status"] in FLAGGED}
        expected = Counter(town_of[i] for i in rows)
        assert _options(page, "#f-town") == dict(expected)
        # the largest towns, and a town whose name starts another town's (四谷, 四谷坂町 …) when there is one
        chosen = [t for t, _ in expected.most_common(2)]
        chosen += [t for t in sorted(expected) if any(o != t and o.startswith(t) for o in expected)][:1]
        for town in chosen:
            page.select_option("#f-town", town)
            assert _total(page) == expected[town]
            ids = _walk(page)
            assert sorted(ids) == sorted(i for i in rows if town_of[i] == town)
            cells = page.eval_on_selector_all("#list tbody tr[data-id] td:nth-child(5)", "cs => cs.map(c => c.textContent)")
            assert set(cells) == {town}
        page.select_option("#f-town", "")


def test_all_rows_switch_shows_held_and_review_rows_off_and_every_row_of_mailing_and_held_on(
        chromium: Any, run: Run) -> None:
    page = open_page(chromium, run.out / "report.html")
    counts = run.manifest["counts"]
    assert not page.is_checked("#f-all")
    off = _walk(page)
    assert len(off) == len(set(off)) == counts["by_status"]["hold"] + counts["by_status"]["review"]
    assert set(off) == run.ids(*FLAGGED)

    page.check("#f-all")
    held = run.ids("hold")
    assert _total(page) == len(run.mailing_ids) + len(held) == counts["mailing"] + counts["by_status"]["hold"]
    on = _walk(page)
    assert len(on) == len(set(on)) == ROWS
    assert set(on) == set(run.mailing_ids) | held

    page.uncheck("#f-all")
    assert sorted(_walk(page)) == sorted(off)


def test_pager_walks_every_row_once_and_shows_where_it_is(chromium: Any, run: Run) -> None:
    page = open_page(chromium, run.out / "report.html")
    page.check("#f-all")
    pages = -(-ROWS // PAGE)
    assert _info(page) == (1, PAGE, ROWS, 1, pages)
    assert page.locator("#prev-page").is_disabled() and not page.locator("#next-page").is_disabled()
    seen: list[str] = []
    for at in range(1, pages + 1):
        first = (at - 1) * PAGE + 1
        assert _info(page) == (first, min(at * PAGE, ROWS), ROWS, at, pages)
        shown = _shown(page)
        assert len(shown) == min(PAGE, ROWS - first + 1)
        seen.extend(shown)
        if at < pages:
            page.click("#next-page")
    assert page.locator("#next-page").is_disabled()
    assert len(seen) == len(set(seen)) == ROWS
    lines = page.eval_on_selector_all("#list tbody tr[data-id] td:first-child", "cs => cs.map(c => +c.textContent)")
    assert lines == sorted(lines) and lines[-1] == ROWS + 1  # in register order; line 1 is the header
    page.keyboard.press("p")  # the keys turn pages too
    assert _info(page)[3] == pages - 1
    page.keyboard.press("n")
    assert _info(page)[3] == pages
    page.fill("#f-q", "r0000")  # a filter starts again on the first page
    assert _info(page)[3] == 1


def _lcs(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for ch in a:
        prev = 0
        for j, other in enumerate(b):
            cur = row[j + 1]
            row[j + 1] = prev + 1 if ch == other else max(row[j + 1], row[j])
            prev = cur
    return row[-1]


def _cells(page: Any, label: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The input and output cells of one line of the detail's comparison, as (text, marked) pieces."""
    left, right = page.eval_on_selector_all(
        f"#detail table.cmp tbody tr:has(td.lbl:text-is('{label}')) td:not(.lbl)",
        "tds => tds.map(td => Array.from(td.childNodes).map(n => [n.textContent, n.nodeType === 1]))")
    return left, right


def _assert_marked(pieces: tuple[list[tuple[str, bool]], list[tuple[str, bool]]], before: str, after: str) -> None:
    """Input left, output right, exactly the characters outside a longest common subsequence marked."""
    left, right = pieces
    assert "".join(t for t, _ in left) == before and "".join(t for t, _ in right) == after
    kept_left = "".join(t for t, m in left if not m)
    kept_right = "".join(t for t, m in right if not m)
    assert kept_left == kept_right and len(kept_left) == _lcs(before, after)


def test_fixed_row_shows_input_and_output_side_by_side_with_the_change_marked(chromium: Any, run: Run) -> None:
    rid = next(i for i, r in run.findings.items() if r["status"] == "fixed" and r["findings"] == "postal.mismatch"
               and r["postal_code_in"] != r["postal_code_out"] and r["name_in"] == r["name_out"])
    row = run.findings[rid]
    page = open_page(chromium, run.out / "report.html")
    assert page.locator(f"#list tbody tr[data-id='{rid}']").count() == 0  # a fixed row: only with all rows
    _pick(page, rid)
    assert page.locator(f"#list tbody tr[data-id='{rid}'] span.st").inner_text() == "修正済"
    heads = page.eval_on_selector_all("#detail table.cmp > thead th", "ths => ths.map(t => t.textContent)")
    assert heads == ["項目", "入力 (register)", "出力 (to print)"]
    postal = _cells(page, "郵便番号")
    _assert_marked(postal, row["postal_code_in"], row["postal_code_out"])
    assert any(m for _, m in postal[1]) and page.locator("#detail table.cmp mark.chg").count() >= 1
    _assert_marked(_cells(page, "住所"), row["address_in"], row["address_out"])
    name = _cells(page, "氏名")
    assert not any(m for side in name for _, m in side)  # what did not change is not marked
    assert "postal.mismatch" in page.locator("#detail ul.findings").inner_text()

    # an address corrected by the parser: the corrected characters are marked on the output side
    rid = next(i for i, r in run.findings.items() if r["status"] == "fixed" and "address.town_variant" in r["findings"])
    row = run.findings[rid]
    _pick(page, rid)
    address = _cells(page, "住所")
    _assert_marked(address, row["address_in"], row["address_out"])
    assert any(m for _, m in address[1])


def test_counter_of_decided_and_remaining_rows_follows_each_decision(chromium: Any, run: Run) -> None:
    counts = run.manifest["counts"]["by_status"]
    flagged = counts["hold"] + counts["review"]
    page = open_page(chromium, run.out / "report.html")
    assert _counter(page) == (0, flagged)
    assert f"(保留・要確認 {flagged} 行)" in page.locator("#counter").inner_text()
    review, held, ok = run.first("review"), run.first("hold", "address.no_number"), run.first("ok")

    _pick(page, review)
    _decide(page, "approve")
    assert _counter(page) == (1, flagged - 1)
    _pick(page, held)
    _decide(page, "exclude")
    page.select_option("#exclude-reason", "転出")
    page.click("#form-save")
    assert _counter(page) == (2, flagged - 2)
    _pick(page, ok)
    _decide(page, "hold")
    page.click("#form-save")
    assert _counter(page) == (2, flagged - 2)  # a decision on an ok row is no held or review row decided
    _pick(page, review)
    _decide(page, "undo")
    assert _counter(page) == (1, flagged - 1)
    _decide(page, "approve")
    _decide(page, "approve")  # the same decision again counts once
    assert _counter(page) == (2, flagged - 2)


def _undecided_on_page(page: Any) -> tuple[int, int, int]:
    """The review rows without a decision as the page says it: the note, the summary line, the filters."""
    note = re.search(r"要確認の行のうち ([\d,]+) 行はまだ判断されていません", page.locator("#undecided-note").inner_text())
    summary = page.locator("#summary tr:has(td:text-is('要確認で未判断 (review rows without a decision)')) td.n")
    page.select_option("#f-status", "review")
    page.select_option("#f-decision", "none")
    filtered = _total(page)
    page.select_option("#f-status", "")
    page.select_option("#f-decision", "")
    return (int(note.group(1).replace(",", "")) if note else 0, int(summary.inner_text().replace(",", "")), filtered)


def test_undecided_review_count_on_the_page_equals_the_manifest(chromium: Any, run: Run, tmp_path: Path) -> None:
    undecided = run.manifest["counts"]["decisions"]["review_without_decision"]
    assert undecided == run.manifest["counts"]["by_status"]["review"]  # no decisions yet
    page = open_page(chromium, run.out / "report.html")
    assert _undecided_on_page(page) == (undecided, undecided, undecided)

    first, second = sorted(run.ids("review"))[:2]
    for rid in (first, second):
        _pick(page, rid)
        _decide(page, "approve")
    page.uncheck("#f-all")
    page.fill("#f-q", "")
    with page.expect_download() as info:
        page.click("#export")
    decisions = tmp_path / "decisions.csv"
    info.value.save_as(decisions)

    after = _clean(run.src, tmp_path / "out", "--decisions", str(decisions))
    left = after.manifest["counts"]["decisions"]["review_without_decision"]
    assert left == undecided - 2
    assert after.manifest["counts"]["decisions"]["applied"]["approve"] == 2
    page = open_page(chromium, after.out / "report.html")
    assert _undecided_on_page(page) == (left, left, left)
    # an approved review row prints as ok or fixed now: it is no longer among the rows left to decide
    by_status = after.manifest["counts"]["by_status"]
    assert by_status["review"] == run.manifest["counts"]["by_status"]["review"] - 2
    assert {after.findings[r]["status"] for r in (first, second)} <= {"ok", "fixed"}
    assert _counter(page) == (0, by_status["hold"] + by_status["review"])


def test_loading_an_earlier_decisions_file_shows_each_decision_on_its_row(
        chromium: Any, run: Run, tmp_path: Path) -> None:
    from addrjp.mailing.reader import read_register
    from addrjp.review.decisions import Decision, decisions_bytes, fingerprints

    frame = read_register(run.src).frame
    fps = dict(zip(frame["id"].to_list(), fingerprints(frame).to_list(), strict=True))
    reviews = sorted(run.ids("review"))
    approved, stale = reviews[0], reviews[-1]
    excluded = sorted(run.ids("hold"))[-1]  # on a later page of the default view
    earlier = tmp_path / "earlier.csv"
    earlier.write_bytes(decisions_bytes([
        Decision(approved, fps[approved], "approve", decided_by="前任者", decided_at="2025-09-01T10:00:00+09:00"),
        Decision(excluded, fps[excluded], "exclude", reason="転出", decided_by="前任者"),
        Decision(stale, fps[approved], "correct", "address", "東京都新宿区西新宿2-8-1", decided_by="前任者"),
    ]))
    page = open_page(chromium, run.out / "report.html")
    flagged = _counter(page)[1]
    page.set_input_files("#load", str(earlier))
    page.wait_for_selector("#msg .msg")
    assert "3 件を読み込みました" in page.locator("#msg").inner_text()
    assert "1 件は名簿が変わったため要再判断" in page.locator("#msg").inner_text()
    assert _counter(page) == (2, flagged - 2)  # the stale decision decides nothing

    page.select_option("#f-decision", "decided")
    assert sorted(_walk(page)) == sorted([approved, excluded])
    page.select_option("#f-decision", "stale")
    assert _walk(page) == [stale]
    page.select_option("#f-decision", "")

    def cell(rid: str) -> Any:
        page.fill("#f-q", rid.lower())
        return page.locator(f"#list tbody tr[data-id='{rid}'] td.dec")

    assert cell(approved).inner_text() == "承認" and "dec-applied" in (cell(approved).get_attribute("class") or "")
    assert cell(excluded).inner_text() == "対象外(転出)"
    assert cell(stale).inner_text() == "訂正(住所) [名簿が変わったため未適用]"
    assert "dec-stale" in (cell(stale).get_attribute("class") or "")
    page.fill("#f-q", approved.lower())
    page.locator(f"#list tbody tr[data-id='{approved}']").click()
    page.wait_for_selector(f"#detail-title:has-text('{approved}')")
    item = page.locator("#decision-list li").inner_text()
    assert "前任者" in item and "2025-09-01" in item and "[読み込み]" in item
