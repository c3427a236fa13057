#!/usr/bin/env python
"""Train the character CRF shipped in kg/nlp/resources/ner_model and print held-out scores.

    python scripts/train_ner.py [--shared ../shared] [--out kg/nlp/resources/ner_model]

Reads the research corpora in <shared>/data (never copied into the repository): CLUENER2020
train by default (the shipped model); MSRA test, People's Daily dev+test and Resume NER with
``--sources cluener,msra,pd,resume`` (see MODEL_CARD.md for the label mapping and the scores).
Held out, never trained on: CLUENER train lines whose 0-based index i has i % 10 == 0
(1,075 sentences), and every training sentence whose text equals a held-out text.
Deterministic: fixed data order, L-BFGS (no sampling), fixed iteration count.
Needs python-crfsuite (training only; inference is numpy in kg/nlp/charner.py).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.nlp import charner  # noqa: E402
from kg.nlp.charner import (DEFAULT_TEMPLATES, DICT_GROUPS, DICT_MAXN, Featurizer,  # noqa: E402
                            _word_hashes, dict_slot_value, text_codes)

CLUENER_MAP = {"name": "PER", "company": "COMPANY", "organization": "ORG", "government": "GOV",
               "address": "LOC", "position": "POSITION", "book": "BOOK"}
BACK_MAP = {"PER": "name", "COMPANY": "company", "ORG": "organization", "GOV": "government",
            "LOC": "address", "POSITION": "position", "BOOK": "book"}
SCORED = ("company", "government", "organization", "name", "position")
ORG_TYPES = ("COMPANY", "ORG", "GOV")

# trigger words whose next occurrence the ("nx", group) features look ahead to
TRIGGERS = {
    "tco": "公司 集团 银行 股份 有限 控股 证券 基金 保险 科技 技术 实业 电子 网络 传媒 医药 制药 地产 置业 "
           "酒店 航空 汽车 电器 电气 通信 能源 投资 资本 信托 商场 超市 工厂 厂 店 行 社",
    "torg": "大学 学院 学校 中学 小学 幼儿园 协会 学会 研究院 研究所 研究中心 中心 基金会 俱乐部 队 联盟 "
            "联合会 商会 组织 医院 实验室 院 所 会 团 党 报 台 网 杂志",
    "tgov": "政府 部 局 厅 委 办 署 法院 检察院 公安 委员会 人大 政协 党委 市委 省委 县委 国务院 税务 海关 "
            "监管 管委会 街道 派出所 军区 部队",
}

TEMPLATE_SETS = {
    "full": DEFAULT_TEMPLATES,
    "trig": DEFAULT_TEMPLATES[:-1] + (("nx", "tco"), ("nx", "torg"), ("nx", "tgov"), ("b",)),
    "gaz": DEFAULT_TEMPLATES[:-1] + (("nx", "tco"), ("nx", "torg"), ("nx", "tgov"),
                                     ("gz", (0,)), ("gz", (-1, 0)), ("gz", (0, 1)), ("b",)),
    "wide": DEFAULT_TEMPLATES[:-1] + (("c", (-3,)), ("c", (3,)), ("c", (-3, -2)), ("c", (2, 3)),
                                      ("nx", "tco"), ("nx", "torg"), ("nx", "tgov"),
                                      ("gz", (0,)), ("gz", (-1, 0)), ("gz", (0, 1)), ("b",)),
    "gazonly": DEFAULT_TEMPLATES[:-1] + (("gz", (0,)), ("gz", (-1, 0)), ("gz", (0, 1)), ("b",)),
    "nodict": tuple(t for t in DEFAULT_TEMPLATES if t[0] not in ("ds", "de")),
    "small": tuple(t for t in DEFAULT_TEMPLATES
                   if not (t[0] == "c" and len(t[1]) == 3) and t != ("c", (-1, 1))),
}


# --------------------------------------------------------------------------- data
def load_cluener(path: Path):
    """[(text, [(start, end_excl, cluener_label)])] in file order."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            spans = []
            for lab, ents in d.get("label", {}).items():
                for surf, poss in ents.items():
                    for s, e in poss:
                        assert d["text"][s:e + 1] == surf
                        spans.append((s, e + 1, lab))
            out.append((d["text"], sorted(spans)))
    return out


