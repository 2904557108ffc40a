"""Kyoto street names and directions before the town (通り名・東入・西入・上る・下る, issue 12 §3).

The town is found after the street and its directions, and the directions are kept as written (る or ル,
入 or 入ル) in the printed address; the postal code of the town found is the one filled in.
"""

from __future__ import annotations

import pytest

from addrjp.address.format import format_address
from addrjp.address.parse import parse_address
from addrjp.quality.record import validate_record

CASES = [
    # text after 京都府京都市, street as written, town, 番地, the town's postal code
    ("中京区三条通河原町東入中島町74", "三条通河原町東入", "中島町", "74", "604-8004"),
    ("中京区三条通河原町東入ル中島町74", "三条通河原町東入ル", "中島町", "74", "604-8004"),
    ("下京区四条通烏丸西入函谷鉾町101", "四条通烏丸西入", "函谷鉾町", "101", None),
    ("下京区四条通烏丸西入ル函谷鉾町101", "四条通烏丸西入ル", "函谷鉾町", "101", None),
    ("上京区烏丸通今出川上る岡松町255", "烏丸通今出川上る", "岡松町", "255", None),
    ("中京区寺町通三条上ル天性寺前町523", "寺町通三条上ル", "天性寺前町", "523", "604-8081"),
    ("中京区河原町通二条下ル一之船入町537", "河原町通二条下ル", "一之船入町", "537", "604-0924"),
]


@pytest.mark.parametrize("tail, street, town, banchi, code", CASES)
def test_the_town_is_found_after_the_street_directions(tail: str, street: str, town: str, banchi: str,
                                                       code: str | None) -> None:
    for text in (f"京都府京都市{tail}", f"京都市{tail}"):
        a = parse_address(text)
        assert (a.pref, a.city, a.street, a.town, a.banchi) == ("京都府", "京都市" + tail[:3], street, town, banchi)
        assert a.rest is None


@pytest.mark.parametrize("tail, street, town, banchi, code", CASES)
def test_the_street_directions_are_printed_as_written(tail: str, street: str, town: str, banchi: str,
                                                      code: str | None) -> None:
    text = f"京都府京都市{tail}"
    assert street + town + banchi in format_address(parse_address(text))
    r = validate_record(name="山田 花子", postal_code="", address=text)
    assert r.address_out is not None and street + town + banchi in r.address_out
    assert r.status == "fixed" and r.codes == ("postal.missing",)  # the code comes from the town found after them
    if code is not None:
        assert r.postal_code_out == code
