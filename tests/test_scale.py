"""Incremental builds (cache, store sync), parallel and Dask extraction, deterministic exports."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rdflib import Graph, compare

import kg
from kg.cli import main
from kg.store import open_source


@pytest.fixture()
def corpus(tmp_path, samples):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(samples.glob("*.txt"))[:4]:
        shutil.copy(path, folder)
    return folder


def test_store_builds_are_incremental_and_folders_sync(tmp_path, corpus):
    store = tmp_path / "store"
    first = kg.build([corpus], store=store, validate=False, map_html=False)
    assert (first.extracted, first.unchanged) == (4, 0)
    again = kg.build([corpus], store=store, validate=False, map_html=False)
    assert (again.extracted, again.cached, again.unchanged) == (0, 0, 4)
    assert again.stats.triples == first.stats.triples

    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text("utf-8") + "\n依托郑州大学建设的省超硬材料中试基地投入运行。\n", "utf-8")
    removed = sorted(corpus.glob("*.txt"))[1]
    removed.unlink()
    third = kg.build([corpus], store=store, validate=False, map_html=False)
    assert (third.extracted, third.unchanged, third.removed) == (1, 2, 1)
    with open_source(store=store) as source:
        graphs = {str(g).rsplit("/", 1)[-1] for g in source.graph_names()}
    assert removed.stem not in graphs and changed.stem in graphs
    labels = {str(r[0]) for r in kg.query("SELECT ?l WHERE { ?p a kgo:Platform ; rdfs:label ?l }", store=store).rows}
    assert "河南省超硬材料中试基地" in labels


def test_memory_rebuild_takes_analyses_from_the_cache(tmp_path, corpus):
    out = tmp_path / "out"
    kg.build([corpus], out=out, validate=False, map_html=False)
    again = kg.build([corpus], out=out, validate=False, map_html=False)
    assert (again.extracted, again.cached) == (0, 4)


def test_interrupted_build_continues_from_where_it_stopped(tmp_path, corpus):
    store = tmp_path / "store"

    def stop_after_two(done, total, path):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kg.build([corpus], store=store, validate=False, map_html=False, cache=False, progress=stop_after_two)
    resumed = kg.build([corpus], store=store, validate=False, map_html=False, cache=False)
    assert (resumed.unchanged, resumed.extracted) == (2, 2)


def _ttl(out):
    return (out / "graph.ttl").read_bytes()


def test_parallel_jobs_give_the_same_bytes(tmp_path, corpus):
    one = kg.build([corpus], out=tmp_path / "one", validate=False, map_html=False, cache=False)
    two = kg.build([corpus], out=tmp_path / "two", validate=False, map_html=False, cache=False, jobs=2)
    assert two.extracted == 4
    assert _ttl(tmp_path / "one") == _ttl(tmp_path / "two")


def test_dask_local_cluster_gives_the_same_graph(tmp_path, corpus):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        report = kg.build([corpus], out=tmp_path / "dask", validate=False, map_html=False, cache=False,
                          dask=cluster.scheduler_address)
    assert report.extracted == 4
    kg.build([corpus], out=tmp_path / "local", validate=False, map_html=False, cache=False)
    assert _ttl(tmp_path / "dask") == _ttl(tmp_path / "local")


def test_unreachable_dask_scheduler_is_a_one_line_error(tmp_path, corpus):
    pytest.importorskip("dask.distributed")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "o"), "--no-cache",
                                       "--dask", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"])
def test_every_export_format_is_written_and_deterministic(tmp_path, sample_build, fmt):
    out, _ = sample_build
    target_a, target_b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    for target in (target_a, target_b):
        result = CliRunner().invoke(main, ["export", str(out / "graph.ttl"), "-o", str(target), "--format", fmt])
        assert result.exit_code == 0, result.output
    if fmt == "csv":
        for part in ("nodes", "edges"):
            a = (tmp_path / f"a_{part}.csv").read_bytes()
            assert a == (tmp_path / f"b_{part}.csv").read_bytes() and a.count(b"\n") > 10
        assert (tmp_path / "a_nodes.csv").read_text("utf-8").startswith("Id,Label,Type")
    else:
        assert target_a.read_bytes() == target_b.read_bytes() and target_a.stat().st_size > 1000
    if fmt in ("ttl", "nt", "jsonld"):
        original = Graph().parse(out / "graph.ttl", format="turtle")
        exported = Graph().parse(target_a, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
        assert compare.isomorphic(original, exported)


def test_a_pipeline_error_fails_one_document_not_the_build(tmp_path, corpus, monkeypatch):
    from kg.nlp import pipeline
    real = pipeline.analyse
    victim = sorted(corpus.glob("*.txt"))[0].stem

    def flaky(document, *args, **kwargs):
        if document.doc_id == victim:
            raise ValueError("boom")
        return real(document, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", flaky)
    report = kg.build([corpus], out=tmp_path / "o", validate=False, map_html=False, cache=False)
    assert report.extracted == 3
    assert [f.message.split(": ", 1)[1] for f in report.failures] == ["extraction failed (ValueError: boom)"]


def test_network_from_a_store_equals_network_from_memory(tmp_path, corpus):
    from kg.store import load_rdf_files
    from kg.views.network import entity_network
    kg.build([corpus], store=tmp_path / "s", out=tmp_path / "o", validate=False, map_html=False)
    with open_source(store=tmp_path / "s") as source:
        streamed = entity_network(source)
    joined = entity_network(load_rdf_files([tmp_path / "o" / "graph.ttl"]))
    assert sorted(streamed.nodes(data=True)) == sorted(joined.nodes(data=True))
    edges = lambda g: sorted((u, v, d["relation"], d["weight"]) for u, v, d in g.edges(data=True))  # noqa: E731
    assert edges(streamed) == edges(joined) and streamed.number_of_edges() > 5


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_network_keeps_plain_organisations_and_prefers_finer_types(tmp_path, kind):
    from rdflib import RDF, RDFS, Literal, URIRef
    from kg.graph.vocab import KG
    from kg.store import MemoryStore, open_store
    from kg.views.network import entity_network
    store = MemoryStore() if kind == "memory" else open_store(tmp_path / "s")
    uni, club = URIRef("http://example.org/id/uni"), URIRef("http://example.org/id/club")
    store.replace_graph(URIRef("http://example.org/g/1"), [
        (uni, RDF.type, KG.University), (uni, RDF.type, KG.Organization),  # as after --infer
        (uni, RDFS.label, Literal("郑州大学")),
        (club, RDF.type, KG.Organization), (club, RDFS.label, Literal("中国足协")),
    ])
    nodes = dict(entity_network(store).nodes(data="type"))
    store.close()
    assert nodes == {str(uni): "University", str(club): "Organization"}


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_load_graphs_replaces_each_documents_graph(tmp_path, kind):
    from rdflib import Literal, URIRef
    from kg.store import MemoryStore, open_store
    store = MemoryStore() if kind == "memory" else open_store(tmp_path / "s")
    a, b = URIRef("http://example.org/g/a"), URIRef("http://example.org/g/b")
    s, p = URIRef("http://example.org/x"), URIRef("http://example.org/p")

    def nquads(graph, *values):
        return "".join(f'<{s}> <{p}> "{v}"@zh <{graph}> .\n' for v in values).encode()

    with store:
        store.load_graphs([(a, nquads(a, "旧", "甲")), (b, nquads(b, "乙"))])
        store.load_graphs([(a, nquads(a, "新"))])
        rows = store.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        assert sorted((str(g), str(o)) for g, o in rows) == [(str(a), "新"), (str(b), "乙")]
        assert Literal("新", lang="zh") in {o for _, o in rows}


def test_parallel_build_fills_the_analysis_cache(tmp_path, corpus):
    out = tmp_path / "out"
    first = kg.build([corpus], out=out, validate=False, map_html=False, jobs=2)
    assert first.extracted == 4
    again = kg.build([corpus], out=out, validate=False, map_html=False)
    assert (again.extracted, again.cached) == (0, 4)


def test_a_failed_batch_write_records_only_what_was_written(tmp_path, corpus, monkeypatch):
    from kg import api
    from kg.store.oxigraph import OxigraphStore
    monkeypatch.setattr(api, "WRITE_BATCH_DOCUMENTS", 2)
    real, calls = OxigraphStore.load_graphs, []

    def disk_full_on_second_batch(self, graphs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return real(self, graphs)

    store = tmp_path / "store"
    monkeypatch.setattr(OxigraphStore, "load_graphs", disk_full_on_second_batch)
    with pytest.raises(OSError):
        kg.build([corpus], store=store, validate=False, map_html=False)
    monkeypatch.setattr(OxigraphStore, "load_graphs", real)
    resumed = kg.build([corpus], store=store, validate=False, map_html=False, out=tmp_path / "o")
    assert (resumed.unchanged, resumed.cached, resumed.extracted) == (2, 2, 0)
    kg.build([corpus], store=tmp_path / "s2", out=tmp_path / "fresh", validate=False, map_html=False, cache=False)
    assert _ttl(tmp_path / "o") == _ttl(tmp_path / "fresh")


def test_write_batches_grow_with_the_store_up_to_a_cap():
    from kg import api
    sizes = [api.write_batch_bytes(written) for written in (0, 10 * 2**20, 100 * 2**20, 10 * 2**30)]
    assert sizes[0] == sizes[1] == api.WRITE_BATCH_MIN_BYTES  # small stores: small, frequent loads
    assert sizes[1] < sizes[2] < sizes[3]                      # then fewer, larger ones
    assert sizes[3] == api.WRITE_BATCH_MAX_BYTES               # memory stays bounded
