"""The ontology (ontology/kg.ttl), its SHACL shapes, validation, OWL RL materialisation, RDF parse
errors, the closed vocabulary kg.graph.vocab.KG, and the generated ontology/README.md."""
from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from kg.errors import InputError, KgError, RDFParseError, ValidationFailed
from kg.graph.infer import materialise
from kg.graph.vocab import (
    KG, KGR, ORG, RELATION_PROPERTIES, SCHEMA, ontology_graph, ontology_path, shapes_graph, shapes_path,
)
from kg.store.rdf_files import load_rdf
from kg.views.validate import ValidationResult, validate

ROOT = Path(__file__).resolve().parent.parent
KGO = "https://w3id.org/kg-innovation/ontology#"
PROV = Namespace("http://www.w3.org/ns/prov#")

CLASSES = [
    "Organization", "Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody",
    "Person", "Policy", "Place", "Project", "Technology", "Award", "Indicator", "Position",
    "Document", "Sentence", "Mention", "RelationEvidence", "Correction",
]
OBJECT_PROPERTIES = [
    "collaboratesWith", "hostedBy", "hosts", "partOf", "issuedBy", "worksFor", "investsIn", "locatedIn",
    "develops", "awarded", "funds", "mentionedWith", "subject", "predicate", "object", "inDocument",
    "inSentence", "mentionOf", "holder", "organization", "refersTo", "correctedBy",
]
DATATYPE_PROPERTIES = [
    "evidenceText", "beginOffset", "endOffset", "confidence", "surfaceForm", "sourcePath", "contentHash",
    "text", "sentenceIndex", "roleName", "policyKind", "measure", "value", "previousValue", "unit",
    "unitText", "period", "eventDate", "mentionCount", "normalizedValue", "qualifier",
    "action", "rowNumber", "matched", "dateSource",
]

