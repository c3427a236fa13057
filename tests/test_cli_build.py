"""kg build end to end on data/samples, through the CLI, and the failures a user can cause."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Namespace, compare
from rdflib.namespace import SKOS

from kg.cli import main

KGO = Namespace("https://w3id.org/kg-innovation/ontology#")


def entity(g: Graph, label: str, type_name: str):
    for node in g.subjects(RDFS.label, None):
        labels = {str(l) for l in g.objects(node, RDFS.label)} | {str(l) for l in g.objects(node, SKOS.altLabel)}
        if label in labels and (node, RDF.type, KGO[type_name]) in g:
            return node
    return None


def test_build_writes_turtle_and_map_and_summary(tmp_path, samples):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(samples), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents: 6" in result.output
    assert "entities:" in result.output and "relations:" in result.output and "triples:" in result.output
    g = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 1000
    html = (out / "map.html").read_text("utf-8")
    assert "洛阳中孚精密轴承有限公司" in html or "中孚轴承" in html
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind


def test_sample_graph_has_expected_entities_and_relations(sample_graph):
    g = sample_graph
    assert entity(g, "河南科技大学", "University") is not None
    assert entity(g, "合肥市量子信息未来产业发展行动方案", "Policy") is not None
    assert entity(g, "人民日报", "Policy") is None  # a newspaper, not a policy
    lab = entity(g, "合肥量子精密测量研究院", "ResearchInstitute")
    host = entity(g, "中国科学技术大学", "University")
    assert lab is not None and host is not None
    assert (lab, KGO.hostedBy, host) in g
    firm, partner = entity(g, "中孚轴承", "Company"), entity(g, "河南科技大学", "University")
    assert (firm, KGO.collaboratesWith, partner) in g or (partner, KGO.collaboratesWith, firm) in g
    # every relation triple has evidence with a sentence and offsets
    for s, p, o in g.triples((None, KGO.hostedBy, None)):
        evidence = list(g.subjects(KGO.subject, s))
        assert any((ev, KGO.object, o) in g and (ev, KGO.evidenceText, None) in g for ev in evidence)


def test_encodings_give_identical_graphs(tmp_path, samples):
    source = samples / "luoyang_bearings_2024-03-08.txt"
    text = source.read_text("utf-8")
    graphs = []
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        folder = tmp_path / encoding
        folder.mkdir()
        (folder / source.name).write_bytes(text.encode(encoding))
        out = tmp_path / f"out-{encoding}"
        result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--no-map", "-q"])
        assert result.exit_code == 0, result.output
        graphs.append(Graph().parse(out / "graph.ttl", format="turtle"))
    # the documents differ only in their recorded source path
    for g in graphs:
        g.remove((None, KGO.sourcePath, None))
    assert all(compare.isomorphic(graphs[0], g) for g in graphs[1:])


def test_binary_and_empty_files_are_reported_and_the_rest_is_built(tmp_path, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples / "hefei_quantum_2024-02-02.txt", folder)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--no-map", "-q"])
    assert result.exit_code == 1
    assert "image.txt: binary file" in result.output
    assert "empty.txt: empty file" in result.output
    assert "notes.pdf: not a readable PDF" in result.output  # a broken PDF is a failure, not a skipped file
    assert "3 file(s) could not be read" in result.output
    assert (out / "graph.ttl").exists()  # the good document was still built


def test_strict_stops_at_the_first_bad_file(tmp_path, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_empty.txt").write_text("", encoding="utf-8")
    shutil.copy(samples / "hefei_quantum_2024-02-02.txt", folder)
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "o"), "--strict", "-q"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {folder / 'a_empty.txt'}: empty file"
    assert not (tmp_path / "o" / "graph.ttl").exists()


def test_existing_outputs_survive_a_failed_build(tmp_path, samples):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous graph\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "missing"), "--out", str(out)])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output
    assert (out / "graph.ttl").read_text("utf-8") == "# previous graph\n"


def test_bad_base_and_context_are_one_line_errors(tmp_path, samples):
    r = CliRunner().invoke(main, ["build", str(samples), "--out", str(tmp_path), "--base", "not an iri"])
    assert r.exit_code == 1 and r.output.startswith("Error: --base must be an absolute IRI")
    r = CliRunner().invoke(main, ["build", str(samples), "--out", str(tmp_path), "--context", "town"])
    assert r.exit_code == 1 and "--context expects city=NAME" in r.output


def test_every_command_has_help_and_is_in_the_readme():
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name
        assert f"kg {name}" in readme, name


def test_skipped_files_are_told_with_their_own_reason(tmp_path, samples):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples / "hefei_quantum_2024-02-02.txt", folder)
    (folder / "README.md").write_text("# about this folder\n", encoding="utf-8")
    (folder / "hefei_quantum_2024-02-02.gold.json").write_text("{}", encoding="utf-8")
    (folder / "table.xlsx").write_bytes(b"PK")
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out"), "--no-map", "-q"])
    assert result.exit_code == 0, result.output
    assert "skipped (folder documentation): README.md" in result.output
    assert "skipped (gold annotations): hefei_quantum_2024-02-02.gold.json" in result.output
    assert "skipped (not .txt/.md/.html/.pdf/.docx): table.xlsx" in result.output


def test_an_output_folder_that_cannot_be_made_is_one_line_error(tmp_path, samples):
    result = CliRunner().invoke(main, ["build", str(samples / "hefei_quantum_2024-02-02.txt"),
                                       "--out", "/proc/kg-cannot-be-here", "--no-map", "-q"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "/proc/kg-cannot-be-here" in result.output and "Traceback" not in result.output