def load_bio(path: Path, sep: str | None):
    """Char-per-line BIO/BMES files → [(text, [(start, end_excl, label)])]."""
    sents, chars, tags = [], [], []

    def flush():
        if chars:
            sents.append(("".join(chars), tags_to_spans(tags)))
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                flush()
                continue
            if sep is None:
                ch, tag = line[0], line[1:].strip()
            else:
                ch, tag = line.rsplit(sep, 1)
                ch = ch[:1] if ch else " "
            chars.append(ch)
            tags.append(tag.strip() or "O")
    flush()
    return sents


def tags_to_spans(tags):
    spans, start, lab = [], None, None
    for i, t in enumerate(tags + ["O"]):
        p, _, l = t.partition("-")
        if start is not None and not (p in ("I", "M", "E") and l == lab):
            spans.append((start, i, lab))
            start = None
        if p in ("B", "S") or (p in ("I", "M", "E") and start is None and l):
            start, lab = i, l
        if p in ("E", "S") and start is not None:
            spans.append((start, i + 1, lab))
            start = None
    return spans


class OrgTyper:
    """Re-types generic ORG spans (MSRA, People's Daily, Resume) as COMPANY / ORG / GOV from the
    CLUENER training split: exact surface first, then the last two / last one characters
    (needs ≥ 3 examples and a ≥ 70 % majority); otherwise the span stays ORG."""

    def __init__(self, train):
        self.surface = collections.defaultdict(collections.Counter)
        self.suffix = collections.defaultdict(collections.Counter)
        for text, spans in train:
            for s, e, lab in spans:
                m = CLUENER_MAP.get(lab)
                if m in ORG_TYPES:
                    w = text[s:e]
                    self.surface[w][m] += 1
                    for k in (1, 2, 3):
                        if len(w) > k:
                            self.suffix[w[-k:]][m] += 1
        self.stats = collections.Counter()

    def __call__(self, w: str) -> str:
        c = self.surface.get(w)
        if c:
            self.stats["surface"] += 1
            return c.most_common(1)[0][0]
        for k in (3, 2, 1):
            c = self.suffix.get(w[-k:]) if len(w) > k else None
            if c:
                lab, n = c.most_common(1)[0]
                if sum(c.values()) >= 3 and n / sum(c.values()) >= 0.7:
                    self.stats[f"suffix{k}:{lab}"] += 1
                    return lab
        self.stats["kept ORG"] += 1
        return "ORG"


def position_list(train, min_count: int = 2, min_ratio: float = 0.5):
    """Position titles labelled at least `min_count` times in the CLUENER training split and in
    at least `min_ratio` of their occurrences there (drops verbs such as 领导)."""
    c = collections.Counter(text[s:e] for text, spans in train for s, e, l in spans if l == "position")
    joined = "\n".join(text for text, _ in train)
    return {w for w, n in c.items()
            if n >= min_count and 2 <= len(w) <= 8 and n / max(joined.count(w), 1) >= min_ratio}


def silver_positions(text, spans, positions):
    """MSRA and People's Daily leave titles unlabelled (CLUENER labels them `position`): mark
    longest matches of known titles that touch no gold span."""
    taken = bytearray(len(text) + 1)
    for s, e, _ in spans:
        for i in range(s, e):
            taken[i] = 1
    out, i = [], 0
    while i < len(text):
        for n in range(min(8, len(text) - i), 1, -1):
            if text[i:i + n] in positions and not any(taken[i:i + n]):
                out.append((i, i + n, "POSITION"))
                i += n
                break
        else:
            i += 1
    return out


GENRE_MAP = {"Company": "COMPANY", "University": "ORG", "ResearchInstitute": "ORG", "Lab": "ORG", "Platform": "ORG",
             "GovernmentBody": "GOV", "Person": "PER", "Place": "LOC", "Policy": "BOOK"}
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")


