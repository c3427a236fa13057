"""What the NLP stage hands to kg.graph: plain, picklable data (no spaCy objects), so analyses can
cross process boundaries (--jobs, Dask) and the graph layer can be imported without loading spaCy."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..read import Document


@dataclass
class EntityMention:
    start: int
    end: int
    text: str
    type: str
    canonical: str
    role: str | None = None
    source: str | None = None


@dataclass
class Analysis:
    """What the NLP stage found in one document: plain data, picklable, ready for kg.graph."""

    document: Document
    mentions: list[EntityMention] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    #: (start, end) of every title recognised (董事长, 记者), beside a named person or not; the graph
    #: takes roles from the mentions, this is for evaluation and for users of the NLP stage
    roles: list[tuple[int, int]] = field(default_factory=list)
    context: dict = field(default_factory=dict)
    #: the relation scorer's candidate pairs and features, per sentence — only when the pipeline records
    #: them (kg_relations.record_candidates, for scripts/train_relations.py)
    relation_candidates: list | None = None
