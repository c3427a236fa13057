"""HTML network map (kg/views/map.py): Python side, and the page in a real headless Chromium.

Browser tests need Debian's chromium and Python playwright (no `playwright install`):

    apt-get update && apt-get install -y chromium fonts-wqy-microhei
    pip install playwright

They skip with the reason when either is missing. Every request other than file:// is aborted and
recorded, so the page is proven to work offline. Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from kg.errors import InputError
from kg.views import map as kgmap
from kg.views.map import MapInfo, graph_to_network, write_map

KGO = Namespace("https://w3id.org/kg-innovation/ontology#")
KGR = Namespace("https://w3id.org/kg-innovation/id/")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_ALIAS = "<script>alert(2)</script>"
XSS_SENTENCE = "<b onmouseover=alert(3)>恶意</b>与夸克新材合作<img src=x onerror=alert(5)>"
XSS_TITLE = "</script><script>alert(4)</script>"

# (slug, name, class, aliases)
ENTITIES = [
    ("company", "开封夸克新材料有限公司", "Company", ["夸克新材"]),
    ("university", "河南大学", "University", ["河大"]),
    ("research-institute", "中国科学院化学研究所", "ResearchInstitute", ["中科院化学所"]),
    ("person", "张三", "Person", []),
    ("person", "李四", "Person", []),
    ("lab", "河南省纳米材料重点实验室", "Lab", []),
    ("technology", "石墨烯散热膜", "Technology", []),
    ("government-body", "开封市科学技术局", "GovernmentBody", ["开封市科技局"]),
    ("policy", "开封市支持科技创新若干政策", "Policy", []),
    ("place", "开封市", "Place", []),
    ("company", XSS_LABEL, "Company", [XSS_ALIAS]),
]
# (head, relation, tail, [(document, sentence)])
RELATIONS = [
    ("开封夸克新材料有限公司", "collaboratesWith", "河南大学", [
        ("d1", "开封夸克新材料有限公司与河南大学签署产学研合作协议。"),
        ("d2", "夸克新材与河大共建石墨烯联合实验室。"),
        ("d3", "河南大学与开封夸克新材料有限公司联合攻关散热膜技术。"),
        ("d3", "双方将继续深化合作。")]),
    ("开封夸克新材料有限公司", "collaboratesWith", "中国科学院化学研究所", [
        ("d2", "开封夸克新材料有限公司与中国科学院化学研究所开展技术合作。")]),
    ("张三", "worksFor", "开封夸克新材料有限公司", [("d1", "开封夸克新材料有限公司董事长张三表示……")]),
    ("李四", "worksFor", "河南大学", [("d1", "河南大学教授李四介绍……")]),
    ("河南省纳米材料重点实验室", "hostedBy", "河南大学", [("d2", "该实验室依托河南大学建设。")]),
    ("河南省纳米材料重点实验室", "partOf", "河南大学", []),  # a second edge on the same pair
    ("开封夸克新材料有限公司", "develops", "石墨烯散热膜", [("d1", "公司自主研发了石墨烯散热膜。")]),
    ("开封市科学技术局", "funds", "开封夸克新材料有限公司", [("d3", "开封市科技局给予该企业资金支持。")]),
    ("开封市支持科技创新若干政策", "issuedBy", "开封市科学技术局", [("d3", "开封市科学技术局印发了若干政策。")]),
    ("开封夸克新材料有限公司", "locatedIn", "开封市", []),
    (XSS_LABEL, "collaboratesWith", "开封夸克新材料有限公司", [("dx", XSS_SENTENCE)]),
    ("张三", "mentionedWith", "李四", [("d1", "张三与李四出席签约仪式。")]),
]
DOC_TITLES = {"d1": "开封夸克新材料与河南大学合作", "d2": "石墨烯联合实验室揭牌",
              "d3": "开封市科技创新政策发布", "dx": XSS_TITLE}
N_NODES = len(ENTITIES)
N_EDGES = sum(1 for r in RELATIONS if r[1] != "mentionedWith")


def iri(name: str) -> URIRef:
    for slug, n, _cls, _al in ENTITIES:
        if n == name:
            from urllib.parse import quote

            return KGR[f"{slug}/{quote(n, safe='')}"]
    raise KeyError(name)


def build_graph(dataset: bool = True):
    """The DESIGN.md graph shape: entities, relations, RelationEvidence, documents, mentions.

    With ``dataset=True`` every document's triples live in its named graph ``{base}graph/{doc}`` and the
    entity type/label triples are repeated in each document graph that mentions them.
    """
    ds = Dataset() if dataset else None
    plain = None if dataset else Graph()

    def graph_of(doc):
        return ds.graph(KGR[f"graph/{doc}"]) if dataset else plain

    cls_of = {n: c for _s, n, c, _a in ENTITIES}
    aliases = {n: a for _s, n, _c, a in ENTITIES}

    def entity(g, name):
        e = iri(name)
        g.add((e, RDF.type, KGO[cls_of[name]]))
        g.add((e, RDFS.label, Literal(name, lang="zh")))
        for a in aliases[name]:
            g.add((e, SKOS.altLabel, Literal(a, lang="zh")))
        return e

    for doc, title in DOC_TITLES.items():
        g = graph_of(doc)
        d = KGR[f"doc/{doc}"]
        g.add((d, RDF.type, KGO.Document))
        g.add((d, DCTERMS.title, Literal(title, lang="zh")))
        g.add((d, KGO.sourcePath, Literal(f"data/samples/{doc}.txt")))
    for name in cls_of:  # every entity at least in d1 (also isolated ones)
        entity(graph_of("d1"), name)
    ev_n = 0
    for head, rel, tail, evidence in RELATIONS:
        docs = [doc for doc, _t in evidence] or ["d1"]
        for doc in dict.fromkeys(docs):
            g = graph_of(doc)
            entity(g, head)
            entity(g, tail)
            g.add((iri(head), KGO[rel], iri(tail)))
        for doc, text in evidence:
            g = graph_of(doc)
            ev_n += 1
            ev = KGR[f"evidence/{doc}/{ev_n}"]
            sent = KGR[f"sentence/{doc}/{ev_n}"]
            g.add((sent, RDF.type, KGO.Sentence))
            g.add((sent, KGO.inDocument, KGR[f"doc/{doc}"]))
            g.add((sent, KGO.text, Literal(text, lang="zh")))
            for p, o in ((RDF.type, KGO.RelationEvidence), (KGO.subject, iri(head)), (KGO.predicate, KGO[rel]),
                         (KGO.object, iri(tail)), (KGO.inDocument, KGR[f"doc/{doc}"]), (KGO.inSentence, sent),
                         (KGO.evidenceText, Literal(text, lang="zh")), (KGO.beginOffset, Literal(0)),
                         (KGO.endOffset, Literal(len(text))),
                         (KGO.confidence, Literal("0.9", datatype=XSD.decimal))):
                g.add((ev, p, o))
            for name in (head, tail):
                m = KGR[f"mention/{doc}/{ev_n}/{abs(hash(name)) % 10**8}"]
                g.add((m, RDF.type, KGO.Mention))
                g.add((m, KGO.mentionOf, iri(name)))
                g.add((m, KGO.inDocument, KGR[f"doc/{doc}"]))
                g.add((m, KGO.surfaceForm, Literal(name)))
    return ds if dataset else plain


@pytest.fixture(scope="module")
def rdf():
    return build_graph(dataset=True)


# ------------------------------------------------------------------------------------------------
# Python side

def test_network_nodes_edges_and_attributes(rdf):
    G = graph_to_network(rdf)
    assert isinstance(G, nx.Graph)
    assert G.number_of_nodes() == N_NODES
    assert G.number_of_edges() == N_EDGES
    quark = str(iri("开封夸克新材料有限公司"))
    a = G.nodes[quark]
    assert a["label"] == "开封夸克新材料有限公司" and a["type"] == "Company"
    assert a["aliases"] == ["夸克新材"]
    assert a["docs"] == 4  # d1, d2, d3 and dx
    e = G.get_edge_data(quark, str(iri("河南大学")), key="collaboratesWith")
    assert e["directed"] is False and e["evidence_count"] == 4
    assert e["evidence"][0]["title"] in DOC_TITLES.values()
    assert G.has_edge(str(iri("张三")), quark, key="worksFor")
    assert G.nodes[str(iri("开封市"))]["docs"] == 0  # no mention, no evidence sentence
    assert "community" not in a


def test_plain_graph_same_as_dataset(rdf):
    G1, G2 = graph_to_network(rdf), graph_to_network(build_graph(dataset=False))
    assert sorted(G1.nodes) == sorted(G2.nodes)
    assert sorted(G1.edges(keys=True)) == sorted(G2.edges(keys=True))


def test_views_types_relations_focus_degree_top(rdf):
    G = graph_to_network(rdf, types=["Company", "University"])
    assert {a["type"] for _n, a in G.nodes(data=True)} == {"Company", "University"}
    G = graph_to_network(rdf, types="Organization")  # includes the organisation subclasses
    assert "Company" in {a["type"] for _n, a in G.nodes(data=True)}
    G = graph_to_network(rdf, relations=["worksFor"])
    assert {k for _u, _v, k in G.edges(keys=True)} == {"worksFor"}
    G = graph_to_network(rdf, include_mentioned_with=True)
    assert G.number_of_edges() == N_EDGES + 1
    G = graph_to_network(rdf, focus="河大", hops=1)  # alias
    assert str(iri("河南大学")) in G and str(iri("李四")) in G and str(iri("开封市")) not in G
    G2 = graph_to_network(rdf, focus=str(iri("河南大学")), hops=2)
    assert str(iri("开封市")) in G2 and G2.graph["focus"] == [str(iri("河南大学"))]
    full = dict(graph_to_network(rdf).degree())
    G = graph_to_network(rdf, min_degree=2)  # relations counted before dropping (one pass)
    assert sorted(G) == sorted(n for n, d in full.items() if d >= 2)
    G = graph_to_network(rdf, top=3, rank="pagerank", communities=True)
    assert G.number_of_nodes() == 3
    assert str(iri("开封夸克新材料有限公司")) in G
    assert all("community" in a for _n, a in G.nodes(data=True))


def test_bad_options_raise_input_error(rdf):
    with pytest.raises(InputError, match="unknown entity type"):
        graph_to_network(rdf, types=["Companyy"])
    with pytest.raises(InputError, match="unknown relation"):
        graph_to_network(rdf, relations=["likes"])
    with pytest.raises(InputError, match="not found"):
        graph_to_network(rdf, focus="不存在的公司")
    with pytest.raises(InputError):
        graph_to_network(rdf, lang="fr")
    with pytest.raises(InputError):
        graph_to_network(rdf, rank="betweenness")


def test_too_big_warns_and_truncates(rdf):
    G = graph_to_network(rdf, max_nodes=4)
    assert G.number_of_nodes() == 4
    assert any("too many to draw" in w for w in G.graph["warnings"])


def test_write_map_self_contained_utf8_atomic(rdf, tmp_path):
    out = tmp_path / "sub" / "map.html"
    info = write_map(rdf, out)
    assert isinstance(info, MapInfo)
    assert (info.nodes, info.edges, info.path, info.warnings) == (N_NODES, N_EDGES, out, [])
    raw = out.read_bytes()
    html = raw.decode("utf-8")  # strict
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "开封夸克新材料有限公司" in html
    # nothing external: no src/href attributes, no @import or url() other than data:
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", html, re.I)
    assert not re.search(r"""url\(\s*(?!['"]?data:)""", html)
    assert "@import" not in html
    # raw payloads never appear outside the JSON data (where '<' is \u003c)
    for payload in (XSS_LABEL, XSS_ALIAS, XSS_TITLE, "<b onmouseover"):
        assert payload not in html
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]  # no temp file left
    # overwrite in place works and keeps one file
    write_map(rdf, out, lang="en", communities=True)
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]


def test_layout_is_deterministic_and_cached(rdf, tmp_path):
    G = graph_to_network(rdf)
    kgmap._LAYOUT_CACHE.clear()
    p1 = kgmap.layout_positions(G, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    kgmap._LAYOUT_CACHE.clear()
    p2 = kgmap.layout_positions(G, cache_dir=tmp_path)  # from disk
    assert p1 == p2
    xs = [x for x, _y in p1.values()]
    assert max(xs) - min(xs) > 50  # spread out in pixels


# ------------------------------------------------------------------------------------------------
# headless Chromium

@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get update && apt-get install -y chromium")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # pragma: no cover - broken browser install
        pw.stop()
        pytest.skip(f"cannot launch {CHROMIUM}: {exc}")
    yield b
    b.close()
    pw.stop()


class Page:
    """A page with every non-file:// request aborted and recorded, console errors and dialogs kept."""

    def __init__(self, browser, path: Path):
        self.ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.on("request", lambda r: None if r.url.startswith(("file://", "data:", "blob:"))
                     else self.external.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri(), wait_until="load")
        self.page.wait_for_function("window.kgMapReady === true", timeout=30_000)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()  # recorded by the "request" listener

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def js(self, code, arg=None):
        return self.page.evaluate(code, arg)

    def node_id(self, label: str) -> int:
        return self.js("l => kgMap.data.nodes.find(n => n.label === l).id", label)

    def close(self):
        self.ctx.close()


@pytest.fixture
def page(browser, rdf, tmp_path):
    out = tmp_path / "map.html"
    write_map(rdf, out, lang="zh")
    p = Page(browser, out)
    yield p
    p.close()


def test_page_loads_offline_without_errors(page):
    assert page.errors == []
    assert page.external == []
    assert page.dialogs == []
    assert page.js("[kgMap.nodes.length, kgMap.edges.length]") == [N_NODES, N_EDGES]
    assert page.js("[kgMap.nodesView.length, kgMap.edgesView.length]") == [N_NODES, N_EDGES]
    assert page.js("document.getElementById('stats').textContent") == f"{N_NODES} 节点 · {N_EDGES} 边"
    # physics off by default, straight edges, arrows only on directed relations
    assert page.js("kgMap.network.physics.options.enabled") is False
    arrows = page.js("Object.fromEntries(kgMap.edges.get().map(e => [e.rel, e.arrows.to.enabled]))")
    assert arrows["collaboratesWith"] is False and arrows["worksFor"] is True
    smooth = page.js("kgMap.edges.get().map(e => [e.rel, e.smooth ? e.smooth.type : null])")
    assert sorted(t for _r, t in smooth if t) == ["curvedCW"]  # only the parallel edge is curved
    # legend lists the classes with counts
    legend = page.js("document.getElementById('legend').textContent")
    assert "企业" in legend and "人物" in legend


def test_search_chinese_focuses_node(page):
    target = page.node_id("开封夸克新材料有限公司")
    page.page.fill("#search", "夸克")
    page.page.press("#search", "Enter")
    page.page.wait_for_function("kgMap.focused !== null")
    assert page.js("kgMap.focused") == target
    assert page.js("kgMap.network.getSelectedNodes()") == [target]
    assert "开封夸克新材料有限公司" in page.js("document.getElementById('panel').textContent")
    # alias substring, via the button
    page.page.fill("#search", "科技局")
    page.page.click("#search-go")
    assert page.js("kgMap.focused") == page.node_id("开封市科学技术局")
    # the result list offers matches while typing
    page.page.fill("#search", "河")
    page.page.wait_for_function("document.querySelectorAll('#results li').length > 0")
    labels = page.js("Array.from(document.querySelectorAll('#results li')).map(li => li.textContent)")
    assert any(lab.startswith("河南大学") for lab in labels)
    page.page.fill("#search", "没有这个")
    page.page.wait_for_function("document.querySelector('#results li.none') !== null")
    assert page.js("document.querySelector('#results li').textContent") == "没有匹配的实体"
    assert page.errors == []


def test_untick_type_hides_its_nodes(page):
    persons = page.js("kgMap.nodes.get().filter(n => n.type === 'Person').map(n => n.id)")
    assert len(persons) == 2
    page.page.uncheck("input[data-type=Person]")
    assert page.js("kgMap.nodesView.length") == N_NODES - 2
    visible = page.js("kgMap.nodesView.getIds()")
    assert not set(persons) & set(visible)
    assert page.js("kgMap.edgesView.get().filter(e => e.rel === 'worksFor').length") == 0
    drawn = page.js("Object.keys(kgMap.network.body.nodes).map(Number)")  # what vis actually holds
    assert not set(persons) & set(drawn)
    page.page.check("input[data-type=Person]")
    assert page.js("kgMap.nodesView.length") == N_NODES
    page.page.uncheck("input[data-relation=collaboratesWith]")
    assert page.js("kgMap.edgesView.length") == N_EDGES - 3
    page.page.click("#physics")
    assert page.js("kgMap.network.physics.options.enabled") is True


def test_details_panel_evidence_and_document(page):
    quark = page.node_id("开封夸克新材料有限公司")
    page.js("id => kgMap.showNode(id)", quark)
    text = page.js("document.getElementById('panel').textContent")
    assert "夸克新材" in text                       # alias
    assert "来源文档数4" in text.replace(" ", "")    # number of source documents
    assert "开封夸克新材料有限公司与河南大学签署产学研合作协议。" in text
    assert "《开封夸克新材料与河南大学合作》" in text
    assert "另有 1 条证据" in text                  # 4 sentences, 3 shown
    lis = page.js("document.querySelectorAll('#panel .rel ol')[0].children.length")
    assert lis == 3


def _mouse_to_node(page, node_id):
    pt = page.js("""id => { const n = kgMap.network; const p = n.getPositions([id])[id];
        const d = n.canvasToDOM(p); const r = document.getElementById('network').getBoundingClientRect();
        return [d.x + r.left, d.y + r.top]; }""", node_id)
    return pt


def test_injected_names_run_nothing(page):
    bad = page.node_id(XSS_LABEL)
    page.js("kgMap.network.fit({animation: false})")
    x, y = _mouse_to_node(page, bad)
    page.page.mouse.move(x, y)
    page.page.wait_for_timeout(300)
    tip = page.js("document.getElementById('tip')")
    page.page.mouse.click(x, y)  # opens the details panel through vis' click event
    page.page.wait_for_timeout(200)
    panel = page.js("document.getElementById('panel').textContent")
    assert XSS_LABEL in panel and XSS_ALIAS in panel and XSS_SENTENCE in panel and XSS_TITLE in panel
    # edge details (the evidence sentence and the title carry payloads too)
    edge = page.js("kgMap.data.edges.find(e => e.evidence.length && e.evidence[0].doc.indexOf('alert(4)') >= 0).id")
    page.js("id => kgMap.showEdge(id)", edge)
    # search for the payload itself shows it as text
    page.page.fill("#search", "<img")
    page.page.press("#search", "Enter")
    page.page.wait_for_timeout(200)
    assert page.js("kgMap.focused") == bad
    injected = page.js("document.querySelectorAll('#panel img, #panel script, #panel b, #tip img, "
                       "#results img, #legend img').length")
    assert injected == 0
    assert page.js("document.querySelectorAll('script').length") == 3  # data, vis, map
    assert page.dialogs == [], page.dialogs
    assert page.errors == []
    assert tip is not None


def test_english_map_and_communities(browser, rdf, tmp_path):
    out = tmp_path / "map_en.html"
    info = write_map(rdf, out, lang="en", communities=True, rank="pagerank")
    p = Page(browser, out)
    try:
        assert p.errors == [] and p.external == []
        legend = p.js("document.getElementById('legend').textContent")
        assert "Company" in legend and "Communities" in legend
        labels = p.js("kgMap.edges.get().map(e => e.label)")
        assert all(lab and re.search(r"[A-Za-z]", lab) for lab in labels)
        assert p.js("kgMap.nodes.length") == info.nodes
    finally:
        p.close()


def test_truncated_map_says_so(browser, rdf, tmp_path):
    out = tmp_path / "map.html"
    info = write_map(rdf, out, max_nodes=4)
    assert info.nodes == 4 and any("too many to draw" in w for w in info.warnings)
    p = Page(browser, out)
    try:
        assert p.js("kgMap.nodes.length") == 4
        assert "仅显示度最高的 4 个" in p.js("document.getElementById('warnings').textContent")
        assert p.errors == []
    finally:
        p.close()


def test_screenshot_artifact(browser, rdf):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "map_small.html"
    write_map(rdf, out, lang="zh")
    p = Page(browser, out)
    try:
        quark = p.node_id("开封夸克新材料有限公司")
        p.js("id => kgMap.focusNode(id)", quark)
        p.page.wait_for_timeout(500)
        shot = ARTIFACTS / "map_small.png"
        p.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        assert p.errors == [] and p.external == []
    finally:
        p.close()


def test_offline_guard_catches_external_loads(browser, tmp_path):
    """The guard itself works: an external load is either recorded (and aborted) or, under the map's
    Content-Security-Policy, refused with a console error - so an empty record means none was tried."""
    bare = tmp_path / "bare.html"
    bare.write_text('<!DOCTYPE html><meta charset="utf-8"><img src="https://cdn.example.invalid/x.png">'
                    "<script>window.kgMapReady = true;</script>", encoding="utf-8")
    p = Page(browser, bare)
    try:
        p.page.wait_for_timeout(200)
        assert p.external == ["https://cdn.example.invalid/x.png"]
    finally:
        p.close()
    html = (tmp_path / "map.html")
    write_map(build_graph(dataset=False), html)
    text = html.read_text(encoding="utf-8").replace(
        "</body>", '<img src="https://cdn.example.invalid/y.png"></body>')
    csp = tmp_path / "csp.html"
    csp.write_text(text, encoding="utf-8")
    p = Page(browser, csp)
    try:
        p.page.wait_for_timeout(200)
        assert any("Content Security Policy" in e for e in p.errors)
    finally:
        p.close()