def load_genre(folder: Path):
    """Real articles annotated by GUIDELINES v2 (NAME.txt + NAME.gold.json) → sentences with character spans:
    every gold name found at each of its occurrences, longest first (a name inside a longer one is not
    labelled there); coarse model labels (GENRE_MAP; projects are left out); a person's title right before or
    after the name as POSITION; a policy with its 《》 as BOOK (CLUENER's convention)."""
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        lines = gold_path.with_name(gold_path.name[:-len(".gold.json")] + ".txt").read_text("utf-8").splitlines()
        text = "\n".join(l for l in lines if not l.startswith("# source:"))
        names = sorted({(e["text"], e["type"]) for e in gold.get("entities", []) if e["type"] in GENRE_MAP},
                       key=lambda x: -len(x[0]))
        roles = {e["text"]: e["role"] for e in gold.get("entities", []) if e.get("role")}
        taken = bytearray(len(text) + 1)
        spans = []
        for name, type_name in names:
            i = text.find(name)
            while i >= 0:
                j = i + len(name)
                if not any(taken[i:j]):
                    a, b = i, j
                    if type_name == "Policy" and text[i - 1:i] == "《" and text[j:j + 1] == "》":
                        a, b = i - 1, j + 1
                    spans.append((a, b, GENRE_MAP[type_name]))
                    taken[a:b] = b"\x01" * (b - a)
                    role = roles.get(name) if type_name == "Person" else None
                    for rs, re_ in ((a - len(role), a), (b, b + len(role))) if role else ():
                        if rs >= 0 and text[rs:re_] == role and not any(taken[rs:re_]):
                            spans.append((rs, re_, "POSITION"))
                            taken[rs:re_] = b"\x01" * (re_ - rs)
                i = text.find(name, j)
        spans.sort()
        cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
        for a, b in zip(cuts, cuts[1:]):
            inside = [(s - a, e - a, l) for s, e, l in spans if a <= s and e <= b]
            if text[a:b].strip():
                out.append((text[a:b], inside))
    return out


def build_data(shared: Path, sources: list[str], silver: bool = True, genre: list[str] | None = None,
               genre_weight: int = 1):
    data = shared / "data" if (shared / "data").is_dir() else shared
    cl = load_cluener(data / "cluener" / "train.json")
    held = [x for i, x in enumerate(cl) if i % 10 == 0]
    held_texts = {t for t, _ in held}
    cl_train = [x for i, x in enumerate(cl) if i % 10 != 0 and x[0] not in held_texts]
    typer = OrgTyper(cl_train)
    train = []
    stats = collections.Counter()
    if "cluener" in sources:
        for text, spans in cl_train:
            train.append((text, [(s, e, CLUENER_MAP[l]) for s, e, l in spans if l in CLUENER_MAP]))
        stats["cluener"] = len(cl_train)
    other = []
    if "msra" in sources:
        other += [("msra", x) for x in load_bio(data / "msra" / "msra_test_bio.txt", "\t")]
    if "pd" in sources:
        for fn in ("example.dev", "example.test"):
            other += [("pd", x) for x in load_bio(data / "peoples_daily" / fn, " ")]
    if "resume" in sources:
        for fn in ("train.char.bmes", "dev.char.bmes", "test.char.bmes"):
            other += [("resume", x) for x in load_bio(data / "resumener" / fn, " ")]
    rmap = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "NAME": "PER", "TITLE": "POSITION"}
    positions = position_list(cl_train) if silver else set()
    for src, (text, spans) in other:
        if text in held_texts:
            continue
        out = []
        for s, e, l in spans:
            if src == "resume" and l == "LOC":
                continue
            m = rmap.get(l)
            if m == "ORG":
                m = typer(text[s:e])
            if m:
                out.append((s, e, m))
        if src in ("msra", "pd") and positions:
            added = silver_positions(text, out, positions)
            stats["silver POSITION"] += len(added)
            out += added
        train.append((text, out))
        stats[src] += 1
    for folder in genre or []:
        for text, spans in load_genre(Path(folder)):
            for _ in range(genre_weight):
                train.append((text, spans))
            stats["genre"] += 1
    # drop overlapping spans (keep the earlier / longer)
    clean = []
    for text, spans in train:
        spans = sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0])))
        keep, last = [], 0
        for s, e, l in spans:
            if s >= last and e > s:
                keep.append((s, e, l))
                last = e
        clean.append((text, keep))
    return clean, held, stats, typer.stats


