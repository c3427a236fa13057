"""Cases of the fault and bad-input matrix (docs/RELIABILITY.md) that no other test file covers: what a user
sees when input, caches, stores or names are not what kg expects. Each failure is one line naming the input,
with a non-zero exit, and nothing already written is lost or half-written."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.cli import main
from kg.nlp.components.sentences import MAX_SENTENCE, sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
ARTICLE = (SAMPLES / "luoyang_bearings_2024-03-08.txt").read_text("utf-8")
KGO = "https://w3id.org/kg-innovation/ontology#"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result, *needles):
    assert result.exit_code != 0, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert any(needle in line for line in errors), (needle, result.output)


def test_a_line_without_punctuation_is_cut_into_bounded_sentences():
    text = "河南科技大学洛阳轴研科技股份有限公司共建实验室" * 10_000  # 230,000 characters, no punctuation
    spans = sentence_spans(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    assert "".join(text[s:e] for s, e in spans) == text  # nothing lost


def test_a_long_unpunctuated_article_builds(tmp_path):
    page = tmp_path / "flat.txt"
    flat = "".join(ch for ch in ARTICLE if ch not in "。，、；：！？“”（）\n ")
    page.write_text((flat * 40)[:40_000], "utf-8")
    result = run("build", page, "--out", tmp_path / "o", "-q", "--no-map")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "graph.ttl").is_file()


def test_utf16_without_bom_is_refused_in_one_line_and_the_rest_is_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, "utf-8")
    (folder / "nobom.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    result = run("build", folder, "--out", tmp_path / "o", "-q", "--no-map")
    one_line_error(result, "nobom.txt: binary file (NUL bytes, no UTF-16 byte-order mark)")
    assert (tmp_path / "o" / "graph.ttl").is_file()


def test_mixed_encodings_in_one_folder_give_the_graph_of_the_utf8_copies(tmp_path):
    mixed, plain = tmp_path / "mixed", tmp_path / "plain"
    mixed.mkdir()
    plain.mkdir()
    texts = sorted(p for p in SAMPLES.glob("*.txt") if not p.name.endswith("_en.txt"))[:4]
    for path, encoding in zip(texts, ("utf-8", "utf-8-sig", "gb18030", "utf-16")):
        text = path.read_text("utf-8")
        (mixed / path.name).write_bytes(text.encode(encoding))
        (plain / path.name).write_text(text, "utf-8")
    for folder in (mixed, plain):
        assert run("build", folder, "--out", tmp_path / f"o_{folder.name}", "-q", "--no-map").exit_code == 0
    a = Graph().parse(tmp_path / "o_mixed" / "graph.ttl")
    b = Graph().parse(tmp_path / "o_plain" / "graph.ttl")
    assert set(a.objects(None, RDFS.label)) == set(b.objects(None, RDFS.label))


def test_broken_html_with_scripts_and_styles_reads_its_text_only(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<html><head><style>p{color:red} 郑州大学样式</style></head><body><div><p>" + ARTICLE[:600]
                    + "<p><b>未闭合<i>标签<script>alert('清华大学脚本')</script><div", "utf-8")
    result = run("build", page, "--out", tmp_path / "o", "-q", "--no-map")
    assert result.exit_code == 0, result.output
    turtle = (tmp_path / "o" / "graph.ttl").read_text("utf-8")
    assert "清华大学脚本" not in turtle and "郑州大学样式" not in turtle and "alert" not in turtle


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(p for p in SAMPLES.glob("*.txt") if not p.name.endswith("_en.txt"))
    for i in range(n):
        (folder / f"doc_{i:02d}.txt").write_text(texts[i % len(texts)].read_text("utf-8") + f"\n第{i}号。\n", "utf-8")
    return folder


def test_kill_9_mid_build_then_the_next_build_finishes_the_same_store(tmp_path):
    docs = corpus(tmp_path / "docs", 24)
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(docs), "--store", str(store), "-q",
                             "--no-map", "--no-validate"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not (store / "kg-cache").is_dir():
        time.sleep(0.1)
    time.sleep(1.0)  # somewhere in the extraction
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    resumed = run("build", docs, "--store", store, "--out", tmp_path / "o1", "--no-map")
    assert resumed.exit_code == 0, resumed.output
    fresh = run("build", docs, "--store", tmp_path / "fresh", "--out", tmp_path / "o2", "--no-map", "-q")
    assert fresh.exit_code == 0
    assert (tmp_path / "o1" / "graph.ttl").read_bytes() == (tmp_path / "o2" / "graph.ttl").read_bytes()


def test_a_build_on_a_store_another_process_holds_is_one_line_and_writes_nothing(tmp_path):
    docs = corpus(tmp_path / "docs", 2)
    store = tmp_path / "store"
    assert run("build", docs, "--store", store, "-q", "--no-map").exit_code == 0
    holder = subprocess.Popen([sys.executable, "-c", "import pyoxigraph, sys, time; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = run("build", docs, "--store", store, "--out", tmp_path / "o", "-q", "--no-map")
        one_line_error(result, "store is in use by another process")
        assert not (tmp_path / "o").exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_crafted_cache_entry_runs_nothing_and_the_document_is_extracted_again(tmp_path):
    docs = corpus(tmp_path / "docs", 1)
    out = tmp_path / "o"
    assert run("build", docs, "--out", out, "-q", "--no-map").exit_code == 0
    entry = next((out / ".kg-cache").glob("*.pkl"))
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Exploit()))
    before = (out / "graph.ttl").read_bytes()
    result = run("build", docs, "--out", out, "-q", "--no-map")
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert (out / "graph.ttl").read_bytes() == before
    for damage in (b"\x80\x09garbage", b"", pickle.dumps({"not": "an analysis"})):
        entry = next((out / ".kg-cache").glob("*.pkl"))
        entry.write_bytes(damage)
        assert run("build", docs, "--out", out, "-q", "--no-map").exit_code == 0
        assert (out / "graph.ttl").read_bytes() == before


def test_a_damaged_store_is_one_line_for_query_and_build(tmp_path):
    docs = corpus(tmp_path / "docs", 2)
    store = tmp_path / "store"
    assert run("build", docs, "--store", store, "-q", "--no-map").exit_code == 0
    for sst in store.glob("*.sst"):  # the data files cut short: RocksDB reports corruption
        sst.write_bytes(sst.read_bytes()[:100])
    one_line_error(run("query", "--store", store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "the store is damaged")
    one_line_error(run("build", docs, "--store", store, "-q", "--no-map"), "the store is damaged")
    (store / "CURRENT").write_text("MANIFEST-999999\n")  # its index of files pointing nowhere
    one_line_error(run("query", "--store", store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "cannot open store")


def test_a_manifest_that_is_not_kgs_means_every_document_is_written_again(tmp_path):
    docs = corpus(tmp_path / "docs", 2)
    store = tmp_path / "store"
    assert run("build", docs, "--store", store, "-q", "--no-map").exit_code == 0
    (store / "kg-manifest.json").write_text(json.dumps(["not", "a", "manifest"]), "utf-8")
    result = run("build", docs, "--store", store, "--no-map")
    assert result.exit_code == 0, result.output
    assert "0 unchanged" in result.output
    assert run("build", docs, "--store", store, "--no-map").output.count("2 unchanged") == 1


def test_a_saved_query_name_with_a_path_is_just_an_unknown_name(tmp_path):
    result = run("query", "--graph", SAMPLES / "../samples/../../data/samples/README.md", "--name", "../../etc/passwd")
    assert result.exit_code != 0 and "Traceback" not in result.output
    result = run("query", "--graph", tmp_path / "none.ttl", "--name", "../../etc/passwd")
    assert result.exit_code != 0


def test_kg_serve_binds_to_loopback_unless_told_otherwise():
    from kg.cli import serve
    bind = next(p for p in serve.params if p.name == "bind")
    assert bind.default.startswith("127.0.0.1:")


def hostile_graph(path: Path) -> list[str]:
    names = ["<img src=x onerror=alert(1)>郑州大学", "\u202e学大州郑\u202c", "郑\u200b州\u200d大学", "长" * 10_000,
             "=HYPERLINK(\"http://x\",\"点我\")", "控制\x07字符公司"]
    g = Graph()
    for i, name in enumerate(names):
        node = URIRef(f"https://example.org/id/org/{i}")
        g.add((node, RDF.type, URIRef(KGO + "Company")))
        g.add((node, RDFS.label, Literal(name, lang="zh")))
    g.add((URIRef("https://example.org/id/org/0"), URIRef(KGO + "collaboratesWith"), URIRef("https://example.org/id/org/1")))
    g.serialize(path, format="turtle")
    return names


def test_hostile_names_in_the_map_csv_and_graphml_exports(tmp_path):
    graph = tmp_path / "hostile.ttl"
    names = hostile_graph(graph)
    result = run("viz", graph, "--out", tmp_path / "map.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "map.html").read_text("utf-8")
    assert "<img src=x" not in html  # in the page's data as escaped JSON, never as markup
    result = run("export", graph, "-o", tmp_path / "net.graphml")
    assert result.exit_code == 0, result.output
    import networkx as nx
    labels = {d["label"] for _, d in nx.read_graphml(tmp_path / "net.graphml").nodes(data=True)}
    assert "控制字符公司" in labels and "长" * 10_000 in labels  # the control character dropped, nothing else
    result = run("export", graph, "-o", tmp_path / "net.csv")
    assert result.exit_code == 0, result.output
    import csv
    with open(tmp_path / "net_nodes.csv", encoding="utf-8") as fh:
        cells = {row["Label"] for row in csv.DictReader(fh)}
    assert "'" + names[4] in cells and names[4] not in cells  # a spreadsheet shows it as text, not a formula
    assert names[1] in cells and names[2] in cells  # bidi and zero-width marks kept as written


def test_a_file_too_big_for_one_document_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, "utf-8")
    with open(folder / "dump.txt", "wb") as fh:  # 50 MB (sparse: made in no time)
        fh.truncate(50 * 2**20)
    result = run("build", folder, "--out", tmp_path / "o", "-q", "--no-map")
    one_line_error(result, "dump.txt: 50 MB is more than kg reads as one document (20 MB); split it into its articles")
    assert (tmp_path / "o" / "graph.ttl").is_file()


def test_a_full_disk_while_writing_names_the_output_and_leaves_the_old_one(tmp_path):
    docs = corpus(tmp_path / "docs", 3)
    out = tmp_path / "o"
    assert run("build", docs, "--out", out, "-q", "--no-map").exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    (docs / "doc_00.txt").write_text(ARTICLE + "\n新增一句:郑州大学与宇通客车股份有限公司签署合作协议。\n", "utf-8")
    limit = len(before) // 2  # RLIMIT_FSIZE: no file of this process may grow past it (a small disk)
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (%d, %d)); "
            "from kg.cli import main; sys.argv = ['kg', 'build', %r, '--out', %r, '-q', '--no-map']; main()"
            % (limit, limit, str(docs), str(out)))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert f"Error: {out / 'graph.ttl'}: File too large" in proc.stderr and "Traceback" not in proc.stderr
    assert (out / "graph.ttl").read_bytes() == before  # the old graph, whole
    assert not list(out.glob(".graph.ttl.*.tmp"))


def test_ctrl_c_mid_build_then_the_next_build_finishes(tmp_path):
    docs = corpus(tmp_path / "docs", 24)
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(docs), "--store", str(store), "-q",
                             "--no-map", "--no-validate"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (store / "kg-cache").is_dir():
        time.sleep(0.1)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in err, err
    resumed = run("build", docs, "--store", store, "--out", tmp_path / "o1", "--no-map", "-q")
    assert resumed.exit_code == 0, resumed.output
    fresh = run("build", docs, "--store", tmp_path / "fresh", "--out", tmp_path / "o2", "--no-map", "-q")
    assert (tmp_path / "o1" / "graph.ttl").read_bytes() == (tmp_path / "o2" / "graph.ttl").read_bytes()


def test_a_query_that_runs_too_long_is_stopped_by_its_timeout(tmp_path):
    docs = corpus(tmp_path / "docs", 2)
    store = tmp_path / "store"
    assert run("build", docs, "--store", store, "-q", "--no-map").exit_code == 0
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # a cube of every triple
    started = time.time()
    result = run("query", "--store", store, "--timeout", "1", cross, "--out", tmp_path / "n.csv")
    one_line_error(result, "the query ran longer than 1 s and was stopped (--timeout)")
    assert time.time() - started < 30 and not (tmp_path / "n.csv").exists()
    from kg.cli import query
    assert next(p for p in query.params if p.name == "timeout").default == 300  # finite unless told otherwise
    assert run("query", "--store", store, "--timeout", "-1", "ASK {}").exit_code != 0


def test_a_huge_select_is_streamed_to_csv(tmp_path, monkeypatch):
    """Rows go to the file as the store yields them: the QueryResult of all rows is never built."""
    docs = corpus(tmp_path / "docs", 6)
    store = tmp_path / "store"
    assert run("build", docs, "--store", store, "-q", "--no-map").exit_code == 0
    import kg.store.oxigraph as oxstore

    def no_whole_results(*args, **kwargs):
        raise AssertionError("the whole result was materialised")

    monkeypatch.setattr(oxstore.OxigraphStore, "query", no_whole_results)
    out = tmp_path / "all.csv"
    result = run("query", "--store", store, "--format", "csv", "--out", out, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    lines = out.read_text("utf-8").splitlines()
    assert lines[0] == "s,p,o" and len(lines) > 1000


def test_the_reliability_matrix_names_tests_that_exist():
    import re
    doc = (ROOT / "docs" / "RELIABILITY.md").read_text("utf-8")
    cases = re.findall(r"^\| (\d+) \|", doc, flags=re.M)
    assert len(cases) >= 30 and len(set(cases)) == len(cases)
    current, checked = None, 0
    for path, name, short in re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`::(\w+)`", doc):
        current = path or current
        if name or short:
            assert f"def {name or short}(" in (ROOT / current).read_text("utf-8"), (current, name or short)
            checked += 1
    assert checked >= 40


def test_an_endpoint_that_accepts_and_never_answers_is_one_line_after_its_timeout():
    import socket
    import threading
    from kg.errors import StoreError
    from kg.store.endpoint import EndpointStore
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    held = []
    threading.Thread(target=lambda: held.append(server.accept()), daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/query"
    started = time.time()
    try:
        EndpointStore(url, auth_env=None, timeout=1, retries=1).query("ASK {}")
    except StoreError as exc:
        assert "no answer within 1 s (timed out)" in str(exc) and "\n" not in str(exc)
    else:
        raise AssertionError("no error")
    finally:
        server.close()
    assert time.time() - started < 10
