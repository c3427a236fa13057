"""Materialise RDFS / OWL 2 RL inferences over a kg graph, keeping only instance-level results.

>>> from kg.graph.infer import materialise
>>> added = materialise(graph)            # e.g. ?x a schema:Organization, ?p org:memberOf ?o
>>> materialise_into(store, base)         # a kg.store: writes the graph {base}inferred

The closure is computed (owlrl) over a copy of graph + ontology/kg.ttl. Only new triples about the
graph's own nodes are added back: the ontology's axioms, triples about classes and properties,
``owl:Thing`` / ``rdfs:Resource`` typing, reflexive ``owl:sameAs`` and anonymous-class typing are
left out, so an export after materialising stays a clean instance graph. An inconsistency found by
OWL RL (e.g. a node typed with two disjoint classes) raises `kg.errors.ValidationFailed`.
"""
from __future__ import annotations

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.errors import InputError, ValidationFailed
from kg.graph.iri import DEFAULT_BASE
from kg.graph.vocab import ontology_graph

__all__ = ["materialise", "materialise_into", "inferred_triples", "inferred_graph_iri", "PROFILES"]

PROFILES = ("owlrl", "rdfs", "both")
_ERRNS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # where owlrl writes errors
_SYSTEM_NAMESPACES = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD)) + (
    "http://www.w3.org/ns/shacl#",
    str(_ERRNS),
)


def materialise(
    graph: Graph,
    profile: str = "owlrl",
    ontology: Graph | None = None,
    into: URIRef | None = None,
    strict: bool = True,
) -> int:
    """Add the inferred instance triples to `graph`; return how many were added.

    `profile`: ``owlrl`` (OWL 2 RL, default), ``rdfs`` or ``both``.
    `ontology`: the TBox to reason with; default the shipped ontology/kg.ttl.
    For a Dataset/ConjunctiveGraph the union is reasoned over and the new triples go into the graph
    named `into` (default: the default graph).
    `strict`: raise ValidationFailed when OWL RL finds an inconsistency (else add what was inferred).
    """
    added = inferred_triples(graph, profile=profile, ontology=ontology, strict=strict)
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        if into is not None:
            target = graph.graph(into) if isinstance(graph, Dataset) else graph.get_context(into)
        else:  # rdflib ≥ 7.1 calls it default_graph; default_context is deprecated
            target = getattr(graph, "default_graph", None)
            if not isinstance(target, Graph):
                target = graph.default_context
    else:
        target = graph
    for triple in added:
        target.add(triple)
    return len(added)


def inferred_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """Name of the graph that `materialise_into` writes: ``{base}inferred``."""
    return URIRef(f"{base}inferred")


def materialise_into(store, base: str = DEFAULT_BASE, profile: str = "owlrl", strict: bool = True) -> int:
    """Reason over a store's documents and (re)write the inferences to its graph ``{base}inferred``.

    `store` is any kg.store GraphStore (duck-typed: ``remove_graph``, ``union_graph``,
    ``replace_graph``). The previous inferred graph is dropped first, so inferences of deleted
    documents do not linger. Returns the number of inferred triples.
    """
    name = inferred_graph_iri(base)
    store.remove_graph(name)
    added = inferred_triples(store.union_graph(), profile=profile, strict=strict)
    store.replace_graph(name, added)
    return len(added)


def inferred_triples(
    graph: Graph, profile: str = "owlrl", ontology: Graph | None = None, strict: bool = True
) -> list[tuple]:
    """The new instance triples that RDFS / OWL 2 RL entail from `graph` + ontology (graph unchanged)."""
    if profile not in PROFILES:
        raise InputError(f"unknown inference profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if not isinstance(graph, Graph):
        raise InputError(f"materialise() needs an rdflib Graph or Dataset, not {type(graph).__name__}")
    import owlrl  # heavy; imported on use

    tbox = ontology if ontology is not None else ontology_graph()
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        original = {(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))}
    else:
        original = set(graph)

    work = Graph()
    for triple in original:
        work.add(triple)
    for triple in tbox:
        work.add(triple)

    semantics = {
        "owlrl": owlrl.OWLRL_Semantics,
        "rdfs": owlrl.RDFS_Semantics,
        "both": owlrl.RDFS_OWLRL_Semantics,
    }[profile]
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)

    errors = sorted(
        str(m) for e in work.subjects(RDF.type, _ERRNS.ErrorMessage) for m in work.objects(e, _ERRNS.error)
    )
    if errors and strict:
        first = " ".join(errors[0].split())
        raise ValidationFailed(
            f"OWL RL found {len(errors)} inconsistency(ies); first: {first}", report="\n".join(errors)
        )

    instance_nodes = _instance_nodes(original, tbox)
    tbox_triples = set(tbox)
    return sorted(
        t for t in work
        if t not in original and t not in tbox_triples and _keep(t, instance_nodes)
    )


def _instance_nodes(original: set, tbox: Graph) -> set:
    """IRIs/blank nodes of the instance graph that are not ontology or system terms."""
    tbox_terms = {node for triple in tbox for node in triple if not isinstance(node, Literal)}
    nodes = set()
    for s, p, o in original:
        for node in (s, o):
            if isinstance(node, Literal) or node in tbox_terms:
                continue
            if isinstance(node, URIRef) and str(node).startswith(_SYSTEM_NAMESPACES):
                continue
            nodes.add(node)
    return nodes


def _keep(triple, instance_nodes: set) -> bool:
    s, p, o = triple
    if s not in instance_nodes:
        return False  # axioms and anything about classes, properties, literal proxies
    if p == OWL.sameAs and s == o:
        return False
    if isinstance(o, BNode) and o not in instance_nodes:
        return False  # typing with an anonymous class (owl:unionOf domains), literal proxies
    if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(_SYSTEM_NAMESPACES):
        return False  # owl:Thing, rdfs:Resource, owl:NamedIndividual …
    return True
