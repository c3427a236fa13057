"""Bind query variables without splicing user text into SPARQL.

Values become RDF terms first; the term's own N-Triples serialisation (which escapes quotes,
backslashes and braces inside literals) is put in an inline `VALUES` block at the start of the
query's WHERE group, so FILTERs in that group see the bound value as if it were a constant.
"""
from __future__ import annotations

import re

from rdflib.term import Identifier, Literal, URIRef

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def to_term(value) -> Identifier:
    if isinstance(value, Identifier):
        return value
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")) and not any(c in text for c in ' <>"{}|\\^`'):
        return URIRef(text)
    return Literal(text)


def with_values(query: str, bindings: dict | None) -> str:
    if not bindings:
        return query
    names = list(bindings)
    terms = " ".join(to_term(bindings[n]).n3() for n in names)
    variables = " ".join(f"?{n.lstrip('?$')}" for n in names)
    block = f" VALUES ({variables}) {{ ({terms}) }} "
    match = _WHERE.search(query)
    brace = match.end() if match else query.find("{") + 1
    if brace <= 0:
        return f"{query.rstrip()}\nVALUES ({variables}) {{ ({terms}) }}\n"
    return query[:brace] + block + query[brace:]
