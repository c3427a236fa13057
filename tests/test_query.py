"""`kg query` over RDF files (--graph FILE) and Oxigraph store folders (--store DIR): saved queries,
output formats, injected prefixes, error positions, safe parameters, and store errors."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import kg_small_graph as ksg
from kg.cli import main
from kg.store import OxigraphStore

# Values for the parameters saved queries declare (by parameter name).
PARAM_VALUES = {"org": ksg.QUARK, "from": ksg.HIT, "to": ksg.HENU, "head": ksg.QUARK, "tail": ksg.HENU}


@pytest.fixture(scope="module")
def trig_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("query_graph") / "graph.trig"
    ksg.write_trig(path)
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("query_store") / "kgstore"
    store = OxigraphStore(path)
    ksg.load(store)
    store.close()
    return path


@pytest.fixture(params=["graph", "store"])
def source(request, trig_file, store_dir):
    """The command-line options naming the small graph, once as a file and once as a store."""
    return ["--graph", str(trig_file)] if request.param == "graph" else ["--store", str(store_dir)]


def run(*args):
    return CliRunner().invoke(main, ["query", *args])


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


def saved_list() -> dict[str, list[str]]:
    """name -> params, parsed from `kg query --list`."""
    result = run("--list")
    assert result.exit_code == 0, result.output
    saved = {}
    for line in result.output.splitlines():
        if not line.strip():
            continue
        name = line.split()[0]
        params = []
        if "(params:" in line:
            params = [p.strip() for p in line.rsplit("(params:", 1)[1].rstrip(")").split(",")]
        saved[name] = params
    return saved


def test_list_shows_the_saved_queries_with_their_params():
    saved = saved_list()
    assert {"collaborators", "collaboration_paths", "evidence", "organisations_by_type", "indicators",
            "people_roles", "platforms_and_hosts", "policies", "entities_by_documents"} <= set(saved)
    assert saved["collaborators"] == ["org"]
    assert saved["collaboration_paths"] == ["from", "to"]
    assert saved["evidence"] == ["head", "tail"]
    assert saved["organisations_by_type"] == []


@pytest.mark.parametrize("name", sorted(saved_list()) if True else [])
def test_every_saved_query_runs(name, source):
    params = saved_list()[name]
    args = [*source, "--name", name, "--format", "json"]
    for param in params:
        args += ["--param", f"{param}={PARAM_VALUES.get(param, ksg.HENU)}"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert "vars" in doc["head"] and isinstance(doc["results"]["bindings"], list)


EXPECTED_ROWS = {  # distinct rows on the small graph
    "collaborators": {ksg.HENU, ksg.HIT},
    "platforms_and_hosts": {(ksg.LAB, ksg.HENU)},
    "policies": {(ksg.POLICY, ksg.BUREAU)},
}


def test_saved_query_answers(source):
    result = run(*source, "--name", "collaborators", "--param", f"org={ksg.QUARK}", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["partnerLabel"] for r in rows} == EXPECTED_ROWS["collaborators"]
    result = run(*source, "--name", "platforms_and_hosts", "--format", "csv")
    assert {(r["platformLabel"], r["hostLabel"]) for r in csv.DictReader(io.StringIO(result.output))} == \
        EXPECTED_ROWS["platforms_and_hosts"]
    result = run(*source, "--name", "policies", "--format", "csv")
    assert {(r["title"], r["issuerLabel"]) for r in csv.DictReader(io.StringIO(result.output))} == \
        EXPECTED_ROWS["policies"]
    result = run(*source, "--name", "collaboration_paths", "--param", f"from={ksg.HIT}", "--param", f"to={ksg.HENU}",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {r["middleLabel"] for r in csv.DictReader(io.StringIO(result.output))} == {ksg.QUARK}


QUERY = "SELECT DISTINCT ?u ?label WHERE { ?u a kgo:University ; rdfs:label ?label } ORDER BY ?label"
UNIVERSITIES = sorted([ksg.HENU, ksg.HIT, ksg.ZZU])


def test_formats(source, tmp_path):
    table = run(*source, QUERY)
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split("|")[0].strip() == "u" and lines[0].split("|")[1].strip() == "label"
    assert set(lines[1]) <= {"-", "+"} and lines[-1] == "(3 rows)"
    assert [line.split("|")[1].strip() for line in lines[2:-1]] == UNIVERSITIES

    as_csv = run(*source, "--format", "csv", QUERY)
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0] == ["u", "label"] and [r[1] for r in rows[1:]] == UNIVERSITIES
    assert rows[1][0].startswith("https://w3id.org/kg-innovation/id/university/")

    as_tsv = run(*source, "--format", "tsv", QUERY)
    assert [line.split("\t") for line in as_tsv.output.splitlines()][0] == ["u", "label"]
    assert [line.split("\t")[1] for line in as_tsv.output.splitlines()[1:]] == UNIVERSITIES

    as_json = json.loads(run(*source, "--format", "json", QUERY).output)
    assert as_json["head"]["vars"] == ["u", "label"]
    first = as_json["results"]["bindings"][0]
    assert first["u"]["type"] == "uri" and first["label"] == {"type": "literal", "value": UNIVERSITIES[0], "xml:lang": "zh"}

    ask = run(*source, "--format", "json", "ASK { ?x kgo:hostedBy ?y }")
    assert json.loads(ask.output) == {"head": {}, "boolean": True}
    assert run(*source, "ASK { ?x kgo:funds ?y }").output == "false\n"

    out = tmp_path / "result.csv"
    written = run(*source, "--format", "csv", "--out", str(out), QUERY)
    assert written.exit_code == 0 and written.output == ""
    assert out.read_text("utf-8") == as_csv.output


def test_query_from_file(source, tmp_path):
    rq = tmp_path / "universities.rq"
    rq.write_text(QUERY, "utf-8")
    result = run(*source, "-f", str(rq), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [r[1] for r in csv.reader(io.StringIO(result.output))][1:] == UNIVERSITIES


def test_prefixes_are_injected_but_declared_ones_win(source):
    # kgo:, rdfs:, skos:, dcterms:, xsd: without declarations
    result = run(*source, "--format", "csv",
                 "SELECT DISTINCT ?alias WHERE { ?e skos:altLabel ?alias ; a kgo:Company } ")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["alias", "夸克新材料"]
    result = run(*source, "--format", "csv",
                 "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kgo:Document ; dcterms:date ?date . "
                 "FILTER(?date >= \"2024-01-01\"^^xsd:date) }")
    assert result.output.splitlines() == ["n", "2"]
    # a query that declares its own kgo: is not given ours
    result = run(*source, "--format", "csv",
                 "PREFIX kgo: <http://example.org/other#>\nSELECT ?u WHERE { ?u a kgo:University }")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["u"]


SYNTAX_ERRORS = [
    "SELECT ?s\nWHERE {\n  ?s a <https://w3id.org/kg-innovation/ontology#University> .\n  FILTER(?s = )\n}",
    "SELECT ?s WHERE {\n  ?s ?p \n}",
    "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n ?s ex:p ?o .\n\n   ?o ?? }",
]


def parser_position(backend: str, query: str) -> tuple[int, int]:
    """Where the backend's own parser puts the error in the query as the user wrote it."""
    if backend == "graph":
        from rdflib.plugins.sparql import prepareQuery
        try:
            prepareQuery(query)
        except Exception as exc:  # pyparsing.ParseException
            return exc.lineno, exc.col
    else:
        import pyoxigraph
        try:
            pyoxigraph.Store().query(query)
        except SyntaxError as exc:
            import re
            line, col = re.search(r"at (\d+):(\d+)", str(exc)).groups()
            return int(line), int(col)
    raise AssertionError("the query parsed")


