#!/usr/bin/env python
"""Learn which verbs, adverbs and other function-class words occur *inside* organisation names, so the
rule layer can treat every other such word as the left edge of a name (赴|四川大学, 推荐|食品学院,
建议|兰州大学药学院) while keeping the ones names are made of (研究|院, 开发|区, 联合|实验室).

    python scripts/learn_name_words.py [--shared ../shared] [--out kg/nlp/resources/name_inner_words.tsv]

Names: the organisation, company and government spans of CLUENER2020 train (all lines but the held-out
slice, i % 10 == 0), the ORG spans of MSRA test and People's Daily dev+test, and the gazetteers shipped
in kg/nlp/resources. Each name is cut by jieba (no HMM, as the rules cut); every word but the last whose
jieba tag is a verb, adverb, adjective, preposition, conjunction or pronoun is counted. Words seen at
least twice are written (word, tag, count), most frequent first. Deterministic.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLASSES = ("v", "d", "a", "p", "c", "r")


def bio_names(path: Path, names: Counter) -> None:
    """ORG spans of a char-per-line BIO/BMES file."""
    current: list[str] = []
    for line in path.read_text("utf-8").splitlines() + [""]:
        parts = line.split()
        tag = parts[-1] if len(parts) >= 2 else "O"
        inside = tag.endswith("ORG")
        if inside and tag[0] in "IME" and current:
            current.append(parts[0])
            continue
        if current:
            names["".join(current)] += 1
        current = [parts[0]] if inside and tag[0] in "BS" else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "nlp" / "resources" / "name_inner_words.tsv")
    args = parser.parse_args()
    import jieba
    import jieba.posseg
    from kg.nlp import gazetteer as gz
    jieba.setLogLevel(60)
    jieba.initialize()
    tags = jieba.posseg.dt.word_tag_tab
    names: Counter = Counter()
    data = args.shared / "data"
    for i, line in enumerate((data / "cluener" / "train.json").read_text("utf-8").splitlines()):
        if i % 10 == 0:
            continue  # the held-out slice
        for label, entities in json.loads(line)["label"].items():
            if label in ("company", "organization", "government"):
                for name in entities:
                    names[name] += 1
    bio_names(data / "msra" / "msra_test_bio.txt", names)
    for part in ("example.dev", "example.test"):
        bio_names(data / "peoples_daily" / part, names)
    for name in list(gz.universities()) + list(gz.institutes()) + list(gz.companies()) + list(gz.gov_bodies()):
        names[name] += 1
    inner: Counter = Counter()
    for name in sorted(names):
        for word in jieba.lcut(name, HMM=False)[:-1]:
            if tags.get(word, "").startswith(CLASSES):
                inner[word] += 1
    rows = sorted(((w, tags[w], n) for w, n in inner.items() if n >= 2), key=lambda r: (-r[2], r[0]))
    lines = ["# Verbs, adverbs, adjectives, prepositions, conjunctions and pronouns seen inside organisation names",
             f"# ({len(names)} names; written by scripts/learn_name_words.py — do not edit by hand)",
             "word\ttag\tcount"] + [f"{w}\t{t}\t{n}" for w, t, n in rows]
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(rows)} words from {len(names)} names → {args.out}")


if __name__ == "__main__":
    main()
