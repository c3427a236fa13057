"""Custom attributes the kg components read and write. Registered once per process."""
from spacy.tokens import Doc, Span

_DOC = {
    "raw_text": None,      # doc.text as given (spaCy rebuilds doc.text from tokens on every access)
    "norm_text": None,     # same-length normalised text that rules and models read
    "context": None,       # {"city": "开封市", "province": "河南省", "year": 2024, "date": ...}
    "sentences": None,     # [(start_char, end_char)] trimmed of surrounding whitespace
    "relations": None,     # list of dicts, see docs/DESIGN.md
    "indicators": None,    # list of dicts, see docs/DESIGN.md
    "relation_candidates": None,  # per sentence, the scorer's candidate pairs and features (for training)
    "doc_offset": 0,       # where this Doc starts in the whole document (long texts come in parts)
    "lang": "zh",
}
#: parent: (length, canonical, type) of the organisation written in front of a unit (河南大学|开封研究院), set by
#: kg_coref
_SPAN = {"canonical": None, "role": None, "source": None, "parent": None}


def register() -> None:
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()


def doc_text(doc: Doc) -> str:
    """The original text of `doc`, without spaCy's O(n) rebuild of doc.text on each access."""
    if doc._.raw_text is None:
        doc._.raw_text = doc.text
    return doc._.raw_text


def norm_text(doc: Doc) -> str:
    """The normalised text of `doc`, computed once."""
    if doc._.norm_text is None:  # analyse() sets it from the text part; computing doc.text is O(n)
        from .normalize import normalize
        doc._.norm_text = normalize(doc_text(doc))
    return doc._.norm_text
