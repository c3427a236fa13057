"""EndpointStore against real SPARQL servers (Oxigraph on loopback), `kg query --endpoint`, and
`kg.views.serve` (read-only Oxigraph server over a store folder). No mocks: failing endpoints are tiny
stdlib HTTP servers on loopback."""
from __future__ import annotations

import http.server
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

import kg_small_graph as ksg
from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.store import OxigraphStore
from kg.store.endpoint import EndpointStore, endpoint_urls

pytestmark = pytest.mark.skipif(shutil.which("oxigraph") is None, reason="the oxigraph server (pip install oxigraph) is not installed")

KGO = "https://w3id.org/kg-innovation/ontology#"
P = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kgo: <%s>\n" % KGO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answers(url: str, process: subprocess.Popen | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    """A real read-write `oxigraph serve` on loopback (default graph NOT the union: EndpointStore asks)."""
    location = tmp_path_factory.mktemp("oxigraph_server")
    port = free_port()
    process = subprocess.Popen(["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answers(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture()
def endpoint(oxigraph_url):
    store = EndpointStore(oxigraph_url, auth_env=None)
    for name in store.graph_names():
        store.remove_graph(name)
    ksg.load(store)
    return store


def test_endpoint_urls_are_derived():
    assert endpoint_urls("http://h:7878/query") == ("http://h:7878/query", "http://h:7878/store", "http://h:7878/update")
    assert endpoint_urls("http://h:7878") == ("http://h:7878/query", "http://h:7878/store", "http://h:7878/update")
    assert endpoint_urls("http://h/ds/sparql") == ("http://h/ds/sparql", "http://h/ds/data", "http://h/ds/update")
    assert endpoint_urls("http://h/repo") == ("http://h/repo", None, "http://h/repo")
    store = EndpointStore("http://h/x/query", store_url="http://h/gsp", update_url="http://h/up", auth_env=None)
    assert (store.url, store.store_url, store.update_url) == ("http://h/x/query", "http://h/gsp", "http://h/up")
    with pytest.raises(StoreError, match="not an http"):
        EndpointStore("ftp://h/query")


def test_round_trip_select_ask_construct(endpoint):
    names = endpoint.graph_names()
    assert names == sorted(name for name, _ in ksg.documents())
    expected = set().union(*(set(triples) for _, triples in ksg.documents()))
    assert len(endpoint) == sum(len(set(t)) for _, t in ksg.documents())

    result = endpoint.query(P + "SELECT ?u ?label WHERE { ?u a kgo:University ; rdfs:label ?label } ORDER BY ?label")
    assert result.kind == "select" and result.variables == ["u", "label"]
    labels = [row[1] for row in result.rows]
    assert Literal(ksg.HENU, lang="zh") in labels and Literal(ksg.ZZU, lang="zh") in labels
    assert all(isinstance(row[0], URIRef) for row in result.rows)

    typed = endpoint.query(P + "SELECT ?v WHERE { ?i a kgo:Indicator ; kgo:value ?v }").rows
    assert typed[0][0].toPython() == ksg_decimal("12.5")

    assert endpoint.query(P + "ASK { ?x kgo:collaboratesWith ?y }").boolean is True
    assert endpoint.query(P + "ASK { ?x kgo:funds ?y }").boolean is False

    graph = endpoint.query(P + "CONSTRUCT { ?x kgo:collaboratesWith ?y } WHERE { ?x kgo:collaboratesWith ?y }").graph
    assert len(graph) == 4
    union = endpoint.union_graph()
    assert set(union) == expected


def ksg_decimal(text):
    from decimal import Decimal
    return Decimal(text)


def test_replacing_a_graph_replaces_exactly_its_triples(endpoint):
    first, second = [name for name, _ in ksg.documents()]
    new = [(ksg.iri(ksg.HENU), RDFS.label, Literal("新名字", lang="zh"))]
    endpoint.replace_graph(first, new)
    graph1 = endpoint.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{first}> {{ ?s ?p ?o }} }}").graph
    assert set(graph1) == set(new)
    graph2 = endpoint.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{second}> {{ ?s ?p ?o }} }}").graph
    assert set(graph2) == set(dict(ksg.documents())[second])
    # queries without GRAPH see the union of both documents
    labels = {str(r[0]) for r in endpoint.query(f"SELECT ?l WHERE {{ <{ksg.iri(ksg.HENU)}> {RDFS.label.n3()} ?l }}").rows}
    assert labels == {"新名字", ksg.HENU}
    endpoint.remove_graph(first)
    assert endpoint.graph_names() == [second]
    endpoint.remove_graph(first)  # removing a graph that is not there is not an error
    assert len(endpoint) == len(set(dict(ksg.documents())[second]))


def test_graph_names_with_chinese_and_escapes_round_trip(endpoint):
    name = URIRef("https://w3id.org/kg-innovation/id/graph/郑州%2F新闻%20稿")
    endpoint.replace_graph(name, [(URIRef("http://example.org/a"), RDFS.label, Literal("a"))])
    assert name in endpoint.graph_names()
    endpoint.replace_graph(name, [])
    assert endpoint.query(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").boolean is False
    endpoint.remove_graph(name)


def test_bindings_with_quotes_and_braces_are_bound_not_spliced(endpoint):
    query = P + "SELECT ?e WHERE { ?e rdfs:label ?l . FILTER(STR(?l) = STR(?name)) }"
    rows = endpoint.query(query, {"name": ksg.QUOTED}).rows
    assert rows == [(ksg.iri(ksg.QUOTED),)]
    before = len(endpoint)
    for evil in ['"} ; DROP ALL ; SELECT * {', "x' } } DELETE WHERE { ?s ?p ?o } #", '\\"}) }']:
        assert endpoint.query(query, {"name": evil}).rows == []
    assert len(endpoint) == before
    assert endpoint.graph_names() == sorted(name for name, _ in ksg.documents())


def test_malformed_query_is_one_line_query_error(endpoint):
    with pytest.raises(QueryError) as info:
        endpoint.query("SELECT ?s WHERE {\n ?s ?p \n}")
    message = str(info.value)
    assert "\n" not in message and re.search(r"\bat \d+:\d+", message), message


def test_auto_union_respects_a_server_whose_default_graph_holds_data(endpoint, oxigraph_url):
    store_url = oxigraph_url.rsplit("/", 1)[0] + "/store?default"
    put = urllib.request.Request(store_url, data=b"<http://example.org/only> <http://example.org/in> \"default\" .\n",
                                 method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(put, timeout=10).close()
    try:
        auto = EndpointStore(oxigraph_url, auth_env=None)
        rows = auto.query("SELECT ?s WHERE { ?s ?p ?o }").rows
        assert rows == [(URIRef("http://example.org/only"),)]      # the default graph as it is
        assert auto.union_default_graph is False
        forced = EndpointStore(oxigraph_url, auth_env=None, union_default_graph=True)
        assert len(forced.query("SELECT ?s WHERE { ?s ?p ?o }").rows) > 1
        assert len(auto) == len(forced) == 1 + sum(len(set(t)) for _, t in ksg.documents())
    finally:
        urllib.request.urlopen(urllib.request.Request(store_url, method="DELETE"), timeout=10).close()
    fresh = EndpointStore(oxigraph_url, auth_env=None)
    assert fresh.query("ASK { ?u a <https://w3id.org/kg-innovation/ontology#University> }").boolean is True
    assert fresh.union_default_graph is True


# -- kg query --endpoint -----------------------------------------------------------------------

def test_cli_query_endpoint(endpoint, oxigraph_url):
    runner = CliRunner()
    # DISTINCT: Oxigraph 0.5's union default graph is a bag (oxigraph#1919), and a university's
    # type/label triples are repeated in each document graph that mentions it.
    result = runner.invoke(main, ["query", "--endpoint", oxigraph_url,
                                  "SELECT DISTINCT ?label WHERE { ?u a kgo:University ; rdfs:label ?label } ORDER BY ?label"])
    assert result.exit_code == 0, result.output
    assert ksg.HENU in result.output and ksg.HIT in result.output and "(3 rows)" in result.output

    result = runner.invoke(main, ["query", "--endpoint", oxigraph_url, "--format", "json",
                                  "ASK { ?a kgo:hostedBy ?b }"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["boolean"] is True

    result = runner.invoke(main, ["query", "--endpoint", oxigraph_url, "--format", "csv",
                                  "--param", f"name={ksg.QUOTED}",
                                  "SELECT ?partner WHERE { ?e rdfs:label ?l . FILTER(STR(?l) = STR(?name)) "
                                  "?e kgo:collaboratesWith|^kgo:collaboratesWith ?p . ?p rdfs:label ?partner }"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["partner", ksg.ZZU]


def test_cli_saved_query_over_endpoint(endpoint, oxigraph_url):
    result = CliRunner().invoke(main, ["query", "--endpoint", oxigraph_url, "--name", "collaborators",
                                       "--param", f"org={ksg.QUARK}", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    partners = {line.split("\t")[1] for line in result.output.splitlines()[1:]}
    assert partners == {ksg.HENU, ksg.HIT}


def test_cli_syntax_error_over_endpoint_names_user_line(endpoint, oxigraph_url):
    result = CliRunner().invoke(main, ["query", "--endpoint", oxigraph_url, "SELECT ?s\nWHERE { ?s ?p }"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "line 2" in lines[0]


def test_endpoint_down_is_one_line_error():
    url = f"http://127.0.0.1:{free_port()}/query"
    store = EndpointStore(url, retries=2, backoff=0.01, auth_env=None)
    with pytest.raises(StoreError) as info:
        store.query("ASK {}")
    assert "connection refused" in str(info.value) and "\n" not in str(info.value)
    assert store.attempts == 3
    result = CliRunner().invoke(main, ["query", "--endpoint", url, "ASK { ?s ?p ?o }"])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "cannot connect" in lines[0]


# -- failing servers ---------------------------------------------------------------------------

@contextmanager
def tiny_server(handler_fn):
    """A stdlib HTTP server on loopback; handler_fn(request_handler) answers; yields (url, seen headers)."""
    seen: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            self.body = self.rfile.read(length) if length else b""
            seen.append(dict(self.headers))
            handler_fn(self)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query", seen
    finally:
        server.shutdown()
        server.server_close()


def _answer(handler, status: int, body: bytes, ctype: str = "text/plain", extra: dict | None = None):
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (extra or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def _auth_required(handler):
    if handler.headers.get("Authorization") == "Bearer s3cret":
        _answer(handler, 200, b'{"head":{},"boolean":true}', "application/sparql-results+json")
    else:
        _answer(handler, 401, b"Unauthorized\nplease log in", extra={"WWW-Authenticate": 'Bearer realm="kg"'})


def test_401_is_one_line_auth_error_and_not_retried(monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_AUTH", raising=False)
    with tiny_server(_auth_required) as (url, seen):
        store = EndpointStore(url, retries=3, backoff=0.01)
        with pytest.raises(StoreError) as info:
            store.query("ASK {}")
        message = str(info.value)
        assert "401" in message and "KG_ENDPOINT_AUTH" in message and "\n" not in message
        assert len(seen) == 1                      # 4xx are not retried

        result = CliRunner().invoke(main, ["query", "--endpoint", url, "ASK { ?s ?p ?o }"])
        assert result.exit_code == 1
        assert [line for line in result.output.splitlines() if line.strip()] == [f"Error: {message}"]

        monkeypatch.setenv("KG_ENDPOINT_AUTH", "Bearer wrong")
        with pytest.raises(StoreError, match="refused"):
            EndpointStore(url).query("ASK {}")

        monkeypatch.setenv("KG_ENDPOINT_AUTH", "Bearer s3cret")
        assert EndpointStore(url).query("ASK {}").boolean is True
        assert seen[-1]["Authorization"] == "Bearer s3cret"
        result = CliRunner().invoke(main, ["query", "--endpoint", url, "ASK { ?s ?p ?o }"])
        assert result.exit_code == 0 and result.output == "true\n"


def test_auth_env_name_is_configurable(monkeypatch):
    monkeypatch.setenv("MY_SPARQL_AUTH", "Bearer s3cret")
    with tiny_server(_auth_required) as (url, seen):
        assert EndpointStore(url, auth_env="MY_SPARQL_AUTH").query("ASK {}").boolean is True
        netloc = url.split("//", 1)[1]
        with pytest.raises(StoreError, match="401"):
            EndpointStore(f"http://user:pw@{netloc}", auth_env=None).query("ASK {}")
        assert seen[-1]["Authorization"].startswith("Basic ")


def test_500_is_retried_a_bounded_number_of_times():
    with tiny_server(lambda h: _answer(h, 500, b"<html><body><h1>Internal\nServer Error</h1></body></html>",
                                       "text/html")) as (url, seen):
        store = EndpointStore(url, retries=2, backoff=0.01, auth_env=None, union_default_graph=False)
        started = time.monotonic()
        with pytest.raises(StoreError) as info:
            store.query("ASK {}")
        assert len(seen) == 3 and store.attempts == 3
        assert time.monotonic() - started < 5
        message = str(info.value)
        assert "\n" not in message and "500" in message and "3 attempts" in message and "<h1>" not in message


def test_transient_503_then_success_is_retried():
    answers = iter([503, 502, 200])

    def flaky(handler):
        status = next(answers)
        if status == 200:
            _answer(handler, 200, b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"ok"}}]}}',
                    "application/sparql-results+json")
        else:
            _answer(handler, status, b"busy")

    with tiny_server(flaky) as (url, seen):
        store = EndpointStore(url, retries=3, backoff=0.01, auth_env=None, union_default_graph=False)
        assert store.query("SELECT ?x WHERE {}").rows == [(Literal("ok"),)]
        assert len(seen) == 3


def test_400_is_a_query_error_and_not_retried():
    with tiny_server(lambda h: _answer(h, 400, b"Parse error:\n line 1, column 8: bad")) as (url, seen):
        with pytest.raises(QueryError) as info:
            EndpointStore(url, retries=3, backoff=0.01, auth_env=None, union_default_graph=False).query("SELEC")
        assert str(info.value) == "Parse error: line 1, column 8: bad"
        assert len(seen) == 1


def test_malformed_results_are_a_store_error():
    with tiny_server(lambda h: _answer(h, 200, b"{not json", "application/sparql-results+json")) as (url, _):
        with pytest.raises(StoreError, match="malformed"):
            EndpointStore(url, auth_env=None, retries=0).query("ASK {}")


def test_sparql_xml_results_are_parsed():
    xml = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
           b'<variable name="x"/><variable name="y"/></head><results><result>'
           b'<binding name="x"><uri>http://e/a</uri></binding>'
           b'<binding name="y"><literal xml:lang="zh">\xe6\xb2\xb3\xe5\x8d\x97</literal></binding>'
           b'</result></results></sparql>')
    with tiny_server(lambda h: _answer(h, 200, xml, "application/sparql-results+xml")) as (url, _):
        result = EndpointStore(url, auth_env=None).query("SELECT * WHERE {}")
    assert result.variables == ["x", "y"]
    assert result.rows == [(URIRef("http://e/a"), Literal("河南", lang="zh"))]


def test_update_fallback_when_there_is_no_graph_store_endpoint():
    updates: list[str] = []

    def handler(h):
        if h.command == "PUT":
            _answer(h, 404, b"no such path")
        elif h.headers.get("Content-Type", "").startswith("application/sparql-update"):
            updates.append(h.body.decode("utf-8"))
            _answer(h, 204, b"")
        else:
            _answer(h, 400, b"unexpected")

    with tiny_server(handler) as (url, seen):
        store = EndpointStore(url, auth_env=None, retries=0)
        store.replace_graph(URIRef("http://g/1"), [(URIRef("http://e/a"), RDFS.label, Literal('x"}', lang="zh"))])
        store.replace_graph(URIRef("http://g/1"), [])
        puts = [h for h in seen if "Content-Type" in h and "n-triples" in h["Content-Type"]]
        assert len(puts) == 1                    # the Graph Store endpoint is probed once
    assert len(updates) == 2
    assert "DROP SILENT GRAPH <http://g/1>" in updates[0]
    assert 'INSERT DATA { GRAPH <http://g/1> {' in updates[0] and '"x\\"}"@zh' in updates[0]


# -- kg.views.serve ----------------------------------------------------------------------------

@pytest.fixture()
def built_store(tmp_path):
    path = tmp_path / "kgstore"
    store = OxigraphStore(path)
    ksg.load(store)
    store.close()
    return path


def test_serve_read_only_store(built_store):
    from kg.views.serve import serve
    port = free_port()
    server = serve(built_store, f"127.0.0.1:{port}")
    try:
        assert server.url == f"http://127.0.0.1:{port}/query"
        store = EndpointStore(server.url, auth_env=None, retries=0)
        # the default graph is the union of the document graphs
        rows = store.query(P + "SELECT ?l WHERE { ?u a kgo:University ; rdfs:label ?l }").rows
        assert {str(r[0]) for r in rows} == {ksg.HENU, ksg.HIT, ksg.ZZU}
        before = len(store)
        result = CliRunner().invoke(main, ["query", "--endpoint", server.url, "--name", "platforms_and_hosts",
                                           "--format", "csv"])
        assert result.exit_code == 0, result.output
        assert ksg.LAB in result.output

        # writes are refused
        for attempt in (lambda: store.replace_graph(URIRef("http://g/x"), []),
                        lambda: store.remove_graph(ksg.documents()[0][0]),
                        lambda: store._update("DROP ALL", "update")):
            with pytest.raises(StoreError, match="read-only") as info:
                attempt()
            assert "403" in str(info.value) and "\n" not in str(info.value)
        request = urllib.request.Request(server.base + "update", data=b"DROP ALL", method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
        assert len(store) == before

        # a second server on the same port: one clear line
        with pytest.raises(StoreError) as info:
            serve(built_store, f"127.0.0.1:{port}")
        assert "port" in str(info.value) and "taken" in str(info.value) and "\n" not in str(info.value)
    finally:
        assert server.stop() is not None
    assert server.process.poll() is not None


def test_serve_answers_from_the_merged_default_graph_as_the_store_does(tmp_path):
    from kg.views.serve import serve
    path = tmp_path / "merged"
    store = OxigraphStore(path)
    ksg.load(store)
    count = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE { ?s a ?t }"
    local = store.query(count).rows
    store.close()
    with serve(path, f"127.0.0.1:{free_port()}") as server:
        assert "--union-default-graph" not in server.process.args  # the store's default graph is the merge
        assert EndpointStore(server.url, auth_env=None).query(count).rows == local


def test_serve_refuses_non_stores_and_locked_stores(tmp_path, built_store):
    from kg.views.serve import serve
    port = free_port()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hello")
    for folder, pattern in ((tmp_path / "notes", "not an Oxigraph store"), (tmp_path / "missing", "no such store"),
                            (tmp_path / "notes" / "a.txt", "not a directory")):
        with pytest.raises(StoreError, match=pattern):
            serve(folder, f"127.0.0.1:{port}")
    with pytest.raises(StoreError, match="HOST:PORT"):
        serve(built_store, "7878")

    writer = OxigraphStore(built_store)              # this process holds the write lock
    try:
        with pytest.raises(StoreError, match="locked by a writer"):
            serve(built_store, f"127.0.0.1:{port}")
    finally:
        writer.close()
    holder = subprocess.Popen(["python", "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(built_store)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=f"locked by a writer \\(process {holder.pid}\\)"):
            serve(built_store, f"127.0.0.1:{port}")
    finally:
        holder.kill()
        holder.wait()
    with serve(built_store, f"127.0.0.1:{port}") as server:   # free again
        assert EndpointStore(server.url, auth_env=None).query("ASK { ?s ?p ?o }").boolean is True


def test_oxigraph_is_found_beside_python_when_path_lacks_it(tmp_path):
    """cron/systemd run the virtualenv's kg with a bare PATH: the server pip put beside Python is found."""
    import os
    import subprocess
    import sys
    beside = os.path.join(os.path.dirname(sys.executable), "oxigraph")
    if not os.path.exists(beside):
        pytest.skip("oxigraph is not installed beside this Python")
    code = "from kg.views.serve import oxigraph_executable; print(oxigraph_executable())"
    out = subprocess.run([sys.executable, "-c", code], env={"PATH": "/nonexistent", "HOME": str(tmp_path)},
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == beside
