"""The characters a Shift_JIS-family target can write (names._repertoire): decoded as one run per lead byte
(text.double_byte.pairs_decoded) they are exactly those of decoding every one- and two-byte sequence alone."""

from __future__ import annotations

from contextlib import suppress

import pytest

from addrjp.quality import names
from addrjp.text import double_byte


def _every_sequence_alone(codec: str) -> list[str]:
    found: set[str] = set()
    for b in (*range(0x20, 0x7F), *range(0xA1, 0xE0)):
        with suppress(UnicodeDecodeError):
            found.add(bytes([b]).decode(codec))
    for lead in (*range(0x81, 0xA0), *range(0xE0, 0xFD)):
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFD)):
            with suppress(UnicodeDecodeError):
                found.update(bytes([lead, trail]).decode(codec))
    return sorted(ch for ch in found if 0x20 <= ord(ch) < 0x10000)


@pytest.mark.parametrize("charset", ["cp932", "jisx0208", "jisx0213"])
def test_runs_of_pairs_decode_to_the_characters_of_every_pair_alone(charset: str) -> None:
    codec = names.CHARSETS[charset].codec
    assert names._repertoire(charset) == _every_sequence_alone(codec)


@pytest.mark.parametrize("codec", ["cp932", "shift_jis", "shift_jis_2004"])
def test_each_lead_bytes_run_is_its_pairs_decoded_alone_in_order(codec: str) -> None:
    for lead in double_byte.LEADS:
        alone = "".join(double_byte.decoded_alone(bytes([lead, t]), codec) for t in double_byte.TRAILS)
        assert double_byte.pairs_decoded(lead, codec) == alone, hex(lead)
