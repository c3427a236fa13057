"""Build the spaCy pipelines once per process and run them over whole documents.

Long documents are cut into parts at line or sentence ends (spaCy refuses texts over
`max_length`, and small parts keep memory flat); every offset is shifted back so results
always refer to the whole document text.
"""
from __future__ import annotations

import importlib
import threading
from importlib import resources
from typing import Iterable

import spacy
from spacy.language import Language
from thinc.api import Config

from ..read import Document
from .analysis import Analysis, EntityMention
from . import extensions  # noqa: F401  (registers Doc/Span extensions)
from .normalize import normalize
from . import tokenizer  # noqa: F401  (registers kg.CharTokenizer.v1)
from . import components  # noqa: F401

COMPONENT_MODULES = ("sentences", "entity_rules", "english_rules", "statistical_ner", "merger", "coref",
                     "relations", "indicators")
for _module in COMPONENT_MODULES:  # importing a component module registers its factory
    try:
        importlib.import_module(f"{__package__}.components.{_module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.components.{_module}":
            raise

PART_CHARS = 50_000  # text per spaCy Doc; far below spaCy's max_length
_LOCK = threading.Lock()
_CACHE: dict[tuple, Language] = {}


def _config(lang: str) -> Config:
    name = "pipeline.cfg" if lang == "zh" else "pipeline_en.cfg"
    text = resources.files("kg.nlp").joinpath(name).read_text("utf-8")
    return Config().from_str(text)


def load_pipeline(lang: str = "zh", exclude: Iterable[str] = (), overrides: dict | None = None) -> Language:
    """The kg pipeline for `lang` ('zh' or 'en'), built once per process and cached."""
    key = (lang, tuple(sorted(exclude)), tuple(sorted((overrides or {}).items())))
    with _LOCK:
        if key not in _CACHE:
            config = _config(lang)
            for dotted, value in (overrides or {}).items():
                section = config
                *parents, leaf = dotted.split(".")
                for part in parents:
                    section = section[part]
                section[leaf] = value
            nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True, exclude=list(exclude))
            nlp.max_length = PART_CHARS * 4
            _CACHE[key] = nlp
        return _CACHE[key]


def split_parts(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into [(start, end)] parts of at most `limit` chars, at line ends, else after 。！？."""
    parts = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n")
        if cut < limit // 4:
            cut = max(window.rfind(ch) for ch in "。！？!?；;")
        if cut < limit // 4:
            cut = limit - 1
        parts.append((start, start + cut + 1))
        start += cut + 1
    parts.append((start, len(text)))
    return parts


def analyse(document: Document, nlp: Language | None = None, context: dict | None = None) -> Analysis:
    """Run the pipeline over one document and return its mentions, relations and indicators."""
    lang = document.lang if document.lang in ("zh", "en") else "zh"
    nlp = nlp or load_pipeline(lang)
    from .context import detect_context  # late: needs the gazetteers only when used
    ctx = detect_context(document, given=context)
    result = Analysis(document=document, context=ctx)
    for start, end in split_parts(document.text):
        part = document.text[start:end]
        doc = nlp.make_doc(part)
        doc._.raw_text = part
        doc._.norm_text = normalize(part)
        doc._.context = ctx
        doc._.doc_offset = start
        doc._.lang = lang
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        _collect(doc, start, result)
    return result


def _collect(doc, offset: int, result: Analysis) -> None:
    result.sentences.extend((s + offset, e + offset) for s, e in (doc._.sentences or []))
    result.roles.extend((r.start_char + offset, r.end_char + offset) for r in doc.spans.get("kg_roles", []))
    for ent in doc.ents:
        result.mentions.append(EntityMention(
            start=ent.start_char + offset, end=ent.end_char + offset, text=ent.text, type=ent.label_,
            canonical=ent._.canonical or ent.text, role=ent._.role, source=ent._.source,
        ))
    for rel in doc._.relations or []:
        rel = dict(rel)
        for key in ("head", "tail"):
            if rel.get(key) is not None:
                rel[key] = (rel[key][0] + offset, rel[key][1] + offset)
        rel["start"] += offset
        rel["end"] += offset
        result.relations.append(rel)
    if doc._.relation_candidates is not None:
        if result.relation_candidates is None:
            result.relation_candidates = []
        for item in doc._.relation_candidates:
            item = dict(item, sentence=(item["sentence"][0] + offset, item["sentence"][1] + offset))
            item["candidates"] = [dict(c, head=(c["head"][0] + offset, c["head"][1] + offset) + tuple(c["head"][2:]),
                                       tail=(c["tail"][0] + offset, c["tail"][1] + offset) + tuple(c["tail"][2:]))
                                  for c in item["candidates"]]
            result.relation_candidates.append(item)
    for ind in doc._.indicators or []:
        ind = dict(ind)
        ind["start"] += offset
        ind["end"] += offset
        result.indicators.append(ind)
