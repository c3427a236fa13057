#!/usr/bin/env python
"""Learn two word lists the rule layer reads, from the research corpora in ../shared (never copied):

1. which verbs, adverbs and other function-class words occur *inside* organisation names, so the rules can
   treat every other such word as the left edge of a name (推荐|食品学院, 赴|四川大学) while keeping the ones
   names are made of (研究|院, 开发|区, 联合|实验室) → kg/nlp/resources/name_inner_words.tsv;
2. how often each character ends a three-character person name, against how often it follows a complete
   name (明: 70 / 6, 和: 9 / 134), so a name that a dictionary word runs over can still end in a character
   that usually ends names (孙德明|说) but not in one that never does (颜虹共|同)
   → kg/nlp/resources/given_final_chars.tsv.

    python scripts/learn_name_words.py [--shared ../shared] [--genre GOLD_DIR ...]

Organisation names: the organisation, company and government spans of CLUENER2020 train (all lines but the held-out
slice, i % 10 == 0), the ORG spans of MSRA test and People's Daily dev+test, and the gazetteers shipped
in kg/nlp/resources. Each name is cut by jieba (no HMM, as the rules cut); every word but the last whose
jieba tag is a verb, adverb, adjective, preposition, conjunction or pronoun is counted. Words seen at
least twice are written (word, tag, count), most frequent first. Person names: the name spans of CLUENER
train (same lines) and the PER spans of MSRA test and People's Daily dev+test. With ``--genre``, the organisation
entities (Company … GovernmentBody, with their aliases) of annotated genre articles (NAME.gold.json, GUIDELINES v2)
count as names too: platform names such as 技术转移中心 and 科技成果转化中心 are made of verbs that general-news
names seldom contain. Deterministic.
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


def bio_sentences(path: Path):
    """(text, tags) of each sentence of a char-per-line BIO/BMES file."""
    chars: list[str] = []
    tags: list[str] = []
    for line in path.read_text("utf-8").splitlines() + [""]:
        parts = line.split()
        if len(parts) < 2:
            if chars:
                yield "".join(chars), tags
            chars, tags = [], []
            continue
        chars.append(parts[0])
        tags.append(parts[-1])


def bio_spans(tags: list[str], kind: str):
    """(start, end) of each `kind` span (B/S then I/M/E)."""
    i = 0
    while i < len(tags):
        if tags[i] in (f"B-{kind}", f"S-{kind}"):
            j = i + 1
            while j < len(tags) and tags[j] in (f"I-{kind}", f"M-{kind}", f"E-{kind}"):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def count_person_finals(text: str, spans, final: Counter, after: Counter) -> None:
    for s, e in spans:
        if e - s == 3:
            final[text[e - 1]] += 1
        if 2 <= e - s <= 3 and e < len(text):
            after[text[e]] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--genre", type=Path, nargs="*", default=[], help="folders of NAME.gold.json")
    args = parser.parse_args()
    import jieba
    import jieba.posseg
    from kg.nlp import gazetteer as gz
    jieba.setLogLevel(60)
    jieba.initialize()
    tags = jieba.posseg.dt.word_tag_tab
    names: Counter = Counter()
    final: Counter = Counter()
    after: Counter = Counter()
    data = args.shared / "data"
    for i, line in enumerate((data / "cluener" / "train.json").read_text("utf-8").splitlines()):
        if i % 10 == 0:
            continue  # the held-out slice
        item = json.loads(line)
        for label, entities in item["label"].items():
            if label in ("company", "organization", "government"):
                for name in entities:
                    names[name] += 1
        persons = [(s, e + 1) for spans in item["label"].get("name", {}).values() for s, e in spans]
        count_person_finals(item["text"], persons, final, after)
    for path in (data / "msra" / "msra_test_bio.txt", data / "peoples_daily" / "example.dev",
                 data / "peoples_daily" / "example.test"):
        for text, bio_tags in bio_sentences(path):
            for s, e in bio_spans(bio_tags, "ORG"):
                names[text[s:e]] += 1
            count_person_finals(text, bio_spans(bio_tags, "PER"), final, after)
    for name in list(gz.universities()) + list(gz.institutes()) + list(gz.companies()) + list(gz.gov_bodies()):
        names[name] += 1
    org_types = {"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody", "Organization"}
    for folder in args.genre:
        for path in sorted(folder.glob("*.gold.json")):
            for ent in json.loads(path.read_text("utf-8")).get("entities", []):
                if ent.get("type") in org_types:
                    for name in [ent["text"]] + list(ent.get("aliases") or []):
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
    resources = ROOT / "kg" / "nlp" / "resources"
    (resources / "name_inner_words.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    chars = sorted(set(final) | set(after), key=lambda c: (-(final[c] + after[c]), c))
    lines = ["# How often a character ends a three-character person name, and how often it follows a complete name",
             "# (written by scripts/learn_name_words.py — do not edit by hand)",
             "char\tfinal\tafter"] + [f"{c}\t{final[c]}\t{after[c]}" for c in chars if final[c] + after[c] >= 2]
    (resources / "given_final_chars.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(rows)} words from {len(names)} organisation names; {len(lines) - 3} name-final characters")


if __name__ == "__main__":
    main()
