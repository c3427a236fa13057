"""A small hand-written graph in the DESIGN.md shape (two documents), for query/store tests.

`documents()` → [(named graph IRI, triples)]; `load(store)` writes them into any GraphStore;
`write_trig(path)` writes them as a TriG file (for `--graph FILE`).
"""
from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.graph.iri import DEFAULT_BASE, document_iri, entity_iri, graph_iri, hashed_iri, local_iri
from kg.graph.vocab import KG

BASE = DEFAULT_BASE
QUARK = "开封夸克新材料有限公司"
HENU = "河南大学"
HIT = "哈尔滨工业大学"
ZZU = "郑州大学"
LAB = "河南省纳米材料重点实验室"
BUREAU = "开封市科学技术局"
POLICY = "开封市支持科技创新若干政策"
PERSON = "张伟"
QUOTED = '测"}引号公司'          # a label with a quote and a closing brace

ENTITIES = {QUARK: "Company", HENU: "University", HIT: "University", ZZU: "University", LAB: "Lab",
            BUREAU: "GovernmentBody", POLICY: "Policy", PERSON: "Person", QUOTED: "Company"}


def iri(label: str) -> URIRef:
    return entity_iri(BASE, ENTITIES[label], label)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _document(doc_id: str, title: str, date: str, sentences: list[str], relations: list[tuple],
              aliases: dict | None = None, indicator: dict | None = None, role: tuple | None = None):
    doc = document_iri(BASE, doc_id)
    text = "".join(sentences)
    out = [(doc, RDF.type, KG.Document), (doc, DCTERMS.title, _zh(title)),
           (doc, KG.sourcePath, Literal(f"data/{doc_id}.txt")), (doc, DCTERMS.date, Literal(date, datatype=XSD.date)),
           (doc, DCTERMS.language, Literal("zh")),
           (doc, KG.contentHash, Literal(hashlib.sha1(text.encode("utf-8")).hexdigest()))]
    spans, offset = [], 0
    for i, sentence in enumerate(sentences):
        s = local_iri(BASE, "sentence", doc_id, i)
        spans.append((s, offset, offset + len(sentence), sentence))
        out += [(s, RDF.type, KG.Sentence), (s, KG.inDocument, doc), (s, KG.sentenceIndex, Literal(i)),
                (s, KG.text, _zh(sentence)), (s, KG.beginOffset, Literal(offset)),
                (s, KG.endOffset, Literal(offset + len(sentence)))]
        offset += len(sentence)
    mentioned = []
    for s, begin, end, sentence in spans:
        for label in ENTITIES:
            at = sentence.find(label)
            if at < 0:
                continue
            m = local_iri(BASE, "mention", doc_id, begin + at, begin + at + len(label))
            out += [(m, RDF.type, KG.Mention), (m, KG.mentionOf, iri(label)), (m, KG.inDocument, doc),
                    (m, KG.inSentence, s), (m, KG.surfaceForm, _zh(label)),
                    (m, KG.beginOffset, Literal(begin + at)), (m, KG.endOffset, Literal(begin + at + len(label)))]
            if label not in mentioned:
                mentioned.append(label)
    for head, rel, tail, index in relations:
        h, t = iri(head), iri(tail)
        if rel == "collaboratesWith" and str(t) < str(h):
            h, t = t, h
        s, begin, end, sentence = spans[index]
        ev = hashed_iri(BASE, "evidence", doc_id, h, rel, t, begin)
        out += [(h, KG[rel], t), (ev, RDF.type, KG.RelationEvidence), (ev, KG.subject, h),
                (ev, KG.predicate, KG[rel]), (ev, KG.object, t), (ev, KG.inDocument, doc), (ev, KG.inSentence, s),
                (ev, KG.evidenceText, _zh(sentence)), (ev, KG.beginOffset, Literal(begin)),
                (ev, KG.endOffset, Literal(end)), (ev, KG.confidence, Literal("0.9", datatype=XSD.decimal))]
    if role:
        person, org, name = role
        post = hashed_iri(BASE, "position", iri(person), iri(org), name)
        out += [(post, RDF.type, KG.Position), (post, KG.holder, iri(person)), (post, KG.organization, iri(org)),
                (post, KG.roleName, _zh(name)), (iri(person), KG.roleName, _zh(name))]
    if indicator:
        s, begin, end, sentence = spans[indicator["sentence"]]
        ind = local_iri(BASE, "indicator", doc_id, begin, end)
        out += [(ind, RDF.type, KG.Indicator), (ind, RDFS.label, _zh(sentence)), (ind, KG.measure, _zh(indicator["measure"])),
                (ind, KG.value, Literal(indicator["value"], datatype=XSD.decimal)),
                (ind, KG.previousValue, Literal(indicator["previous"], datatype=XSD.decimal)),
                (ind, KG.unit, Literal("CNY")), (ind, KG.unitText, _zh("亿元")), (ind, KG.period, Literal("2023")),
                (ind, KG.inDocument, doc), (ind, KG.inSentence, s), (ind, KG.evidenceText, _zh(sentence)),
                (ind, KG.beginOffset, Literal(begin)), (ind, KG.endOffset, Literal(end))]
    for label in mentioned:
        out += [(iri(label), RDF.type, KG[ENTITIES[label]]), (iri(label), RDFS.label, _zh(label))]
        for alias in (aliases or {}).get(label, ()):
            out.append((iri(label), SKOS.altLabel, _zh(alias)))
    return graph_iri(BASE, doc_id), out


def documents() -> list[tuple[URIRef, list[tuple]]]:
    d1 = _document(
        "kaifeng_quark", "开封夸克新材料与高校合作", "2024-03-01",
        [f"{QUARK}与{HENU}签署战略合作协议。", f"依托{HENU}建设的{LAB}正式揭牌。",
         f"{QUARK}与{HIT}共建联合研发中心。", f"{QUARK}董事长{PERSON}表示将加大研发投入。",
         f"{BUREAU}印发《{POLICY}》。", "全市科技型企业研发投入达到12.5亿元，上年为10亿元。"],
        [(QUARK, "collaboratesWith", HENU, 0), (LAB, "hostedBy", HENU, 1), (QUARK, "collaboratesWith", HIT, 2),
         (PERSON, "worksFor", QUARK, 3), (POLICY, "issuedBy", BUREAU, 4)],
        aliases={QUARK: ["夸克新材料"]},
        indicator={"sentence": 5, "measure": "科技型企业研发投入", "value": "12.5", "previous": "10"},
        role=(PERSON, QUARK, "董事长"))
    d2 = _document(
        "zhengzhou_universities", "郑州高校协同创新", "2024-05-10",
        [f"{HENU}与{ZZU}开展协同创新。", f"{QUOTED}与{ZZU}签署合作协议。"],
        [(HENU, "collaboratesWith", ZZU, 0), (QUOTED, "collaboratesWith", ZZU, 1)])
    return [d1, d2]


def load(store) -> None:
    for name, triples in documents():
        store.replace_graph(name, triples)


def write_trig(path) -> None:
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(name)))
             for name, triples in documents() for s, p, o in triples]
    with open(path, "wb") as fh:
        ox.serialize(quads, fh, ox.RdfFormat.TRIG, prefixes={"kgo": str(KG._NS), "kgr": BASE})
