"""Counts a user wants after a build: documents, entities by type, relations by type, triples."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..store.base import GraphStore

KGO = "https://w3id.org/kg-innovation/ontology#"
ENTITY_TYPES = ("Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody", "Organization",
                "Policy", "Person", "Place", "Project", "Technology", "Award")
RELATION_TYPES = ("collaboratesWith", "hostedBy", "partOf", "issuedBy", "worksFor", "investsIn", "locatedIn",
                  "develops", "awarded", "funds", "mentionedWith")


DISTINCT_TRIPLES_UP_TO = 2_000_000  # counting distinct triples needs a set of them all: skip on big stores


@dataclass
class GraphStats:
    documents: int = 0
    triples: int | None = 0     # distinct triples of the union; None on very large stores
    statements: int = 0         # triples counted in every document graph that holds them
    entities: dict = field(default_factory=dict)
    relations: dict = field(default_factory=dict)
    indicators: int = 0
    mentions: int = 0

    def as_dict(self) -> dict:
        return {"documents": self.documents, "triples": self.triples, "statements": self.statements,
                "entities": self.entities,
                "relations": self.relations, "indicators": self.indicators, "mentions": self.mentions}


def _count_by(store: GraphStore, query: str) -> dict:
    return {str(row[0]).rsplit("#", 1)[-1]: int(row[1]) for row in store.query(query).rows if row[0] is not None}


def stats(store: GraphStore) -> GraphStats:
    """Statistics of the union graph of `store`."""
    types = " ".join(f"<{KGO}{t}>" for t in ENTITY_TYPES)
    props = " ".join(f"<{KGO}{p}>" for p in RELATION_TYPES)
    entities = _count_by(store, f"SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?t {{ {types} }} ?e a ?t }} GROUP BY ?t")
    relations = _count_by(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o }} }} }} GROUP BY ?p")
    one = lambda q: int(store.query(q).rows[0][0])  # noqa: E731
    statements = len(store)
    return GraphStats(
        documents=one(f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{KGO}Document> }}"),
        triples=store.triple_count() if hasattr(store, "triple_count") else None if statements > DISTINCT_TRIPLES_UP_TO
        else one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"),
        statements=statements,
        entities={t: entities[t] for t in ENTITY_TYPES if t in entities},
        relations={p: relations[p] for p in RELATION_TYPES if p in relations},
        indicators=one(f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i a <{KGO}Indicator> }}"),
        mentions=one(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <{KGO}Mention> }}"),
    )
