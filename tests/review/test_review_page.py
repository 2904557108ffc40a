"""The review page as HTML: self-contained, a strict CSP by hashes, data embedded once and escaped."""

from __future__ import annotations

import doctest
import json
import re
from html.parser import HTMLParser

import polars as pl

import addrjp.review.page as page_module
from addrjp.mailing.pipeline import Options, build_outputs, clean_frame
from addrjp.mailing.report import bar_chart
from addrjp.review.page import ROW_FIELDS, asset, csp_source

HOSTILE = "</script><script>alert(1)</script>&<!--\u2028\u2029"


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self._attrs: dict[str, str | None] = {}
        self.meta_csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._in, self._attrs = tag, dict(attrs)
            (self.scripts.append((self._attrs, "")) if tag == "script" else self.styles.append(""))
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.meta_csp = dict(attrs).get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "style":
            self.styles[-1] += data


def _page(names: list[str]) -> str:
    df = pl.DataFrame({"id": [f"A{i}" for i in range(len(names))], "name": names,
                       "postal_code": ["1600023"] * len(names), "address": ["新宿区西新宿2-8-1"] * len(names)})
    result = clean_frame(df, Options(barcode=False))
    blobs, _, _ = build_outputs(result, input_rows=result.height, input_info={}, opts=Options(barcode=False))
    return blobs["report.html"].decode("utf-8")


def test_doctests() -> None:
    assert doctest.testmod(page_module).failed == 0


def test_csp_allows_exactly_the_inline_script_and_style() -> None:
    html = _page(["山田 太郎", "〓田 花子"])
    parsed = _Scripts()
    parsed.feed(html)
    csp = parsed.meta_csp
    assert csp.startswith("default-src 'none'") and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    code = [text for attrs, text in parsed.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 1 and csp_source(code[0]) in csp and code[0] == asset("page.js")
    assert len(parsed.styles) == 1 and csp_source(parsed.styles[0]) in csp
    assert not re.search(r"\s(src|href)=\"(https?:)?//", html)
    assert "innerHTML" not in code[0] and "eval(" not in code[0]


def test_a_hostile_cell_cannot_leave_the_data_block() -> None:
    html = _page(["山田 太郎", HOSTILE])
    parsed = _Scripts()
    parsed.feed(html)
    blocks = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 2 and len(parsed.scripts) == 3  # the data (drawn first, the rest) and the page's script
    names = json.loads(blocks[0])["rows"][ROW_FIELDS.index("name_in")] + json.loads(blocks[1])[ROW_FIELDS.index("name_in")]
    assert names.count(HOSTILE) == 1  # embedded once, intact
    assert all("\u2028" not in b and "<" not in b for b in blocks)


def test_all_rows_embedded_with_their_fingerprints() -> None:
    html = _page(["山田 太郎", "佐藤 花子", ""])
    parsed = _Scripts()
    parsed.feed(html)
    first, more = (json.loads(t) for a, t in parsed.scripts if a.get("type") == "application/json")
    status, fp = ROW_FIELDS.index("status"), ROW_FIELDS.index("fingerprint")
    assert first["all"] and first["total"] == 3 and len(first["rows"][0]) + len(more[0]) == 3
    assert first["rows"][status] == ["hold"]  # the flagged row first
    assert all(v.startswith("fp1:") for v in first["rows"][fp] + more[fp])
    data = first
    assert set(data["catalogue"]) >= {"name.empty", "decision.stale"}
    assert all(entry[2] for entry in data["catalogue"].values())  # what to do, for every code


def test_chart_keeps_rare_findings_visible() -> None:
    svg = bar_chart([("common", 30_000), ("rare", 3)], title="t")
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', svg)]
    assert widths[1] >= 30 and widths[0] > widths[1]  # log scale: 3 of 30,000 is a visible bar, not 0.01 %
    assert "3</text>" in svg and "30,000" in svg


def test_assets_are_package_data() -> None:
    from importlib import resources

    names = {p.name for p in resources.files("addrjp.review").joinpath("assets").iterdir()}
    assert {"page.js", "page.css"} <= names
