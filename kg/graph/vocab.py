"""Namespaces of the kg graph: the closed ontology vocabulary ``KG`` and the instance base ``KGR``.

``KG`` is an rdflib ``DefinedNamespace`` with ``_fail = True``: it lists exactly the terms declared in
``ontology/kg.ttl`` (a test keeps the two equal), so code that emits an undeclared term fails at once:

>>> from kg.graph.vocab import KG, KGR
>>> KG.hostedBy
rdflib.term.URIRef('https://w3id.org/kg-innovation/ontology#hostedBy')
>>> KG.hostBy
Traceback (most recent call last):
AttributeError: term 'hostBy' not in namespace 'https://w3id.org/kg-innovation/ontology#'

``ontology_graph()`` and ``shapes_graph()`` parse the shipped ontology and SHACL shapes into new graphs.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "KG", "KGO", "KGR", "KGSH", "ORG", "SCHEMA", "ONTOLOGY_IRI", "RELATION_PROPERTIES",
    "SYMMETRIC_PROPERTIES", "ENTITY_CLASSES", "ORGANIZATION_CLASSES",
    "ontology_path", "shapes_path", "ontology_graph", "shapes_graph", "bind_prefixes", "relation_signature",
]


class KG(DefinedNamespace):
    """kgo: — the terms of ontology/kg.ttl (closed: unknown names raise AttributeError)."""

    _NS = Namespace("https://w3id.org/kg-innovation/ontology#")
    _fail = True

    # Classes: entities
    Organization: URIRef
    Company: URIRef
    University: URIRef
    ResearchInstitute: URIRef
    Lab: URIRef
    Platform: URIRef
    GovernmentBody: URIRef
    Person: URIRef
    Policy: URIRef
    Place: URIRef
    Project: URIRef
    Technology: URIRef
    Award: URIRef
    Indicator: URIRef
    Position: URIRef
    # Classes: provenance
    Document: URIRef
    Sentence: URIRef
    Mention: URIRef
    RelationEvidence: URIRef
    Correction: URIRef
    # Relations between entities
    collaboratesWith: URIRef
    hostedBy: URIRef
    hosts: URIRef
    partOf: URIRef
    issuedBy: URIRef
    worksFor: URIRef
    investsIn: URIRef
    locatedIn: URIRef
    develops: URIRef
    awarded: URIRef
    funds: URIRef
    mentionedWith: URIRef
    # Provenance and structure
    subject: URIRef
    predicate: URIRef
    object: URIRef
    inDocument: URIRef
    inSentence: URIRef
    mentionOf: URIRef
    holder: URIRef
    organization: URIRef
    refersTo: URIRef
    # Datatype properties
    evidenceText: URIRef
    beginOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
    surfaceForm: URIRef
    sourcePath: URIRef
    contentHash: URIRef
    text: URIRef
    sentenceIndex: URIRef
    roleName: URIRef
    policyKind: URIRef
    measure: URIRef
    value: URIRef
    previousValue: URIRef
    normalizedValue: URIRef
    qualifier: URIRef
    unit: URIRef
    unitText: URIRef
    period: URIRef
    eventDate: URIRef
    mentionCount: URIRef
    # Curation and document dates
    correctedBy: URIRef
    action: URIRef
    rowNumber: URIRef
    matched: URIRef
    dateSource: URIRef


KGO = KG  # alias matching the prefix name
KGR = Namespace("https://w3id.org/kg-innovation/id/")
KGSH = Namespace("https://w3id.org/kg-innovation/shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-innovation/ontology")

#: Entity classes that NER / relation extraction assign (exactly one per entity: a leaf type, or
#: kgo:Organization itself for an organisation of none of the six organisation types). kgo:Organization
#: stays last: it is also their superclass (inferred graphs type every company with it), and readers
#: such as kg.views.network take an entity's first class in this order.
ENTITY_CLASSES = (
    KG.Company, KG.University, KG.ResearchInstitute, KG.Lab, KG.Platform, KG.GovernmentBody,
    KG.Person, KG.Policy, KG.Place, KG.Project, KG.Technology, KG.Award, KG.Organization,
)
ORGANIZATION_CLASSES = ENTITY_CLASSES[:6]

#: Direct relation properties; each direct triple needs at least one kgo:RelationEvidence node.
RELATION_PROPERTIES = (
    KG.collaboratesWith, KG.hostedBy, KG.partOf, KG.issuedBy, KG.worksFor, KG.investsIn,
    KG.locatedIn, KG.develops, KG.awarded, KG.funds, KG.mentionedWith,
)
SYMMETRIC_PROPERTIES = (KG.collaboratesWith, KG.mentionedWith)

_SOURCE_TREE_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


def _ontology_file(name: str):
    """The shipped file `name` of kg.ontology (installed package, or the source tree's ontology/)."""
    try:
        from importlib.resources import files

        return files("kg.ontology") / name
    except ModuleNotFoundError:  # running from a source checkout that is not installed
        return _SOURCE_TREE_ONTOLOGY / name


def ontology_path():
    """Path (traversable) of ontology/kg.ttl."""
    return _ontology_file("kg.ttl")


def shapes_path():
    """Path (traversable) of ontology/shapes.ttl."""
    return _ontology_file("shapes.ttl")


@lru_cache(maxsize=4)
def _parsed(name: str) -> Graph:
    graph = Graph()
    graph.parse(data=_ontology_file(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True)
    for triple in graph:
        out.add(triple)
    return out


def ontology_graph() -> Graph:
    """A new Graph holding the ontology (kg.ttl); safe to modify."""
    return _copy(_parsed("kg.ttl"))


def shapes_graph() -> Graph:
    """A new Graph holding the SHACL shapes (shapes.ttl); safe to modify."""
    return _copy(_parsed("shapes.ttl"))


@lru_cache(maxsize=None)
def relation_signature(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The entity types (local names) a relation property admits as subject and as object, read from
    the ontology's rdfs:domain and rdfs:range (owl:unionOf lists expanded, kgo:Organization standing
    for itself and each of its subclasses). The graph builder keeps to these, so kg's own output
    always meets the shapes that check them."""
    from rdflib import OWL, RDF, RDFS
    from rdflib.collection import Collection
    onto = _parsed("kg.ttl")

    def classes(node) -> set[str]:
        union = onto.value(node, OWL.unionOf)
        members = list(Collection(onto, union)) if union is not None else [node]
        out: set[str] = set()
        for member in members:
            out.add(str(member).rsplit("#", 1)[-1])
            out.update(str(c).rsplit("#", 1)[-1] for c in onto.transitive_subjects(RDFS.subClassOf, member))
        return out

    prop = KG[name]
    domain, range_ = onto.value(prop, RDFS.domain), onto.value(prop, RDFS.range)
    return (frozenset(classes(domain)) if domain is not None else frozenset(),
            frozenset(classes(range_)) if range_ is not None else frozenset())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kgo:, kgr:, org:, schema: and the other prefixes the kg graph uses on `graph`; returns it."""
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_PREFIXES = {
    "kgo": str(KG._NS),
    "kgr": str(KGR),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
