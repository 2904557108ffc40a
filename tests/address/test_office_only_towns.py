"""Towns known only from Japan Post's office file (事業所の個別郵便番号, JIGYOSYO), not from KEN_ALL.

The rule (``addrjp.address.towns``, ``_Builder.from_rows``): such a town joins the town master with
``source="office"`` and no area postal code, so an address in it is read as written; a Kyoto street designation
the office file writes in its town column (智恵光院通丸太町下る) is no town. The record rules follow
(``addrjp.quality.record``): the office's own code is accepted (``postal.office_code``) and no area code is
ever invented for such a town. 医学町通2番町 (新潟市中央区) is such a town: KEN_ALL has only 医学町通.
"""

from __future__ import annotations

from addrjp.address.parse import parse_address
from addrjp.address.towns import load_town_master
from addrjp.quality.record import validate_record

PREF, CITY, TOWN = "新潟県", "新潟市中央区", "医学町通2番町"
OFFICE_CODE = "951-8581"  # the office file's code for an office at 医学町通2番町13
ADDRESS = f"{PREF}{CITY}{TOWN}13"


def test_a_town_only_in_the_office_file_is_in_the_master_without_area_codes() -> None:
    town = load_town_master().find_town(PREF, CITY, TOWN)
    assert town is not None and town.source == "office" and town.codes == ()
    assert town.town == TOWN and town.jis == "15103"


def test_an_address_in_an_office_only_town_is_read_as_written() -> None:
    for text in (ADDRESS, f"{CITY}{TOWN}13", f"{PREF} {CITY} {TOWN}13"):
        a = parse_address(text)
        assert (a.pref, a.city, a.town, a.banchi, a.rest) == (PREF, CITY, TOWN, "13", None)


def test_a_kyoto_street_designation_of_the_office_file_is_no_town() -> None:
    assert load_town_master().find_town("京都府", "京都市上京区", "智恵光院通丸太町下る") is None
    a = parse_address("京都府京都市上京区智恵光院通丸太町下る主税町964")
    assert (a.street, a.town, a.banchi) == ("智恵光院通丸太町下る", "主税町", "964")


def test_an_office_only_town_with_its_office_code_is_ok() -> None:
    r = validate_record(name="山田 花子", postal_code=OFFICE_CODE, address=ADDRESS)
    assert r.status == "ok" and r.codes == ("postal.office_code",)
    assert r.postal_code_out == OFFICE_CODE and r.address_out == ADDRESS


def test_an_office_only_town_never_gets_an_invented_postal_code() -> None:
    r = validate_record(name="山田 花子", postal_code="", address=ADDRESS)
    assert r.status == "hold" and "postal.missing" in r.codes
    assert r.postal_code_out is None and r.suggestion is None


def test_an_office_only_town_with_another_towns_area_code_is_not_passed_silently() -> None:
    r = validate_record(name="山田 花子", postal_code="950-0864", address=ADDRESS)  # 紫竹 (新潟市東区・中央区)
    assert r.status != "ok" and any(c.startswith("postal.") for c in r.codes)
