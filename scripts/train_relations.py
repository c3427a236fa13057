#!/usr/bin/env python
"""Train the relation scorer shipped in kg/nlp/resources/relation_model (see its MODEL_CARD.md).

    python scripts/train_relations.py --train DIR [DIR ...] [--folds 5] [--out kg/nlp/resources/relation_model]
                                      [--eval DIR ...]

Each DIR holds NAME.txt + NAME.gold.json pairs (GUIDELINES v2). The pipeline runs on every article with
the scorer off, recording every candidate pair of each sentence and its features; a candidate is a positive
example of relation r when the gold has (head, r, tail) between names the two mentions carry (surface,
canonical name, or the gold alias's full form) and the sentence is the relation's evidence; a gold relation
stated in another sentence makes the pair no example at all (it is not a negative either).

--folds N first runs N-fold cross-validation over the training articles (folds by article), reports the
reference scorer's micro figures on the held-out folds, and chooses each relation's threshold on the
out-of-fold probabilities; the final model is then trained on all training articles. --eval DIR scores the
final model on other gold (never trained on). Deterministic (fixed order, seeded shuffles).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.eval.scorer import Gold, TypeScores, gold_key, score_graph  # noqa: E402
from kg.graph.build import document_triples  # noqa: E402
from kg.nlp import analyse, load_pipeline  # noqa: E402
from kg.nlp.components.relation_scorer import (SIGNATURES, SYMMETRIC, RelationModel,  # noqa: E402
                                               hash_features, train_logistic)
from kg.read import read_document  # noqa: E402

RECORD = {"components.kg_relations.record_candidates": True, "components.kg_relations.scorer": False}


def pairs(folders: list[Path]) -> list[tuple[Path, Path]]:
    out = []
    for folder in folders:
        for gold in sorted(folder.glob("*.gold.json")):
            text = gold.with_name(gold.name[:-len(".gold.json")] + ".txt")
            if text.exists():
                out.append((text, gold))
    return out


def _overlaps(sentence: str, evidence: str) -> bool:
    a, b = gold_key(sentence), gold_key(evidence)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    grams = {a[i:i + 4] for i in range(len(a) - 3)}
    shared = sum(1 for i in range(len(b) - 3) if b[i:i + 4] in grams)
    return shared >= 0.5 * max(1, min(len(a), len(b)) - 3)


class Article:
    """One analysed article: its analysis (rules only), candidates with labels, and gold."""

    def __init__(self, text_path: Path, gold_path: Path, nlp):
        self.name = text_path.stem
        self.gold_json = json.loads(gold_path.read_text("utf-8"))
        self.gold = Gold.from_json(self.gold_json)
        self.analysis = analyse(read_document(text_path), nlp=nlp)
        evidence = defaultdict(list)
        for r in self.gold_json.get("relations", []):
            evidence[(gold_key(r["head"]), r["relation"], gold_key(r["tail"]))].append(r.get("evidence", ""))
        self.examples = []  # (relation, hashed features, label, candidate, sentence span)
        for item in self.analysis.relation_candidates or []:
            for c in item["candidates"]:
                label = self._label(c, item["text"], evidence)
                if label is not None:
                    self.examples.append((c["relation"], hash_features(c["features"]), label, c, item["sentence"]))

    def _keys(self, mention) -> set[str]:
        keys = {gold_key(mention[2]), gold_key(mention[3] or mention[2])}
        return keys | {self.gold.aliases[k] for k in keys if k in self.gold.aliases}

    def _label(self, c: dict, sentence: str, evidence: dict) -> int | None:
        heads, tails = self._keys(c["head"]), self._keys(c["tail"])
        relation = c["relation"]
        hits = [k for k in evidence if k[1] == relation and (
            (k[0] in heads and k[2] in tails) or (relation in SYMMETRIC and k[0] in tails and k[2] in heads))]
        if not hits:
            return 0
        if any(_overlaps(sentence, ev) for k in hits for ev in evidence[k]):
            return 1
        return None  # stated elsewhere in the article: neither a positive nor a negative here

    def relations(self, model: RelationModel, probabilities=None, mode: str = "decide") -> list[dict]:
        """The article's relations with `model` scoring the pairs (as the pipeline would). mode "decide": the
        model decides every pair; "add": the rules' and patterns' relations stay and the model adds pairs
        above the threshold; "veto": as "add", and a rule pair the model gives below `model.veto` is dropped."""
        kept = [r for r in self.analysis.relations
                if r["relation"] not in SIGNATURES or r.get("head") is None or r.get("tail") is None]
        ruled = {(tuple(r["head"]), r["relation"], tuple(r["tail"])) for r in self.analysis.relations
                 if r["relation"] in SIGNATURES and r.get("head") is not None and r.get("tail") is not None}
        scored = {}
        for i, (relation, rows, _, c, sentence) in enumerate(self.examples_all()):
            p = probabilities[i] if probabilities is not None else model.probability(relation, c["features"])
            key = (tuple(c["head"][:2]), relation, tuple(c["tail"][:2]))
            scored[key] = max(scored.get(key, 0.0), p)
            if p >= model.thresholds.get(relation, 1.1) and (mode == "decide" or key not in ruled):
                if "nested" in c["features"]:  # the parent written in front: a named end, not a mention
                    kept.append({"head": key[0], "tail": None, "relation": relation, "confidence": round(float(p), 3),
                                 "start": sentence[0], "end": sentence[1], "head_text": None,
                                 "tail_text": c["tail"][3], "tail_type": c["tail"][4], "tail_surface": c["tail"][2]})
                    continue
                kept.append({"head": key[0], "tail": key[2], "relation": relation,
                             "confidence": round(float(p), 3), "start": sentence[0], "end": sentence[1],
                             "head_text": None, "tail_text": None})
        if mode != "decide":
            kept += [r for r in self.analysis.relations if r["relation"] in SIGNATURES and r.get("head") is not None
                     and r.get("tail") is not None and not (mode == "veto" and model.vetoes_rule(
                         r["relation"], scored.get((tuple(r["head"]), r["relation"], tuple(r["tail"])), 1.0)))]
        return kept

    def examples_all(self):
        """Every candidate (labelled or not) in order: what the model scores at run time."""
        for item in self.analysis.relation_candidates or []:
            for c in item["candidates"]:
                yield c["relation"], None, None, c, item["sentence"]

    def score(self, relations: list[dict], entities: TypeScores, rels: TypeScores) -> None:
        from rdflib import Graph
        self.analysis.relations, saved = relations, self.analysis.relations
        try:
            g = Graph()
            for t in document_triples(self.analysis)[1]:
                g.add(t)
        finally:
            self.analysis.relations = saved
        score_graph(g, self.gold_json, entities, rels, self.name)


def train(articles: list[Article], thresholds: dict[str, float] | None = None, meta: dict | None = None
          ) -> RelationModel:
    weights, bias = {}, {}
    for relation in SIGNATURES:
        rows = [x[1] for a in articles for x in a.examples if x[0] == relation]
        labels = np.array([x[2] for a in articles for x in a.examples if x[0] == relation], dtype=float)
        if not rows or labels.sum() < 3:
            continue
        weights[relation], bias[relation] = train_logistic(rows, labels)
    return RelationModel(weights, bias, thresholds or {r: 0.5 for r in weights}, meta or {})


def choose_thresholds(oof: dict[str, list[tuple[float, int]]], min_precision: float = 0.75) -> dict[str, float]:
    """Per relation, the threshold (0.3–0.9) with the best pair-level F1 on out-of-fold probabilities among
    those whose precision is at least `min_precision` (the best F1 overall if none is)."""
    out = {}
    for relation, items in oof.items():
        scored = []
        for thr in np.arange(0.3, 0.91, 0.05):
            tp = sum(1 for p, y in items if p >= thr and y)
            fp = sum(1 for p, y in items if p >= thr and not y)
            fn = sum(1 for p, y in items if p < thr and y)
            f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            precision = tp / (tp + fp) if tp + fp else 0.0
            scored.append((precision >= min_precision, f, -thr, float(round(thr, 2))))
        out[relation] = max(scored)[3]
    return out


MIN_VETO_POSITIVES = 60  # a model that has seen few examples of a relation may add its pairs, never veto them


def choose_by_micro_f1(arts: list[Article], probs: dict, rounds: int = 2) -> tuple[dict, dict]:
    """Per relation, the threshold from which the model adds pairs and the one below which it drops a
    rule's or pattern's pair, chosen together by coordinate ascent on the cross-validated micro F1 of all
    relations, the reference scorer's way (what a relation's own F1 would choose can cost the others
    precision)."""
    adds = {r: 1.1 for r in SIGNATURES}
    vetoes = {r: 0.0 for r in SIGNATURES}

    def micro(a_, v_) -> float:
        ents, rels = TypeScores(), TypeScores()
        model = RelationModel({}, {}, a_, vetoes=v_)
        for art in arts:
            art.score(art.relations(model, probs[art.name], "veto"), ents, rels)
        return rels.micro.f1

    positives = {r: sum(x[2] for a in arts for x in a.examples if x[0] == r) for r in SIGNATURES}
    best = micro(adds, vetoes)
    for _ in range(rounds):
        for relation in SIGNATURES:
            for thr in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.1):
                f = micro(dict(adds, **{relation: thr}), vetoes)
                if f > best + 1e-6:
                    best, adds = f, dict(adds, **{relation: thr})
            for veto in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3) if positives[relation] >= MIN_VETO_POSITIVES else ():
                f = micro(adds, dict(vetoes, **{relation: veto}))
                if f > best + 1e-6:
                    best, vetoes = f, dict(vetoes, **{relation: veto})
    return adds, vetoes


def choose_thresholds_by_f1(arts: list[Article], probs: dict, grid=(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
                            ) -> dict[str, float]:
    """Per relation, the threshold above which the model's pairs join the rules' ("add" mode) that gives
    the best cross-validated F1 of that relation, the reference scorer's way (other relations off)."""
    out = {}
    for relation in SIGNATURES:
        best = (-1.0, 1.1)
        for thr in grid + (1.1,):
            ents, rels = TypeScores(), TypeScores()
            model = RelationModel({}, {}, {relation: thr})
            for a in arts:
                a.score(a.relations(model, probs[a.name], "add"), ents, rels)
            f = rels.by_type[relation].f1 if relation in rels.by_type else 0.0
            best = max(best, (round(f, 4), thr))
        out[relation] = best[1]
    return out