@pytest.mark.parametrize("query", SYNTAX_ERRORS)
def test_syntax_error_gives_line_and_column_of_the_users_query(source, query):
    backend = "graph" if source[0] == "--graph" else "store"
    line, col = parser_position(backend, query)
    assert line > 1 or query.count("\n") == 0
    result = run(*source, query)
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("Error: SPARQL syntax error at line ")
    assert f"line {line}, column {col}:" in lines[0], lines[0]


def test_unknown_saved_query_lists_known_ones(source):
    result = run(*source, "--name", "no_such_query")
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "no_such_query" in lines[0]
    for name in ("collaborators", "organisations_by_type", "evidence"):
        assert name in lines[0]


def test_missing_param_is_named(source):
    result = run(*source, "--name", "collaborators")
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "--param org=" in lines[0]


def test_params_are_bound_not_spliced(source):
    query = ("SELECT ?partner WHERE { ?e rdfs:label ?l . FILTER(STR(?l) = STR(?name)) "
             "?e kgo:collaboratesWith|^kgo:collaboratesWith ?p . ?p rdfs:label ?partner }")
    result = run(*source, "--format", "csv", "--param", f"name={ksg.QUOTED}", query)
    assert result.exit_code == 0, result.output
    assert set(result.output.splitlines()[1:]) == {ksg.ZZU}
    for evil in ['"} ; DROP ALL ; SELECT * {', '") } } SELECT * WHERE { ?s ?p ?o } #', "\\",
                 '"\n} } DROP ALL ; SELECT * { #\n']:
        result = run(*source, "--format", "csv", "--param", f"name={evil}", query)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["partner"]
    count = run(*source, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert int(count.output.splitlines()[1]) == len(set().union(*(set(t) for _, t in ksg.documents())))


def test_bad_param_syntax(source):
    result = run(*source, "--param", "no-equals-sign", "ASK {}")
    assert result.exit_code == 1
    assert error_lines(result) == ["Error: --param expects NAME=VALUE, got 'no-equals-sign'"]


def test_no_source_and_two_sources(trig_file, store_dir):
    result = run("ASK {}")
    assert result.exit_code == 1 and len(error_lines(result)) == 1 and "--store" in result.output
    result = run("--graph", str(trig_file), "--store", str(store_dir), "ASK {}")
    assert result.exit_code == 1 and len(error_lines(result)) == 1


def test_folder_that_is_not_a_store(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.txt").write_text("not a store")
    result = run("--store", str(folder), "ASK {}")
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "not an Oxigraph store" in lines[0]
    assert sorted(p.name for p in folder.iterdir()) == ["readme.txt"]   # nothing was created there
    result = run("--store", str(tmp_path / "missing"), "ASK {}")
    assert result.exit_code == 1 and len(error_lines(result)) == 1 and "no such store" in result.output
    assert not (tmp_path / "missing").exists()


def test_bad_rdf_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", "utf-8")
    result = run("--graph", str(bad), "ASK {}")
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "bad.ttl" in lines[0]


def test_locked_store_is_one_line_error(tmp_path):
    path = tmp_path / "locked"
    store = OxigraphStore(path)
    ksg.load(store)
    store.close()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from kg.store import OxigraphStore; "
                               "s = OxigraphStore(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = run("--store", str(path), "ASK { ?s ?p ?o }")
        assert result.exit_code == 1, result.output
        lines = error_lines(result)
        assert len(lines) == 1 and lines[0].startswith("Error: ") and "lock" in lines[0], lines
    finally:
        holder.kill()
        holder.wait()
    result = run("--store", str(path), "ASK { ?s ?p ?o }")   # free again
    assert result.exit_code == 0 and result.output == "true\n"
