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


def label_forms(value: str) -> list[Literal]:
    """A name as it may stand in rdfs:label / skos:altLabel: plain, @zh or @en."""
    return [Literal(value), Literal(value, lang="zh"), Literal(value, lang="en")]


def with_values(query: str, bindings: dict | None) -> str:
    """Bind variables. A value that is a list or tuple binds the variable to any of its terms."""
    if not bindings:
        return query
    blocks = []
    single = {k: v for k, v in bindings.items() if not isinstance(v, (list, tuple))}
    if single:
        terms = " ".join(to_term(single[n]).n3() for n in single)
        variables = " ".join(f"?{n.lstrip('?$')}" for n in single)
        blocks.append(f"VALUES ({variables}) {{ ({terms}) }}")
    # several names that may each take any of a few terms (a label plain, @zh or @en): one VALUES block of
    # their combinations, which Oxigraph joins first (two separate blocks were 20x slower on `evidence`)
    lists = {k: v for k, v in bindings.items() if isinstance(v, (list, tuple))}
    if lists:
        rows = [[]]
        for values in lists.values():
            rows = [row + [to_term(v).n3()] for row in rows for v in values]
        variables = " ".join(f"?{n.lstrip('?$')}" for n in lists)
        blocks.append(f"VALUES ({variables}) {{ {' '.join('(' + ' '.join(row) + ')' for row in rows)} }}")
    block = " " + " ".join(blocks) + " "
    match = _WHERE.search(query)
    brace = match.end() if match else query.find("{") + 1
    if brace <= 0:
        return f"{query.rstrip()}\n{block}\n"
    return query[:brace] + block + query[brace:]
