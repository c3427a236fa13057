"""RDF files → an in-memory store (parsing and its one-line errors live in rdf_files)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .memory import MemoryStore
from .rdf_files import RDF_FORMATS, load_rdf

RDF_SUFFIXES = {suffix: fmt for suffix, (fmt, _) in RDF_FORMATS.items()}


def load_rdf_files(paths: Iterable[str | Path]) -> MemoryStore:
    """Parse RDF files (or the RDF files under folders) into one in-memory store."""
    return MemoryStore(load_rdf(list(paths)))