def featurize_texts(feat, texts):
    """Feature keys per text, computed on one padded array (same code path as inference)."""
    codes = [text_codes(t)[1] for t in texts]
    lengths = np.array([len(c) for c in codes], dtype=np.int64)
    pieces = []
    for c in codes:
        pad = np.full(charner.PAD_WIDTH, charner.PAD, np.int64)
        pieces += [pad, c, pad]
    padded = np.concatenate(pieces)
    seg_off = np.concatenate([[0], np.cumsum(lengths + 2 * charner.PAD_WIDTH)[:-1]])
    idx = np.concatenate([np.arange(o + charner.PAD_WIDTH, o + charner.PAD_WIDTH + n) for o, n in zip(seg_off, lengths)])
    keys = feat.keys(padded, idx)
    return np.split(keys, np.cumsum(lengths)[:-1])


def bio_tags(n, spans):
    tags = ["O"] * n
    for s, e, l in spans:
        tags[s] = "B-" + l
        for i in range(s + 1, e):
            tags[i] = "I-" + l
    return tags


# --------------------------------------------------------------------------- dictionary
def build_dictionary(bits: int = 22):
    """Hash table of jieba's dictionary words (2..DICT_MAXN chars) with group flags."""
    import jieba
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    words = collections.defaultdict(int)
    for line in open(dict_path, encoding="utf-8"):
        parts = line.split()
        if len(parts) < 2:
            continue
        w, pos = parts[0], (parts[2] if len(parts) > 2 else "")
        _, codes = text_codes(w)
        if not (2 <= len(w) <= DICT_MAXN):
            continue
        w = "".join(map(chr, codes))
        flag = DICT_GROUPS["w"]
        if pos.startswith("nr"):
            flag |= DICT_GROUPS["nr"]
        elif pos == "ns":
            flag |= DICT_GROUPS["ns"]
        elif pos == "nt":
            flag |= DICT_GROUPS["nt"]
        words[w] |= flag
    for g, ws in TRIGGERS.items():
        for w in ws.split():
            w = "".join(map(chr, text_codes(w)[1]))
            words[w] |= DICT_GROUPS[g]
    items = sorted(words.items())
    all_slots, all_fps, all_flags = [], [], []
    for n in range(1, DICT_MAXN + 1):
        group = [(w, f) for w, f in items if len(w) == n]
        if not group:
            continue
        # the words of one length in a row, each followed by PAD; hash at each word start
        codes = np.concatenate([np.append(text_codes(w)[1], charner.PAD) for w, _ in group])
        h = _word_hashes(codes, n)[n][:: n + 1]
        slot, fp = dict_slot_value(h, bits)
        all_slots += slot.tolist()
        all_fps += fp.tolist()
        all_flags += [f for _, f in group]
    values = {}
    for slot, fp, flag in zip(all_slots, all_fps, all_flags):
        if slot in values and (values[slot] & ~0xFF) != fp:
            continue  # rare collision: the first word keeps the slot
        values[slot] = fp | (values.get(slot, 0) & 0xFF) | flag
    sl = np.array(sorted(values), dtype=np.int64)
    return bits, sl, np.array([values[s] for s in sl.tolist()], dtype=np.int64), str(dict_path)


def build_gazetteer(sents, bits: int = 20):
    """Hash table of training-set entity surfaces (2..DICT_MAXN chars) → majority label."""
    counts = collections.defaultdict(collections.Counter)
    for text, spans in sents:
        for s, e, lab in spans:
            if 2 <= e - s <= DICT_MAXN:
                w = "".join(map(chr, text_codes(text[s:e])[1]))
                counts[w][lab] += 1
    label_id = {l: i + 1 for i, l in enumerate(charner.MODEL_LABELS)}
    values = {}
    for n in range(2, DICT_MAXN + 1):
        group = sorted(w for w in counts if len(w) == n)
        if not group:
            continue
        codes = np.concatenate([np.append(text_codes(w)[1], charner.PAD) for w in group])
        h = _word_hashes(codes, n)[n][:: n + 1]
        slot, fp = dict_slot_value(h, bits)
        for w, sl, f in zip(group, slot.tolist(), fp.tolist()):
            if sl not in values:
                values[sl] = f | label_id[counts[w].most_common(1)[0][0]]
    sl = np.array(sorted(values), dtype=np.int64)
    table = np.zeros(1 << bits, dtype=np.int64)
    vals = np.array([values[x] for x in sl.tolist()], dtype=np.int64)
    table[sl] = vals
    return bits, sl, vals, table


