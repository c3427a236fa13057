"""Synthetic graphs shaped like a real build (docs/DESIGN.md), for benchmarks and tests.

>>> from kg.graph.synthetic import SyntheticGraph, synthetic_triples
>>> triples = list(synthetic_triples(10_000, seed=0))         # about 10k (s, p, o), deterministic
>>> sg = SyntheticGraph(10_000, seed=0)
>>> for graph_name, triples in sg.documents(): ...            # one named graph per document
>>> sg.params["collaborators"]                                 # {'org': '...'} typical lookup values

Each document gets its own named graph with: the kgo:Document (title, path, date, language, hash),
its kgo:Sentence nodes, kgo:Mention nodes of the entities it mentions (type, label and aliases repeated
in the graph), direct relation triples each with a kgo:RelationEvidence node, kgo:Position nodes for
worksFor with a role, and kgo:Indicator statistics. Entities are drawn with a skew (a few hubs, a long
tail), like news text. Same (n_triples, seed) → same triples, in the same order.
"""
from __future__ import annotations

import hashlib
import random
from typing import Iterator

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .iri import DEFAULT_BASE, document_iri, entity_iri, graph_iri, hashed_iri, local_iri
from .vocab import KG

_CHARS = ("华新创智科电能源材料生物医药信息数据云海星光中天宏远博达恒泰瑞安鼎盛德兴隆金银铜铁山川湖"
          "江河东南西北明清晨晓峰林森凯航宇芯微精密机器视觉量子先进制造绿色低碳储能氢氮锂")
