"""A remote SPARQL 1.1 endpoint as a GraphStore (standard library HTTP only).

>>> store = EndpointStore("http://localhost:7878/query")     # e.g. `kg serve` or `oxigraph serve`
>>> store.query("ASK { ?s ?p ?o }").boolean

* Queries use the SPARQL 1.1 Protocol: ``POST`` with ``Content-Type: application/sparql-query``; the
  answer is parsed by its content type (SPARQL JSON/XML results, N-Triples, Turtle, ...) into a
  QueryResult of rdflib terms. Bindings are bound with an inline ``VALUES`` block (never spliced).
* Named graphs are written with the Graph Store Protocol (``PUT``/``DELETE`` on ``STORE?graph=IRI``)
  and, where the server has no Graph Store endpoint, with SPARQL Update.
* Queries see the union of the named graphs: when the server's default graph is empty, the
  ``union-default-graph`` URL parameter asks Oxigraph for it (other servers ignore it; configure their
  default graph as the union, e.g. Fuseki's ``tdb2:unionDefaultGraph true``); a server whose default
  graph holds data (a server already started with ``--union-default-graph``, or a store that keeps the
  union there) is queried as it is. ``union_default_graph=True/False`` overrides the check.
* ``$KG_ENDPOINT_AUTH`` (the variable is named by ``auth_env``) holds a whole ``Authorization``
  header value such as ``Bearer TOKEN`` or ``Basic dXNlcjpwYXNz``; ``http://user:pass@host/`` also works.
* Connection errors and HTTP 500/502/503/504 are retried ``retries`` times with exponential back-off;
  other errors (and time-outs) are not. Every failure is one line: StoreError, or QueryError for a
  query the server rejects.
"""
from __future__ import annotations

import base64
import errno
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable
from xml.etree import ElementTree

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import BNode, Graph, Literal, URIRef

from ..errors import QueryError, StoreError
from .base import GraphStore, QueryResult
from .bind import with_values
from .terms import from_ox

RESULT_TYPES = ("application/sparql-results+json, application/json;q=0.9, application/sparql-results+xml;q=0.8, "
                "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, */*;q=0.1")
