"""Precision, recall and F1 of the pipeline against gold files."""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS

from ..errors import InputError
from ..graph.build import SYMMETRIC, document_triples
from ..graph.vocab import KG
from ..read import read_document
from ..read.documents import document_from_text

GOLD_ENTITY_TYPES = ("Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody",
                     "Policy", "Person", "Place", "Project")
CLUENER_LABELS = {"company": "company", "government": "government", "organization": "organization",
                  "name": "name", "position": "position"}
TYPE_TO_CLUENER = {"Company": "company", "GovernmentBody": "government", "University": "organization",
                   "ResearchInstitute": "organization", "Lab": "organization", "Platform": "organization",
                   "Person": "name", "Organization": "organization"}


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class TypeScores:
    by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    @property
    def micro(self) -> Score:
        total = Score()
        for s in self.by_type.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def as_dict(self, verbose: bool = False) -> dict:
        out = {"micro": self.micro.as_dict(), "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())}}
        if verbose:
            out["misses"] = self.misses
            out["false_positives"] = self.false_positives
        return out


@dataclass
class EvalReport:
    documents: int = 0
    entities: TypeScores = field(default_factory=TypeScores)
    relations: TypeScores = field(default_factory=TypeScores)
    indicators: Score | None = None
    fmt: str = "gold"

    def as_dict(self, verbose: bool = False) -> dict:
        out = {"format": self.fmt, "documents": self.documents, "entities": self.entities.as_dict(verbose)}
        if self.fmt == "gold":
            out["relations"] = self.relations.as_dict(verbose)
            if self.indicators is not None:
                out["indicators"] = self.indicators.as_dict()
        return out


def find_gold_pairs(paths: Iterable[str | Path], gold_dir: str | Path | None = None) -> list[tuple[Path, Path]]:
    """(NAME.txt, NAME.gold.json) pairs under files/folders; a .txt without gold is an error.

    With `gold_dir`, each NAME.txt's gold is gold_dir/NAME.gold.json (texts and gold kept apart).
    """
    pairs = []
    if gold_dir is not None:
        for raw in paths:
            p = Path(raw)
            for text in (sorted(x for x in p.rglob("*") if x.suffix in (".txt", ".md", ".html", ".htm"))
                         if p.is_dir() else [p]):
                gold = Path(gold_dir) / f"{text.stem}.gold.json"
                if gold.exists():
                    pairs.append((text, gold))
        if not pairs:
            raise InputError(f"no NAME.gold.json in {gold_dir} for the texts given")
        return pairs
    for raw in paths:
        p = Path(raw)
        candidates = sorted(p.rglob("*.gold.json")) if p.is_dir() else [p]
        for c in candidates:
            if c.name.endswith(".gold.json"):
                gold = c
                text = next((c.with_name(c.name[:-len(".gold.json")] + s) for s in (".txt", ".md", ".html", ".htm")
                             if c.with_name(c.name[:-len(".gold.json")] + s).exists()), None)
            else:
                text, gold = c, c.with_name(c.stem + ".gold.json")
            if text is None or not text.exists() or not gold.exists():
                raise InputError(f"{c}: needs both NAME.txt and NAME.gold.json")
            pairs.append((text, gold))
    if not pairs:
        raise InputError("no NAME.gold.json files found")
    return pairs


def _graph_of(document, context) -> Graph:
    from ..nlp import analyse
    _, triples = document_triples(analyse(document, context=context))
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def _nodes(g: Graph) -> dict:
    """entity IRI → (type, {label keys})"""
    nodes = {}
    for type_name in GOLD_ENTITY_TYPES + ("Technology", "Award"):
        for node in g.subjects(RDF.type, KG[type_name]):
            labels = {_key(str(l)) for p in (RDFS.label, SKOS.altLabel) for l in g.objects(node, p)}
            nodes[node] = (type_name, labels)
    return nodes


def score_entities(g: Graph, gold: dict, scores: TypeScores, name: str) -> None:
    nodes = {n: v for n, v in _nodes(g).items() if v[0] in GOLD_ENTITY_TYPES}
    gold_set = {(_key(e["text"]), e["type"]) for e in gold.get("entities", [])}
    matched_nodes = set()
    for text, type_name in sorted(gold_set):
        hit = [n for n, (t, labels) in nodes.items() if t == type_name and text in labels]
        if hit:
            scores.by_type[type_name].tp += 1
            matched_nodes.update(hit)
        else:
            scores.by_type[type_name].fn += 1
            scores.misses.append({"document": name, "text": text, "type": type_name})
    for node, (type_name, labels) in nodes.items():
        if node not in matched_nodes:
            scores.by_type[type_name].fp += 1
            scores.false_positives.append({"document": name, "text": sorted(labels)[0] if labels else str(node),
                                           "type": type_name})


def score_relations(g: Graph, gold: dict, scores: TypeScores, name: str) -> None:
    labels = {n: v[1] for n, v in _nodes(g).items()}
    predicted = []
    for rel in sorted({r["relation"] for r in gold.get("relations", [])} | {
            "collaboratesWith", "hostedBy", "partOf", "issuedBy", "worksFor", "investsIn", "locatedIn", "develops",
            "awarded", "funds"}):
        for s, o in g.subject_objects(KG[rel]):
            predicted.append((rel, labels.get(s, set()), labels.get(o, set())))
    gold_rels = {(r["relation"], _key(r["head"]), _key(r["tail"])) for r in gold.get("relations", [])}

    def matches(pred, g_rel):
        rel, heads, tails = pred
        g_name, g_head, g_tail = g_rel
        if rel != g_name:
            return False
        if g_head in heads and g_tail in tails:
            return True
        return rel in SYMMETRIC and g_head in tails and g_tail in heads

    for g_rel in sorted(gold_rels):
        if any(matches(p, g_rel) for p in predicted):
            scores.by_type[g_rel[0]].tp += 1
        else:
            scores.by_type[g_rel[0]].fn += 1
            scores.misses.append({"document": name, "relation": g_rel[0], "head": g_rel[1], "tail": g_rel[2]})
    for pred in predicted:
        if not any(matches(pred, g_rel) for g_rel in gold_rels):
            scores.by_type[pred[0]].fp += 1
            scores.false_positives.append({"document": name, "relation": pred[0],
                                           "head": sorted(pred[1])[0] if pred[1] else "?",
                                           "tail": sorted(pred[2])[0] if pred[2] else "?"})


def score_indicators(g: Graph, gold: dict, score: Score) -> None:
    """An indicator counts as found when a node states the same value (and previous value) and unit."""
    found = set()
    for node in g.subjects(RDF.type, KG.Indicator):
        value = next(g.objects(node, KG.value), None)
        previous = next(g.objects(node, KG.previousValue), None)
        unit = next(g.objects(node, KG.unitText), None)
        found.add((float(value) if value is not None else None,
                   float(previous) if previous is not None else None, str(unit) if unit else None))
    wanted = {(float(i["to"]), float(i["from"]) if i.get("from") is not None else None, i.get("unit"))
              for i in gold.get("indicators", [])}
    score.tp += len(wanted & found)
    score.fn += len(wanted - found)
    score.fp += len(found - wanted)


def evaluate_gold(paths: Sequence[str | Path], context: dict | None = None,
                  gold_dir: str | Path | None = None) -> EvalReport:
    report = EvalReport(fmt="gold", indicators=Score())
    for text_path, gold_path in find_gold_pairs(paths, gold_dir):
        try:
            gold = json.loads(gold_path.read_text("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{gold_path}: not valid JSON ({exc})") from None
        g = _graph_of(read_document(text_path), context)
        score_entities(g, gold, report.entities, text_path.name)
        score_relations(g, gold, report.relations, text_path.name)
        if gold.get("indicators"):
            score_indicators(g, gold, report.indicators)
        report.documents += 1
    return report


def evaluate_cluener(paths: Sequence[str | Path], context: dict | None = None, limit: int | None = None) -> EvalReport:
    """Exact character spans on company, government, organization, name and position (the titles the
    pipeline recognises, ``Analysis.roles``: beside a named person or standing alone)."""
    from ..nlp import analyse
    report = EvalReport(fmt="cluener")
    scores = report.entities
    for path in paths:
        lines = Path(path).read_text("utf-8").splitlines()
        for n, line in enumerate(lines[:limit] if limit else lines):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
            except (json.JSONDecodeError, KeyError):
                raise InputError(f"{path}:{n + 1}: not a CLUENER JSON line") from None
            gold = set()
            for label, entities in (item.get("label") or {}).items():
                if label in CLUENER_LABELS:
                    for spans in entities.values():
                        gold.update((s, e + 1, label) for s, e in spans)
            analysis = analyse(document_from_text(text, f"cluener-{n}"), context=context)
            predicted = {(m.start, m.end, TYPE_TO_CLUENER[m.type]) for m in analysis.mentions
                         if m.type in TYPE_TO_CLUENER}
            predicted.update((start, end, "position") for start, end in analysis.roles)
            for s, e, label in gold & predicted:
                scores.by_type[label].tp += 1
            for s, e, label in gold - predicted:
                scores.by_type[label].fn += 1
                scores.misses.append({"line": n + 1, "text": text[s:e], "type": label})
            for s, e, label in predicted - gold:
                scores.by_type[label].fp += 1
                scores.false_positives.append({"line": n + 1, "text": text[s:e], "type": label})
            report.documents += 1
    return report


def evaluate(paths: Sequence[str | Path], fmt: str = "gold", context: dict | None = None,
             gold_dir: str | Path | None = None) -> EvalReport:
    if fmt == "gold":
        return evaluate_gold(paths, context, gold_dir)
    if fmt == "cluener":
        return evaluate_cluener(paths, context)
    raise InputError(f"unknown eval format {fmt!r}: use gold or cluener")