def report(title: str, arts: list[Article], model: RelationModel, probs=None, mode: str = "decide") -> dict:
    ents, rels = TypeScores(), TypeScores()
    for a in arts:
        a.score(a.relations(model, probs[a.name] if probs else None, mode), ents, rels)
    e, r = ents.micro, rels.micro
    print(f"{title}: {len(arts)} articles  entities P {e.precision:.3f} R {e.recall:.3f} F1 {e.f1:.3f}  "
          f"relations P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}")
    for name, sc in sorted(rels.by_type.items()):
        print(f"    {name:18} P {sc.precision:.3f} R {sc.recall:.3f} F1 {sc.f1:.3f}  (gold {sc.tp + sc.fn})")
    return {"articles": len(arts), "relations": {"precision": round(r.precision, 4), "recall": round(r.recall, 4),
                                                 "f1": round(r.f1, 4)},
            "by_relation": {k: round(v.f1, 4) for k, v in sorted(rels.by_type.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, nargs="+", required=True)
    parser.add_argument("--eval", type=Path, nargs="*", default=[])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "nlp" / "resources" / "relation_model")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    started = time.time()
    nlp = load_pipeline("zh", overrides=RECORD)
    train_articles = [Article(t, g, nlp) for t, g in pairs(args.train)]
    print(f"{len(train_articles)} training articles, "
          f"{sum(len(a.examples) for a in train_articles)} labelled candidates, "
          f"{sum(x[2] for a in train_articles for x in a.examples)} positive ({time.time() - started:.0f} s)")
    meta = {"trained_on": [p.name for p in args.train], "articles": len(train_articles),
            "positives": int(sum(x[2] for a in train_articles for x in a.examples))}
    thresholds, vetoes = None, {}
    if args.folds > 1:
        oof: dict[str, list] = defaultdict(list)
        probs: dict[str, list] = {}
        for k in range(args.folds):
            held = [a for i, a in enumerate(train_articles) if i % args.folds == k]
            rest = [a for i, a in enumerate(train_articles) if i % args.folds != k]
            model = train(rest)
            for a in held:
                probs[a.name] = [model.probability(rel, c["features"]) for rel, _, _, c, _ in a.examples_all()]
                for rel, rows, label, c, _ in a.examples:
                    oof[rel].append((model.probability(rel, c["features"]), label))
        thresholds, vetoes = choose_by_micro_f1(train_articles, probs)
        print("thresholds", thresholds, "vetoes", vetoes)
        cv_model = RelationModel({}, {}, thresholds, vetoes=vetoes)
        meta["rules_only"] = report("rules and patterns alone", train_articles, RelationModel({}, {}, {}), probs,
                                    mode="add")
        meta["cross_validation"] = report(f"{args.folds}-fold CV (held-out folds)", train_articles, cv_model, probs,
                                          mode="veto")
    final = train(train_articles, thresholds, meta)
    final.vetoes = vetoes if args.folds > 1 else {}
    for folder in args.eval:
        arts = [Article(t, g, nlp) for t, g in pairs([folder])]
        meta.setdefault("evaluation", {})[folder.name] = report(f"eval {folder.name}", arts, final, mode="veto")
    final.meta = meta
    if not args.no_save:
        final.save(args.out)
        print(f"saved {args.out} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
