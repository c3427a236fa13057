"""Mentions, relations and indicators of analysed documents → RDF.

Every document's triples go to its own named graph, so rebuilding a document replaces exactly
its graph. Facts about an entity (type, label, aliases) are repeated in each document graph that
mentions it: deleting one graph never leaves another document's entities without a label.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..nlp.analysis import Analysis
from .iri import DEFAULT_BASE, check_base, document_iri, entity_iri, graph_iri, hashed_iri, local_iri, name_key
from .vocab import KG, relation_signature

RELATIONS = ("collaboratesWith", "hostedBy", "partOf", "issuedBy", "worksFor", "investsIn",
             "locatedIn", "develops", "awarded", "funds", "mentionedWith")
SYMMETRIC = {"collaboratesWith", "mentionedWith"}
# When one name is typed differently within a document, the more specific reading wins.
TYPE_PRIORITY = ["Policy", "Lab", "Platform", "ResearchInstitute", "University", "GovernmentBody",
                 "Company", "Project", "Person", "Place", "Technology", "Award"]


def _decimal(value) -> Literal:
    """xsd:decimal in its canonical-ish lexical form: 200000000, 16.38 (never 2E+8, which is invalid)."""
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


class _DocumentGraph:
    """Collects the triples of one document."""

    def __init__(self, analysis: Analysis, base: str):
        self.a = analysis
        self.base = base
        doc = analysis.document
        self.lang = "en" if doc.lang == "en" else "zh"
        self.doc_id = doc.doc_id
        self.doc_iri = document_iri(base, doc.doc_id)
        self.triples: list[tuple] = []
        self.entity_labels: dict[URIRef, tuple[str, str, set[str]]] = {}
        self.sentence_iris: dict[int, URIRef] = {}

    # -- helpers ---------------------------------------------------------------
    def add(self, s, p, o):
        self.triples.append((s, p, o))

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def entity(self, canonical: str, type_name: str, surface: str | None = None) -> URIRef:
        iri = entity_iri(self.base, type_name, canonical)
        label, _, aliases = self.entity_labels.setdefault(iri, (canonical, type_name, set()))
        if surface and name_key(surface) != name_key(label):
            aliases.add(surface)
        return iri

    def sentence(self, start: int, end: int) -> URIRef:
        index = self._sentence_index(start)
        if index not in self.sentence_iris:
            s_start, s_end = self.a.sentences[index] if index >= 0 else (start, end)
            iri = local_iri(self.base, "sentence", self.doc_id, index)
            self.sentence_iris[index] = iri
            self.add(iri, RDF.type, KG.Sentence)
            self.add(iri, KG.inDocument, self.doc_iri)
            self.add(iri, KG.sentenceIndex, Literal(index))
            self.add(iri, KG.text, self.text(self.a.document.text[s_start:s_end]))
            self.add(iri, KG.beginOffset, Literal(s_start))
            self.add(iri, KG.endOffset, Literal(s_end))
        return self.sentence_iris[index]

    def _sentence_index(self, offset: int) -> int:
        import bisect
        starts = self._starts if hasattr(self, "_starts") else None
        if starts is None:
            self._starts = starts = [s for s, _ in self.a.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < self.a.sentences[i][1] else (i if i >= 0 else -1)

    # -- parts -----------------------------------------------------------------
    def document(self):
        doc = self.a.document
        self.add(self.doc_iri, RDF.type, KG.Document)
        if doc.title:
            self.add(self.doc_iri, DCTERMS.title, self.text(doc.title))
        if doc.path:
            self.add(self.doc_iri, KG.sourcePath, Literal(doc.path))
        if doc.date:
            self.add(self.doc_iri, DCTERMS.date, Literal(doc.date, datatype=XSD.date))
            if (doc.meta or {}).get("date_source"):  # "text", "page metadata" or "file metadata"
                self.add(self.doc_iri, KG.dateSource, Literal(doc.meta["date_source"]))
        if (doc.meta or {}).get("source"):
            self.add(self.doc_iri, DCTERMS.source, URIRef(doc.meta["source"]))
        self.add(self.doc_iri, DCTERMS.language, Literal(doc.lang))
        self.add(self.doc_iri, KG.contentHash, Literal(doc.content_hash))

    def mentions(self) -> dict[tuple[int, int], URIRef]:
        # One type per canonical name within a document: majority vote, ties by specificity.
        votes: dict[str, Counter] = defaultdict(Counter)
        for m in self.a.mentions:
            votes[name_key(m.canonical)][m.type] += 1
        chosen = {
            key: sorted(c.items(), key=lambda kv: (-kv[1], TYPE_PRIORITY.index(kv[0]) if kv[0] in TYPE_PRIORITY else 99))[0][0]
            for key, c in votes.items()
        }
        by_span: dict[tuple[int, int], URIRef] = {}
        for m in self.a.mentions:
            type_name = chosen[name_key(m.canonical)]
            iri = self.entity(m.canonical, type_name, None if m.source == "anaphor" else m.text)
            by_span[(m.start, m.end)] = iri
            mention = local_iri(self.base, "mention", self.doc_id, m.start, m.end)
            self.add(mention, RDF.type, KG.Mention)
            self.add(mention, KG.mentionOf, iri)
            self.add(mention, KG.inDocument, self.doc_iri)
            self.add(mention, KG.inSentence, self.sentence(m.start, m.end))
            self.add(mention, KG.surfaceForm, self.text(m.text))
            self.add(mention, KG.beginOffset, Literal(m.start))
            self.add(mention, KG.endOffset, Literal(m.end))
            if m.role and type_name == "Person":
                self.add(iri, KG.roleName, self.text(m.role))
        return by_span

    def _end(self, rel: dict, which: str, by_span) -> URIRef | None:
        span = rel.get(which)
        if span is not None and tuple(span) in by_span:
            return by_span[tuple(span)]
        text, type_name = rel.get(f"{which}_text"), rel.get(f"{which}_type")
        if text and type_name:
            return self.entity(text, type_name, rel.get(f"{which}_surface"))
        return None

    def _fits(self, name: str, head: URIRef, tail: URIRef) -> bool:
        # The document-wide type vote can retype an end after the relation was found (a name read
        # as a person once and as a place three times is a place): a relation whose ends no longer
        # fit its domain and range would break the shapes, so it is dropped.
        heads, tails = relation_signature(name)
        return self._type_of(head) in heads and self._type_of(tail) in tails

    def _type_of(self, iri: URIRef) -> str | None:
        known = self.entity_labels.get(iri)
        return known[1] if known else None

    def relations(self, by_span):
        # one evidence node per (head, relation, tail, sentence): several rules, patterns or mentions of the
        # same two entities may state it, and the node keeps the most confident statement
        best: dict[URIRef, tuple] = {}
        for rel in self.a.relations:
            name = rel["relation"]
            if name not in RELATIONS:
                continue
            head, tail = self._end(rel, "head", by_span), self._end(rel, "tail", by_span)
            if head is None or tail is None or head == tail or not self._fits(name, head, tail):
                continue
            if name in SYMMETRIC and str(tail) < str(head):
                head, tail = tail, head  # one direction on disk; the ontology says it is symmetric
            ev = hashed_iri(self.base, "evidence", self.doc_id, head, name, tail, rel["start"])
            if ev not in best or float(rel.get("confidence", 0.5)) > float(best[ev][0].get("confidence", 0.5)):
                role = rel.get("role") or (best[ev][0].get("role") if ev in best else None)
                best[ev] = (dict(rel, role=role), head, tail)
            elif rel.get("role") and not best[ev][0].get("role"):
                best[ev][0]["role"] = rel["role"]
        for ev, (rel, head, tail) in best.items():
            name = rel["relation"]
            prop = KG[name]
            self.add(head, prop, tail)
            self.add(ev, RDF.type, KG.RelationEvidence)
            self.add(ev, KG.subject, head)
            self.add(ev, KG.predicate, prop)
            self.add(ev, KG.object, tail)
            self.add(ev, KG.inDocument, self.doc_iri)
            self.add(ev, KG.inSentence, self.sentence(rel["start"], rel["end"]))
            self.add(ev, KG.evidenceText, self.text(self.a.document.text[rel["start"]:rel["end"]]))
            self.add(ev, KG.beginOffset, Literal(rel["start"]))
            self.add(ev, KG.endOffset, Literal(rel["end"]))
            self.add(ev, KG.confidence, _decimal(round(float(rel.get("confidence", 0.5)), 3)))
            if rel.get("date"):
                self.add(ev, KG.eventDate, Literal(rel["date"], datatype=XSD.date))
            if rel.get("count"):
                self.add(ev, KG.mentionCount, Literal(int(rel["count"])))
            if name == "worksFor" and rel.get("role"):
                post = hashed_iri(self.base, "position", head, tail, rel["role"])
                self.add(post, RDF.type, KG.Position)
                self.add(post, KG.holder, head)
                self.add(post, KG.organization, tail)
                self.add(post, KG.roleName, self.text(rel["role"]))
                self.add(head, KG.roleName, self.text(rel["role"]))

    def indicators(self):
        for ind in self.a.indicators:
            iri = local_iri(self.base, "indicator", self.doc_id, ind["start"], ind["end"])
            self.add(iri, RDF.type, KG.Indicator)
            self.add(iri, RDFS.label, self.text(ind["text"]))
            self.add(iri, KG.measure, self.text(ind["subject"]))
            self.add(iri, KG.value, _decimal(ind["value"]))
            if ind.get("previous") is not None:
                self.add(iri, KG.previousValue, _decimal(ind["previous"]))
            self.add(iri, KG.unit, Literal(ind["unit"]))
            if ind.get("normalized") is not None:
                self.add(iri, KG.normalizedValue, _decimal(ind["normalized"]))
            if ind.get("qualifier"):
                self.add(iri, KG.qualifier, self.text(ind["qualifier"]))
            self.add(iri, KG.unitText, self.text(ind["unit_text"]))
            if ind.get("period"):
                self.add(iri, KG.period, Literal(str(ind["period"])))
            if ind.get("refers_to_text") and ind.get("refers_to_type"):
                self.add(iri, KG.refersTo, self.entity(ind["refers_to_text"], ind["refers_to_type"]))
            self.add(iri, KG.inDocument, self.doc_iri)
            self.add(iri, KG.inSentence, self.sentence(ind["start"], ind["end"]))
            self.add(iri, KG.evidenceText, self.text(ind["text"]))
            self.add(iri, KG.beginOffset, Literal(ind["start"]))
            self.add(iri, KG.endOffset, Literal(ind["end"]))

    def entities(self):
        for iri, (label, type_name, aliases) in self.entity_labels.items():
            self.add(iri, RDF.type, KG[type_name])
            self.add(iri, RDFS.label, self.text(label))
            for alias in sorted(aliases):
                self.add(iri, SKOS.altLabel, self.text(alias))

    def build(self) -> list[tuple]:
        self.document()
        by_span = self.mentions()
        self.relations(by_span)
        self.indicators()
        self.entities()
        return self.triples


def document_triples(analysis: Analysis, base: str = DEFAULT_BASE) -> tuple[URIRef, list[tuple]]:
    """(named graph IRI, triples) for one analysed document."""
    check_base(base)
    return graph_iri(base, analysis.document.doc_id), _DocumentGraph(analysis, base).build()


def build_dataset(analyses: Iterable[Analysis], base: str = DEFAULT_BASE, dataset: Dataset | None = None) -> Dataset:
    """Add each analysed document as its own named graph of `dataset` (a new in-memory one by default)."""
    ds = dataset if dataset is not None else new_dataset()
    for analysis in analyses:
        name, triples = document_triples(analysis, base)
        g = ds.graph(name)
        g.remove((None, None, None))
        for t in triples:
            g.add(t)
    return ds


def new_dataset(store: str = "default") -> Dataset:
    ds = Dataset(store=store, default_union=True)
    bind_prefixes(ds)
    return ds


def bind_prefixes(g: Graph) -> None:
    from rdflib import Namespace
    g.bind("kgo", Namespace(str(KG)))
    g.bind("kgr", Namespace(DEFAULT_BASE))
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    g.bind("prov", Namespace("http://www.w3.org/ns/prov#"))
