"""`kg eval` scores as the reference scorer (../shared/eval/score.py, GUIDELINES v2) does: the same
figures on every sample article and on the real development set, and the scoring rules themselves on
small hand-made graphs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

import kg
from kg.cli import main
from kg.eval.scorer import TypeScores, evaluate_gold, gold_key, score_graph

EX = Namespace("http://example.org/")
KGO = Namespace("https://w3id.org/kg-innovation/ontology#")


def _reference(score_py: Path, graph: Path, gold: Path) -> dict:
    out = subprocess.run([sys.executable, str(score_py), str(graph), str(gold), "--json", "-v"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _counts(ref: dict) -> dict:
    """(correct predictions, predictions, gold found, gold) of entities and relations from score.py -v."""
    e, r = ref["entities"]["all"], ref["relations"]["all"]
    return {"entities": (e[3] - len(ref["false_entities"]), e[3], e[4] - len(ref["missed_entities"]), e[4]),
            "relations": (r[3] - len(ref["false_relations"]), r[3], r[4] - len(ref["missed_relations"]), r[4])}


def _ours(scores) -> tuple:
    m = scores.micro
    return (m.right, m.right + m.fp, m.tp, m.tp + m.fn)


@pytest.mark.parametrize("folder", ["samples", "real"])
def test_kg_eval_gives_the_reference_scorers_figures(folder, shared, samples, tmp_path):
    score_py = shared / "eval" / "score.py"
    root = samples if folder == "samples" else shared / "eval" / "real"
    golds = sorted(root.glob("*.gold.json"))
    assert golds
    total = {"entities": [0, 0, 0, 0], "relations": [0, 0, 0, 0]}
    for gold in golds:
        text = gold.with_name(gold.name[:-len(".gold.json")] + ".txt")
        out = tmp_path / text.stem
        kg.build([str(text)], out=out, map_html=False, validate=False, cache=False)  # = kg build FILE --out DIR
        ref = _counts(_reference(score_py, out / "graph.ttl", gold))
        report = evaluate_gold([gold])
        assert _ours(report.entities) == ref["entities"], gold.name
        assert _ours(report.relations) == ref["relations"], gold.name
        for key in total:
            total[key] = [a + b for a, b in zip(total[key], ref[key])]
    # and the folder as a whole through the CLI, micro over articles
    result = CliRunner().invoke(main, ["eval", str(root), "--json"])
    assert result.exit_code == 0, result.output
    micro = json.loads(result.output)
    for key in total:
        right, predicted, found, gold_n = total[key]
        m = micro[key]["micro"]
        assert (m["predicted"], m["gold"], m["tp"]) == (predicted, gold_n, found)
        assert m["precision"] == pytest.approx(right / predicted if predicted else 0.0, abs=1e-4)


def _graph(*triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def _score(g: Graph, gold: dict):
    ents, rels = TypeScores(), TypeScores()
    score_graph(g, gold, ents, rels)
    return ents.micro, rels.micro


def test_a_node_with_two_gold_names_is_one_right_prediction_finding_both():
    g = _graph((EX.a, RDF.type, KGO.Company), (EX.a, RDFS.label, Literal("安徽丰原集团有限公司")),
               (EX.a, SKOS.altLabel, Literal("丰原集团")))
    gold = {"entities": [{"text": "安徽丰原集团有限公司", "type": "Company"}, {"text": "丰原集团", "type": "Company"}]}
    ents, _ = _score(g, gold)
    assert (ents.right, ents.fp, ents.tp, ents.fn) == (1, 0, 2, 0)


def test_aliases_ignore_and_types_by_local_name():
    other = Namespace("http://other.example/vocab#")
    g = _graph((EX.a, RDF.type, other.Company), (EX.a, RDFS.label, Literal("丰原集团")),       # alias of the full form
               (EX.b, RDF.type, other.ResearchInstitute), (EX.b, RDFS.label, Literal("中国科学院")),  # ignored
               (EX.c, RDF.type, other.Place), (EX.c, RDFS.label, Literal("蚌埠")))             # wrong
    gold = {"entities": [{"text": "安徽丰原集团有限公司", "type": "Company"}, {"text": "丰原集团", "type": "Company"}],
            "aliases": {"丰原集团": "安徽丰原集团有限公司"}, "ignore": ["中国科学院"]}
    ents, _ = _score(g, gold)
    assert (ents.right, ents.fp, ents.tp, ents.fn) == (1, 1, 2, 0)


def test_relations_by_labels_inverse_and_symmetric():
    g = _graph((EX.lab, RDF.type, KGO.Lab), (EX.lab, RDFS.label, Literal("高分子实验室")),
               (EX.co, RDF.type, KGO.Company), (EX.co, RDFS.label, Literal("甲公司")),
               (EX.uni, RDF.type, KGO.University), (EX.uni, RDFS.label, Literal("乙大学")),
               (EX.co, EX.hosts, EX.lab),                # inverse of hostedBy
               (EX.uni, KGO.collaboratesWith, EX.co),    # gold says it the other way round
               (EX.co, KGO.awarded, Literal("国家级奖项")),  # free-text tail
               (EX.co, KGO.partOf, EX.uni))               # not in gold
    gold = {"entities": [],
            "relations": [{"head": "高分子实验室", "relation": "hostedBy", "tail": "甲公司"},
                          {"head": "甲公司", "relation": "collaboratesWith", "tail": "乙大学"},
                          {"head": "甲公司", "relation": "awarded", "tail": "国家级奖项"},
                          {"head": "甲公司", "relation": "funds", "tail": "乙大学"}]}
    _, rels = _score(g, gold)
    assert (rels.right, rels.fp, rels.tp, rels.fn) == (3, 1, 3, 1)


def test_gold_keys_ignore_spaces_brackets_and_book_marks():
    assert gold_key(" 《河南省 规划》") == "河南省规划"
    assert gold_key("稀瑞材料技术（杭州）有限公司") == "稀瑞材料技术(杭州)有限公司"
