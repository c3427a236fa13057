"""A document's graph as N-Quads bytes: the compact form in which extraction workers hand graphs to
the store. Building the triples and encoding them is most of the per-document work after the NLP,
so it runs in the workers too (`--jobs`, `--dask`), and the store only parses (Oxigraph: in Rust)."""
from __future__ import annotations

import pickle
from dataclasses import dataclass

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import URIRef

from .build import document_triples
from .iri import DEFAULT_BASE


@dataclass
class GraphPayload:
    """What a worker returns for one document."""

    graph: URIRef                   # the document's named graph
    nquads: bytes                   # its triples, as N-Quads in that graph
    analysis: bytes | None = None   # the pickled Analysis, for the cache (None when not caching)


def document_nquads(analysis, base: str = DEFAULT_BASE) -> tuple[URIRef, bytes]:
    name, triples = document_triples(analysis, base)
    graph = ox.NamedNode(str(name))
    quads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in triples)
    return name, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def graph_payload(analysis, base: str = DEFAULT_BASE, keep_analysis: bool = False) -> GraphPayload:
    name, data = document_nquads(analysis, base)
    kept = pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL) if keep_analysis else None
    return GraphPayload(name, data, kept)
