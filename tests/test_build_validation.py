"""A build is checked against the SHACL shapes; a few bad triples never cost a user the corpus.

By default violations are summarised by message, the full report goes to validation.txt, and the graph is
written; `--strict` fails and writes nothing. kg's own output must meet kg's own shapes: a corpus of
news-like articles (written here, in the phrasing that broke the shapes on real news) validates clean.
"""
from __future__ import annotations

import random
import shutil
import sys

import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.graph.vocab import KG
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Paragraphs in the manner of city news: officials listed with their titles, a unit's manager after a
# bureau chief (a list that must stop at the unit), statistics in several units. Facts are invented.
OFFICIALS = ("{city}市副市长{p1}、{zone}管委会常务副主任{p2}、{city}市工业和信息化局局长{p3}、"
             "{zone}经发局局长{p4}、{short}创新孵化基地总经理{p5}、{company}负责人参加座谈。")
STATISTICS = ("截至{year}年底,{city}市高新技术企业由{a}家增至{b}家,科技型中小企业达到{c}家,"
              "全社会研发投入{d}亿元,同比增长{e}%,技术合同成交额{f}亿元,引进高层次人才{g}人。")
VISIT = ("{month}月{day}日,省科技厅调研组到{short}开展调研,莅临{short}创新孵化基地考察,"
         "并与{university}、{company}等单位座谈。")
CITIES = ["盘州", "兴义", "凯里", "都匀", "铜仁", "毕节", "安顺", "遵义", "六盘水", "清镇"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰晓峰海燕"


def news_like_corpus(folder, count: int, seed: int = 7):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_corpus import Names, article, sample_sentences
    rng = random.Random(seed)
    names, sentences = Names(rng), sample_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        short = rng.choice(CITIES)
        person = lambda: rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))  # noqa: E731
        facts = dict(city=short, short=short, zone=f"{short}经济开发区", p1=person(), p2=person(), p3=person(),
                     p4=person(), p5=person(), company=f"{short}宏财聚农投资有限责任公司",
                     university=rng.choice(names.universities), year=rng.randint(2019, 2024),
                     a=rng.randint(5, 40), b=rng.randint(50, 400), c=rng.randint(100, 900),
                     d=round(rng.uniform(1, 90), 1), e=round(rng.uniform(1, 30), 1), f=rng.randint(2, 80),
                     g=rng.randint(10, 500), month=rng.randint(1, 12), day=rng.randint(1, 28))
        extra = [VISIT.format(**facts), OFFICIALS.format(**facts), STATISTICS.format(**facts)]
        rng.shuffle(extra)
        (folder / f"news_{i:03d}.txt").write_text(article(i, rng, names, sentences) + "\n".join(extra) + "\n",
                                                  "utf-8")
    return folder


def test_a_corpus_of_100_news_like_articles_builds_and_validates(tmp_path):
    corpus = news_like_corpus(tmp_path / "news", 104)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "-q", "--no-map"])
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").is_file()
    assert not (out / "validation.txt").exists(), (out / "validation.txt").read_text("utf-8")[:2000]
    g = Graph().parse(out / "graph.ttl")
    units = set(g.objects(None, KG.unit))
    assert units and all(u.datatype is None for u in units)  # plain, as the shapes' sh:in lists them
    check = kg.validate(graphs=[out / "graph.ttl"])
    assert check.conforms and not check.violations, check.text[:2000]


def test_stores_give_back_simple_literals_plain():
    data = ('<https://e.org/i> <https://w3id.org/kg-innovation/ontology#unit> "count" <https://e.org/g> .\n'
            '<https://e.org/i> <https://w3id.org/kg-innovation/ontology#unitText> "家"@zh <https://e.org/g> .\n')
    for store in (MemoryStore(), OxigraphStore()):
        store.load_graphs([(URIRef("https://e.org/g"), data.encode())])
        objects = set(store.union_graph().objects(None, None))
        assert Literal("count") in objects and Literal("count", datatype=XSD.string) not in objects
        assert Literal("家", lang="zh") in objects


