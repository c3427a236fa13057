"""rdflib in memory: the default for small builds and for RDF files given on the command line."""
from __future__ import annotations

from typing import Iterable

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..errors import QueryError
from .base import GraphStore, QueryResult
from .bind import to_term, with_values


class MemoryStore(GraphStore):
    def __init__(self, dataset: Dataset | None = None):
        self.dataset = dataset if dataset is not None else Dataset(default_union=True)
        self.dataset.default_union = True

    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        g = self.dataset.graph(name)
        g.remove((None, None, None))
        for t in triples:
            g.add(t)

    def remove_graph(self, name: URIRef) -> None:
        self.dataset.remove_graph(self.dataset.graph(name))

    def graph_names(self) -> list[URIRef]:
        return sorted(g.identifier for g in self.dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID)

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        try:
            if any(isinstance(v, (list, tuple)) for v in (bindings or {}).values()):
                result = self.dataset.query(with_values(sparql, bindings))
            else:
                result = self.dataset.query(sparql, initBindings={k: to_term(v) for k, v in (bindings or {}).items()})
        except Exception as exc:  # rdflib raises pyparsing errors and others
            raise QueryError(_one_line(exc)) from None
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("graph", graph=result.graph)
        variables = [str(v) for v in result.vars]
        return QueryResult("select", variables, [tuple(row) for row in result])

    def union_graph(self) -> Graph:
        g = Graph()
        for prefix, ns in self.dataset.namespaces():
            g.bind(prefix, ns)
        for t in self.dataset.triples((None, None, None)):
            g.add(t)
        return g

    def graphs_union(self, names: list[URIRef]) -> Graph:
        g = Graph()
        for name in names:
            for t in self.dataset.graph(name).triples((None, None, None)):
                g.add(t)
        return g

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__