# A small graph in the DESIGN.md shape: document, sentence, entities, relations with evidence,
# a mention, a position and an indicator.
GOOD_TTL = """
@prefix kgo: <https://w3id.org/kg-innovation/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/kg-innovation/id/> .

<document/kaifeng> a kgo:Document ;
    dcterms:title "开封科技创新"@zh ; dcterms:date "2024-04-13"^^xsd:date ; dcterms:language "zh" ;
    kgo:sourcePath "data/kaifeng.txt" ;
    kgo:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .

<sentence/kaifeng/3> a kgo:Sentence ;
    kgo:inDocument <document/kaifeng> ; kgo:sentenceIndex 3 ;
    kgo:text "开封夸克新材料有限公司与哈尔滨工业大学联合研发石墨烯材料。"@zh ;
    kgo:beginOffset 120 ; kgo:endOffset 150 .

<company/开封夸克新材料有限公司> a kgo:Company ;
    rdfs:label "开封夸克新材料有限公司"@zh ; skos:altLabel "夸克新材料"@zh ;
    kgo:collaboratesWith <university/哈尔滨工业大学> ;
    kgo:locatedIn <place/开封> ;
    kgo:develops <technology/石墨烯材料> .
<university/哈尔滨工业大学> a kgo:University ; rdfs:label "哈尔滨工业大学"@zh .
<place/开封> a kgo:Place ; rdfs:label "开封"@zh .
<technology/石墨烯材料> a kgo:Technology ; rdfs:label "石墨烯材料"@zh .

<lab/省心脏电生理重点实验室> a kgo:Lab ; rdfs:label "省心脏电生理重点实验室"@zh ;
    kgo:hostedBy <university/河南大学> ; kgo:awarded <award/省级重点实验室> .
<university/河南大学> a kgo:University ; rdfs:label "河南大学"@zh .
<award/省级重点实验室> a kgo:Award ; rdfs:label "省级重点实验室"@zh .

<policy/开封市科技创新规划> a kgo:Policy ; rdfs:label "开封市“十四五”科技创新和一流创新生态建设规划"@zh ;
    kgo:policyKind "规划"@zh ; kgo:issuedBy <government-body/开封市人民政府> .
<government-body/开封市人民政府> a kgo:GovernmentBody ; rdfs:label "开封市人民政府"@zh .

<person/郭新勇> a kgo:Person ; rdfs:label "郭新勇"@zh ; kgo:roleName "董事长"@zh ;
    kgo:worksFor <company/河南中镜科仪科技有限公司> .
<company/河南中镜科仪科技有限公司> a kgo:Company ; rdfs:label "河南中镜科仪科技有限公司"@zh .
<position/郭新勇/河南中镜科仪科技有限公司> a kgo:Position ;
    kgo:holder <person/郭新勇> ; kgo:organization <company/河南中镜科仪科技有限公司> ; kgo:roleName "董事长"@zh .

<evidence/e1> a kgo:RelationEvidence ;
    kgo:subject <company/开封夸克新材料有限公司> ; kgo:predicate kgo:collaboratesWith ;
    kgo:object <university/哈尔滨工业大学> ;
    kgo:inDocument <document/kaifeng> ; kgo:inSentence <sentence/kaifeng/3> ;
    kgo:evidenceText "开封夸克新材料有限公司与哈尔滨工业大学联合研发石墨烯材料。"@zh ;
    kgo:beginOffset 120 ; kgo:endOffset 150 ; kgo:confidence 0.9 ; kgo:eventDate "2024-04-13"^^xsd:date .
<evidence/e2> a kgo:RelationEvidence ;
    kgo:subject <company/开封夸克新材料有限公司> ; kgo:predicate kgo:locatedIn ; kgo:object <place/开封> ;
    kgo:inDocument <document/kaifeng> ; kgo:evidenceText "位于开封"@zh ;
    kgo:beginOffset 100 ; kgo:endOffset 119 ; kgo:confidence 0.7 .
<evidence/e3> a kgo:RelationEvidence ;
    kgo:subject <company/开封夸克新材料有限公司> ; kgo:predicate kgo:develops ; kgo:object <technology/石墨烯材料> ;
    kgo:inDocument <document/kaifeng> ; kgo:evidenceText "研发石墨烯材料"@zh ;
    kgo:beginOffset 120 ; kgo:endOffset 150 ; kgo:confidence 0.8 .
<evidence/e4> a kgo:RelationEvidence ;
    kgo:subject <lab/省心脏电生理重点实验室> ; kgo:predicate kgo:hostedBy ; kgo:object <university/河南大学> ;
    kgo:inDocument <document/kaifeng> ; kgo:evidenceText "依托河南大学建设的省心脏电生理重点实验室"@zh ;
    kgo:beginOffset 200 ; kgo:endOffset 230 ; kgo:confidence 0.95 .
<evidence/e5> a kgo:RelationEvidence ;
    kgo:subject <lab/省心脏电生理重点实验室> ; kgo:predicate kgo:awarded ; kgo:object <award/省级重点实验室> ;
    kgo:inDocument <document/kaifeng> ; kgo:evidenceText "获批省级重点实验室"@zh ;
    kgo:beginOffset 200 ; kgo:endOffset 230 ; kgo:confidence 0.6 .
<evidence/e6> a kgo:RelationEvidence ;
    kgo:subject <policy/开封市科技创新规划> ; kgo:predicate kgo:issuedBy ; kgo:object <government-body/开封市人民政府> ;
    kgo:inDocument <document/kaifeng> ; kgo:evidenceText "市政府出台《规划》"@zh ;
    kgo:beginOffset 10 ; kgo:endOffset 40 ; kgo:confidence 0.85 .
<evidence/e7> a kgo:RelationEvidence ;
    kgo:subject <person/郭新勇> ; kgo:predicate kgo:worksFor ; kgo:object <company/河南中镜科仪科技有限公司> ;
    kgo:inDocument <document/kaifeng> ; kgo:evidenceText "河南中镜科仪科技有限公司董事长郭新勇"@zh ;
    kgo:beginOffset 300 ; kgo:endOffset 330 ; kgo:confidence 0.9 .

<mention/kaifeng/120-131> a kgo:Mention ;
    kgo:mentionOf <company/开封夸克新材料有限公司> ;
    kgo:inDocument <document/kaifeng> ; kgo:inSentence <sentence/kaifeng/3> ;
    kgo:surfaceForm "开封夸克新材料有限公司" ; kgo:beginOffset 120 ; kgo:endOffset 131 .

<indicator/kaifeng/400> a kgo:Indicator ;
    kgo:measure "高新技术企业数量"@zh ; kgo:value 215.0 ; kgo:previousValue 180.0 ;
    kgo:unit "count" ; kgo:unitText "家"@zh ; kgo:period "2023年" ;
    kgo:refersTo <place/开封> ; kgo:inDocument <document/kaifeng> ;
    kgo:evidenceText "全市高新技术企业达到215家"@zh ; kgo:beginOffset 400 ; kgo:endOffset 415 .
"""

