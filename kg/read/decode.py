"""Bytes → str for the encodings Chinese documents arrive in.

Order matters: a BOM is proof; then strict UTF-8 (GB18030 bytes are almost never valid UTF-8);
then GB18030 (a superset of GBK and GB2312). Binary data (NUL bytes without a UTF-16 BOM,
or many control characters) is refused rather than decoded into garbage.
"""
from __future__ import annotations

import codecs

from ..errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, LF, VT, FF, CR, ESC are a strong sign of binary data.
_CONTROL = set(range(0, 9)) | {14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31}


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return bad / len(sample) > 0.01


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding). Raise DecodeError naming `name` when the bytes are not text."""
    if not data.strip():
        raise DecodeError(f"{name}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{name}: invalid {encoding} after its byte-order mark ({exc.reason})") from None
            return _checked(text, encoding, name)
    if b"\x00" in data[:4096]:
        raise DecodeError(f"{name}: binary file (NUL bytes, no UTF-16 byte-order mark)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), encoding, name)
        except UnicodeDecodeError:
            continue
    raise DecodeError(f"{name}: not UTF-8, UTF-16 or GB18030 text")


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    if _looks_binary(text):
        raise DecodeError(f"{name}: binary file (control characters in {encoding} text)")
    if not text.strip():
        raise DecodeError(f"{name}: empty file")
    return text, encoding