@pytest.fixture
def bad_triples(monkeypatch):
    """Every document graph gets a person-only relation from a place and an unknown unit code: one
    violation and one warning per document, as a buggy rule or a hand-edited graph would give."""
    import kg.graph.nquads as nquads
    original = nquads.document_triples

    def with_faults(analysis, base):
        name, triples = original(analysis, base)
        place = URIRef(f"{base}place/测试地{analysis.document.doc_id}")
        org = URIRef(f"{base}org/测试单位")
        indicator = URIRef(f"{base}indicator/测试{analysis.document.doc_id}")
        return name, triples + [(place, KG.worksFor, org), (indicator, KG.unit, Literal("furlong"))]

    monkeypatch.setattr(nquads, "document_triples", with_faults)


def test_violations_are_summarised_and_the_graph_is_still_written(tmp_path, samples, bad_triples):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(samples), "--out", str(out), "-q", "--no-map", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").is_file()
    report = (out / "validation.txt").read_text("utf-8")
    assert "Only a person can be the subject of kgo:worksFor." in report
    lines = result.output.splitlines()
    assert any("does not meet all SHACL shapes" in line and "validation.txt" in line for line in lines)
    # grouped by message: one line per distinct message with its count, not one per result
    worksfor = [line for line in lines if "Only a person can be the subject of kgo:worksFor." in line]
    assert len(worksfor) == 1 and worksfor[0].strip().startswith("6 × Violation:")



def test_strict_fails_on_a_violation_and_writes_no_graph(tmp_path, samples, bad_triples):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(samples), "--out", str(out), "-q", "--strict", "--no-cache"])
    assert result.exit_code == 1
    assert "Error: the built graph violates the SHACL shapes" in result.output
    assert not (out / "graph.ttl").exists()


def test_a_report_left_by_an_earlier_build_goes_when_the_graph_conforms(tmp_path, samples):
    out = tmp_path / "out"
    out.mkdir()
    (out / "validation.txt").write_text("an old report\n", "utf-8")
    report = kg.build([str(samples)], out=out, map_html=False)
    assert report.validation.conforms
    assert not (out / "validation.txt").exists()


def test_a_store_rebuild_validates_only_what_changed_and_keeps_earlier_results(tmp_path, samples, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in sorted(samples.glob("*.txt")):
        shutil.copy(f, docs)
    store = tmp_path / "store"
    first = kg.build([str(docs)], store=store, map_html=False)
    assert first.validated == first.documents == 6 and first.validation.conforms
    again = kg.build([str(docs)], store=store, map_html=False)
    assert again.unchanged == 6 and again.validated == 0 and again.validation.conforms

    import kg.graph.nquads as nquads
    original = nquads.document_triples

    def with_fault(analysis, base):  # the changed document carries a violation
        name, triples = original(analysis, base)
        return name, triples + [(URIRef(f"{base}place/测试地"), KG.worksFor, URIRef(f"{base}org/测试单位"))]

    monkeypatch.setattr(nquads, "document_triples", with_fault)
    changed = sorted(docs.glob("*.txt"))[0]
    changed.write_text(changed.read_text("utf-8") + "\n补记一句。\n", "utf-8")
    third = kg.build([str(docs)], store=store, map_html=False)
    assert third.validated == 1 and not third.validation.conforms
    assert (store / "validation.txt").read_text("utf-8").count("Only a person can be the subject of kgo:worksFor.") == 1
    monkeypatch.setattr(nquads, "document_triples", original)
    fourth = kg.build([str(docs)], store=store, map_html=False)  # nothing changed: the earlier result is kept
    assert fourth.validated == 0 and not fourth.validation.conforms
    changed.write_text(changed.read_text("utf-8") + "再补一句。\n", "utf-8")
    fifth = kg.build([str(docs)], store=store, map_html=False)  # rewritten without the fault: gone
    assert fifth.validated == 1 and fifth.validation.conforms and not (store / "validation.txt").exists()
