"""Generate ontology/README.md and ontology/class_hierarchy.svg from ontology/kg.ttl.

    python -m scripts.ontology_docs            # rewrite both files
    python scripts/ontology_docs.py --check    # exit 1 if they are out of date

Everything in the output comes from kg.ttl (labels, definitions, domains, ranges, alignments,
comments), in the order the terms are defined there, so the output is deterministic.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
TTL_NAME = "kg.ttl"
README_NAME = "README.md"
SVG_NAME = "class_hierarchy.svg"

KGO = "https://w3id.org/kg-innovation/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-innovation/ontology")
DCTERMS = "http://purl.org/dc/terms/"
PROV_ENTITY = URIRef("http://www.w3.org/ns/prov#Entity")

PREFIXES = {
    "kgo": KGO,
    "kgr": "https://w3id.org/kg-innovation/id/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": str(SKOS),
    "dcterms": DCTERMS,
    "qb": "http://purl.org/linked-data/cube#",
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


# ----------------------------------------------------------------------------- reading the ontology

def load(ttl_path: Path | None = None) -> tuple[Graph, str]:
    path = ttl_path or ONTOLOGY_DIR / TTL_NAME
    text = path.read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle"), text


def definition_order(ttl_text: str) -> list[str]:
    """Local names of kgo terms in the order kg.ttl defines them."""
    return re.findall(r"^kgo:(\w+) a owl:", ttl_text, flags=re.MULTILINE)


def qname(node) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and re.fullmatch(r"[\w.-]+", text[len(namespace):]):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    return str(node)


def expression(graph: Graph, node) -> str:
    """A class or datatype expression as text: names, unions (A ∪ B), intersections."""
    if isinstance(node, BNode):
        for operator, symbol in ((OWL.unionOf, " ∪ "), (OWL.intersectionOf, " ∩ ")):
            members = graph.value(node, operator)
            if members is not None:
                return symbol.join(expression(graph, m) for m in Collection(graph, members))
        return "(anonymous)"
    return qname(node)


def text(graph: Graph, node, prop, lang: str) -> str:
    for value in graph.objects(node, prop):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


@dataclass
class Term:
    node: URIRef
    kind: str  # Class, ObjectProperty, DatatypeProperty
    name: str


def terms(graph: Graph, order: list[str]) -> list[Term]:
    kinds = {OWL.Class: "Class", OWL.ObjectProperty: "ObjectProperty", OWL.DatatypeProperty: "DatatypeProperty"}
    found = []
    for kind_node, kind in kinds.items():
        for node in graph.subjects(RDF.type, kind_node):
            if isinstance(node, URIRef) and str(node).startswith(KGO):
                found.append(Term(node, kind, str(node)[len(KGO):]))
    rank = {name: i for i, name in enumerate(order)}
    return sorted(found, key=lambda t: (rank.get(t.name, len(rank)), t.name))


def is_kgo(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(KGO)


# ----------------------------------------------------------------------------- README

def cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def labels_cell(graph: Graph, node) -> str:
    return f"{text(graph, node, RDFS.label, 'zh')}<br>{text(graph, node, RDFS.label, 'en')}"


def definition_cell(graph: Graph, node) -> str:
    en = text(graph, node, SKOS.definition, "en")
    zh = text(graph, node, SKOS.definition, "zh")
    return cell(f"{en}<br>{zh}")


def class_alignment(graph: Graph, node) -> tuple[str, str]:
    parents = sorted(qname(o) for o in graph.objects(node, RDFS.subClassOf) if is_kgo(o))
    external = [f"≡ {qname(o)}" for o in sorted(graph.objects(node, OWL.equivalentClass), key=str)]
    external += [f"⊑ {qname(o)}" for o in sorted(graph.objects(node, RDFS.subClassOf), key=str) if not is_kgo(o)]
    external += [f"see also {qname(o)}" for o in sorted(graph.objects(node, RDFS.seeAlso), key=str)]
    return ", ".join(parents) or "—", ", ".join(external) or "—"


def property_alignment(graph: Graph, node) -> str:
    out = [f"⊑ {qname(o)}" for o in sorted(graph.objects(node, RDFS.subPropertyOf), key=str)]
    out += [f"inverse of {qname(o)}" for o in sorted(graph.objects(node, OWL.inverseOf), key=str) if not is_kgo(o)]
    return ", ".join(out) or "—"


def characteristics(graph: Graph, node) -> str:
    out = []
    if (node, RDF.type, OWL.SymmetricProperty) in graph:
        out.append("symmetric")
    if (node, RDF.type, OWL.TransitiveProperty) in graph:
        out.append("transitive")
    if (node, RDF.type, OWL.FunctionalProperty) in graph:
        out.append("functional")
    inverses = {o for o in graph.objects(node, OWL.inverseOf) if is_kgo(o)}
    inverses |= {s for s in graph.subjects(OWL.inverseOf, node) if is_kgo(s)}
    out += [f"inverse {qname(o)}" for o in sorted(inverses, key=str)]
    return ", ".join(out) or "—"


def domain_range(graph: Graph, node) -> tuple[str, str]:
    domains = [expression(graph, d) for d in graph.objects(node, RDFS.domain)]
    ranges = [expression(graph, r) for r in graph.objects(node, RDFS.range)]
    return " ∩ ".join(sorted(domains)) or "—", " ∩ ".join(sorted(ranges)) or "—"


def render_readme(graph: Graph, ttl_text: str) -> str:
    order = definition_order(ttl_text)
    all_terms = terms(graph, order)
    classes = [t for t in all_terms if t.kind == "Class"]
    object_props = [t for t in all_terms if t.kind == "ObjectProperty"]
    data_props = [t for t in all_terms if t.kind == "DatatypeProperty"]
    onto = ONTOLOGY_IRI
    version = graph.value(onto, OWL.versionInfo)
    title_en = text(graph, onto, URIRef(DCTERMS + "title"), "en")
    title_zh = text(graph, onto, URIRef(DCTERMS + "title"), "zh")
    lines: list[str] = []
    add = lines.append
    add(f"# {title_en}")
    add("")
    add(f"**{title_zh}** · version {version} · `{onto}`")
    add("")
    add("<!-- Generated from kg.ttl by `python -m scripts.ontology_docs`; do not edit by hand. -->")
    add("")
    add(text(graph, onto, URIRef(DCTERMS + "description"), "en"))
    add("")
    add(text(graph, onto, URIRef(DCTERMS + "description"), "zh"))
    add("")
    add("| file | what |")
    add("|---|---|")
    add(f"| `kg.ttl` | the OWL 2 ontology: {len(classes)} classes, {len(object_props)} object properties, "
        f"{len(data_props)} datatype properties |")
    add("| `shapes.ttl` | SHACL shapes: labels, one entity type, domains and ranges, evidence for every relation, "
        "typed literals (`kg.views.validate.validate`) |")
    add("| `class_hierarchy.svg` | the picture below |")
    add("")
    add("Prefixes: " + ", ".join(f"`{p}:` <{ns}>" for p, ns in PREFIXES.items() if p in
                                 ("kgo", "kgr", "org", "foaf", "schema", "prov", "skos", "dcterms")) + ".")
    add("")
    add("Python: `kg.graph.vocab.KG` is the closed namespace of these terms; `kg.graph.infer.materialise(graph)` adds "
        "the RDFS/OWL 2 RL consequences (e.g. `schema:Organization`, `org:memberOf`) to an instance graph; "
        "`kg.views.validate.validate(graph)` checks it against `shapes.ttl`.")
    add("")
    add("## Class hierarchy")
    add("")
    add(f"![Class hierarchy of the kg ontology]({SVG_NAME})")
    add("")
    add("Grey text: alignments to external vocabularies (≡ equivalent class, ⊑ subclass of).")
    add("")

    add("## Classes")
    add("")
    add("| class | 中文 / English | definition | subclass of | alignment |")
    add("|---|---|---|---|---|")
    for t in classes:
        parents, external = class_alignment(graph, t.node)
        add(f"| `kgo:{t.name}` | {labels_cell(graph, t.node)} | {definition_cell(graph, t.node)} | "
            f"{cell(parents)} | {cell(external)} |")
    add("")

    add("## Object properties")
    add("")
    add("| property | 中文 / English | definition | domain | range | characteristics | alignment |")
    add("|---|---|---|---|---|---|---|")
    for t in object_props:
        domain, range_ = domain_range(graph, t.node)
        add(f"| `kgo:{t.name}` | {labels_cell(graph, t.node)} | {definition_cell(graph, t.node)} | {cell(domain)} | "
            f"{cell(range_)} | {cell(characteristics(graph, t.node))} | {cell(property_alignment(graph, t.node))} |")
    add("")

    add("## Datatype properties")
    add("")
    add("| property | 中文 / English | definition | domain | range | alignment |")
    add("|---|---|---|---|---|---|")
    for t in data_props:
        domain, range_ = domain_range(graph, t.node)
        add(f"| `kgo:{t.name}` | {labels_cell(graph, t.node)} | {definition_cell(graph, t.node)} | {cell(domain)} | "
            f"{cell(range_)} | {cell(property_alignment(graph, t.node))} |")
    add("")

    reused = sorted({s for s in graph.subjects(SKOS.scopeNote, None) if isinstance(s, URIRef)}, key=qname)
    if reused:
        add("## Terms reused from other vocabularies")
        add("")
        add("| term | use in kg |")
        add("|---|---|")
        for node in reused:
            note = f"{text(graph, node, SKOS.scopeNote, 'en')}<br>{text(graph, node, SKOS.scopeNote, 'zh')}"
            add(f"| `{qname(node)}` | {cell(note)} |")
        add("")

    disjoint = []
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(group, OWL.members)
        if members is not None:
            disjoint.append(sorted(qname(m) for m in Collection(graph, members)))
    if disjoint:
        add("## Disjoint classes")
        add("")
        for members in sorted(disjoint):
            add("- " + ", ".join(f"`{m}`" for m in members))
        add("")

    notes = [(t, text(graph, t.node, RDFS.comment, "en")) for t in all_terms]
    notes = [(t, n) for t, n in notes if n]
    if notes:
        add("## Alignment notes")
        add("")
        add("Where an external term only nearly matches, kg.ttl says why and uses a weaker link or none:")
        add("")
        for t, note in notes:
            add(f"- `kgo:{t.name}` — {note}")
        add("")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- SVG

@dataclass
class Box:
    key: str
    title: str
    subtitle: str
    note: str
    external: bool
    children: list
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0


ROW = 46
BOX_H = 36
NOTE_SIZE = 10.5
COLUMN_GAP = 48
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif\""


def text_width(s: str, size: float) -> float:
    return sum(size * (1.0 if ord(ch) > 0x2E80 else 0.6) for ch in s)


def hierarchy(graph: Graph, order: list[str]) -> Box:
    classes = [t for t in terms(graph, order) if t.kind == "Class"]

    def box_for(term: Term) -> Box:
        external = [f"≡ {qname(o)}" for o in sorted(graph.objects(term.node, OWL.equivalentClass), key=str)]
        external += [f"⊑ {qname(o)}" for o in sorted(graph.objects(term.node, RDFS.subClassOf), key=str)
                     if not is_kgo(o) and o != PROV_ENTITY]
        children = [box_for(c) for c in classes if (c.node, RDFS.subClassOf, term.node) in graph]
        return Box(term.name, term.name, text(graph, term.node, RDFS.label, "zh"), ", ".join(external), False, children)

    roots = [c for c in classes if not any(is_kgo(o) for o in graph.objects(c.node, RDFS.subClassOf))]
    entity_roots = [box_for(c) for c in roots if (c.node, RDFS.subClassOf, PROV_ENTITY) not in graph]
    prov_roots = [box_for(c) for c in roots if (c.node, RDFS.subClassOf, PROV_ENTITY) in graph]
    top = list(entity_roots)
    if prov_roots:
        top.append(Box("prov:Entity", "prov:Entity", "PROV-O", "", True, prov_roots))
    return Box("owl:Thing", "owl:Thing", "", "", True, top)


def layout(root: Box) -> tuple[float, float]:
    depth_width: dict[int, float] = {}

    def measure(box: Box, depth: int) -> None:
        box.width = max(text_width(box.title, 13), text_width(box.subtitle, 11)) + 20
        # a parent's alignment note is stacked under its box, so its column must hold the widest line
        stacked = max((text_width(line, NOTE_SIZE) for line in box.note.split(", ")), default=0) if box.children and box.note else 0
        depth_width[depth] = max(depth_width.get(depth, 0), box.width, stacked)
        for child in box.children:
            measure(child, depth + 1)

    measure(root, 0)
    column_x = {0: 20.0}
    for depth in sorted(depth_width)[1:]:
        column_x[depth] = column_x[depth - 1] + depth_width[depth - 1] + COLUMN_GAP
    row = [0]

    def place(box: Box, depth: int) -> None:
        box.x = column_x[depth]
        if box.children:
            for child in box.children:
                place(child, depth + 1)
            box.y = (box.children[0].y + box.children[-1].y) / 2
        else:
            box.y = 20 + row[0] * ROW
            row[0] += 1

    place(root, 0)
    right = 0.0

    def extent(box: Box) -> None:
        nonlocal right
        if box.note and not box.children:
            right = max(right, box.x + box.width + 12 + text_width(box.note, NOTE_SIZE))
        right = max(right, box.x + box.width)
        for child in box.children:
            extent(child)

    extent(root)
    return right + 20, 20 + row[0] * ROW


def render_svg(graph: Graph, ttl_text: str) -> str:
    root = hierarchy(graph, definition_order(ttl_text))
    width, height = layout(root)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="Class hierarchy of the kg ontology">',
        "<title>kg ontology — class hierarchy</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    edges: list[str] = []
    nodes: list[str] = []

    def draw(box: Box) -> None:
        cy = box.y + BOX_H / 2
        for child in box.children:
            x1, x2 = box.x + box.width, child.x
            mid = x2 - 20
            ccy = child.y + BOX_H / 2
            edges.append(f'<path d="M{x1:.1f},{cy:.1f} H{mid:.1f} V{ccy:.1f} H{x2:.1f}" fill="none" '
                         f'stroke="#8a94a6" stroke-width="1.2"/>')
            draw(child)
        fill, stroke, dash = ("#f4f5f7", "#8a94a6", ' stroke-dasharray="4 3"') if box.external else ("#e8f0fe", "#3367d6", "")
        nodes.append(f'<g><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{BOX_H}" rx="6" '
                     f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>')
        if box.subtitle:
            nodes.append(f'<text x="{box.x + 10:.1f}" y="{box.y + 15:.1f}" font-size="13" font-weight="600" '
                         f'{FONT} fill="#1f2937">{escape(box.title)}</text>')
            nodes.append(f'<text x="{box.x + 10:.1f}" y="{box.y + 30:.1f}" font-size="11" {FONT} '
                         f'fill="#4b5563">{escape(box.subtitle)}</text>')
        else:
            nodes.append(f'<text x="{box.x + 10:.1f}" y="{box.y + 23:.1f}" font-size="13" font-weight="600" '
                         f'{FONT} fill="#1f2937">{escape(box.title)}</text>')
        if box.note and not box.children:  # beside a leaf
            nodes.append(f'<text x="{box.x + box.width + 12:.1f}" y="{box.y + 22:.1f}" font-size="{NOTE_SIZE}" '
                         f'{FONT} fill="#6b7280">{escape(box.note)}</text>')
        elif box.note:  # under a parent, one alignment per line
            for i, line in enumerate(box.note.split(", ")):
                nodes.append(f'<text x="{box.x + 2:.1f}" y="{box.y + BOX_H + 14 + 13 * i:.1f}" '
                             f'font-size="{NOTE_SIZE}" {FONT} fill="#6b7280">{escape(line)}</text>')
        nodes.append("</g>")

    draw(root)
    out.extend(edges)
    out.extend(nodes)
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- entry point

def render(ttl_path: Path | None = None) -> dict[str, str]:
    """{file name: content} for README.md and class_hierarchy.svg, generated from kg.ttl."""
    graph, ttl_text = load(ttl_path)
    return {README_NAME: render_readme(graph, ttl_text) + "\n", SVG_NAME: render_svg(graph, ttl_text)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the files are up to date")
    parser.add_argument("--dir", type=Path, default=ONTOLOGY_DIR, help="ontology folder (default: %(default)s)")
    args = parser.parse_args(argv)
    outputs = render(args.dir / TTL_NAME)
    stale = [name for name, content in outputs.items()
             if not (args.dir / name).exists() or (args.dir / name).read_text(encoding="utf-8") != content]
    if args.check:
        for name in stale:
            print(f"{args.dir / name} is out of date; run: python -m scripts.ontology_docs", file=sys.stderr)
        return 1 if stale else 0
    for name, content in outputs.items():
        (args.dir / name).write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
