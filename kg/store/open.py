"""Choose a store from the options every reading verb shares: --store, --endpoint, --graph."""
from __future__ import annotations

from typing import Sequence

from ..errors import InputError
from .base import GraphStore
from .files import load_rdf_files
from .oxigraph import OxigraphStore


def open_store(path, *, read_only: bool = False, create: bool = True) -> OxigraphStore:
    """An Oxigraph store on disk at `path` (created when missing unless create=False)."""
    return OxigraphStore(path, read_only=read_only, create=create)


def open_source(store=None, endpoint: str | None = None, graphs: Sequence = (), *, read_only: bool = True) -> GraphStore:
    """The graph to read: exactly one of an Oxigraph folder, an endpoint URL, or RDF files."""
    given = [x for x in (store, endpoint, list(graphs) or None) if x]
    if not given:
        raise InputError("no graph given: use --store DIR, --endpoint URL or RDF files (--graph FILE)")
    if len(given) > 1:
        raise InputError("give only one of --store, --endpoint or RDF files")
    if store:
        return OxigraphStore(store, read_only=read_only, create=False)
    if endpoint:
        from .endpoint import EndpointStore
        return EndpointStore(endpoint)
    return load_rdf_files(graphs)
