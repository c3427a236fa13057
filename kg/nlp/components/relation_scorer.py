"""A learned scorer over candidate entity pairs: which pairs of a sentence stand in which relation.

The cue rules (relations.py) and the patterns (relation_patterns/*.tsv) each say, for some pairs, that a
relation is stated; real news states most relations in phrasings no rule anticipated. So every ordered
pair of entities of a sentence whose types fit a relation's domain and range (``SIGNATURES``) is a
candidate, described by features — the rules and patterns that fired for it, the words between the two
names (entities between masked by their type), the words around them, distance, punctuation, coordination,
titles — and a logistic model per relation, trained on real annotated articles (scripts/train_relations.py,
model card in resources/relation_model/), says how likely the relation is. Pairs above the relation's
threshold become relations; the rules' relations with free-text tails (develops, awarded, a parent written
in front, the city's government) pass through unscored.

Features are strings hashed into ``2 ** HASH_BITS`` buckets (crc32: the same on every machine and run).
"""
from __future__ import annotations

import json
import math
from bisect import bisect_left
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

ORGS = frozenset({"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody", "Organization"})
HOSTED = frozenset({"Lab", "Platform", "ResearchInstitute"})
#: relation → (head types, tail types); collaboratesWith is symmetric (one candidate per unordered pair)
SIGNATURES = {
    "worksFor": (frozenset({"Person"}), ORGS),
    "hostedBy": (HOSTED, ORGS),
    "partOf": (ORGS, ORGS),
    "collaboratesWith": (ORGS, ORGS),
    "locatedIn": (ORGS | {"Project"}, frozenset({"Place", "Platform"})),
    "investsIn": (ORGS, frozenset({"Project", "Company", "Platform", "Lab", "ResearchInstitute"})),
    "funds": (ORGS, frozenset({"Project", "Company", "University", "ResearchInstitute", "Lab", "Platform"})),
    "issuedBy": (frozenset({"Policy"}), ORGS),
}
SYMMETRIC = frozenset({"collaboratesWith"})
HASH_BITS = 20
FEATURE_VERSION = 4
MAX_GAP = 80  # characters between two names beyond which no pair is a candidate
_PUNCT = "，,、；;：:（）()“”\"《》"
_CUE_GROUPS = ("host_cues", "build_verbs", "parent_cues", "parent_tail_cues", "collab_cues", "collab_connectors",
               "located_cues", "invest_cues", "fund_cues", "issue_cues", "award_cues")


@dataclass
class Candidate:
    head: object       # relations.Ent
    tail: object
    relation: str
    features: list[str]


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 4, 8, 16, 32):
        if n <= limit:
            return str(limit)
    return "more"


@lru_cache(maxsize=1)
def _cue_table() -> dict[str, str]:
    from .relations import load_cues
    cues = load_cues()
    table = {}
    for group in _CUE_GROUPS:
        for word in cues.get(group, []):
            table.setdefault(word, group)
    return table