# --------------------------------------------------------------------------- scoring
def score(gold, pred, labels):
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    for g, p in zip(gold, pred):
        g = {x for x in g if x[2] in labels}
        p = {x for x in p if x[2] in labels}
        for x in g & p:
            tp[x[2]] += 1
        for x in p - g:
            fp[x[2]] += 1
        for x in g - p:
            fn[x[2]] += 1
    rows = {}
    for lab in list(labels) + ["micro"]:
        if lab == "micro":
            t, f_, n = sum(tp[l] for l in labels), sum(fp[l] for l in labels), sum(fn[l] for l in labels)
        else:
            t, f_, n = tp[lab], fp[lab], fn[lab]
        p = t / (t + f_) if t + f_ else 0.0
        r = t / (t + n) if t + n else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows[lab] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "support": t + n}
    return rows


def evaluate(model, held):
    texts = [t for t, _ in held]
    preds = model.predict_many(texts)
    pred = [[(s, e, BACK_MAP.get(l, l)) for s, e, l, _ in p] for p in preds]
    gold = [spans for _, spans in held]
    return score(gold, pred, SCORED), score(gold, pred, ("address", "book"))


def speed(model, shared: Path, repeat: int = 2):
    """Characters per CPU-second (best of `repeat`) on the State Council work reports."""
    data = shared / "data" if (shared / "data").is_dir() else shared
    files = sorted((data / "corpora" / "gov_work_reports").glob("*.txt"))
    text = "\n".join(f.read_text("utf-8") for f in files)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        model.predict(text)
        best = min(best, time.process_time() - t0)
    return len(text), len(text) / best


