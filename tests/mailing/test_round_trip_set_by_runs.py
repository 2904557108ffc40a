"""The characters that survive CP932's round trip (the mailing file's encodability class) made a lead byte's
run of pairs at a time (:func:`addrjp.text.double_byte.pairs_decoded`) are those of decoding every one- and
two-byte sequence alone, as the set was made before (~11,800 decodes)."""

from __future__ import annotations

from addrjp.mailing import encodable


def _every_sequence_alone(codec: str) -> frozenset[str]:
    stable = {bytes([b]).decode(codec, errors="ignore") for b in range(0x100)}
    for lead_range in (range(0x81, 0xA0), range(0xE0, 0xFD)):
        for lead in lead_range:
            stable.update(bytes([lead, trail]).decode(codec, errors="ignore") for trail in range(0x40, 0x100))
    return frozenset(c for c in stable if len(c) == 1)


def test_the_round_trip_set_is_every_sequence_decoded_alone() -> None:
    encodable._stable_chars.cache_clear()
    encodable.unstable_class.cache_clear()
    made = encodable._stable_chars("cp932")
    assert made == _every_sequence_alone("cp932")
    assert len(made) > 7_000
    assert all(c.encode("cp932").decode("cp932") == c for c in made)


def test_a_codec_without_a_table_has_no_class() -> None:
    assert encodable._stable_chars("utf-8") is None
    assert encodable.unstable_class("utf-8") is None
