"""SPARQL for people: standard prefixes added when missing, saved queries, safe parameters,
and results rendered as a table, CSV, TSV, JSON or Turtle."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from ..errors import InputError, QueryError
from ..store.base import GraphStore, QueryResult
from .export import PREFIXES

STANDARD_PREFIXES = dict(PREFIXES, **{
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "qb": "http://purl.org/linked-data/cube#",
    "kgr": "https://w3id.org/kg-innovation/id/",
})
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)
_POSITION = [re.compile(r"\bat (\d+):(\d+)"), re.compile(r"\(line:(\d+), col:(\d+)\)")]


@dataclass
class SavedQuery:
    name: str
    description: str
    params: list[str]
    text: str
    labels: list[str] = None  # params that name an entity: bound to its label in any language


def saved_queries() -> dict[str, SavedQuery]:
    """The queries shipped with kg, by name (file stem)."""
    found = {}
    for entry in sorted(resources.files("kg.views").joinpath("queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text("utf-8")
        header = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
        description = next((h.split(":", 1)[1].strip() for h in header if h.lower().startswith("answers:")), "")
        params_line = next((h.split(":", 1)[1] for h in header if h.lower().startswith("params:")), "")
        params = re.findall(r"[A-Za-z_]\w*", params_line.split("(")[0])  # "org   (its label, …)" → [org]
        name = entry.name[:-3]
        labels_line = next((h.split(":", 1)[1] for h in header if h.lower().startswith("labels:")), "")
        found[name] = SavedQuery(name, description, params, text, re.findall(r"[A-Za-z_]\w*", labels_line))
    return found


def with_prefixes(sparql: str) -> tuple[str, int]:
    """Add the standard prefixes the query does not declare, on ONE line (so error lines shift by 1)."""
    declared = set(m.group(1) or "" for m in _DECLARED.finditer(sparql))
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in STANDARD_PREFIXES.items() if p not in declared]
    if not missing:
        return sparql, 0
    return " ".join(missing) + "\n" + sparql, 1


def _fix_position(message: str, shift: int) -> str:
    for pattern in _POSITION:
        match = pattern.search(message)
        if match:
            line, col = int(match.group(1)) - shift, int(match.group(2))
            rest = " ".join(pattern.sub("", message).split())
            return f"SPARQL syntax error at line {max(line, 1)}, column {col}: {rest}"
    return message


def run_query(source: GraphStore, sparql: str | None = None, name: str | None = None,
              file: str | Path | None = None, params: dict | None = None) -> QueryResult:
    text, shift, params = _prepare(sparql, name, file, params)
    try:
        result = source.query(text, params)
    except QueryError as exc:
        raise QueryError(_fix_position(str(exc), shift)) from None
    return result


def write_query_result(source: GraphStore, fh, fmt: str, sparql: str | None = None, name: str | None = None,
                       file: str | Path | None = None, params: dict | None = None) -> None:
    """Run a query and write its result as `fmt` to the text file `fh`. A SELECT in csv or tsv on an Oxigraph
    store is written row by row as the store produces it, so a result of millions of rows is never held in
    memory; everything else is rendered whole (`render`)."""
    text, shift, params = _prepare(sparql, name, file, params)
    try:
        streamed = source.query_rows(text, params) if fmt in ("csv", "tsv") and hasattr(source, "query_rows") \
            else None
        if streamed is not None and not isinstance(streamed, QueryResult):
            variables, rows = streamed
            writer = csv.writer(fh, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            writer.writerow(variables)
            for row in rows:
                writer.writerow([_plain(t) for t in row])
            return
        result = streamed if isinstance(streamed, QueryResult) else source.query(text, params)
    except QueryError as exc:
        raise QueryError(_fix_position(str(exc), shift)) from None
    fh.write(render(result, fmt))


def _prepare(sparql, name, file, params) -> tuple[str, int, dict | None]:
    """The query text with the project prefixes, how many lines they shift it by, and its parameters."""
    given = [x for x in (sparql, name, file) if x]
    if len(given) != 1:
        raise InputError("give exactly one of: query text, -f FILE.rq, or --name SAVED")
    if name:
        known = saved_queries()
        if name not in known:
            raise InputError(f"unknown saved query {name!r}; known: {', '.join(known)}")
        sparql = known[name].text
        missing = [p for p in known[name].params if p not in (params or {})]
        if missing:
            raise InputError(f"saved query {name!r} needs --param {' --param '.join(m + '=VALUE' for m in missing)}")
        from ..store.bind import label_forms
        params = {k: (label_forms(str(v)) if k in (known[name].labels or []) else v) for k, v in (params or {}).items()}
    elif file:
        try:
            sparql = Path(file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: cannot read query ({getattr(exc, 'strerror', None) or exc})") from None
    text, shift = with_prefixes(sparql)
    return text, shift, params


# -- rendering -------------------------------------------------------------------------------

def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    return str(term)


def _json_term(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def render(result: QueryResult, fmt: str = "table") -> str:
    """Text for a result: table|csv|tsv|json for SELECT/ASK; Turtle for CONSTRUCT/DESCRIBE."""
    if result.kind == "graph":
        for prefix, iri in STANDARD_PREFIXES.items():
            result.graph.bind(prefix, iri)
        return result.graph.serialize(format="turtle")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([[_plain(t) for t in row] for row in result.rows])
        return buffer.getvalue()
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}: use table, csv, tsv or json")
    return _table(result)


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(result: QueryResult) -> str:
    rows = [[_plain(t) for t in row] for row in result.rows]
    headers = result.variables
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    pad = lambda text, w: text + " " * (w - _width(text))  # noqa: E731
    lines = [" | ".join(pad(h, w) for h, w in zip(headers, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(pad(c, w) for c, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"