TRANSIENT_STATUS = {500, 502, 503, 504}
_RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_SPARQL_RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(re.sub(r"<[^>]+>", " ", text).split()) if "<html" in text.lower() else " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def endpoint_urls(url: str) -> tuple[str, str | None, str]:
    """(query URL, Graph Store URL or None, update URL) for an endpoint URL.

    ``http://h:7878`` or ``.../query`` (Oxigraph) → ``.../query``, ``.../store``, ``.../update``;
    ``.../sparql`` (Fuseki and others) → ``.../sparql``, ``.../data``, ``.../update``;
    anything else → that URL for queries and updates, and no Graph Store endpoint.
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path
    swap = lambda p: urllib.parse.urlunsplit((parts.scheme, parts.netloc, p, "", ""))  # noqa: E731
    if path in ("", "/"):
        return swap("/query") + _q(parts), swap("/store"), swap("/update")
    head, _, last = path.rstrip("/").rpartition("/")
    if last == "query":
        return url, swap(f"{head}/store"), swap(f"{head}/update")
    if last == "sparql":
        return url, swap(f"{head}/data"), swap(f"{head}/update")
    return url, None, url


def _q(parts) -> str:
    return f"?{parts.query}" if parts.query else ""


class EndpointStore(GraphStore):
    """GraphStore over HTTP: SPARQL 1.1 Protocol for queries, Graph Store Protocol / Update for writes."""

    def __init__(self, url: str, *, auth_env: str | None = "KG_ENDPOINT_AUTH", timeout: float = 30,
                 retries: int = 3, backoff: float = 0.25, store_url: str | None = None,
                 update_url: str | None = None, union_default_graph: bool | str = "auto"):
        parts = urllib.parse.urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        self.auth = None
        self._auth_from = None
        if parts.username is not None:  # http://user:pass@host/... → Basic auth, URL without credentials
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self._auth_from = "the URL"
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        if auth_env and os.environ.get(auth_env, "").strip():
            self.auth = os.environ[auth_env].strip()
            self._auth_from = f"${auth_env}"
        self.auth_env = auth_env
        query_url, derived_store, derived_update = endpoint_urls(url)
        self.url = query_url
        self.store_url = store_url if store_url is not None else derived_store
        self.update_url = update_url if update_url is not None else derived_update
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self.union_default_graph = union_default_graph
        self.attempts = 0          # HTTP requests sent (tests and diagnostics)
        self._gsp: bool | None = None if self.store_url else False

    def __repr__(self) -> str:
        return f"EndpointStore({self.url!r})"

    # -- HTTP ------------------------------------------------------------------------------
    def _request(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
                 accept: str | None = None) -> tuple[int, str, bytes]:
        """(status, content type, body) of a 2xx/3xx/4xx answer; transient failures retried, then StoreError."""
        headers = {"User-Agent": "kg-endpoint/1"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if self.auth:
            headers["Authorization"] = self.auth
        where = _display(url)
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            delay = self.backoff * (2 ** attempt)
            self.attempts += 1
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.status, response.headers.get_content_type(), response.read()
            except urllib.error.HTTPError as exc:
                data = _read(exc)
                if exc.code in TRANSIENT_STATUS and not last:
                    time.sleep(max(delay, _retry_after(exc)))
                    continue
                if exc.code in TRANSIENT_STATUS:
                    detail = one_line(data.decode("utf-8", "replace")) or exc.reason
                    tries = f" (after {self.retries + 1} attempts)" if self.retries else ""
                    raise StoreError(f"{where}: server error HTTP {exc.code}{tries}: {detail}") from None
                return exc.code, exc.headers.get_content_type() if exc.headers else "text/plain", data
            except (socket.timeout, TimeoutError):
                raise StoreError(f"{where}: no answer within {self.timeout:g} s (timed out)") from None
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    raise StoreError(f"{where}: no answer within {self.timeout:g} s (timed out)") from None
                if isinstance(reason, socket.gaierror):
                    raise StoreError(f"{where}: cannot resolve host {urllib.parse.urlsplit(url).hostname!r}") from None
                if isinstance(reason, ssl_errors()):
                    raise StoreError(f"{where}: TLS error ({one_line(str(reason))})") from None
                if not last:
                    time.sleep(delay)
                    continue
                tries = f" after {self.retries + 1} attempts" if self.retries else ""
                raise StoreError(f"{where}: cannot connect{tries} ({_reason(reason)}); is the endpoint running?") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _fail(self, status: int, data: bytes, url: str, what: str, query: bool = False):
        detail = one_line(data.decode("utf-8", "replace"))
        where = _display(url)
        if status in (401, 403):
            if status == 401 or not detail:
                hint = (f"the credentials in {self._auth_from} were refused" if self.auth
                        else f"set {self.auth_env}='Bearer TOKEN' (or 'Basic ...')" if self.auth_env
                        else "the endpoint needs credentials")
                raise StoreError(f"{where}: not authorised (HTTP {status}{': ' + detail if detail else ''}); {hint}")
            raise StoreError(f"{where}: {what} refused (HTTP 403): {detail}")
        if status == 404:
            raise StoreError(f"{where}: not found (HTTP 404){': ' + detail if detail else ''}")
        if query and status == 400:
            raise QueryError(detail or "the endpoint rejected the query (HTTP 400)")
        raise StoreError(f"{where}: {what} failed (HTTP {status}){': ' + detail if detail else ''}")

    @staticmethod
    def _url(base: str, *, graph: str | None = None, union: bool = False) -> str:
        extra = []
        if graph is not None:
            extra.append("graph=" + urllib.parse.quote(graph, safe=""))
        if union:
            extra.append("union-default-graph")  # Oxigraph: the default graph is the union of all graphs
        if not extra:
            return base
        return base + ("&" if "?" in base else "?") + "&".join(extra)

    # -- queries ----------------------------------------------------------------------------
    def _query(self, sparql: str, union: bool) -> QueryResult:
        url = self._url(self.url, union=union and self._use_union())
        status, ctype, data = self._request("POST", url, sparql.encode("utf-8"), "application/sparql-query; charset=utf-8",
                                            RESULT_TYPES)
        if status >= 300:
            self._fail(status, data, self.url, "query", query=True)
        try:
            return parse_result(ctype, data)
        except StoreError:
            raise
        except Exception as exc:  # malformed JSON/XML/RDF from the server
            raise StoreError(f"{_display(self.url)}: malformed {ctype} answer ({one_line(str(exc), 160)})") from None

    def _use_union(self) -> bool:
        """Ask for the union default graph? "auto": only when the server's default graph is empty
        (a store that keeps its own deduplicated union in the default graph must not get it twice)."""
        if self.union_default_graph == "auto":
            self.union_default_graph = not self._query("ASK { ?s ?p ?o }", union=False).boolean
        return bool(self.union_default_graph)

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        return self._query(with_values(sparql, bindings), union=True)

    def graph_names(self) -> list[URIRef]:
        rows = self._query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False).rows
        return sorted(row[0] for row in rows if isinstance(row[0], URIRef))

    def union_graph(self) -> Graph:
        # Default graph + every named graph, whatever the server's default-graph setting.
        result = self._query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
                             union=False)
        return result.graph if result.graph is not None else Graph()

    def __len__(self) -> int:
        # Quads of the named graphs plus default-graph triples that are not also in a named graph
        # (when the server's default graph is the union, that second part is empty).
        result = self._query("SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
                             "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }", union=False)
        return int(result.rows[0][0]) if result.rows and result.rows[0][0] is not None else 0

    # -- writes ------------------------------------------------------------------------------
    def replace_graph(self, name: URIRef, triples: Iterable[tuple]) -> None:
        body = ntriples(triples)
        if self._gsp is not False:
            url = self._url(self.store_url, graph=str(name))
            status, _, data = self._request("PUT", url, body, "application/n-triples; charset=utf-8")
            if status < 300:
                self._gsp = True
                return
            if status in (401, 403) or self._gsp or status not in (404, 405, 415, 501):
                self._fail(status, data, self.store_url, f"replacing graph <{name}>")
            self._gsp = False  # no Graph Store endpoint there: use SPARQL Update
        self._update(f"DROP SILENT GRAPH <{_iri(name)}> ;\nINSERT DATA {{ GRAPH <{_iri(name)}> {{\n"
                     + body.decode("utf-8") + "}}", f"replacing graph <{name}>")

    def remove_graph(self, name: URIRef) -> None:
        if self._gsp is not False:
            status, _, data = self._request("DELETE", self._url(self.store_url, graph=str(name)))
            if status < 300:
                self._gsp = True
                return
            if status == 404 and not self._has_graph(name):
                return  # nothing to remove (Oxigraph answers 404 for a graph it does not hold)
            if status in (401, 403) or self._gsp or status not in (404, 405, 501):
                self._fail(status, data, self.store_url, f"removing graph <{name}>")
            self._gsp = False
        self._update(f"DROP SILENT GRAPH <{_iri(name)}>", f"removing graph <{name}>")

    def _has_graph(self, name: URIRef) -> bool:
        return bool(self._query(f"ASK {{ GRAPH <{_iri(name)}> {{ ?s ?p ?o }} }}", union=False).boolean)

    def _update(self, update: str, what: str) -> None:
        status, _, data = self._request("POST", self.update_url, update.encode("utf-8"),
                                        "application/sparql-update; charset=utf-8")
        if status >= 300:
            self._fail(status, data, self.update_url, what)

    def serialize(self, path, fmt: str) -> None:
        self.union_graph().serialize(str(path), format=fmt)


# -- helpers -----------------------------------------------------------------------------------

def ssl_errors() -> tuple:
    try:
        import ssl
        return (ssl.SSLError, ssl.CertificateError)
    except ImportError:  # pragma: no cover
        return ()


def _display(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read() or b""
    except Exception:  # noqa: BLE001 - a broken error body is still an error
        return b""


def _retry_after(exc: urllib.error.HTTPError) -> float:
    value = exc.headers.get("Retry-After", "") if exc.headers else ""
    return min(float(value), 10.0) if value.strip().isdigit() else 0.0


def _reason(reason) -> str:
    if isinstance(reason, ConnectionRefusedError) or getattr(reason, "errno", None) == errno.ECONNREFUSED:
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    return one_line(str(getattr(reason, "strerror", None) or reason), 160) or reason.__class__.__name__


def _iri(name) -> str:
    text = str(name)
    if any(c in text for c in '<>"{}|^`\\ \n\t'):
        raise StoreError(f"graph name {text!r} is not a valid IRI")
    return text


def ntriples(triples: Iterable[tuple]) -> bytes:
    """N-Triples of rdflib (or pyoxigraph) triples, via Oxigraph's writer."""
    items = []
    for s, p, o in triples:
        items.append(ox.Triple(_ox(s), _ox(p), _ox(o)))
    if not items:
        return b""
    return ox.serialize(items, format=ox.RdfFormat.N_TRIPLES)


