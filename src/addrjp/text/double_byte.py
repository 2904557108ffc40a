"""The two-byte sequences of a Shift_JIS-family codec (2バイト文字の表), decoded a lead byte's run at a time.

Decoding every two-byte sequence alone costs ~11,000 calls; the pairs of one lead byte decode as one run,
which the codec stops only where a pair does not decode (at the pair's lead byte): that pair is skipped and
the run goes on. The names' repertoire (:mod:`addrjp.quality.names`) and the mailing file's round-trip set
(:mod:`addrjp.mailing.encodable`) are both made from it.

>>> pairs_decoded(0x82, "cp932")[:5]
'０１２３４'
"""

from __future__ import annotations

#: Lead bytes of a two-byte sequence (Shift_JIS family), and the trail bytes that may follow one.
LEADS = (*range(0x81, 0xA0), *range(0xE0, 0xFD))
TRAILS = bytes([*range(0x40, 0x7F), *range(0x80, 0xFD)])


def pairs_decoded(lead: int, codec: str) -> str:
    """What the pairs (*lead*, trail) that decode alone decode to, for every trail byte, in one text.

    A lead byte is never a character alone, so a run of pairs decodes pair by pair; where a pair does not
    decode, the codec stops at its lead byte (an even offset of the run), and the pairs after it are decoded
    on. Should the codec ever stop elsewhere, the pairs are decoded one by one.
    """
    run = b"".join(bytes([lead, t]) for t in TRAILS)
    out: list[str] = []
    pos = 0
    while pos < len(run):
        try:
            out.append(run[pos:].decode(codec))
            break
        except UnicodeDecodeError as exc:
            if exc.start % 2:  # pragma: no cover - not a pair boundary: no shortcut
                rest = (run[i:i + 2] for i in range(pos, len(run), 2))
                out.extend(decoded_alone(pair, codec) for pair in rest)
                break
            out.append(run[pos:pos + exc.start].decode(codec))
            pos += exc.start + 2
    return "".join(out)


def decoded_alone(pair: bytes, codec: str) -> str:
    try:
        return pair.decode(codec)
    except UnicodeDecodeError:
        return ""


__all__ = ["LEADS", "TRAILS", "decoded_alone", "pairs_decoded"]
