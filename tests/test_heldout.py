"""The held-out genre articles (data/heldout, data/heldout2): well-formed gold, and a floor under the
pipeline's scores on them so a change that breaks the genre shows up. The floors sit below the
measured scores (heldout: entities 0.944, relations 0.699; heldout2: entities 0.982, relations 0.742);
the articles are for measuring, not for tuning (see each folder's README for its status)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.eval.scorer import GOLD_ENTITY_TYPES, evaluate_gold

HELDOUT = Path(__file__).resolve().parent.parent / "data" / "heldout"
HELDOUT2 = HELDOUT.with_name("heldout2")
PAIRS = sorted(HELDOUT.glob("*.gold.json")) + sorted(HELDOUT2.glob("*.gold.json"))


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


@pytest.mark.parametrize("folder, entities, relations", [(HELDOUT, 0.90, 0.60), (HELDOUT2, 0.93, 0.65)],
                         ids=["heldout", "heldout2"])
def test_pipeline_scores_stay_above_the_floor(folder, entities, relations):
    assert len(list(folder.glob("*.gold.json"))) >= 2
    report = evaluate_gold([folder])
    assert report.entities.micro.f1 >= entities
    assert report.relations.micro.f1 >= relations
