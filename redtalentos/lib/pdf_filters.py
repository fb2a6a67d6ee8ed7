"""Decoders of two PDF stream filters, ASCII85 and ASCIIHex, one piece at a time, so that the
PDF check (redtalentos.lib.documents) can bound what a stream inflates to while reading it."""

_WHITESPACE = b" \t\r\n\x0c\x00"
_A85_DIGITS = bytes((byte - 33) & 0xFF for byte in range(256))


def a85_pieces(pieces):
    """ASCII85 decoded a piece at a time (ReportLab writes every stream so). Python's own decoder
    loops over each group of five characters in Python, too slow for megabytes: here each group's
    value is computed in its own 64-bit lane of one big integer, in C."""
    pending, at_start = b"", True
    for piece in pieces:
        pending += piece.translate(None, _WHITESPACE)
        if at_start:
            if len(pending) < 2:
                continue
            pending, at_start = pending.removeprefix(b"<~"), False
        end = pending.find(b"~")
        if end >= 0:
            yield _a85_groups(pending[:end].replace(b"z", b"!!!!!"))
            return
        # "z" stands for a whole group of zeros; an incomplete group waits for the next piece.
        digits = pending.replace(b"z", b"!!!!!")
        whole = len(digits) - len(digits) % 5
        yield _a85_groups(digits[:whole])
        pending = digits[whole:]
    if pending:  # no end marker: the last group is short
        yield _a85_groups(pending.replace(b"z", b"!!!!!"))


def _a85_groups(digits):
    tail = len(digits) % 5
    digits = (digits + b"u" * (5 - tail) if tail else digits).translate(_A85_DIGITS)
    groups = len(digits) // 5
    value = 0
    for column in range(5):
        lanes = bytearray(8 * groups)
        lanes[0::8] = digits[column::5]
        # A group's value is below 85**5 < 2**33: it never carries into the next lane.
        value = value * 85 + int.from_bytes(lanes, "little")
    lanes = value.to_bytes(8 * groups + 8, "little")
    out = bytearray(4 * groups)
    for index in range(4):
        out[index::4] = lanes[3 - index : 8 * groups : 8]
    return bytes(out[: len(out) - (5 - tail)] if tail else out)


def hex_pieces(pieces):
    carry = b""
    for piece in pieces:
        piece = piece.translate(None, _WHITESPACE)
        end = piece.find(b">")
        digits = carry + (piece if end < 0 else piece[:end])
        if end >= 0 and len(digits) % 2:
            digits += b"0"
        whole = len(digits) - len(digits) % 2
        digits, carry = digits[:whole], digits[whole:]
        yield bytes.fromhex(digits.decode("ascii"))
        if end >= 0:
            return
    if carry:
        yield bytes.fromhex((carry + b"0").decode("ascii"))
