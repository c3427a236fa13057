"""The held-out genre articles (data/heldout): well-formed gold, and a floor under the pipeline's
scores on them so a change that breaks the genre shows up. The floors sit below the measured
scores (entities 0.944, relations 0.678); the articles are never used to tune the rules."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.eval.scorer import GOLD_ENTITY_TYPES, evaluate_gold

HELDOUT = Path(__file__).resolve().parent.parent / "data" / "heldout"
PAIRS = sorted(HELDOUT.glob("*.gold.json"))


@pytest.mark.parametrize("gold_path", PAIRS, ids=lambda p: p.name.split(".")[0])
def test_gold_is_well_formed(gold_path):
    text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text("utf-8")
    gold = json.loads(gold_path.read_text("utf-8"))
    for entity in gold["entities"]:
        assert entity["type"] in GOLD_ENTITY_TYPES, entity
        assert entity["text"] in text, entity
    for relation in gold["relations"]:
        assert relation["head"] in text and relation["tail"] in text, relation
        assert relation["evidence"] in text, relation


def test_pipeline_scores_stay_above_the_floor():
    assert len(PAIRS) == 3
    report = evaluate_gold([HELDOUT])
    assert report.entities.micro.f1 >= 0.90
    assert report.relations.micro.f1 >= 0.60
