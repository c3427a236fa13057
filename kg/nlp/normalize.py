"""Same-length text normalisation for matching: rules and models read the normalised text,
while spans keep the original surface string and offsets (every mapping is one char → one char).

- full-width ASCII (Ａ-Ｚ, ０-９, （）, ：…) → ASCII; ideographic/non-breaking spaces → ' '
- Traditional → Simplified characters (OpenCC's character table; phrase rules would change lengths)
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    for space in ("\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u202f", "\u200b", "\ufeff"):
        table[ord(space)] = " "
    try:
        data = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # OpenCC missing: matching stays Simplified-only
        data = ""
    for line in data.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1 and target != parts[0]:
                table.setdefault(ord(parts[0]), target)
    return table


def normalize(text: str) -> str:
    """Return a string of the same length as `text`, normalised for matching."""
    out = text.translate(_table())
    assert len(out) == len(text)
    return out
