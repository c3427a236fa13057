"""Oxigraph: an embedded on-disk (or in-memory) SPARQL store, fast for large graphs."""
from __future__ import annotations

import json
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

LAYOUT_FILE = "kg-layout.json"  # which layout the store has (see _check_layout)
LAYOUT = 2                      # 2: document graphs + their merge as the default graph; 1 (no file): graphs only

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


def _as_triples(name: URIRef, nquads: bytes) -> bytes:
    """One document's N-Quads (every line in graph `name`) as N-Triples: the graph term cut off each line
    (a literal's own line breaks are escaped, so the pattern matches line ends only)."""
    return nquads.replace(f" <{name}> .\n".encode(), b" .\n")


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
        self.store = self._open(read_only)
        self._check_layout()

    def _open(self, read_only: bool):
        try:
            return ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            msg = " ".join(str(exc).split())
            if "lock" in msg.lower():
                raise StoreError(f"{self.path}: store is in use by another process (its lock is held)") from None
            raise StoreError(f"{self.path}: cannot open store ({msg})") from None
        except (RuntimeError, ValueError) as exc:  # RocksDB: "Corruption: …" of a damaged folder
            msg = " ".join(str(exc).split())[:200]
            raise StoreError(f"{self.path}: the store is damaged and cannot be opened ({msg}); rebuild it: "
                             "kg build DOCUMENTS --store NEW_FOLDER") from None

    # -- layout --------------------------------------------------------------------------------------
    # Each document's triples live in its own named graph (provenance, exact replacement), and the
    # default graph is their RDF merge: every distinct triple once, kept up to date on every write (a
    # triple leaves it only when no document graph holds it any more). Queries read the default graph,
    # so COUNT and SUM count each fact once, as on graph.ttl; Oxigraph's own union of the named graphs
    # is a bag (oxigraph#1919) and much slower on joins. docs/STORE.md has the design.
    def _check_layout(self) -> None:
        if self.path is None:
            return
        marker = self.path / LAYOUT_FILE
        if marker.exists():
            try:
                layout = json.loads(marker.read_text("utf-8")).get("layout")
            except (OSError, ValueError, AttributeError):
                layout = None
            if layout != LAYOUT:
                raise StoreError(f"{self.path}: store layout {layout!r} is not the one this kg writes ({LAYOUT}); "
                                 "rebuild it: kg build DOCUMENTS --store NEW_FOLDER")
            return
        if not any(True for _ in self.store.named_graphs()):
            if not self.read_only:
                self._write_marker()  # a new (or empty) store
            return
        # written by an earlier kg: document graphs only, no merged default graph. Upgrade it once.
        if self.read_only:
            self.store = None
            self.store = self._open(False)  # (fails with a one-line error while a build holds the store)
        try:
            self._merge_all_graphs()
            self.store.flush()
            self._write_marker()
        finally:
            if self.read_only:
                self.store = None
                self.store = self._open(True)

    def _write_marker(self) -> None:
        from ..views.atomic import write_text_atomic
        write_text_atomic(self.path / LAYOUT_FILE, json.dumps({"layout": LAYOUT, "default_graph": "merge of the "
                                                               "document graphs"}) + "\n")

    def _merge_all_graphs(self) -> None:
        for graph in list(self.store.named_graphs()):
            self.store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")

    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        graph = ox.NamedNode(str(name))
        terms = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
        self.remove_graph(name)
        # one transaction: a graph (and its share of the merged default graph) is never half-written
        self.store.extend([ox.Quad(s, p, o, graph) for s, p, o in terms] +
                          [ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in terms])

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
        # the same triples into the merged default graph (a triple already there stays once); a build killed
        # between the two loads has not recorded the batch, so the next one removes and loads it again
        self.store.bulk_load(b"".join(_as_triples(name, data) for name, data in graphs),
                             format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)

    def remove_graph(self, name: URIRef) -> None:
        graph = ox.NamedNode(str(name))
        if self.store.contains_named_graph(graph):
            # one update, one transaction: the graph's triples that no other document graph holds leave
            # the merged default graph, and the graph goes
            self.store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                              f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }} ; "
                              f"DROP GRAPH {graph}")

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def _execute(self, sparql: str, bindings: dict | None):
        try:
            return self.store.query(with_values(sparql, bindings))  # the default graph: the merge
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise QueryError(" ".join(str(exc).split())) from None

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        return query_result(self._execute(sparql, bindings))

    def query_rows(self, sparql: str, bindings: dict | None = None):
        """(variables, an iterator of rows) for a SELECT, produced as the store evaluates it; the whole
        QueryResult for other queries."""
        result = self._execute(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            return query_result(result)
        variables = list(result.variables)

        def rows():
            try:
                for solution in result:
                    yield tuple(from_ox(solution[v]) if solution[v] is not None else None for v in variables)
            except (OSError, ValueError, RuntimeError) as exc:
                raise QueryError(" ".join(str(exc).split())) from None
        return [v.value for v in variables], rows()

    def graph_of(self, node: str, among: set[str]) -> str | None:
        """The first of the document graphs `among` that states something about `node` (an IRI)."""
        if not node.startswith(("http://", "https://", "urn:")):
            return None
        for q in self.store.quads_for_pattern(ox.NamedNode(node), None, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in among:
                return q.graph_name.value
        return None

    def union_triples(self):
        """Each distinct triple of the document graphs once (the merged default graph)."""
        for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield q.subject, q.predicate, q.object

    def document_quads(self):
        """The quads of the document (named) graphs, without the merged default graph's copies."""
        for q in self.store.quads_for_pattern(None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield q

    def triple_count(self) -> int:
        """Distinct triples: the size of the merged default graph."""
        return int(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").__next__()["n"].value)

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
        """Statements of the document graphs (a triple held by N documents counts N times)."""
        return len(self.store) - self.triple_count()

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self.store.flush()
        self.store = None