_CITIES = ["开封", "郑州", "洛阳", "深圳", "杭州", "合肥", "苏州", "武汉", "成都", "西安", "南京", "长沙",
           "新乡", "许昌", "南阳", "无锡", "宁波", "青岛", "厦门", "贵阳"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_FIELDS = ["新材料", "量子信息", "生物医药", "高端装备", "集成电路", "储能", "氢能", "人工智能", "轴承",
           "铝基材料", "光电子", "智能制造"]
_ROLES = ["董事长", "总经理", "院长", "主任", "首席科学家", "副市长", "局长", "教授"]
_UNITS = [("CNY", "亿元"), ("count", "家"), ("percent", "%"), ("tonne", "吨"), ("item", "项")]

TYPE_WEIGHTS = {"Company": 34, "University": 6, "ResearchInstitute": 6, "Lab": 6, "Platform": 5,
                "GovernmentBody": 5, "Policy": 5, "Person": 16, "Place": 3, "Project": 5,
                "Technology": 7, "Award": 2}
ORGS = ["Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody"]
RULES = {  # head type -> [(relation, tail types)]
    "Person": [("worksFor", ["Company", "University", "ResearchInstitute", "GovernmentBody"])],
    "Company": [("collaboratesWith", ["Company", "University", "ResearchInstitute"]), ("investsIn", ["Company"]),
                ("develops", ["Technology"]), ("locatedIn", ["Place"]), ("awarded", ["Award"])],
    "University": [("collaboratesWith", ["Company", "University", "ResearchInstitute"]),
                   ("develops", ["Technology"]), ("locatedIn", ["Place"])],
    "ResearchInstitute": [("collaboratesWith", ["Company", "University"]), ("develops", ["Technology"]),
                          ("partOf", ["University"])],
    "Lab": [("hostedBy", ["University", "Company", "ResearchInstitute"])],
    "Platform": [("hostedBy", ["Company", "University"])],
    "GovernmentBody": [("funds", ["Project", "Company"]), ("locatedIn", ["Place"])],
    "Policy": [("issuedBy", ["GovernmentBody"])],
    "Project": [("hostedBy", ["Company", "University"])],
    "Place": [],
    "Technology": [],
    "Award": [("issuedBy", ["GovernmentBody"])],
}
SYMMETRIC = {"collaboratesWith"}
_VERBS = {
    "collaboratesWith": "{h}与{t}签署战略合作协议，在{f}领域开展产学研合作。",
    "hostedBy": "依托{t}建设的{h}正式揭牌。",
    "partOf": "{h}是{t}的下属单位，主要从事{f}研究。",
    "issuedBy": "{t}印发《{h}》，支持{f}产业发展。",
    "worksFor": "{t}负责人{h}介绍了{f}领域的最新进展。",
    "investsIn": "{h}投资{t}，布局{f}产业链。",
    "locatedIn": "{h}位于{t}，是当地{f}龙头企业。",
    "develops": "{h}成功研发{t}，填补国内{f}空白。",
    "awarded": "{h}荣获{t}。",
    "funds": "{h}资助{t}开展{f}攻关。",
}
TRIPLES_PER_ENTITY = 40   # pool size: one distinct entity per ~40 triples, as in the sample builds


_INTS: dict[int, Literal] = {}


def _int(value: int) -> Literal:
    lit = _INTS.get(value)
    if lit is None:
        lit = _INTS[value] = Literal(value)
    return lit


class _K:
    """kgo: terms as plain attributes (DefinedNamespace lookups are slow in a hot loop)."""


for _name in ("Sentence", "inDocument", "sentenceIndex", "text", "beginOffset", "endOffset", "Document",
              "sourcePath", "contentHash", "Mention", "mentionOf", "inSentence", "surfaceForm",
              "RelationEvidence", "subject", "predicate", "object", "evidenceText", "confidence", "Position",
              "holder", "organization", "roleName", "Indicator", "measure", "value", "previousValue", "unit",
              "unitText", "period"):
    setattr(_K, _name, KG[_name])
del _name


def _word(i: int, width: int = 2) -> str:
    """A unique Chinese 'brand' for index i (base-len(_CHARS) digits)."""
    out = []
    while True:
        i, r = divmod(i, len(_CHARS))
        out.append(_CHARS[r])
        if i == 0:
            break
    while len(out) < width:
        out.append(_CHARS[(len(out) * 7) % len(_CHARS)])
    return "".join(reversed(out))


def entity_name(type_name: str, i: int) -> str:
    """The label of the i-th synthetic entity of a type (unique per type)."""
    w, city, field = _word(i), _CITIES[i % len(_CITIES)], _FIELDS[(i // 3) % len(_FIELDS)]
    return {
        "Company": f"{city}{w}{field}有限公司",
        "University": f"{city}{w}大学",
        "ResearchInstitute": f"{city}{w}{field}研究院",
        "Lab": f"{w}{field}重点实验室",
        "Platform": f"{city}{w}{field}创新中心",
        "GovernmentBody": f"{city}市{w}局",
        "Policy": f"关于支持{w}{field}产业发展的若干措施",
        "Person": _SURNAMES[i % len(_SURNAMES)] + _word(i // len(_SURNAMES), 1),
        "Place": f"{city}{w}区",
        "Project": f"{w}{field}产业化项目",
        "Technology": f"{w}{field}技术",
        "Award": f"{w}科技进步奖",
    }[type_name]


class SyntheticGraph:
    """About `n_triples` statements (quads) in per-document named graphs; iterate `documents()`."""

    def __init__(self, n_triples: int, seed: int = 0, base: str = DEFAULT_BASE):
        self.n_triples = int(n_triples)
        self.seed = seed
        self.base = base
        n_entities = max(60, self.n_triples // TRIPLES_PER_ENTITY)
        total = sum(TYPE_WEIGHTS.values())
        self.pool = {t: max(3, n_entities * w // total) for t, w in TYPE_WEIGHTS.items()}
        self.count = 0            # statements generated so far
        self.params: dict[str, dict] = {}
        self._collab: dict[str, dict[str, None]] = {}   # label -> partner labels (ordered, for params)
        self._evidence_pairs: list[tuple[str, str]] = []

    # -- public -----------------------------------------------------------------------------
    def documents(self) -> Iterator[tuple[URIRef, list[tuple]]]:
        rng = random.Random(self.seed)
        self.count = 0
        self._collab.clear()
        self._evidence_pairs.clear()
        d = 0
        while self.count < self.n_triples:
            name, triples = self._document(rng, d)
            if self.count + len(triples) > self.n_triples and self.count > 0:
                keep = self.n_triples - self.count
                if keep < len(triples) // 2:
                    break                 # stop at a whole document close to the target
            self.count += len(triples)
            yield name, triples
            d += 1
        self._choose_params()

    def triples(self) -> Iterator[tuple]:
        for _, triples in self.documents():
            yield from triples

    def quads(self) -> Iterator[tuple]:
        for name, triples in self.documents():
            for s, p, o in triples:
                yield s, p, o, name

    # -- one document -----------------------------------------------------------------------
    def _pick(self, rng: random.Random, type_name: str) -> int:
        return int(self.pool[type_name] * (rng.random() ** 2.2))   # skewed: low indices are hubs

    def _document(self, rng: random.Random, d: int) -> tuple[URIRef, list[tuple]]:
        base = self.base
        doc_id = f"synthetic_{d:07d}"
        doc = document_iri(base, doc_id)
        out: list[tuple] = []
        add = out.append
        zh = lambda text: Literal(text, lang="zh")  # noqa: E731
        year, month, day = 2015 + d % 10, 1 + (d // 10) % 12, 1 + (d // 120) % 28
        date = f"{year:04d}-{month:02d}-{day:02d}"
        city = _CITIES[d % len(_CITIES)]
        field = _FIELDS[rng.randrange(len(_FIELDS))]

        # entities of this document
        types = list(TYPE_WEIGHTS)
        weights = [TYPE_WEIGHTS[t] for t in types]
        ents: dict[URIRef, tuple[str, str]] = {}
        for _ in range(rng.randint(4, 9)):
            t = rng.choices(types, weights)[0]
            label = entity_name(t, self._pick(rng, t))
            ents.setdefault(entity_iri(base, t, label), (label, t))
        # relations (may add tail entities)
        relations = []
        heads = list(ents)
        for _ in range(rng.randint(1, 5)):
            head = heads[rng.randrange(len(heads))]
            ht = ents[head][1]
            if not RULES[ht]:
                continue
            rel, tail_types = RULES[ht][rng.randrange(len(RULES[ht]))]
            present = [e for e in ents if ents[e][1] in tail_types and e != head]
            if present and rng.random() < 0.7:
                tail = present[rng.randrange(len(present))]
            else:
                tt = tail_types[rng.randrange(len(tail_types))]
                label = entity_name(tt, self._pick(rng, tt))
                tail = entity_iri(base, tt, label)
                if tail == head:
                    continue
                ents.setdefault(tail, (label, tt))
            relations.append((head, rel, tail))

        # sentences: one per relation plus a few for mentions and statistics
        names = [ents[e][0] for e in ents]
        sentence_texts = []
        for head, rel, tail in relations:
            sentence_texts.append(_VERBS[rel].format(h=ents[head][0], t=ents[tail][0], f=field))
        for i in range(rng.randint(2, 5)):
            a, b = names[rng.randrange(len(names))], names[rng.randrange(len(names))]
            sentence_texts.append(f"{city}市召开{field}产业推进会，{a}、{b}等单位负责人参加会议。")
        with_indicator = rng.random() < 0.5
        if with_indicator:
            value = rng.randrange(10, 5000)
            sentence_texts.append(f"{city}市{field}产业规模达到{value}亿元，同比增长{rng.randrange(3, 40)}%。")
        sentences, offset = [], 0
        for i, text in enumerate(sentence_texts):
            s_iri = local_iri(base, "sentence", doc_id, i)
            sentences.append((s_iri, offset, offset + len(text), text))
            add((s_iri, RDF.type, _K.Sentence))
            add((s_iri, _K.inDocument, doc))
            add((s_iri, _K.sentenceIndex, _int(i)))
            add((s_iri, _K.text, zh(text)))
            add((s_iri, _K.beginOffset, _int(offset)))
            add((s_iri, _K.endOffset, _int(offset + len(text))))
            offset += len(text)
        full_text = "".join(sentence_texts)

        # document
        title = f"{city}{field}产业动态（第{d + 1}期）"
        add((doc, RDF.type, _K.Document))
        add((doc, DCTERMS.title, zh(title)))
        add((doc, _K.sourcePath, Literal(f"news/{doc_id}.txt")))
        add((doc, DCTERMS.date, Literal(date, datatype=XSD.date)))
        add((doc, DCTERMS.language, Literal("zh")))
        add((doc, _K.contentHash, Literal(hashlib.sha1(full_text.encode("utf-8")).hexdigest())))

        # mentions: every entity at least once, in a sentence that names it when there is one
        for e, (label, t) in ents.items():
            for k in range(rng.choice((1, 1, 2, 3))):
                s_iri, s_begin, s_end, text = sentences[rng.randrange(len(sentences))]
                found = text.find(label)
                begin = s_begin + (found if found >= 0 else 0)
                end = begin + len(label)
                m = local_iri(base, "mention", doc_id, begin, end, k)
                add((m, RDF.type, _K.Mention))
                add((m, _K.mentionOf, e))
                add((m, _K.inDocument, doc))
                add((m, _K.inSentence, s_iri))
                add((m, _K.surfaceForm, zh(label)))
                add((m, _K.beginOffset, _int(begin)))
                add((m, _K.endOffset, _int(end)))

        # relations with evidence
        for i, (head, rel, tail) in enumerate(relations):
            if rel in SYMMETRIC and str(tail) < str(head):
                head, tail = tail, head
            s_iri, s_begin, s_end, text = sentences[i]
            prop = KG[rel]
            add((head, prop, tail))
            ev = hashed_iri(base, "evidence", doc_id, head, rel, tail, s_begin)
            add((ev, RDF.type, _K.RelationEvidence))
            add((ev, _K.subject, head))
            add((ev, _K.predicate, prop))
            add((ev, _K.object, tail))
            add((ev, _K.inDocument, doc))
            add((ev, _K.inSentence, s_iri))
            add((ev, _K.evidenceText, zh(text)))
            add((ev, _K.beginOffset, _int(s_begin)))
            add((ev, _K.endOffset, _int(s_end)))
            add((ev, _K.confidence, Literal(f"{0.5 + rng.random() / 2:.3f}", datatype=XSD.decimal)))
            hl, tl = ents[head][0], ents[tail][0]
            self._evidence_pairs.append((hl, tl))
            if rel == "collaboratesWith":
                self._collab.setdefault(hl, {})[tl] = None
                self._collab.setdefault(tl, {})[hl] = None
            if rel == "worksFor":
                role = _ROLES[rng.randrange(len(_ROLES))]
                post = hashed_iri(base, "position", head, tail, role)
                add((post, RDF.type, _K.Position))
                add((post, _K.holder, head))
                add((post, _K.organization, tail))
                add((post, _K.roleName, zh(role)))
                add((head, _K.roleName, zh(role)))

        # one statistic
        if with_indicator:
            s_iri, s_begin, s_end, text = sentences[-1]
            unit, unit_text = _UNITS[rng.randrange(len(_UNITS))]
            ind = local_iri(base, "indicator", doc_id, s_begin, s_end)
            add((ind, RDF.type, _K.Indicator))
            add((ind, RDFS.label, zh(text)))
            add((ind, _K.measure, zh(f"{field}产业规模")))
            add((ind, _K.value, Literal(str(value), datatype=XSD.decimal)))
            if rng.random() < 0.5:
                add((ind, _K.previousValue, Literal(str(value * 9 // 10), datatype=XSD.decimal)))
            add((ind, _K.unit, Literal(unit)))
            add((ind, _K.unitText, zh(unit_text)))
            add((ind, _K.period, Literal(str(year))))
            add((ind, _K.inDocument, doc))
            add((ind, _K.inSentence, s_iri))
            add((ind, _K.evidenceText, zh(text)))
            add((ind, _K.beginOffset, _int(s_begin)))
            add((ind, _K.endOffset, _int(s_end)))

        # entity facts, repeated in every document graph that mentions the entity
        for e, (label, t) in ents.items():
            add((e, RDF.type, KG[t]))
            add((e, RDFS.label, zh(label)))
            if t in ORGS and len(label) > 6 and rng.random() < 0.2:
                add((e, SKOS.altLabel, zh(label[:4])))
        return graph_iri(base, doc_id), out

    # -- parameters for the saved lookup queries ----------------------------------------------
    def _choose_params(self) -> None:
        """Typical (median-degree, not hub) values for the saved queries that take parameters."""
        self.params = {}
        collab = {k: v for k, v in self._collab.items() if len(v) >= 2}
        if collab:
            ranked = sorted(collab, key=lambda k: (len(collab[k]), k))
            org = ranked[len(ranked) // 2]
            self.params["collaborators"] = {"org": org}
            self.params["evidence"] = {"head": org, "tail": next(iter(collab[org]))}
            for start in ranked[len(ranked) // 2:] + ranked[:len(ranked) // 2]:
                for middle in collab[start]:
                    others = [x for x in self._collab.get(middle, {}) if x != start and x not in collab[start]]
                    if others:
                        self.params["collaboration_paths"] = {"from": start, "to": others[0]}
                        return
        elif self._evidence_pairs:
            head, tail = self._evidence_pairs[len(self._evidence_pairs) // 2]
            self.params["evidence"] = {"head": head, "tail": tail}


def synthetic_triples(n_triples: int, seed: int = 0, base: str = DEFAULT_BASE) -> Iterator[tuple]:
    """About `n_triples` (s, p, o) rdflib triples of a DESIGN.md-shaped graph, deterministic per seed.

    Entity facts repeat per document (as in a real build), so the set of distinct triples is smaller.
    Use `SyntheticGraph(n, seed).documents()` for the per-document named graphs.
    """
    return SyntheticGraph(n_triples, seed, base).triples()


def synthetic_graphs(n_triples: int, seed: int = 0, base: str = DEFAULT_BASE) -> Iterator[tuple[URIRef, list[tuple]]]:
    """(named graph IRI, triples) per synthetic document; see `synthetic_triples`."""
    return SyntheticGraph(n_triples, seed, base).documents()
