"""The review page in a real browser (Debian's Chromium via Playwright), from file://, and back into a run.

A clerk's session: filter to one finding, correct an address, approve a review row, mark a duplicate pair as
two people, exclude one row, export the decisions; ``clean --decisions`` with the exported file gives the
four rows their new statuses and findings. Loading an earlier decisions file marks the stale ones.
Skips without Chromium, fails instead with ``ADDRJP_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from benchmarks.browser import open_page
from review_fixtures import register_text

from addrjp.cli.main import main

REGISTER = register_text(6)  # T01-T06


def _findings(folder: Path) -> dict[str, dict[str, str]]:
    text = (folder / "findings.csv").read_text("utf-8-sig")
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text))}


def _clean(src: Path, out: Path, *extra: str) -> dict[str, dict[str, str]]:
    assert main(["clean", str(src), "--out", str(out), "--force", "-q", *extra]) == 0
    return _findings(out)


def _pick(page: Any, row_id: str) -> None:
    page.locator(f"#list tbody tr[data-id='{row_id}']").click()
    page.wait_for_selector(f"#detail-title:has-text('{row_id}')")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("review")
    src = d / "register.csv"
    src.write_bytes(REGISTER.encode("cp932"))
    before = _clean(src, d / "out")
    assert before["T02"]["status"] == "review" and "address.town_unknown" in before["T02"]["findings"]
    assert before["T03"]["status"] == "hold" and "address.chome_invalid" in before["T03"]["findings"]
    assert before["T05"]["status"] == "review" and before["T05"]["duplicate_of"] == "T04"
    return src, d


def test_clerk_session_exported_decisions_apply_in_the_next_run(chromium: Any, run: tuple[Path, Path]) -> None:
    src, d = run
    requests: list[str] = []
    errors: list[str] = []
    page = open_page(chromium, d / "out" / "report.html")
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    assert page.locator("#count-remaining").inner_text() == "3"
    page.click("#list th[data-sort='id']")
    page.click("#list th[data-sort='id']")  # sorted by id, descending
    assert page.locator("#list tbody tr").first.get_attribute("data-id") == "T05"

    # filter to one finding, then correct the address (the editor is prefilled with the suggestion)
    page.select_option("#f-finding", "address.chome_invalid")
    assert page.locator("#list tbody tr").count() == 1
    _pick(page, "T03")
    page.click("button[data-act='correct']")
    page.fill("#who-name", "確認 太郎")  # asked once, before the first decision
    page.click("#who-ok")
    assert page.locator("#editor-field").input_value() == "address"
    assert page.locator("#editor-value").input_value() == "東京都新宿区西落合5丁目7-5"
    page.fill("#editor-value", "東京都新宿区西落合4丁目7番5号")
    page.click("#form-save")
    assert "訂正(住所)" in page.locator("#list tbody tr[data-id='T03']").inner_text()

    # approve a review row with the keyboard
    page.select_option("#f-finding", "address.town_unknown")
    _pick(page, "T02")
    page.keyboard.press("a")
    assert "承認" in page.locator("#list tbody tr[data-id='T02']").inner_text()

    # a duplicate pair: the partner row is shown beside it; two people
    page.select_option("#f-finding", "duplicate.probable")
    _pick(page, "T05")
    assert page.locator("#detail .partner[data-partner='T04']").count() == 1
    page.keyboard.press("d")
    page.click("#form-save")

    # exclude an ok row, found by id with all rows shown
    page.select_option("#f-finding", "")
    page.check("#f-all")
    page.fill("#f-q", "t01")
    assert page.locator("#list tbody tr").count() == 1
    _pick(page, "T01")
    page.click("button[data-act='exclude']")
    page.select_option("#exclude-reason", "転出")
    page.click("#form-save")
    assert page.locator("#count-decided").inner_text() == "3"
    assert page.locator("#count-remaining").inner_text() == "0"

    with page.expect_download() as info:
        page.click("#export")
    exported = d / "decisions.csv"
    info.value.save_as(exported)
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert all(u.startswith(("file:", "blob:", "data:")) for u in requests), requests
    assert not errors, errors  # no CSP violation, no script error
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert page.locator("#reviewer").inner_text() == "確認 太郎"  # remembered in the page, not asked again

    after = _clean(src, d / "out2", "--decisions", str(exported))
    assert after["T03"]["status"] == "fixed" and "decision.corrected" in after["T03"]["findings"]
    assert "address.chome_invalid" not in after["T03"]["findings"]
    assert after["T03"]["address_out"] == "東京都新宿区西落合4-7-5"
    assert after["T03"]["address_in"] == "東京都新宿区西落合五丁目7番5号"  # the register's value stays on record
    assert after["T02"]["status"] in ("ok", "fixed") and "decision.approved" in after["T02"]["findings"]
    assert "address.town_unknown" in after["T02"]["findings"]  # the finding stays visible
    for rid in ("T04", "T05"):
        assert "decision.not_duplicate" in after[rid]["findings"] and "duplicate.probable" not in after[rid]["findings"]
    assert after["T05"]["status"] == "ok" and after["T05"]["duplicate_of"] == ""
    assert after["T01"]["status"] == "excluded" and after["T01"]["findings"] == "decision.excluded"
    assert "転出" in after["T01"]["description"] and "確認 太郎" in after["T01"]["description"]


def test_loading_an_earlier_file_marks_stale_decisions(chromium: Any, tmp_path: Path) -> None:
    from addrjp.mailing.reader import read_register
    from addrjp.review.decisions import Decision, decisions_bytes, fingerprints

    src = tmp_path / "register.csv"
    src.write_bytes(REGISTER.encode("cp932"))
    frame = read_register(src).frame
    fps = dict(zip(frame["id"].to_list(), fingerprints(frame).to_list(), strict=True))
    earlier = tmp_path / "earlier.csv"
    earlier.write_bytes(decisions_bytes([
        Decision("T02", fps["T02"], "approve", decided_by="前任者", decided_at="2025-09-01"),
        Decision("T03", fps["T03"], "correct", "address", "東京都新宿区西落合4丁目7番5号", decided_by="前任者"),
        Decision("Z99", fps["T02"], "approve", decided_by="前任者"),
    ]))
    changed = tmp_path / "changed.csv"
    changed.write_bytes(REGISTER.replace("二十騎堺13-5", "二十騎堺13-6").encode("cp932"))  # T02 changed since
    _clean(changed, tmp_path / "out")
    page = open_page(chromium, tmp_path / "out" / "report.html")
    page.set_input_files("#load", str(earlier))
    page.wait_for_selector("#msg .msg")
    assert "stale" in page.locator("#msg").inner_text()
    assert (page.locator("#unknown").text_content() or "").count("Z99") == 1
    page.check("#f-all")
    page.select_option("#f-decision", "stale")
    rows = page.locator("#list tbody tr")
    assert [rows.nth(i).get_attribute("data-id") for i in range(rows.count())] == ["T02"]
    assert "名簿が変わったため未適用" in page.locator("#list tbody tr[data-id='T02']").inner_text()
    page.select_option("#f-decision", "decided")
    assert page.locator("#list tbody tr[data-id='T03']").count() == 1
    # exported again, the stale decision keeps its old fingerprint (still stale) and the unknown id is kept
    lines = page.evaluate("window.addrjpExportLines()")
    assert any(line.startswith("T02,") and fps["T02"] in line for line in lines)
    assert any(line.startswith("Z99,") for line in lines)
