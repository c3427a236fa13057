"""One answer everywhere: the same SPARQL gives the same rows on the Turtle file, on an in-memory dataset of
the document graphs, on the Oxigraph store and on a real `kg serve` — counts included (each distinct triple
once), before and after an incremental sync, and compared with a fresh build."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from rdflib import Literal

import kg
from kg.store.endpoint import EndpointStore
from kg.store.oxigraph import LAYOUT_FILE, OxigraphStore
from kg.views.serve import serve

ROOT = Path(__file__).resolve().parent.parent

QUERIES = {
    "companies_counted": "SELECT (COUNT(?x) AS ?n) (COUNT(DISTINCT ?x) AS ?d) WHERE { ?x a kgo:Company }",
    "per_type": "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t",
    "all_triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "relations_per_property": """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o
        FILTER(?p IN (kgo:collaboratesWith, kgo:hostedBy, kgo:partOf, kgo:worksFor, kgo:locatedIn, kgo:issuedBy)) }
        GROUP BY ?p""",
    "top_collaborators": """SELECT ?name (COUNT(?other) AS ?n) WHERE { { ?a kgo:collaboratesWith ?other } UNION
        { ?other kgo:collaboratesWith ?a } ?a rdfs:label ?name } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 5""",
    "two_hops": """SELECT ?p ?x WHERE { ?p kgo:worksFor ?o . { ?o kgo:collaboratesWith ?x } UNION
        { ?x kgo:collaboratesWith ?o } }""",
    "optional_roles": "SELECT ?p ?r WHERE { ?p a kgo:Person OPTIONAL { ?p kgo:roleName ?r } }",
    "contains_label": "SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(CONTAINS(STR(?l), \"大学\")) }",
    "sum_values": "SELECT (SUM(?v) AS ?total) (COUNT(?v) AS ?n) WHERE { ?i a kgo:Indicator ; kgo:value ?v }",
    "avg_min_max": "SELECT (AVG(?v) AS ?a) (MIN(?v) AS ?lo) (MAX(?v) AS ?hi) WHERE { ?i kgo:value ?v }",
    "documents": "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kgo:Document }",
    "evidence_per_relation": """SELECT ?p (COUNT(?ev) AS ?n) WHERE { ?ev a kgo:RelationEvidence ; kgo:predicate ?p }
        GROUP BY ?p""",
    "ask": "ASK { ?x a kgo:University }",
    "hosted": "SELECT ?lab ?host WHERE { ?lab kgo:hostedBy ?host }",
    "aliases": "SELECT (COUNT(?a) AS ?n) WHERE { ?e skos:altLabel ?a }",
    "union_types": "SELECT ?e WHERE { { ?e a kgo:University } UNION { ?e a kgo:ResearchInstitute } }",
    "labels_grouped": """SELECT ?t (GROUP_CONCAT(?l; separator=\"|\") AS ?names) WHERE {
        { SELECT ?t ?l WHERE { ?e a ?t ; rdfs:label ?l FILTER(?t = kgo:University) } ORDER BY ?l } } GROUP BY ?t""",
    "mentions_total": "SELECT (COUNT(?m) AS ?n) WHERE { ?m a kgo:Mention }",
    "positions": "SELECT ?holder ?org ?role WHERE { ?x a kgo:Position ; kgo:holder ?holder ; kgo:organization ?org ; kgo:roleName ?role }",
}
# provenance by document graph: a Turtle file has no named graphs, so these run on the three quad sources
GRAPH_QUERIES = {
    "per_document": """SELECT ?g (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?m kgo:mentionOf ?e } } GROUP BY ?g""",
    "in_several_documents": """SELECT ?e (COUNT(DISTINCT ?g) AS ?docs) WHERE { GRAPH ?g { ?e a kgo:University } }
        GROUP BY ?e HAVING (COUNT(DISTINCT ?g) > 1)""",
    "statements_per_graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
}
SAVED = ["entities_by_documents", "indicators", "organisations_by_type", "people_roles", "platforms_and_hosts", "policies"]


def corpus(folder: Path, copies: int = 3) -> Path:
    """The sample articles, each in several copies made unique by a line of their own: shared entities."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for f in sorted((ROOT / "data" / "samples").glob("*.txt")):
            (folder / f"{f.stem}_{i}.txt").write_text(f.read_text("utf-8") + f"\n副本{i}。\n", "utf-8")
    return folder


