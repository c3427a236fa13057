"""The reading verbs through the CLI on the sample build: stats, validate, viz, eval, --infer."""
from __future__ import annotations

import json

from click.testing import CliRunner
from rdflib import Graph, Namespace, RDF

from kg.cli import main

SCHEMA = Namespace("https://schema.org/")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_stats_json(sample_build):
    out, _ = sample_build
    result = run("stats", out / "graph.ttl", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 6 and data["entities"]["University"] >= 10 and data["relations"]["hostedBy"] >= 5


def test_validate_accepts_the_sample_build_and_rejects_a_broken_graph(sample_build, tmp_path):
    out, _ = sample_build
    ok = run("validate", out / "graph.ttl")
    assert ok.exit_code == 0, ok.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kgo: <https://w3id.org/kg-innovation/ontology#> .\n"
                      "<http://x/a> a kgo:Company .\n", encoding="utf-8")  # no label
    bad = run("validate", broken)
    assert bad.exit_code == 1 and "violation" in bad.output


def test_not_rdf_is_a_one_line_error_with_the_line(tmp_path):
    garbage = tmp_path / "x.ttl"
    garbage.write_text("@prefix a: <http://a/> .\nthis is not turtle\n", encoding="utf-8")
    result = run("stats", garbage)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {garbage}:2:") and len(result.output.strip().splitlines()) == 1


def test_viz_writes_a_map_with_options(sample_build, tmp_path):
    out, _ = sample_build
    target = tmp_path / "m.html"
    result = run("viz", out / "graph.ttl", "--out", target, "--focus", "河南科技大学", "--hops", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "河南科技大学" in target.read_text("utf-8")
    missing = run("viz", out / "graph.ttl", "--out", tmp_path / "n.html", "--focus", "不存在的机构")
    assert missing.exit_code == 1 and missing.output.startswith("Error:")


def test_eval_prints_scores_and_json(samples):
    result = run("eval", samples / "luoyang_bearings_2024-03-08.txt", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["entities"]["micro"]["f1"] > 0.8 and report["relations"]["micro"]["f1"] > 0.6


def test_eval_cluener_format(tmp_path):
    line = {"text": "华为技术有限公司总裁任正非在深圳市政府的支持下发布新产品，记者在现场看到了样机。",
            "label": {"company": {"华为技术有限公司": [[0, 7]]}, "name": {"任正非": [[10, 12]]},
                      "position": {"总裁": [[8, 9]], "记者": [[29, 30]]}, "government": {"深圳市政府": [[14, 18]]}}}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("eval", "--format", "cluener", path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["entities"]["by_type"]["company"]["tp"] == 1
    assert report["entities"]["by_type"]["name"]["tp"] == 1
    # titles count whether a person is named beside them (总裁) or not (记者)
    assert report["entities"]["by_type"]["position"]["tp"] == 2


def test_build_infer_adds_aligned_types(tmp_path, samples):
    result = run("build", samples / "luoyang_bearings_2024-03-08.txt", "--out", tmp_path, "--infer", "--no-map",
                 "--no-validate", "-q")
    assert result.exit_code == 0, result.output
    g = Graph().parse(tmp_path / "graph.ttl")
    assert any(True for _ in g.subjects(RDF.type, SCHEMA.Organization))
