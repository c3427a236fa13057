"""Oxigraph: an embedded on-disk (or in-memory) SPARQL store, fast for large graphs."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import Graph, URIRef

from ..errors import QueryError, StoreError
from .base import GraphStore, QueryResult
from .bind import with_values
from .terms import from_ox

# Files an Oxigraph (RocksDB) directory holds; a non-empty folder without them is not a store.
_STORE_MARKERS = ("CURRENT", "IDENTITY", "LOCK")



def query_result(result) -> QueryResult:
    """A pyoxigraph query result (solutions, boolean or triples) as a QueryResult of rdflib terms."""
    if isinstance(result, (bool, getattr(ox, "QueryBoolean", bool))):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(from_ox(sol[v]) if sol[v] is not None else None for v in result.variables) for sol in result]
        return QueryResult("select", variables, rows)
    g = Graph()
    for t in result:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return QueryResult("graph", graph=g)


class OxigraphStore(GraphStore):
    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self.store = ox.Store()
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: not a directory, so not an Oxigraph store")
        if self.path.is_dir() and any(self.path.iterdir()) and not any((self.path / m).exists() for m in _STORE_MARKERS):
            raise StoreError(f"{self.path}: folder is not an Oxigraph store (and is not empty)")
        if not self.path.exists() and not create:
            raise StoreError(f"{self.path}: no such store")
        if read_only and self.path.is_dir():
            # RocksDB's read-only mode ignores the writer's lock: look for a writer ourselves
            from .locks import writer_pid
            holder = writer_pid(self.path)
            if holder is not None:
                who = f"process {holder}" if holder > 0 else "another process"
                raise StoreError(f"{self.path}: store is in use by a writer ({who}; its lock is held)")
        try:
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            msg = " ".join(str(exc).split())
            if "lock" in msg.lower():
                raise StoreError(f"{self.path}: store is in use by another process (its lock is held)") from None
            raise StoreError(f"{self.path}: cannot open store ({msg})") from None

    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        graph = ox.NamedNode(str(name))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in triples]
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)
        self.store.extend(quads)  # one transaction: a graph is never half-written

    def load_graphs(self, graphs: Iterable[tuple[URIRef, bytes]]) -> None:
        # The bulk loader parses and writes sorted files straight into RocksDB: several times faster
        # than a transaction per document, and without the transactions' write buffers (with those
        # the 10k-document build went past 2 GB). It is not one transaction, so callers record a
        # document as stored only after this returns: a killed build writes the batch again.
        graphs = list(graphs)
        for name, _ in graphs:
            self.remove_graph(name)
        # lenient: the N-Quads come from our own writer (rdflib terms checked when they were made),
        # so Oxigraph need not validate every IRI again (~20% of the load time)
        self.store.bulk_load(b"".join(data for _, data in graphs), format=ox.RdfFormat.N_QUADS, lenient=True)

    def remove_graph(self, name: URIRef) -> None:
        graph = ox.NamedNode(str(name))
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        try:
            result = self.store.query(with_values(sparql, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(" ".join(str(exc).split())) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(" ".join(str(exc).split())) from None
        return query_result(result)

    def union_triples(self):
        seen = set()
        for q in self.store.quads_for_pattern(None, None, None):
            t = (q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                yield t

    def union_graph(self) -> Graph:
        g = Graph()
        for s, p, o in self.union_triples():
            g.add((from_ox(s), from_ox(p), from_ox(o)))
        return g

    def graphs_union(self, names: list[URIRef]) -> Graph:
        g = Graph()
        for name in names:
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
                g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self.store.flush()
        self.store = None