# --------------------------------------------------------------------------- training
def train(args):
    import pycrfsuite

    t_start = time.time()
    shared = Path(args.shared)
    sources = args.sources.split(",")
    train_set, held, stats, typer_stats = build_data(shared, sources, not args.no_silver, args.genre, args.genre_weight)
    print(f"training sentences: {dict(stats)}; held-out CLUENER sentences: {len(held)}", flush=True)
    print(f"ORG re-typing of MSRA/PD/Resume spans: {dict(typer_stats)}", flush=True)
    bits, slots, values, dict_src = build_dictionary()
    dict_table = np.zeros(1 << bits, dtype=np.int64)
    dict_table[slots] = values
    templates = TEMPLATE_SETS[args.templates]
    feat = Featurizer(templates, args.hash_bits, dict_table, bits)
    gaz = None
    if feat.needs_gaz:
        gaz = build_gazetteer(train_set)
        feat.gaz_table, feat.gaz_bits = gaz[3], gaz[0]

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    n_chars = 0
    if gaz is None:
        all_keys = featurize_texts(feat, [t for t, _ in train_set])
    else:  # 5-fold: each sentence sees a gazetteer built from the other folds only
        all_keys = [None] * len(train_set)
        for k in range(5):
            gk = build_gazetteer([x for i, x in enumerate(train_set) if i % 5 != k])
            fk = Featurizer(templates, args.hash_bits, dict_table, bits, gk[3], gk[0])
            ids = [i for i in range(len(train_set)) if i % 5 == k]
            for i, keys in zip(ids, featurize_texts(fk, [train_set[i][0] for i in ids])):
                all_keys[i] = keys
    for (text, spans), keys in zip(train_set, all_keys):
        xseq = [[format(k, "x") for k in row] for row in keys.tolist()]
        trainer.append(xseq, bio_tags(len(text), spans))
        n_chars += len(text)
    del all_keys
    print(f"{n_chars} training characters, featurised in {time.time() - t_start:.0f}s", flush=True)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "_crf.tmp"
    t0 = time.time()
    trainer.train(str(tmp))
    t_train = time.time() - t0
    print(f"CRF trained in {t_train:.0f}s ({args.iterations} L-BFGS iterations)", flush=True)

    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp))
    info = tagger.info()
    tags = ["O"] + sorted(l for l in tagger.labels() if l != "O")
    tix = {t: i for i, t in enumerate(tags)}
    rows = collections.defaultdict(lambda: np.zeros(len(tags), np.float32))
    n_nonzero = 0
    for (attr, lab), w in info.state_features.items():
        if abs(w) >= args.prune:
            rows[int(attr, 16)][tix[lab]] = w
            n_nonzero += 1
    trans = np.zeros((len(tags), len(tags)), np.float32)
    for (a, b), w in info.transitions.items():
        trans[tix[a], tix[b]] = w
    tagger.close()
    if not args.keep_crf:
        os.remove(tmp)
    buckets = np.array(sorted(rows), dtype=np.int32)
    W = np.stack([rows[b] for b in buckets.tolist()]) if len(buckets) else np.zeros((0, len(tags)))
    np.savez_compressed(out / "weights.npz", buckets=buckets, rows=W.astype(np.float16),
                        trans=trans)
    np.savez_compressed(out / "dictionary.npz", bits=np.int64(bits), slots=slots.astype(np.int32),
                        values=values.astype(np.int32))
    if gaz is not None:
        np.savez_compressed(out / "gazetteer.npz", bits=np.int64(gaz[0]),
                            slots=gaz[1].astype(np.int32), values=gaz[2].astype(np.int32))
    elif (out / "gazetteer.npz").exists():
        (out / "gazetteer.npz").unlink()
    meta = {
        "name": "kg-charcrf-zh", "version": args.version, "tags": tags,
        "labels": sorted({t[2:] for t in tags if t != "O"}),
        "templates": [list(t) for t in templates], "hash_bits": args.hash_bits,
        "training": {"sources": sources, "genre": [Path(g).name for g in args.genre],
                     "genre_weight": args.genre_weight, "sentences": dict(stats), "characters": n_chars,
                     "c1": args.c1, "c2": args.c2, "iterations": args.iterations,
                     "prune": args.prune, "template_set": args.templates,
                     "feature_rows": int(len(buckets)), "nonzero_weights": n_nonzero,
                     "org_retyping": dict(typer_stats),
                     "dictionary": "jieba " + __import__("jieba").__version__ + " dict.txt",
                     "train_seconds": round(t_train)},
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    model = charner.CharNER.load(out)
    main, extra = evaluate(model, held)
    n_text, cps = speed(model, shared)
    meta["heldout"] = {"split": "CLUENER train.json lines with 0-based index % 10 == 0",
                       "sentences": len(held), "scores": main, "extra": extra}
    meta["speed_chars_per_s"] = round(cps)
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    print(f"\nheld-out CLUENER ({len(held)} sentences), exact span + label:")
    print(f"{'label':14s} {'P':>7s} {'R':>7s} {'F1':>7s} {'support':>8s}")
    for lab, r in list(main.items()) + list(extra.items())[:2]:
        print(f"{lab:14s} {r['p']:7.4f} {r['r']:7.4f} {r['f1']:7.4f} {r['support']:8d}")
    print(f"\nfeature rows {len(buckets)}, nonzero weights {n_nonzero}, model size {size / 1e6:.1f} MB")
    print(f"speed {cps / 1e3:.0f}k chars/s on {n_text} chars; total time {time.time() - t_start:.0f}s")
    return main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "kg" / "nlp" / "resources" / "ner_model"))
    ap.add_argument("--sources", default="cluener",
                    help="comma list of cluener,msra,pd,resume (see MODEL_CARD.md: CLUENER alone scores best)")
    ap.add_argument("--templates", default="gaz", choices=sorted(TEMPLATE_SETS))
    ap.add_argument("--hash-bits", type=int, default=charner.HASH_BITS_DEFAULT)
    ap.add_argument("--c1", type=float, default=0.02)
    ap.add_argument("--c2", type=float, default=0.02)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--prune", type=float, default=1e-3)
    ap.add_argument("--version", default="1.0")
    ap.add_argument("--no-silver", action="store_true", help="no silver POSITION spans in MSRA/PD")
    ap.add_argument("--keep-crf", action="store_true", help="keep the crfsuite model file")
    ap.add_argument("--genre", nargs="*", default=[],
                    help="folders of real genre articles with GUIDELINES v2 gold (NAME.txt + NAME.gold.json)")
    ap.add_argument("--genre-weight", type=int, default=1, help="how many times each genre sentence counts")
    args = ap.parse_args(argv)
    train(args)


if __name__ == "__main__":
    main()
