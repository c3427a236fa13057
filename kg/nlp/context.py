"""Document context: which city/province an article is about (placeholder)."""
from __future__ import annotations


def detect_context(document, given: dict | None = None) -> dict:
    ctx = {"year": int(document.date[:4]) if document.date else None, "date": document.date}
    ctx.update(given or {})
    return ctx
