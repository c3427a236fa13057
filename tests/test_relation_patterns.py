"""Relation patterns as data (kg/nlp/resources/relation_patterns/*.tsv): every pattern compiles, and on its
own example sentence (written for it) gives the head and tail its line names."""
from __future__ import annotations

import pytest

from kg.nlp import load_pipeline
from kg.nlp.components.relation_patterns import compile_pattern, load_patterns, match_patterns
from kg.nlp.components.relations import Ent
from kg.nlp.normalize import normalize

PATTERNS = load_patterns()


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_patterns_are_loaded_with_unique_ids():
    ids = [p.id for p in PATTERNS]
    assert len(ids) >= 30 and len(ids) == len(set(ids))


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.id)
def test_each_pattern_matches_its_example(nlp, pattern):
    rows = {p.id: p for p in PATTERNS}
    line = rows[pattern.id]
    doc = nlp(line.example)
    text = normalize(line.example)  # the relation layer reads the normalised text
    ents = [Ent(e.start_char, e.end_char, e.label_, text[e.start_char:e.end_char], e.start_char, e.end_char,
                e._.canonical) for e in doc.ents]
    got = {(h.text, t.text) for p, h, t in match_patterns(text, ents) if p.id == pattern.id}
    expected = _expected(pattern.id)
    assert tuple(normalize(x) for x in expected) in got, (pattern.id, got, [(e.text, e.label) for e in ents])


def _expected(pid):
    from importlib import resources
    folder = resources.files("kg.nlp.resources").joinpath("relation_patterns")
    for path in folder.iterdir():
        if path.name.endswith(".tsv"):
            lines = [x for x in path.read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")]
            header = lines[0].split("\t")
            for x in lines[1:]:
                row = dict(zip(header, x.split("\t")))
                if row["id"] == pid:
                    return row["head"], row["tail"]
    raise KeyError(pid)


def test_pattern_syntax():
    rx = compile_pattern("{T:ORG}(申报|建设)的?{H+:HOSTED}")
    assert rx.groupindex.keys() == {"T", "H"}
    with pytest.raises(ValueError):
        compile_pattern("{X:ORG}的{H:Lab}")
    with pytest.raises(ValueError):
        compile_pattern("{H:Nonsense}")
