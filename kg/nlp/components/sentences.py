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


#: longer "sentences" (a page's text without punctuation, a table flattened into one line) are cut at the
#: last comma, list mark or space before this length, else at it: relation candidates are pairs of a
#: sentence's names, and an unbounded sentence makes their features grow with its square
MAX_SENTENCE = 500
_SOFT_CUT = re.compile(r"[，,、：:\s]")


def _bounded(start: int, end: int, text: str) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SENTENCE:
        window = text[start:start + MAX_SENTENCE]
        soft = [m.end() for m in _SOFT_CUT.finditer(window) if m.end() > MAX_SENTENCE // 2]
        cut = start + (soft[-1] if soft else MAX_SENTENCE)
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def sentence_spans(text: str, lang: str = "zh") -> list[tuple[int, int]]:
    """[(start, end)] of the sentences of `text`, trimmed of whitespace, covering every non-space char;
    none longer than MAX_SENTENCE characters."""
    cuts = {0, len(text)}
    for match in _ZH_END.finditer(text):
        cuts.add(match.end())
    if lang == "en" or any(ch.isascii() and ch.isalpha() for ch in text[:200]):
        for match in _EN_END.finditer(text):
            cuts.add(match.end())
    spans = []
    ordered = sorted(cuts)
    for start, end in zip(ordered, ordered[1:]):
        for start, end in _bounded(start, end, text) if end - start > MAX_SENTENCE else ((start, end),):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans


@Language.factory("kg_sentences", assigns=["doc._.sentences"])
def make_sentencizer(nlp: Language, name: str):
    return Sentencizer()


class Sentencizer:
    """Sentence spans go to `doc._.sentences`; token.is_sent_start is left alone on purpose: setting
    it token by token makes spaCy re-check the whole Doc each time (quadratic on long texts), and no
    kg component reads doc.sents."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.sentences = sentence_spans(norm_text(doc), doc._.lang or "zh")
        return doc
