"""RDF files → an in-memory store, with one-line errors that name the file and line."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, URIRef

from ..errors import RDFParseError
from .memory import MemoryStore

RDF_SUFFIXES = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".nq": "nquads",
    ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
    ".n3": "n3",
}
QUAD_FORMATS = {"nquads", "trig"}


def rdf_format(path: Path) -> str:
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise RDFParseError(f"{path}: unknown RDF file type '{path.suffix}' (use one of {', '.join(sorted(RDF_SUFFIXES))})")
    return fmt


def _line_of(exc: Exception) -> str:
    text = str(exc)
    for attr in ("lines", "line", "lineno"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return f"line {value + 1 if attr == 'lines' else value}"
    match = re.search(r"line (\d+)", text) or re.search(r":(\d+):", text)
    return f"line {match.group(1)}" if match else "unknown line"


def parse_into(dataset: Dataset, path: str | Path) -> None:
    path = Path(path)
    if not path.is_file():
        raise RDFParseError(f"{path}: no such file")
    fmt = rdf_format(path)
    data = path.read_bytes()
    if b"\x00" in data[:2048]:
        raise RDFParseError(f"{path}: not RDF (binary file)")
    try:
        if fmt in QUAD_FORMATS:
            dataset.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        else:
            g = dataset.graph(URIRef(path.resolve().as_uri()))
            g.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except UnicodeDecodeError:
        raise RDFParseError(f"{path}: not RDF (not UTF-8 text)") from None
    except Exception as exc:  # rdflib raises many parser-specific types
        message = " ".join(str(exc).split())
        message = re.sub(r"^at line \d+ of <>:\s*", "", message)[:200]
        raise RDFParseError(f"{path}: not valid {fmt} ({_line_of(exc)}): {message}") from None


def load_rdf_files(paths: Iterable[str | Path]) -> MemoryStore:
    """Parse RDF files into one in-memory store (each triples file in its own named graph)."""
    dataset = Dataset(default_union=True)
    for path in paths:
        parse_into(dataset, path)
    return MemoryStore(dataset)