QUARK = KGR["company/开封夸克新材料有限公司"]
HIT = KGR["university/哈尔滨工业大学"]
HENU = KGR["university/河南大学"]
LAB = KGR["lab/省心脏电生理重点实验室"]
POLICY = KGR["policy/开封市科技创新规划"]
GOV = KGR["government-body/开封市人民政府"]
PERSON = KGR["person/郭新勇"]
ZJKY = KGR["company/河南中镜科仪科技有限公司"]
DOC = KGR["document/kaifeng"]
E1 = KGR["evidence/e1"]
MENTION = KGR["mention/kaifeng/120-131"]
INDICATOR = KGR["indicator/kaifeng/400"]


def good_graph() -> Graph:
    return Graph().parse(data=GOOD_TTL, format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def kgo_terms(graph: Graph, kind) -> set[str]:
    return {str(s)[len(KGO):] for s in graph.subjects(RDF.type, kind) if str(s).startswith(KGO)}


# ----------------------------------------------------------------------------- the ontology itself

def test_ontology_parses_with_header(onto):
    iri = URIRef("https://w3id.org/kg-innovation/ontology")
    assert (iri, RDF.type, OWL.Ontology) in onto
    assert onto.value(iri, OWL.versionInfo) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        languages = {o.language for o in onto.objects(iri, prop)}
        assert {"zh", "en"} <= languages, prop


def test_declared_local_names(onto):
    assert kgo_terms(onto, OWL.Class) == set(CLASSES)
    assert kgo_terms(onto, OWL.ObjectProperty) == set(OBJECT_PROPERTIES)
    assert kgo_terms(onto, OWL.DatatypeProperty) == set(DATATYPE_PROPERTIES)


@pytest.mark.parametrize("name", CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES)
def test_every_term_has_zh_en_label_and_definition(onto, name):
    term = URIRef(KGO + name)
    labels = {o.language for o in onto.objects(term, RDFS.label)}
    assert {"zh", "en"} <= labels
    definitions = {o.language for o in onto.objects(term, SKOS.definition)}
    definitions |= {o.language for o in onto.objects(term, RDFS.comment)}
    assert {"zh", "en"} <= definitions
    assert (term, RDFS.isDefinedBy, URIRef("https://w3id.org/kg-innovation/ontology")) in onto


def test_organisation_subclasses(onto):
    for name in ("Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody"):
        assert (KG[name], RDFS.subClassOf, KG.Organization) in onto


def test_property_characteristics(onto):
    assert (KG.collaboratesWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (KG.mentionedWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (KG.hostedBy, OWL.inverseOf, KG.hosts) in onto
    for name in ("beginOffset", "endOffset", "sentenceIndex", "mentionCount"):
        assert onto.value(KG[name], RDFS.range) == XSD.integer
    for name in ("confidence", "value", "previousValue"):
        assert onto.value(KG[name], RDFS.range) == XSD.decimal
    assert onto.value(KG.eventDate, RDFS.range) == XSD.date


def union_members(graph: Graph, node) -> set:
    from rdflib.collection import Collection

    if isinstance(node, BNode):
        return set(Collection(graph, graph.value(node, OWL.unionOf)))
    return {node}


def test_union_domains_and_ranges(onto):
    assert union_members(onto, onto.value(KG.locatedIn, RDFS.range)) == {KG.Place, KG.Platform}
    assert union_members(onto, onto.value(KG.awarded, RDFS.domain)) >= {KG.Organization, KG.Person, KG.Place}
    assert union_members(onto, onto.value(KG.develops, RDFS.range)) == {KG.Technology, KG.Project}
    assert union_members(onto, onto.value(KG.investsIn, RDFS.range)) == {KG.Project, KG.Organization}
    assert union_members(onto, onto.value(KG.funds, RDFS.range)) == {KG.Project, KG.Organization}
    assert onto.value(KG.issuedBy, RDFS.range) == KG.GovernmentBody


def test_alignments(onto):
    assert (KG.Organization, RDFS.subClassOf, ORG.Organization) in onto
    assert (KG.Organization, RDFS.subClassOf, SCHEMA.Organization) in onto
    assert (KG.Person, OWL.equivalentClass, FOAF.Person) in onto
    assert (KG.Position, RDFS.subClassOf, ORG.Membership) in onto
    assert (KG.worksFor, RDFS.subPropertyOf, ORG.memberOf) in onto
    assert (KG.holder, RDFS.subPropertyOf, ORG.member) in onto
    for name in ("Document", "Sentence", "Mention", "RelationEvidence"):
        assert (KG[name], RDFS.subClassOf, PROV.Entity) in onto
    # near matches are explained, not asserted
    assert (KG.Indicator, RDFS.subClassOf, URIRef("http://purl.org/linked-data/cube#Observation")) not in onto
    assert "qb:Observation" in str(onto.value(KG.Indicator, RDFS.comment))


def test_shipped_files_exist():
    assert ontology_path().is_file() and shapes_path().is_file()
    assert len(shapes_graph()) > 100


# ----------------------------------------------------------------------------- closed vocabulary

def test_vocab_lists_exactly_the_declared_terms(onto):
    declared = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        declared |= kgo_terms(onto, kind)
    assert set(KG.__annotations__) == declared
    assert str(KG._NS) == KGO


def test_vocab_is_closed():
    assert KG.hostedBy == URIRef(KGO + "hostedBy")
    with pytest.raises(AttributeError):
        KG.hostBy  # noqa: B018 — a typo must fail
    assert set(RELATION_PROPERTIES) <= {KG[n] for n in OBJECT_PROPERTIES}


# ----------------------------------------------------------------------------- SHACL

def test_good_graph_conforms():
    result = validate(good_graph())
    assert isinstance(result, ValidationResult)
    assert result.conforms, result.text
    assert result.errors == []
    result.raise_for_violations()  # no exception


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_good_graph_conforms_with_inference(inference):
    assert validate(good_graph(), inference=inference).conforms


def test_good_graph_conforms_as_dataset_of_document_graphs():
    ds = Dataset()
    entity_triples = [t for t in good_graph() if t[1] in (RDF.type, RDFS.label)]
    doc_graph = ds.graph(KGR["graph/kaifeng"])
    for triple in good_graph():
        doc_graph.add(triple)
    other = ds.graph(KGR["graph/other"])
    for triple in entity_triples:
        other.add(triple)
    assert validate(ds).conforms


def violations_of(graph: Graph):
    result = validate(graph)
    assert not result.conforms, "expected violations"
    return result.errors


def has(violations, *, focus=None, path=None, words=()):
    for v in violations:
        if focus is not None and v.focus != focus:
            continue
        if path is not None and v.path != path:
            continue
        if all(w in v.message for w in words):
            return True
    return False


def test_missing_label():
    g = good_graph()
    g.remove((HIT, RDFS.label, None))
    errors = violations_of(g)
    assert has(errors, path="rdfs:label", words=("rdfs:label",))


def test_two_entity_types():
    g = good_graph()
    g.add((QUARK, RDF.type, KG.University))
    assert has(violations_of(g), focus="开封夸克新材料有限公司", path="rdf:type", words=("exactly one entity type",))


def test_plain_organization_is_an_entity_type():
    g = good_graph()
    g.add((HIT, RDF.type, KG.Organization))  # as inference adds it to every university
    assert validate(g).conforms
    g.remove((HIT, RDF.type, KG.University))  # an association or club: none of the finer types
    assert validate(g).conforms
    g.add((HIT, RDF.type, KG.Company))
    g.add((HIT, RDF.type, KG.Person))
    assert has(violations_of(g), focus="哈尔滨工业大学", path="rdf:type", words=("exactly one entity type",))


def test_wrong_range_policy_issued_by_person():
    g = good_graph()
    g.remove((POLICY, KG.issuedBy, GOV))
    g.add((POLICY, KG.issuedBy, PERSON))
    g.set((KGR["evidence/e6"], KG.object, PERSON))
    errors = violations_of(g)
    assert has(errors, path="kgo:issuedBy", words=("government body",))


def test_wrong_domain():
    g = good_graph()
    g.add((PERSON, KG.issuedBy, GOV))  # a person is not a policy
    errors = violations_of(g)
    assert has(errors, focus="郭新勇", words=("Only a policy",))


def test_located_in_a_platform_is_allowed():
    g = good_graph()
    zone = KGR["platform/开封高新区"]
    g.add((zone, RDF.type, KG.Platform))
    g.add((zone, RDFS.label, Literal("开封高新区", lang="zh")))
    g.set((QUARK, KG.locatedIn, zone))
    g.set((KGR["evidence/e2"], KG.object, zone))
    assert validate(g).conforms


def test_relation_without_evidence():
    g = good_graph()
    g.add((QUARK, KG.partOf, ZJKY))
    errors = violations_of(g)
    assert has(errors, focus="开封夸克新材料有限公司", path="kgo:partOf", words=("no kgo:RelationEvidence",))


def test_evidence_for_symmetric_relation_counts_both_ways():
    g = good_graph()
    g.remove((QUARK, KG.collaboratesWith, HIT))
    g.add((HIT, KG.collaboratesWith, QUARK))  # stated the other way round
    assert validate(g).conforms


def test_evidence_without_its_triple():
    g = good_graph()
    g.remove((QUARK, KG.develops, KGR["technology/石墨烯材料"]))
    assert has(violations_of(g), words=("not in the graph",))


def test_evidence_node_must_be_typed():
    g = good_graph()
    g.remove((E1, RDF.type, KG.RelationEvidence))
    assert has(violations_of(g), words=("must be a kgo:RelationEvidence",))


def test_evidence_missing_text_and_duplicate_subject():
    g = good_graph()
    g.remove((E1, KG.evidenceText, None))
    g.add((E1, KG.subject, PERSON))
    errors = violations_of(g)
    assert has(errors, path="kgo:evidenceText", words=("exactly one",))
    assert has(errors, path="kgo:subject", words=("exactly one",))


@pytest.mark.parametrize(
    "prop, value, words",
    [
        (KG.beginOffset, Literal("120"), ("xsd:integer",)),                       # untyped literal
        (KG.endOffset, Literal("150", datatype=XSD.string), ("xsd:integer",)),
        (KG.confidence, Literal(0.9), ("xsd:decimal",)),                           # xsd:double
        (KG.confidence, Literal(Decimal("1.5")), ("between 0 and 1",)),
        (KG.eventDate, Literal("2024年4月13日"), ("xsd:date",)),
        (KG.beginOffset, Literal(-1), ("non-negative",)),
    ],
)
def test_wrongly_typed_literals(prop, value, words):
    g = good_graph()
    g.set((E1, prop, value))
    assert has(violations_of(g), words=words)


def test_offsets_in_order():
    g = good_graph()
    g.set((E1, KG.beginOffset, Literal(151)))
    assert has(violations_of(g), path="kgo:beginOffset", words=("not after",))


def test_mention_needs_mention_of_and_offsets():
    g = good_graph()
    g.remove((MENTION, KG.mentionOf, None))
    g.remove((MENTION, KG.endOffset, None))
    errors = violations_of(g)
    assert has(errors, path="kgo:mentionOf")
    assert has(errors, path="kgo:endOffset")


def test_indicator_value_must_be_decimal_and_unit_code_known():
    g = good_graph()
    g.set((INDICATOR, KG.value, Literal("215")))
    g.set((INDICATOR, KG.unit, Literal("furlong")))
    result = validate(g)
    assert not result.conforms
    assert has(result.errors, path="kgo:value", words=("xsd:decimal",))
    assert any(v.severity == "Warning" and v.path == "kgo:unit" for v in result.violations)


def test_unknown_unit_alone_is_only_a_warning():
    g = good_graph()
    g.set((INDICATOR, KG.unit, Literal("furlong")))
    result = validate(g)
    assert result.conforms and result.warnings


def test_document_date_must_be_xsd_date():
    g = good_graph()
    g.set((DOC, DCTERMS.date, Literal("2024-04-13")))
    assert has(violations_of(g), path="dcterms:date")


def test_raise_for_violations():
    g = good_graph()
    g.remove((HIT, RDFS.label, None))
    result = validate(g)
    with pytest.raises(ValidationFailed) as info:
        result.raise_for_violations()
    assert "\n" not in str(info.value)
    assert info.value.report == result.text


def test_validate_rejects_bad_arguments():
    with pytest.raises(InputError):
        validate(good_graph(), inference="magic")
    with pytest.raises(InputError):
        validate("not a graph")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- materialise

def test_materialise_adds_aligned_instance_triples():
    g = good_graph()
    before = set(g)
    added = materialise(g)
    new = set(g) - before
    assert added == len(new) > 0
    assert (QUARK, RDF.type, KG.Organization) in g
    assert (QUARK, RDF.type, SCHEMA.Organization) in g
    assert (QUARK, RDF.type, ORG.Organization) in g
    assert (PERSON, RDF.type, FOAF.Person) in g
    assert (PERSON, ORG.memberOf, ZJKY) in g
    assert (HIT, KG.collaboratesWith, QUARK) in g  # symmetric
    assert (HENU, KG.hosts, LAB) in g  # inverse
    assert (E1, PROV.wasDerivedFrom, DOC) in g
    # no ontology axioms or noise in the instance graph
    subjects = {s for s, _, _ in new}
    assert not any(str(s).startswith(KGO) for s in subjects)
    assert not any(isinstance(o, BNode) for _, _, o in new)
    assert (QUARK, RDF.type, OWL.Thing) not in g
    assert not any(p == OWL.sameAs for _, p, _ in new)
    # still valid, and a second run adds nothing
    assert validate(g).conforms
    assert materialise(g) == 0


def test_materialise_rdfs_profile():
    g = good_graph()
    assert materialise(g, profile="rdfs") > 0
    assert (QUARK, RDF.type, SCHEMA.Organization) in g


def test_materialise_dataset_into_default_graph():
    ds = Dataset()
    doc_graph = ds.graph(KGR["graph/kaifeng"])
    for triple in good_graph():
        doc_graph.add(triple)
    added = materialise(ds)
    assert added > 0
    default = getattr(ds, "default_graph", None) or ds.default_context
    assert (QUARK, RDF.type, SCHEMA.Organization) in default
    assert (QUARK, RDF.type, SCHEMA.Organization) not in doc_graph


def test_materialise_reports_inconsistency():
    g = good_graph()
    g.add((QUARK, RDF.type, KG.Person))  # Organization and Person are disjoint
    with pytest.raises(ValidationFailed) as info:
        materialise(g)
    assert "\n" not in str(info.value)


def test_materialise_rejects_unknown_profile():
    with pytest.raises(InputError):
        materialise(good_graph(), profile="owl-full")


# ----------------------------------------------------------------------------- RDF parse errors

def one_line_error(path: Path) -> str:
    with pytest.raises(RDFParseError) as info:
        load_rdf([path])
    message = str(info.value)
    assert "\n" not in message
    assert path.name in message
    return message


def test_load_rdf_reads_triples_and_quads(tmp_path):
    ttl = tmp_path / "good.ttl"
    ttl.write_text(GOOD_TTL, encoding="utf-8")
    trig = tmp_path / "more.trig"
    trig.write_text("<http://ex/g> { <http://ex/a> <http://ex/b> <http://ex/c> . }\n", encoding="utf-8")
    ds = load_rdf([ttl, trig])
    assert (QUARK, RDF.type, KG.Company) in ds
    assert (URIRef("http://ex/a"), URIRef("http://ex/b"), URIRef("http://ex/c")) in ds.graph(URIRef("http://ex/g"))
    folder = load_rdf(tmp_path)
    assert len(folder) == len(ds)


def test_garbage_turtle_reports_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b .\nnot rdf at all\n", encoding="utf-8")
    assert f"{path.name}:3:" in one_line_error(path)


def test_binary_file_reports_line(tmp_path):
    path = tmp_path / "image.ttl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    message = one_line_error(path)
    assert f"{path.name}:3:" in message and "binary" in message  # NUL byte after two newlines


def test_non_utf8_file(tmp_path):
    path = tmp_path / "gbk.ttl"
    path.write_bytes("<http://ex/a> <http://ex/b> \"开封\" .\n".encode("gbk"))
    assert f"{path.name}:1:" in one_line_error(path)


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("bad.nt", "<http://ex/a> <http://ex/b> <http://ex/c> .\n<http://ex/a> <http://ex/b> .\n", 2),
        ("bad.nq", "<http://ex/a> <http://ex/b> <http://ex/c> <http://ex/g> .\n\n<http://ex/a> oops .\n", 3),
        ("bad.jsonld", '{\n  "@id": "http://ex/a",\n  oops\n}\n', 3),
        ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                    "<unclosed>\n</rdf:RDF>\n", 4),
        ("bad.trig", "<http://ex/g> {\n  <http://ex/a> <http://ex/b> .\n}\n", 2),
    ],
)
def test_other_formats_report_line(tmp_path, name, content, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert f"{path.name}:{line}:" in one_line_error(path)


def test_unknown_suffix_and_missing_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    assert "suffix" in one_line_error(path)
    with pytest.raises(InputError):
        load_rdf([tmp_path / "missing.ttl"])


def test_errors_are_kg_errors():
    assert issubclass(RDFParseError, KgError) and issubclass(ValidationFailed, KgError)


# ----------------------------------------------------------------------------- generated docs

def load_docs_script():
    spec = importlib.util.spec_from_file_location("ontology_docs", ROOT / "scripts" / "ontology_docs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


def test_readme_and_svg_are_up_to_date():
    docs = load_docs_script()
    outputs = docs.render(ROOT / "ontology" / "kg.ttl")
    for name, content in outputs.items():
        on_disk = (ROOT / "ontology" / name).read_text(encoding="utf-8")
        assert on_disk == content, f"ontology/{name} is stale: run python -m scripts.ontology_docs"


def test_readme_lists_every_term():
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    for name in CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES:
        assert f"`kgo:{name}`" in readme
    assert "class_hierarchy.svg" in readme
    svg = (ROOT / "ontology" / "class_hierarchy.svg").read_text(encoding="utf-8")
    for name in CLASSES:
        assert f">{name}<" in svg


def test_materialise_into_store_rewrites_the_inferred_graph():
    from kg.graph.infer import inferred_graph_iri, materialise_into
    from kg.store import MemoryStore

    store = MemoryStore()
    store.replace_graph(KGR["graph/kaifeng"], list(good_graph()))
    first = materialise_into(store)
    assert first > 0
    assert inferred_graph_iri() in store.graph_names()
    union = store.union_graph()
    assert (PERSON, ORG.memberOf, ZJKY) in union
    assert materialise_into(store) == first  # old inferences are dropped first, not reasoned over
    store.replace_graph(KGR["graph/kaifeng"], [])
    assert materialise_into(store) == 0
    assert (PERSON, ORG.memberOf, ZJKY) not in store.union_graph()


def test_materialise_can_ignore_inconsistency():
    g = good_graph()
    g.add((QUARK, RDF.type, KG.Person))
    assert materialise(g, strict=False) > 0
    assert (QUARK, RDF.type, FOAF.Person) in g