@lru_cache(maxsize=1)
def _cue_regex() -> re.Pattern:
    words = sorted(_cue_table(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


class SentenceView:
    """A sentence's text with its entities masked, tokenised once for all of its pairs."""

    def __init__(self, s):
        from .entity_rules import _jieba
        self.s = s
        self.ents = sorted(s.ents, key=lambda e: e.start)
        jieba = _jieba()[0]
        self.tokens: list[tuple[int, int, str]] = []
        pos = 0
        for tok in jieba.cut(s.text, HMM=False):
            self.tokens.append((pos, pos + len(tok), tok))
            pos += len(tok)
        self._starts = None
        self.cues = [(m.start(), m.end(), m.group(0)) for m in _cue_regex().finditer(s.text)]
        self.titles = [(m.start(), m.end()) for m in _title_regex().finditer(s.text)]

    def words(self, start: int, end: int) -> list[str]:
        """Tokens of text[start:end] with every entity inside replaced by its type ([Company])."""
        if self._starts is None:
            self._starts = [a for a, _, _ in self.tokens]
        out = []
        inside = [e for e in self.ents if start <= e.start and e.end <= end]
        cursor = start
        for e in inside + [None]:
            stop = e.start if e is not None else end
            i = bisect_left(self._starts, cursor)  # the tokens of [cursor, stop): a slice, not a scan
            while i < len(self.tokens) and self.tokens[i][1] <= stop:
                tok = self.tokens[i][2]
                if tok.strip():
                    out.append("NUM" if tok[0].isdigit() else tok)
                i += 1
            if e is not None:
                out.append(f"[{e.label}]")
                cursor = e.end
        return out

    def masked(self, start: int, end: int) -> str:
        out, cursor = [], start
        for e in self.ents:
            if start <= e.start and e.end <= end:
                out.append(self.s.text[cursor:e.start])
                out.append(f"[{e.label}]")
                cursor = e.end
        out.append(self.s.text[cursor:end])
        return re.sub(r"\d+(?:\.\d+)?", "N", "".join(out))

    def cues_in(self, start: int, end: int) -> list[tuple[str, str]]:
        table = _cue_table()
        return [(table[w], w) for a, b, w in self.cues if start <= a and b <= end]


@lru_cache(maxsize=1)
def _title_regex() -> re.Pattern:
    from .. import gazetteer as gz
    titles = sorted(gz.person_titles(), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in titles))


def pair_features(view: SentenceView, h, t, rule_names: set[str], symmetric: bool) -> list[str]:
    """Feature strings of the ordered pair (h, t) of one sentence."""
    s = view.s
    a, b = (h, t) if h.start <= t.start else (t, h)
    direction = "sym" if symmetric else ("ht" if a is h else "th")
    gap_start, gap_end = a.end, b.start
    gap = s.text[gap_start:gap_end]
    masked = view.masked(gap_start, gap_end)
    words = view.words(gap_start, gap_end)
    between = [e for e in view.ents if a.end <= e.start and e.end <= b.start]
    clause_start = max(s.text.rfind(ch, 0, a.start) for ch in "。；;，,") + 1
    clause_end = min([i for i in (s.text.find(ch, b.end) for ch in "。；;，,") if i >= 0] or [len(s.text)])
    f = [f"bias", f"types={h.label}>{t.label}", f"dir={direction}", f"dist={_bucket(len(gap))}",
         f"nbetween={_bucket(len(between))}", f"{direction}:types={a.label}>{b.label}"]
    if len(masked) <= 12:
        f.append(f"{direction}:gap={masked}")
    for w in words:
        f.append(f"{direction}:gw={w}")
    if words:
        f += [f"{direction}:gw0={words[0]}", f"{direction}:gwL={words[-1]}"]
    else:
        f.append(f"{direction}:adjacent")
    for ch in set(gap) & set(_PUNCT):
        f.append(f"gp={ch}")
    if not any(ch in gap for ch in "，,；;。"):
        f.append("sameclause")
    if gap and all(ch in "、和与及 " for ch in gap):
        f.append("coordinated")
    if any(e.label == "Person" for e in between):
        f.append("person_between")
    if any(e.label == b.label for e in between):
        f.append("same_type_between")
    left = view.words(clause_start, a.start)[-2:]
    right = view.words(b.end, clause_end)[:2]
    for i, w in enumerate(reversed(left)):
        f.append(f"{direction}:l{i + 1}={w}")
    for i, w in enumerate(right):
        f.append(f"{direction}:r{i + 1}={w}")
    if not left:
        f.append("a_opens_clause")
    if a is view.ents[0] or all(e.start >= a.start or e.label not in ORGS for e in view.ents):
        f.append(f"{direction}:a_is_first_org")
    for group, word in view.cues_in(gap_start, gap_end):
        f += [f"{direction}:cue={group}", f"{direction}:cuew={word}"]
    for group, word in view.cues_in(clause_start, a.start):
        f.append(f"{direction}:lcue={group}")
    for group, word in view.cues_in(b.end, clause_end):
        f += [f"{direction}:rcue={group}", f"{direction}:rcuew={word}"]
    if h.label == "Person":  # where the organisation stands among the people of the sentence
        persons = [e for e in view.ents if e.label == "Person"]
        previous = max([e.end for e in persons if e.end <= h.start] + [0])
        following = min([e.start for e in persons if e.start >= h.end] + [len(s.text)])
        if t.end <= h.start:
            f.append("org_in_own_segment" if t.start >= previous else "org_before_previous_person")
        else:
            f.append("org_before_next_person" if t.end <= following else "org_after_next_person")
            tail_gap = s.text[t.end:following] if t.end <= following else ""
            if following < len(s.text) and len(tail_gap) <= 10 and not any(ch in tail_gap for ch in "，,。；"):
                f.append("org_introduces_next_person")  # …X书记Y, [B主任] Z: B is Z's
    if h.label == "Person":  # a title next to the person, and what lies between it and the organisation
        titled = [(x, y) for x, y in view.titles if y == h.start or x == h.end]
        if titled:
            f.append("person_titled")
            f.append(f"title={s.text[titled[0][0]:titled[0][1]]}")
        if a is t and all(w in "、 " or _is_title(w) for w in gap.split("、") if w):
            f.append("org_then_titles_then_person")
    # how near the two are among the names that could fill each end: the nearest organisation before a
    # person is its employer far more often than one further away
    same_side = [e for e in view.ents if e.label in _group(t.label) and e is not t and
                 ((e.end <= h.start) if t.end <= h.start else (e.start >= h.end))]
    closer = sum(1 for e in same_side if abs(_mid(e) - _mid(h)) < abs(_mid(t) - _mid(h)))
    f.append(f"{direction}:rank_t={min(closer, 3)}")
    same_side = [e for e in view.ents if e.label in _group(h.label) and e is not h and
                 ((e.end <= t.start) if h.end <= t.start else (e.start >= t.end))]
    closer = sum(1 for e in same_side if abs(_mid(e) - _mid(t)) < abs(_mid(h) - _mid(t)))
    f.append(f"{direction}:rank_h={min(closer, 3)}")
    f.append(f"orgs_between={_bucket(sum(1 for e in between if e.label in ORGS))}")
    f.append(f"commas={min(2, sum(gap.count(ch) for ch in '，,'))}")
    if gap:
        f += [f"{direction}:g0c={gap[0]}", f"{direction}:gLc={gap[-1]}"]
    for name in rule_names:
        f.append(f"rule={name}")
    return f


def _ending(name: str) -> str:
    from .short_forms import _ending_of
    return _ending_of(name) or name[-1:]


def _mid(e) -> float:
    return (e.start + e.end) / 2


def _group(label: str) -> frozenset:
    return ORGS if label in ORGS else frozenset({label})


def _is_title(text: str) -> bool:
    m = _title_regex().fullmatch(text.lstrip("的"))
    return m is not None


def candidates(s, rule_relations: list[dict]) -> list[Candidate]:
    """Every typed pair of the sentence `s` that may stand in a relation, with its features. The rules'
    relations between the two names are features of the pair (rule=…)."""
    by_pair: dict = {}
    for r in rule_relations:
        if r.get("head") is not None and r.get("tail") is not None:
            pair = by_pair.setdefault((tuple(r["head"]), tuple(r["tail"])), set())
            pair.add(r["relation"])
            if r.get("source"):
                pair.add(f"{r['relation']}@{r['source']}")
    ents = sorted(s.ents, key=lambda e: e.start)
    typed = []
    for i, h in enumerate(ents):
        for j, t in enumerate(ents):
            if i == j or h.text == t.text:
                continue
            a, b = (h, t) if h.start <= t.start else (t, h)
            if b.start - a.end > MAX_GAP or b.start < a.end:
                continue
            for relation, (heads, tails) in SIGNATURES.items():
                if h.label in heads and t.label in tails and not (relation in SYMMETRIC and j < i):
                    typed.append((h, t, relation))  # (collaboratesWith: one candidate per unordered pair)
    # the organisation written in front of a unit (kg_coref's span parent) is a candidate end too: the unit
    # is part of it (the rules say so), and hosted by it in some phrasings (…大学温州研究院, 由…共建)
    nested = []
    for e in ents:
        if e.parent and e.label in SIGNATURES["hostedBy"][0] and e.parent[2] in ORGS and e.parent[1] != (e.canonical or e.text):
            length, canonical, type_name = e.parent
            virtual = type(e)(e.start, e.start + length, type_name, e.text[:length], e.doc_start, e.doc_start + length,
                              canonical)
            nested.append((e, virtual))
    if not typed and not nested:
        return []
    view = SentenceView(s)  # tokenised only for sentences with candidates
    out = []
    for unit, parent in nested:
        f = ["bias", "nested", f"nested:{unit.label}>{parent.label}", f"unit_end={_ending(unit.text)}",
             f"parent_end={_ending(parent.text)}"]
        f += [f"nested:scue={g}" for g, _ in view.cues_in(0, len(s.text))]
        f += [f"nested:scuew={w}" for _, w in view.cues_in(0, len(s.text))]
        if len(ents) > 1 and any(x is not unit and x.label in ORGS for x in ents):
            f.append("nested:other_orgs")
        out.append(Candidate(unit, parent, "hostedBy", f))
    for h, t, relation in typed:
        fired = by_pair.get(((h.doc_start, h.doc_end), (t.doc_start, t.doc_end)), set())
        back = by_pair.get(((t.doc_start, t.doc_end), (h.doc_start, h.doc_end)), set())
        symmetric = relation in SYMMETRIC
        names = {f"{x}:fwd" for x in fired} | {f"{x}:rev" for x in back}
        if symmetric:
            names |= {f"{x}:fwd" for x in back}
        out.append(Candidate(h, t, relation, pair_features(view, h, t, names, symmetric)))
    return out


def hash_features(features: list[str]) -> np.ndarray:
    mask = (1 << HASH_BITS) - 1
    return np.array(sorted({zlib.crc32(x.encode("utf-8")) & mask for x in features}), dtype=np.int64)


class RelationModel:
    """Per-relation logistic weights over hashed features, with a threshold each."""

    def __init__(self, weights: dict[str, np.ndarray], bias: dict[str, float], thresholds: dict[str, float],
                 meta: dict | None = None, vetoes: dict[str, float] | None = None):
        self.weights = weights
        self.bias = bias
        self.thresholds = thresholds  # a pair no rule or pattern stated is added from this probability on
        self.vetoes = vetoes or {}    # a pair a rule or pattern stated is dropped below this probability
        self.meta = meta or {}

    def vetoes_rule(self, relation: str, p: float) -> bool:
        return p < self.vetoes.get(relation, 0.0)

    def saw_pattern(self, pattern_id: str) -> bool:
        """Whether the pattern existed when the model was trained (meta ``patterns_seen``; a model that does
        not list them saw every pattern). A pattern written later never fired in its training data, so its
        phrasing has no weight of its own and the model's doubt about it says nothing: it is not vetoed."""
        seen = self.meta.get("patterns_seen")
        return seen is None or pattern_id in seen

    def probability(self, relation: str, features: list[str]) -> float:
        w = self.weights.get(relation)
        if w is None:
            return 0.0
        z = float(w[hash_features(features)].sum()) + self.bias.get(relation, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, relation: str, p: float) -> bool:
        return p >= self.thresholds.get(relation, 1.1)

    def save(self, folder) -> None:
        from pathlib import Path
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.weights)
        np.savez_compressed(folder / "weights.npz", **{n: self.weights[n].astype(np.float32) for n in names})
        meta = dict(self.meta, bias=self.bias, thresholds=self.thresholds, vetoes=self.vetoes, hash_bits=HASH_BITS,
                    feature_version=FEATURE_VERSION, relations=names)
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")

    @classmethod
    def load(cls, folder=None) -> "RelationModel | None":
        from pathlib import Path
        root = Path(folder) if folder else Path(str(resources.files("kg.nlp.resources").joinpath("relation_model")))
        if not (root / "meta.json").exists():
            return None
        meta = json.loads((root / "meta.json").read_text("utf-8"))
        if meta.get("feature_version") != FEATURE_VERSION or meta.get("hash_bits") != HASH_BITS:
            return None  # trained on other features: retrain (scripts/train_relations.py)
        data = np.load(root / "weights.npz")
        weights = {n: data[n].astype(np.float64) for n in meta["relations"]}
        return cls(weights, meta["bias"], meta["thresholds"], meta, meta.get("vetoes"))


@lru_cache(maxsize=1)
def shipped_model() -> RelationModel | None:
    return RelationModel.load()


def train_logistic(rows: list[np.ndarray], labels: np.ndarray, l2: float = 1e-4, epochs: int = 12,
                   rate: float = 0.3) -> tuple[np.ndarray, float]:
    """Binary logistic regression over hashed feature rows by AdaGrad, in a fixed order (deterministic)."""
    dim = 1 << HASH_BITS
    w = np.zeros(dim)
    g2 = np.full(dim, 1e-8)
    b, gb2 = 0.0, 1e-8
    positives = max(1, int(labels.sum()))
    weight_pos = min(5.0, max(1.0, (len(labels) - positives) / positives / 4))  # rarer positives count more
    order = np.arange(len(rows))
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            idx = rows[i]
            z = w[idx].sum() + b
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            y = labels[i]
            grad = (p - y) * (weight_pos if y else 1.0)
            gw = grad + l2 * w[idx]
            g2[idx] += gw * gw
            w[idx] -= rate * gw / np.sqrt(g2[idx])
            gb2 += grad * grad
            b -= rate * grad / math.sqrt(gb2)
    return w, b
