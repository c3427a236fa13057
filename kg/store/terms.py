"""Terms between pyoxigraph and rdflib."""
from __future__ import annotations

from oxrdflib._converter import from_ox as _oxrdflib_from_ox
from rdflib import XSD, Literal


def from_ox(term):
    """A pyoxigraph term as an rdflib term. RDF 1.1 makes a simple literal an xsd:string, and
    Oxigraph hands it back typed; rdflib keeps ``"count"`` and ``"count"^^xsd:string`` apart, so the
    typed form would match no plain literal of the shapes (sh:in) or of a graph read from Turtle.
    Simple literals therefore come back plain, as the graph builder wrote them."""
    value = _oxrdflib_from_ox(term)
    if isinstance(value, Literal) and value.datatype == XSD.string:
        return Literal(str(value))
    return value