def rows(result) -> list:
    if result.kind == "ask":
        return [result.boolean]
    def norm(term):  # numbers compared by value: 1.50 and 1.5 are the same decimal
        if isinstance(term, Literal) and term.datatype is not None and term.value is not None and \
                isinstance(term.value, (int, float)) or (isinstance(term, Literal) and hasattr(term.value, "normalize")):
            return ("num", round(float(term.value), 6))
        return ("term", str(term))
    return sorted(tuple(norm(t) for t in row) for row in result.rows)


def answers(quads: bool = True, **source) -> dict:
    queries = dict(QUERIES, **(GRAPH_QUERIES if quads else {}))
    out = {name: rows(kg.query(q, **source)) for name, q in queries.items()}
    out.update({f"saved:{n}": rows(kg.query(name=n, **source)) for n in SAVED})
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def four_ways(tmp_path: Path, store: Path, tag: str) -> list[tuple[str, dict]]:
    out = tmp_path / f"out_{tag}"
    kg.export(out / "graph.ttl", store=store)
    kg.export(out / "graph.nq", store=store)
    got = [("document graphs in memory (graph.nq)", answers(graphs=[out / "graph.nq"])),
           ("oxigraph store", answers(store=store))]
    with serve(store, f"127.0.0.1:{free_port()}") as server:
        got.append(("kg serve", answers(endpoint=server.url)))
    return got + [("graph.ttl", answers(quads=False, graphs=[out / "graph.ttl"]))]


def assert_same(got: list[tuple[str, dict]]) -> None:
    (first, reference), *others = got
    for name, answer in others:
        for query in answer:
            assert answer[query] == reference[query], f"{query}: {name} differs from {first}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("one_answer")
    docs = corpus(tmp / "docs")
    store = tmp / "store"
    kg.build([docs], store=store, map_html=False)
    return tmp, docs, store


def test_twenty_researcher_queries_answer_alike_four_ways(built, tmp_path):
    _, _, store = built
    got = four_ways(tmp_path, store, "first")
    assert_same(got)
    reference = got[0][1]
    n, d = reference["companies_counted"][0]
    assert n == d  # each company counted once, not once per document that mentions it
    assert reference["documents"] == [(("num", 18.0),)]
    assert len(QUERIES) + len(GRAPH_QUERIES) + len(SAVED) >= 20


def test_after_an_incremental_sync_the_store_answers_as_a_fresh_build(built, tmp_path):
    tmp, docs, store = built
    synced_docs = tmp_path / "docs"
    shutil.copytree(docs, synced_docs)
    for f in sorted(synced_docs.glob("*_2.txt"))[:4]:
        f.unlink()  # removed documents: their entities must not linger, shared ones must stay
    changed = sorted(synced_docs.glob("*_1.txt"))[0]
    changed.write_text(changed.read_text("utf-8") + "郑州大学与宇通客车股份有限公司签署战略合作协议。\n", "utf-8")
    synced = tmp_path / "synced"
    shutil.copytree(store, synced)
    report = kg.build([synced_docs], store=synced, map_html=False)
    assert report.removed == 4 and report.extracted == 1
    fresh = tmp_path / "fresh"
    kg.build([synced_docs], store=fresh, map_html=False)
    got = four_ways(tmp_path, synced, "synced")
    assert_same(got + [("fresh build", answers(store=fresh))])


def test_a_store_of_the_earlier_layout_is_upgraded_when_opened(built, tmp_path):
    import pyoxigraph as ox
    _, _, store = built
    reference = answers(store=store)
    old = tmp_path / "old"
    shutil.copytree(store, old)
    # make it what an earlier kg wrote: document graphs only, no merged default graph, no layout file
    raw = ox.Store(str(old))
    raw.update("CLEAR DEFAULT")
    raw.flush()
    del raw
    (old / LAYOUT_FILE).unlink()
    assert answers(store=old) == reference  # a read-only open upgrades it once
    assert (old / LAYOUT_FILE).exists()


def test_a_store_of_an_unknown_layout_is_refused_in_one_line(built, tmp_path):
    _, _, store = built
    other = tmp_path / "other"
    shutil.copytree(store, other)
    (other / LAYOUT_FILE).write_text('{"layout": 99}\n', "utf-8")
    from kg.errors import StoreError
    with pytest.raises(StoreError) as info:
        OxigraphStore(other, read_only=True, create=False)
    assert "layout 99" in str(info.value) and "rebuild" in str(info.value) and "\n" not in str(info.value)


def test_stats_count_distinct_triples_and_statements(built):
    _, _, store = built
    s = kg.stats(store=store)
    assert s.triples is not None and s.triples < s.statements  # shared facts are stored per document
    assert s.triples == int(kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store=store).rows[0][0])
