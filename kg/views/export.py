"""Write a store's graph to files: RDF formats (through Oxigraph's fast writers) and, for graph
tools, GraphML, GEXF and CSV node/edge tables. Output is sorted, so the same graph always gives
the same bytes, and written atomically."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from oxrdflib._converter import to_ox

from ..errors import InputError
from ..store.base import GraphStore
from ..store.memory import MemoryStore
from ..store.oxigraph import OxigraphStore
from .atomic import atomic_path

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
}
TRIPLE_FORMATS = {"ttl", "nt", "jsonld"}
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = tuple(RDF_FORMATS) + NETWORK_FORMATS
SUFFIX_FORMATS = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld",
                  ".json": "jsonld", ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}

PREFIXES = {
    "kgo": "https://w3id.org/kg-innovation/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
}


def format_for(path: str | Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    found = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if not found:
        raise InputError(f"{path}: cannot tell the format from the suffix; give --format ({', '.join(FORMATS)})")
    return found


def _ox_quads(store: GraphStore):
    if isinstance(store, OxigraphStore):
        yield from store.document_quads()
        return
    if isinstance(store, MemoryStore):
        for s, p, o, g in store.dataset.quads((None, None, None, None)):
            graph = to_ox(g.identifier if hasattr(g, "identifier") else g) if g is not None else ox.DefaultGraph()
            if isinstance(graph, ox.NamedNode) and graph.value == "urn:x-rdflib:default":
                graph = ox.DefaultGraph()
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)
        return
    raise InputError("export needs a local store or RDF files, not a remote endpoint")


def statements(store: GraphStore, fmt: str):
    """The statements to write, in an order that depends only on the graph's content.

    Oxigraph on disk streams them in its index order (memory stays flat on big graphs): triples from the
    merged default graph (each once), quads from the document graphs; small in-memory graphs are sorted.
    """
    if isinstance(store, OxigraphStore) and store.path is not None:
        if fmt in TRIPLE_FORMATS:
            return (ox.Triple(s, p, o) for s, p, o in store.union_triples())
        return store.document_quads()
    if fmt in TRIPLE_FORMATS:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in _ox_quads(store)}
        return sorted(triples, key=str)
    return sorted(_ox_quads(store), key=str)


class _Counter:
    def __init__(self, items):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def base_prefixes(base: str | None = None) -> dict:
    """Prefixes for Turtle/TriG. Instance IRIs stay written in full on purpose: as `kgr:` names most
    would need backslash escapes (kgr:company\\/…), which several RDF parsers (rdflib's among them)
    reject."""
    return dict(PREFIXES)


def write_rdf(store: GraphStore, path: str | Path, fmt: str = "ttl", base: str | None = None) -> int:
    """Write the graph as RDF; returns the number of statements written."""
    counted = _Counter(statements(store, fmt))
    prefixes = base_prefixes(base) if fmt in ("ttl", "trig") else None
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            ox.serialize(counted, fh, RDF_FORMATS[fmt], prefixes=prefixes)
    return counted.count


def export(store: GraphStore, path: str | Path, fmt: str | None = None, base: str | None = None) -> int:
    """Write `store` to `path` in `fmt` (guessed from the suffix when None). Returns items written."""
    fmt = format_for(path, fmt)
    if fmt in RDF_FORMATS:
        return write_rdf(store, path, fmt, base)
    from .network import write_network
    return write_network(store, path, fmt)
