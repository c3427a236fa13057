"""Precision, recall and F1 of the pipeline against gold files.

Gold files (GUIDELINES v2, ``NAME.gold.json``) are scored from the RDF each document's build writes, the
way the reference scorer reads a graph: an entity is a typed node found by its labels (aliases count for
their full form, names in ``ignore`` are neither rewarded nor penalised), a relation a triple between
nodes labelled with its head and tail. Precision is over graph nodes and triples, recall over gold items.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import RDF, Graph, Literal

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


@dataclass
class Score:
    """Counts for precision and recall. `tp` gold items found, `fn` gold items missed, `fp` predictions
    matching no gold item, `correct` predictions matching one. Precision is over predictions and recall
    over gold items, as the reference scorer counts them: a graph node labelled with two gold names of
    its type is one correct prediction that finds two gold items."""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int | None = None  # None: one prediction per gold item found (span scoring), so = tp

    @property
    def right(self) -> int:
        return self.tp if self.correct is None else self.correct

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.fp) if self.right + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        if other.correct is not None or self.correct is not None:
            self.correct = self.right + other.right
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "predicted": self.right + self.fp,
                "gold": self.tp + self.fn}


@dataclass
class TypeScores:
    by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    #: error counts by failure class (see `entity_miss_class` and friends): what to fix first
    failures: Counter = field(default_factory=Counter)

    @property
    def micro(self) -> Score:
        total = Score()
        for s in self.by_type.values():
            total.add(s)
        return total

    def as_dict(self, verbose: bool = False) -> dict:
        out = {"micro": self.micro.as_dict(), "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
               "failures": dict(self.failures.most_common())}
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


def document_graph(document, context=None) -> Graph:
    """The graph `kg build FILE` writes for this one document (its named graph's triples)."""
    from ..nlp import analyse
    _, triples = document_triples(analyse(document, context=context))
    g = Graph()
    for t in triples:
        g.add(t)
    return g


# -- reading a graph the way the reference scorer does (GUIDELINES v2, "Scoring") -------------------------
# Classes and properties are matched by local name, so any vocabulary scores; labels are every literal of a
# label-like property; relations are direct triples (or inverse ones, or reified rdf:Statements) between a
# typed node and a typed or labelled node.
EXTRA_TYPES = ("Technology", "Organization", "Product")  # relation ends only, never scored as entities
GOLD_RELATIONS = ("collaboratesWith", "hostedBy", "partOf", "issuedBy", "worksFor", "investsIn", "locatedIn",
                  "develops", "awarded", "funds")
INVERSES = {"hosts": "hostedBy", "employs": "worksFor", "hasPart": "partOf"}
LABEL_PROPERTIES = frozenset({"label", "altlabel", "preflabel", "name", "alternatename", "hiddenlabel"})
_SPACES = re.compile(r"[\s\u00a0\u3000]+")


def gold_key(text: str) -> str:
    """A name as scoring compares it: no white space, ASCII brackets, no 《》 or quotes at either end."""
    return _SPACES.sub("", text).replace("（", "(").replace("）", ")").strip("《》\"“”")


def _local(term) -> str:
    return re.split(r"[#/]", str(term))[-1]


@dataclass
class GraphReading:
    labels: dict          # node → {gold_key(label)}
    types: dict           # node → {local type names among the scored and extra types}
    relations: set        # {(subject node, relation name, object node or literal)}


def read_graph(g: Graph) -> GraphReading:
    labels: dict = defaultdict(set)
    for s, p, o in g:
        if isinstance(o, Literal) and _local(p).lower() in LABEL_PROPERTIES:
            labels[s].add(gold_key(str(o)))
    wanted = set(GOLD_ENTITY_TYPES) | set(EXTRA_TYPES)
    types: dict = {}
    for s, t in g.subject_objects(RDF.type):
        if _local(t) in wanted:
            types.setdefault(s, set()).add(_local(t))
    relations = set()

    def add(s, p, o):
        name = _local(p)
        if name in INVERSES:
            name, s, o = INVERSES[name], o, s
        if name in GOLD_RELATIONS and s in types and (o in types or o in labels or isinstance(o, Literal)):
            if isinstance(o, Literal):  # a free-text tail (an award, a product) is its own label
                labels[o] = {gold_key(str(o))}
            relations.add((s, name, o))

    for s, p, o in list(g):
        add(s, p, o)
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s is not None and p is not None and o is not None:
            add(s, p, o)
    return GraphReading(labels, types, relations)


@dataclass
class Gold:
    entities: set        # {(key, type)}
    relations: set       # {(head key, relation, tail key)}
    aliases: dict        # short key → full key
    ignore: set          # keys

    @classmethod
    def from_json(cls, data: dict) -> "Gold":
        ignore = {gold_key(x) for x in data.get("ignore", [])}
        rels = {(gold_key(r["head"]), r["relation"], gold_key(r["tail"])) for r in data.get("relations", [])
                if r.get("relation") in GOLD_RELATIONS}
        return cls(entities={(gold_key(e["text"]), e["type"]) for e in data.get("entities", [])
                             if e.get("type") in GOLD_ENTITY_TYPES},
                   relations={r for r in rels if r[0] not in ignore and r[2] not in ignore},
                   aliases={gold_key(k): gold_key(v) for k, v in data.get("aliases", {}).items()},
                   ignore=ignore)


def score_graph(g: Graph, gold: dict, entities: TypeScores, relations: TypeScores, name: str = "") -> None:
    """Add one document's scores, read from its graph `g`, to `entities` and `relations`."""
    reading = read_graph(g)
    gold_ = Gold.from_json(gold)
    labels = reading.labels
    for node in list(labels):  # a node labelled with a short form is labelled with its full form too
        labels[node] |= {gold_.aliases[x] for x in labels[node] if x in gold_.aliases}

    def ignored(node) -> bool:
        return bool(labels.get(node)) and labels[node] <= gold_.ignore

    gold_by_type: dict = defaultdict(set)
    for key, type_name in gold_.entities:
        gold_by_type[type_name].add(key)
    found = set()
    for node, node_types in reading.types.items():
        if ignored(node):
            continue  # neither rewarded nor penalised
        for type_name in sorted(node_types & set(GOLD_ENTITY_TYPES)):
            score = entities.by_type[type_name]
            hits = labels.get(node, set()) & gold_by_type[type_name]
            if hits:
                score.correct = score.right + 1
                found.update((h, type_name) for h in hits)
            else:
                score.correct = score.right
                score.fp += 1
                kind = entity_false_class(labels.get(node, set()), type_name, gold_)
                entities.failures[kind] += 1
                entities.false_positives.append({"document": name, "type": type_name, "class": kind,
                                                 "text": min(labels.get(node) or {str(node)})})
    for key, type_name in sorted(gold_.entities):
        score = entities.by_type[type_name]
        if score.correct is None:
            score.correct = 0
        if (key, type_name) in found:
            score.tp += 1
        else:
            score.fn += 1
            kind = entity_miss_class(key, type_name, gold_, reading)
            entities.failures[kind] += 1
            entities.misses.append({"document": name, "type": type_name, "text": key, "class": kind})

    predicted = {r for r in reading.relations if not ignored(r[0]) and not ignored(r[2])}
    found_rel = set()
    for s, rel, o in sorted(predicted, key=str):
        heads, tails = labels.get(s, set()), labels.get(o, set())
        hits = {(h, r, t) for h, r, t in gold_.relations if r == rel and (
            (h in heads and t in tails) or (rel in SYMMETRIC and h in tails and t in heads))}
        score = relations.by_type[rel]
        if hits:
            score.correct = score.right + 1
            found_rel |= hits
        else:
            score.correct = score.right
            score.fp += 1
            kind = relation_false_class(heads, rel, tails, gold_)
            relations.failures[kind] += 1
            relations.false_positives.append({"document": name, "relation": rel, "head": min(heads or {"?"}),
                                              "tail": min(tails or {"?"}), "class": kind})
    for h, rel, t in sorted(gold_.relations):
        score = relations.by_type[rel]
        if score.correct is None:
            score.correct = 0
        if (h, rel, t) in found_rel:
            score.tp += 1
        else:
            score.fn += 1
            kind = relation_miss_class(h, rel, t, reading)
            relations.failures[kind] += 1
            relations.misses.append({"document": name, "relation": rel, "head": h, "tail": t, "class": kind})


# -- failure classes: why an entity or relation was missed or wrong ----------------------------------------
def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def _node_labels(reading: GraphReading, types=GOLD_ENTITY_TYPES) -> dict:
    """{label: {types}} of the graph's typed nodes (gold aliases included)."""
    out: dict = defaultdict(set)
    for node, node_types in reading.types.items():
        for label in reading.labels.get(node, ()):
            out[label] |= node_types & set(types)
    return out


def entity_miss_class(key: str, type_name: str, gold: Gold, reading: GraphReading) -> str:
    """wrong type (a node has the name as a label), missed abbreviation (a short form: an alias, or the
    letters of a longer gold name in order), boundary (a node's label contains or is inside the name),
    missed person, missed name."""
    labels = _node_labels(reading)
    if key in labels:
        return "wrong type"
    overlaps = any(len(label) >= 2 and (label in key or key in label) for label in labels)
    if type_name == "Person":
        return "boundary" if overlaps else "missed person"
    if key in gold.aliases or (len(key) <= 6 and any(len(full) > len(key) and _subsequence(key, full)
                                                     for full, _ in gold.entities)):
        return "missed abbreviation"
    return "boundary" if overlaps else "missed name"


def entity_false_class(node_labels: set, type_name: str, gold: Gold) -> str:
    """boundary (overlaps a gold name), wrong type (a gold name of another type), not an entity."""
    gold_texts = {k for k, _ in gold.entities} | gold.ignore
    if node_labels & {k for k, _ in gold.entities}:
        return "wrong type"
    if any(len(label) >= 2 and (label in g or g in label) for label in node_labels for g in gold_texts):
        return "boundary"
    return "not an entity"


def relation_miss_class(head: str, relation: str, tail: str, reading: GraphReading) -> str:
    """missed entity (an end is no node) or missed relation, by the relation's cue family."""
    labels = set(_node_labels(reading, GOLD_ENTITY_TYPES + EXTRA_TYPES))
    if head not in labels or (tail not in labels and relation not in ("awarded", "develops", "funds", "investsIn")):
        return "missed entity"
    return f"missed {relation}"


def relation_false_class(heads: set, relation: str, tails: set, gold: Gold) -> str:
    """wrong end (a gold relation of the kind shares one end) or wrong relation, by relation."""
    if any(r == relation and (h in heads or t in tails or (relation in SYMMETRIC and (h in tails or t in heads)))
           for h, r, t in gold.relations):
        return f"wrong end ({relation})"
    return f"wrong {relation}"


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
        g = document_graph(read_document(text_path), context)
        score_graph(g, gold, report.entities, report.relations, text_path.name)
        if gold.get("indicators"):
            score_indicators(g, gold, report.indicators)
        report.documents += 1
    return report


def evaluate_graph_files(graphs: str | Path, gold_folder: str | Path) -> EvalReport:
    """Score graphs built elsewhere (GRAPHS/NAME.ttl, one per article, e.g. by an earlier version of kg)
    against gold_folder/NAME.gold.json, exactly as evaluate_gold scores the current pipeline."""
    report = EvalReport(fmt="gold", indicators=Score())
    for gold_path in sorted(Path(gold_folder).glob("*.gold.json")):
        name = gold_path.name[:-len(".gold.json")]
        graph_path = Path(graphs) / f"{name}.ttl"
        if not graph_path.exists():
            raise InputError(f"{graph_path}: no graph for {gold_path.name}")
        g = Graph()
        g.parse(graph_path, format="turtle")
        score_graph(g, json.loads(gold_path.read_text("utf-8")), report.entities, report.relations, name + ".txt")
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