def _ox(term):
    return term if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else to_ox(term)


def parse_result(ctype: str, data: bytes) -> QueryResult:
    if ctype in ("application/sparql-results+json", "application/json"):
        return _parse_json(json.loads(data.decode("utf-8")))
    if ctype in ("application/sparql-results+xml", "application/xml", "text/xml"):
        return _parse_xml(data)
    if ctype in _RDF_TYPES:
        graph = Graph()
        for triple in ox.parse(data, format=_RDF_TYPES[ctype]):
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return QueryResult("graph", graph=graph)
    if ctype in ("application/ld+json", "text/n3"):
        graph = Graph()
        graph.parse(data=data, format="json-ld" if ctype == "application/ld+json" else "n3")
        return QueryResult("graph", graph=graph)
    raise StoreError(f"the endpoint answered with unsupported content type {ctype!r}")


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _json_term(value: dict | None):
    if value is None:
        return None
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        return Literal(text, datatype=URIRef(datatype) if datatype and datatype != _XSD_STRING else None)
    if kind == "triple":  # RDF-star quoted triple: keep its text
        return Literal(json.dumps(value.get("value"), ensure_ascii=False))
    raise ValueError(f"unknown term type {kind!r}")


def _parse_json(doc: dict) -> QueryResult:
    if "boolean" in doc:
        return QueryResult("ask", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    rows = [tuple(_json_term(b.get(v)) for v in variables) for b in doc.get("results", {}).get("bindings", [])]
    return QueryResult("select", variables, rows)


def _parse_xml(data: bytes) -> QueryResult:
    root = ElementTree.fromstring(data)
    ns = _SPARQL_RESULTS_NS
    boolean = root.find(f"{ns}boolean")
    if boolean is not None:
        return QueryResult("ask", boolean=(boolean.text or "").strip() == "true")
    variables = [v.get("name") for v in root.iter(f"{ns}variable")]
    rows = []
    for result in root.iter(f"{ns}result"):
        values = {}
        for binding in result.findall(f"{ns}binding"):
            term = next(iter(binding), None)
            if term is None:
                continue
            tag = term.tag[len(ns):] if term.tag.startswith(ns) else term.tag
            text = term.text or ""
            if tag == "uri":
                values[binding.get("name")] = URIRef(text)
            elif tag == "bnode":
                values[binding.get("name")] = BNode(text)
            else:
                lang, datatype = term.get(f"{_XML_NS}lang"), term.get("datatype")
                values[binding.get("name")] = Literal(text, lang=lang) if lang else \
                    Literal(text, datatype=URIRef(datatype) if datatype and datatype != str(_XSD_STRING) else None)
        rows.append(tuple(values.get(v) for v in variables))
    return QueryResult("select", variables, rows)
