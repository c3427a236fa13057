"""The NLP stage: a spaCy pipeline for Chinese (one token per character) and English.

>>> from kg.nlp import analyse
>>> from kg.read import read_document
>>> analysis = analyse(read_document("data/samples/some_article.txt"))
>>> [(m.text, m.type) for m in analysis.mentions]
"""
from .pipeline import Analysis, EntityMention, analyse, load_pipeline, split_parts

__all__ = ["Analysis", "EntityMention", "analyse", "load_pipeline", "split_parts"]
