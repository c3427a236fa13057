"""The NLP stage: a spaCy pipeline for Chinese (one token per character) and English.

>>> from kg.nlp import analyse
>>> from kg.read import read_document
>>> analysis = analyse(read_document("data/samples/luoyang_bearings_2024-03-08.txt"))
>>> [(m.text, m.type) for m in analysis.mentions][:3]

spaCy and the pipeline load on first use of `analyse` / `load_pipeline`, not on import.
"""
from .analysis import Analysis, EntityMention

__all__ = ["Analysis", "EntityMention", "analyse", "load_pipeline", "split_parts"]


def __getattr__(name):
    if name in ("analyse", "load_pipeline", "split_parts"):
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(name)
