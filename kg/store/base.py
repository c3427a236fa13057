"""The store interface every backend implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Graph, URIRef


@dataclass
class QueryResult:
    """A SPARQL result: `kind` is 'select', 'ask' or 'graph' (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)   # rdflib terms (None when unbound)
    boolean: bool | None = None
    graph: Graph | None = None

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.variables, row)) for row in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame of a SELECT result, values as Python objects (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            from ..errors import InputError
            raise InputError("to_dataframe needs pandas: pip install pandas") from None
        return pd.DataFrame([[t.toPython() if t is not None else None for t in row] for row in self.rows],
                            columns=self.variables)


class GraphStore:
    """Named graphs per document; queries see their union."""

    read_only = False

    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        raise NotImplementedError

    def load_graphs(self, graphs: Iterable[tuple[URIRef, bytes]]) -> None:
        """Replace named graphs with the triples of their N-Quads (each document's quads are in its
        own graph); stores that load faster in bulk override this."""
        import pyoxigraph as ox
        from .terms import from_ox
        for name, data in graphs:
            quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
            self.replace_graph(name, [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads])

    def remove_graph(self, name: URIRef) -> None:
        raise NotImplementedError

    def graph_names(self) -> list[URIRef]:
        raise NotImplementedError

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        raise NotImplementedError

    def union_graph(self) -> Graph:
        """All triples as one rdflib Graph (for validation, maps, statistics)."""
        raise NotImplementedError

    def graphs_union(self, names: list[URIRef]) -> Graph:
        """The triples of some named graphs as one rdflib Graph."""
        raise NotImplementedError

    def serialize(self, path, fmt: str) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
