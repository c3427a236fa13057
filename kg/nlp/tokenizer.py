"""One token per character: every character span is a token span, so rule matches, model
predictions and gold spans never need re-alignment (jieba boundaries often cut names)."""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.util import registry


class CharTokenizer:
    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = list(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    # The tokenizer has no state; these let nlp.to_disk / from_disk round-trip the pipeline.
    def to_disk(self, path, *, exclude=tuple()):
        pass

    def from_disk(self, path, *, exclude=tuple()):
        return self

    def to_bytes(self, *, exclude=tuple()):
        return b""

    def from_bytes(self, data, *, exclude=tuple()):
        return self


@registry.tokenizers("kg.CharTokenizer.v1")
def create_char_tokenizer():
    def make(nlp):
        return CharTokenizer(nlp.vocab)
    return make
