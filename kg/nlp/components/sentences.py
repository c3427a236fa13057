"""Sentence boundaries for Chinese and English news text.

A sentence ends after 。！？!?； (and … runs), together with any closing quotes or brackets that
follow, or at a line break. English '.' ends a sentence only before whitespace + capital/quote or at
the end of a line, so 'Inc.' and '3.5' stay inside.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import norm_text

_ZH_END = re.compile(r"[。！？!?；;]+[”’」』）)\"']*|…{1,2}[”’」』]*(?=\s|$)|\n+")
_EN_END = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bNo)(?<!\bSt)(?<!\bJr)(?<!\bvs)(?<!\b[A-Z])\.[\"')\]]*(?=\s+[\"'(A-Z0-9]|\s*$)")


def sentence_spans(text: str, lang: str = "zh") -> list[tuple[int, int]]:
    """[(start, end)] of the sentences of `text`, trimmed of whitespace, covering every non-space char."""
    cuts = {0, len(text)}
    for match in _ZH_END.finditer(text):
        cuts.add(match.end())
    if lang == "en" or any(ch.isascii() and ch.isalpha() for ch in text[:200]):
        for match in _EN_END.finditer(text):
            cuts.add(match.end())
    spans = []
    ordered = sorted(cuts)
    for start, end in zip(ordered, ordered[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


@Language.factory("kg_sentences", assigns=["token.is_sent_start", "doc._.sentences"])
def make_sentencizer(nlp: Language, name: str):
    return Sentencizer()


class Sentencizer:
    def __call__(self, doc: Doc) -> Doc:
        text = norm_text(doc)
        spans = sentence_spans(text, doc._.lang or "zh")
        doc._.sentences = spans
        starts = {s for s, _ in spans}
        # Characters are tokens (zh); for word tokens map char offsets to the token that holds them.
        for token in doc:
            token.is_sent_start = token.i == 0
        for start in starts:
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None and len(span):
                doc[span.start].is_sent_start = True
        return doc
