"""Where graphs live: rdflib in memory, Oxigraph on disk, or a remote SPARQL endpoint — one interface.

>>> from kg.store import open_source
>>> source = open_source(graphs=["out/graph.ttl"])      # or store="kgstore/", endpoint="http://..."
>>> source.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
"""
from .base import GraphStore, QueryResult
from .memory import MemoryStore
from .oxigraph import OxigraphStore
from .files import load_rdf_files, RDF_SUFFIXES
from .open import open_source, open_store
from .endpoint import EndpointStore

__all__ = ["GraphStore", "QueryResult", "MemoryStore", "OxigraphStore", "load_rdf_files", "RDF_SUFFIXES",
           "open_source", "open_store", "EndpointStore"]
