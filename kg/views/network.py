"""The entity network of a graph (entities as nodes, relation triples as edges) for graph tools:
GraphML and GEXF (Gephi, Cytoscape, networkx) and CSV node/edge tables.

CSV: `-o graph.csv` writes `graph_nodes.csv` (Id, Label, Type, Aliases) and `graph_edges.csv`
(Source, Target, Type, Relation, Weight, Evidence), the column names Gephi's spreadsheet import reads
as they are and that Neo4j's LOAD CSV maps with `row.Id`, `row.Source`, ...
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx

from ..graph.vocab import ENTITY_CLASSES as VOCAB_ENTITY_CLASSES
from ..store.base import GraphStore
from .atomic import atomic_path

KGO = "https://w3id.org/kg-innovation/ontology#"
# an entity takes the first class it has in this order (kg.graph.vocab puts kgo:Organization last)
ENTITY_CLASSES = tuple(str(c).rsplit("#", 1)[-1] for c in VOCAB_ENTITY_CLASSES)
RELATIONS = ("collaboratesWith", "hostedBy", "partOf", "issuedBy", "worksFor", "investsIn", "locatedIn",
             "develops", "awarded", "funds")
UNDIRECTED = {"collaboratesWith", "mentionedWith"}


def _entity_network_streamed(store) -> nx.MultiDiGraph:
    """The same network read by pattern scans of an Oxigraph store: no joins or GROUP BY over the
    union of millions of statements (that took minutes and gigabytes), memory in the size of the
    entities and relations only."""
    import pyoxigraph as ox
    ox_store = store.store
    merged = ox.DefaultGraph()  # each triple once (the document graphs hold the same again)
    kgo = lambda name: ox.NamedNode(KGO + name)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    types: dict[str, str] = {}
    for cls in ENTITY_CLASSES:
        for q in ox_store.quads_for_pattern(None, rdf_type, kgo(cls), merged):
            types.setdefault(q.subject.value, cls)
    labels: dict[str, str] = {}
    aliases: dict[str, set] = {}
    for q in ox_store.quads_for_pattern(None, label, None, merged):
        if q.subject.value in types:
            labels.setdefault(q.subject.value, q.object.value)
    for q in ox_store.quads_for_pattern(None, alt, None, merged):
        if q.subject.value in types:
            aliases.setdefault(q.subject.value, set()).add(q.object.value)
    g = nx.MultiDiGraph()
    for node in sorted(types):
        if node in labels:
            g.add_node(node, label=labels[node], type=types[node], aliases="|".join(sorted(aliases.get(node, ()))))
    evidence: dict[str, dict] = {}
    for part in ("subject", "predicate", "object", "evidenceText"):
        for q in ox_store.quads_for_pattern(None, kgo(part), None, merged):
            evidence.setdefault(q.subject.value, {})[part] = q.object.value
    weights: dict[tuple, int] = {}
    sample: dict[tuple, str] = {}
    for ev in evidence.values():
        key = (ev.get("subject"), ev.get("predicate", "").rsplit("#", 1)[-1], ev.get("object"))
        weights[key] = weights.get(key, 0) + 1
        sample.setdefault(key, ev.get("evidenceText", ""))
    edges = set()
    for relation in RELATIONS:
        for q in ox_store.quads_for_pattern(None, kgo(relation), None, merged):
            edges.add((q.subject.value, relation, q.object.value))
    for s, relation, o in sorted(edges):
        if s in g and o in g:
            g.add_edge(s, o, key=relation, relation=relation, weight=weights.get((s, relation, o), 1),
                       directed=relation not in UNDIRECTED, evidence=sample.get((s, relation, o), ""))
    return g


def entity_network(store: GraphStore) -> nx.MultiDiGraph:
    """Entities and their relations, with the number of evidence sentences as edge weight."""
    from ..store.oxigraph import OxigraphStore
    if isinstance(store, OxigraphStore):
        return _entity_network_streamed(store)
    g = nx.MultiDiGraph()
    classes = " ".join(f"<{KGO}{c}>" for c in ENTITY_CLASSES)
    nodes = store.query(f"""
        SELECT ?e ?class ?label WHERE {{
          VALUES ?class {{ {classes} }} ?e a ?class ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        }}""")
    aliases: dict[str, set] = {}
    for e, alt in store.query(f"""
        SELECT ?e ?alt WHERE {{
          VALUES ?class {{ {classes} }} ?e a ?class ; <http://www.w3.org/2004/02/skos/core#altLabel> ?alt .
        }}""").rows:
        aliases.setdefault(str(e), set()).add(str(alt))
    rank = {f"{KGO}{c}": i for i, c in enumerate(ENTITY_CLASSES)}
    for e, cls, label in sorted(nodes.rows, key=lambda r: (str(r[0]), rank[str(r[1])], str(r[2]))):
        if str(e) not in g:
            g.add_node(str(e), label=str(label), type=str(cls).rsplit("#", 1)[-1],
                       aliases="|".join(sorted(aliases.get(str(e), ()))))
    props = " ".join(f"<{KGO}{p}>" for p in RELATIONS)
    edges = store.query(f"""
        SELECT ?s ?p ?o (COUNT(DISTINCT ?ev) AS ?n) (SAMPLE(?text) AS ?evidence) WHERE {{
          VALUES ?p {{ {props} }} ?s ?p ?o .
          OPTIONAL {{ ?ev <{KGO}subject> ?s ; <{KGO}predicate> ?p ; <{KGO}object> ?o ; <{KGO}evidenceText> ?text }}
        }} GROUP BY ?s ?p ?o""")
    for s, p, o, n, evidence in sorted(edges.rows, key=lambda r: (str(r[0]), str(r[1]), str(r[2]))):
        if str(s) in g and str(o) in g:
            relation = str(p).rsplit("#", 1)[-1]
            g.add_edge(str(s), str(o), key=relation, relation=relation, weight=int(n or 1),
                       directed=relation not in UNDIRECTED, evidence=str(evidence or ""))
    return g


# characters XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE/U+FFFF): GraphML and GEXF drop them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        h.add_node(_NOT_XML.sub("", node), **{k: _NOT_XML.sub("", v) if isinstance(v, str) else v for k, v in data.items()})
    for s, o, key, data in g.edges(keys=True, data=True):
        h.add_edge(_NOT_XML.sub("", s), _NOT_XML.sub("", o), key=key,
                   **{k: _NOT_XML.sub("", v) if isinstance(v, str) else v for k, v in data.items()})
    return h


def _cell(value):
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (or tab, carriage return) would make Excel
    or WPS read an extracted name as a formula (=HYPERLINK(…)), so such cells get a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_network(store: GraphStore, path: str | Path, fmt: str) -> int:
    """Write the entity network as graphml, gexf or csv; returns the number of nodes + edges."""
    g = entity_network(store)
    path = Path(path)
    if fmt in ("graphml", "gexf"):
        g = _xml_safe(g)
    if fmt == "graphml":
        with atomic_path(path) as tmp:
            nx.write_graphml(g, tmp, encoding="utf-8")
    elif fmt == "gexf":
        with atomic_path(path) as tmp:
            nx.write_gexf(g, tmp, encoding="utf-8")
    else:
        stem = path.with_suffix("")
        with atomic_path(f"{stem}_nodes.csv") as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["Id", "Label", "Type", "Aliases"])
            for node, data in g.nodes(data=True):
                w.writerow([_cell(x) for x in (node, data["label"], data["type"], data["aliases"])])
        with atomic_path(f"{stem}_edges.csv") as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["Source", "Target", "Type", "Relation", "Weight", "Evidence"])
            for s, o, data in g.edges(data=True):
                w.writerow([_cell(x) for x in (s, o, "Directed" if data["directed"] else "Undirected", data["relation"],
                                                data["weight"], data["evidence"])])
    return g.number_of_nodes() + g.number_of_edges()
