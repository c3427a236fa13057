"""Read RDF files into one rdflib Dataset, with one-line errors that name the file and line.

>>> from kg.store.rdf_files import load_rdf
>>> ds = load_rdf(["out/graph.trig", "ontology/kg.ttl"])

The format comes from the suffix (``RDF_FORMATS``). Triple formats (.ttl, .nt, .rdf, .jsonld, .n3)
go to the default graph; quad formats (.trig, .nq, and .jsonld with named graphs) keep their graphs.
A file that is binary, not UTF-8 or not valid RDF raises `kg.errors.RDFParseError` with a message
like ``bad.ttl:3: invalid Turtle: objectList expected``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Union

from rdflib import Dataset, Graph

from ..errors import InputError, RDFParseError

__all__ = ["load_rdf", "parse_rdf_file", "rdf_format", "RDF_FORMATS"]

#: suffix → (rdflib format name, readable name)
RDF_FORMATS: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "Turtle"),
    ".turtle": ("turtle", "Turtle"),
    ".n3": ("n3", "Notation3"),
    ".nt": ("nt", "N-Triples"),
    ".ntriples": ("nt", "N-Triples"),
    ".nq": ("nquads", "N-Quads"),
    ".nquads": ("nquads", "N-Quads"),
    ".trig": ("trig", "TriG"),
    ".jsonld": ("json-ld", "JSON-LD"),
    ".json-ld": ("json-ld", "JSON-LD"),
    ".rdf": ("xml", "RDF/XML"),
    ".owl": ("xml", "RDF/XML"),
    ".xml": ("xml", "RDF/XML"),
}
_LINE_IN_MESSAGE = re.compile(r":(\d+):(\d+):\s*")

PathLike = Union[str, Path]


def rdf_format(path: PathLike) -> tuple[str, str]:
    """(rdflib format, readable name) for `path`'s suffix; InputError for an unknown suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        known = ", ".join(sorted(RDF_FORMATS))
        raise RDFParseError(f"{path}: not an RDF file suffix ({suffix or 'none'}); use one of {known}")
    return RDF_FORMATS[suffix]


def load_rdf(paths: PathLike | Iterable[PathLike], dataset: Dataset | None = None) -> Dataset:
    """Parse RDF files (or every RDF file under a folder) into `dataset` (a new Dataset by default).

    The returned Dataset has ``default_union = True`` so that queries see all graphs.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    ds = dataset if dataset is not None else Dataset(default_union=True)
    for path in _expand(paths):
        parse_rdf_file(path, ds)
    return ds


def _expand(paths: Iterable[PathLike]) -> list[Path]:
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RDF_FORMATS)
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def parse_rdf_file(path: PathLike, target: Graph) -> Graph:
    """Parse one file into `target` (a Graph or Dataset); RDFParseError with file:line on failure."""
    path = Path(path)
    fmt, fmt_name = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    _check_text(path, data, fmt_name)
    if fmt in ("nt", "nquads"):
        # line-based formats: rdflib's errors have no line number, so find the line ourselves
        return _parse_lines(path, data, fmt, fmt_name, target)
    try:
        target.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all are reported as one line
        raise RDFParseError(_message(path, fmt_name, exc, data)) from exc
    return target


def _check_text(path: Path, data: bytes, fmt_name: str) -> None:
    """Binary or non-UTF-8 files are not RDF text: say where the first bad byte is."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise RDFParseError(f"{path}:{line}: not {fmt_name} (binary data: NUL byte)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RDFParseError(
            f"{path}:{line}: not {fmt_name} (not UTF-8 text: byte 0x{data[exc.start]:02x})"
        ) from None


def _parse_lines(path: Path, data: bytes, fmt: str, fmt_name: str, target: Graph) -> Graph:
    try:
        target.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        return target
    except Exception as exc:
        error = exc
    # find the first line that does not parse on its own (statements are one per line)
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        probe = Dataset() if fmt == "nquads" else Graph()
        try:
            probe.parse(data=line + "\n", format=fmt)
        except Exception as exc:
            raise RDFParseError(f"{path}:{number}: invalid {fmt_name}: {_reason(exc)}") from exc
    raise RDFParseError(f"{path}: invalid {fmt_name}: {_reason(error)}") from error


def _message(path: Path, fmt_name: str, exc: Exception, data: bytes) -> str:
    line = _line_of(exc, data)
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: invalid {fmt_name}: {_reason(exc)}"


def _line_of(exc: Exception, data: bytes) -> int | None:
    lines = getattr(exc, "lines", None)  # notation3.BadSyntax (Turtle, TriG, N3): lines before the error
    if isinstance(lines, int):
        return lines + 1
    get_line = getattr(exc, "getLineNumber", None)  # xml.sax.SAXParseException (RDF/XML)
    if callable(get_line):
        try:
            return int(get_line())
        except (TypeError, ValueError):
            pass
    if isinstance(exc, json.JSONDecodeError) or hasattr(exc, "lineno"):  # JSON-LD (json / orjson)
        lineno = getattr(exc, "lineno", None)
        if isinstance(lineno, int):
            return lineno
    match = _LINE_IN_MESSAGE.search(str(exc))  # rdflib ParserError "file:4:0: ..."
    if match:
        return int(match.group(1))
    return None


def _reason(exc: Exception) -> str:
    why = getattr(exc, "_why", None)  # BadSyntax keeps the short reason here
    if why:
        text = str(why)
    else:
        get_message = getattr(exc, "getMessage", None)
        text = get_message() if callable(get_message) else str(exc)
        text = _LINE_IN_MESSAGE.split(text)[-1] if _LINE_IN_MESSAGE.search(text) else text
        if isinstance(exc, json.JSONDecodeError) and getattr(exc, "msg", None):
            text = exc.msg
    text = " ".join(text.split())
    if not text:
        text = type(exc).__name__
    return text[:200] + ("…" if len(text) > 200 else "")
