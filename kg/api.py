"""The Python API. Each CLI verb is a thin shell over one function here, with the same names.

>>> import kg
>>> report = kg.build(["data/samples"], out="out")
>>> kg.query("SELECT ?org WHERE { ?org a kgo:University }", graphs=["out/graph.ttl"]).rows
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import InputError, ValidationFailed
from .graph.build import document_triples
from .graph.iri import DEFAULT_BASE, check_base
from .read import DocumentFailure, iter_documents
from .read.documents import collect_files
from .store import GraphStore, MemoryStore, open_source, open_store
from .views.stats import GraphStats, stats as graph_stats


@dataclass
class BuildReport:
    """What a build did: counts, outputs written, files skipped or failed."""

    documents: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    stats: GraphStats | None = None
    validation: object | None = None
    inferred: int = 0


def parse_context(items: Iterable[str]) -> dict:
    """['city=开封市', 'province=河南省'] → {'city': '开封市', 'province': '河南省'}."""
    context = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in ("city", "province", "year") or not value:
            raise InputError(f"--context expects city=NAME, province=NAME or year=YYYY, got {item!r}")
        context[key] = int(value) if key == "year" and value.isdigit() else value
    return context


def build(paths: Sequence[str | Path], out: str | Path | None = None, *, store: str | Path | None = None,
          base: str = DEFAULT_BASE, validate: bool = True, infer: bool = False, strict: bool = False,
          context: dict | None = None, map_html: bool = True,
          progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Build a knowledge graph from documents.

    Reads files and folders in `paths`, extracts entities, relations and indicators, and stores each
    document's triples in its own named graph: an Oxigraph folder when `store` is given, else memory.
    Writes `out/graph.ttl` and `out/map.html` when `out` is given. Unreadable files are reported in
    `report.failures` (with strict=True the first one raises). Raises ValidationFailed when the
    SHACL shapes find violations (validate=False skips the check).
    """
    from .nlp import analyse  # heavy import: only when building

    check_base(base)
    if out is None and store is None:
        raise InputError("nowhere to write: give --out DIR and/or --store DIR")
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    files, skipped = collect_files(paths)
    report = BuildReport(skipped=[str(p) for p in skipped])
    target: GraphStore = open_store(store) if store is not None else MemoryStore()
    try:
        for i, item in enumerate(iter_documents(paths, strict=strict)):
            if progress:
                progress(i + 1, len(files), getattr(item, "path", None) or "")
            if isinstance(item, DocumentFailure):
                report.failures.append(item)
                continue
            name, triples = document_triples(analyse(item, context=context), base)
            target.replace_graph(name, triples)
            report.documents += 1
        if infer:
            from .graph.infer import materialise_into
            report.inferred = materialise_into(target, base)
        report.stats = graph_stats(target)
        if validate:
            from .views.validate import validate as shacl_validate
            result = shacl_validate(target.union_graph())
            report.validation = result
            if not result.conforms:
                raise ValidationFailed(f"the built graph violates the SHACL shapes ({len(result.violations)} violations)",
                                       result.text)
        if out is not None:
            out = Path(out)
            out.mkdir(parents=True, exist_ok=True)
            from .views.export import write_rdf
            write_rdf(target, out / "graph.ttl", "ttl", base)
            report.outputs["graph"] = str(out / "graph.ttl")
            if map_html:
                from .views.map import write_map
                write_map(target.union_graph(), out / "map.html")
                report.outputs["map"] = str(out / "map.html")
    finally:
        target.close()
    return report


def query(sparql: str | None = None, *, store=None, endpoint: str | None = None, graphs: Sequence = (),
          name: str | None = None, file: str | Path | None = None, params: dict | None = None):
    """Run a SPARQL query (text, a .rq file, or a saved query by `name`) against a graph source.

    Project and standard prefixes are added when the query does not declare them; `params` bind
    variables safely (as RDF terms, never spliced as text). Returns a QueryResult with `.rows`,
    `.variables`, `.boolean` or `.graph`, and `.to_dataframe()` when pandas is installed.
    """
    from .views.sparql import run_query
    with open_source(store=store, endpoint=endpoint, graphs=graphs) as source:
        return run_query(source, sparql=sparql, name=name, file=file, params=params)


def stats(*, store=None, endpoint: str | None = None, graphs: Sequence = ()) -> GraphStats:
    """Counts of documents, entities by type, relations by type and triples of a graph."""
    with open_source(store=store, endpoint=endpoint, graphs=graphs) as source:
        return graph_stats(source)


def validate(*, store=None, endpoint: str | None = None, graphs: Sequence = ()):
    """SHACL-validate a graph against the kg shapes; returns the result (`.conforms`, `.text`)."""
    from .views.validate import validate as shacl_validate
    with open_source(store=store, endpoint=endpoint, graphs=graphs) as source:
        return shacl_validate(source.union_graph())


def viz(out: str | Path, *, store=None, endpoint: str | None = None, graphs: Sequence = (), **options):
    """Write the interactive HTML map of a graph to `out`; options as kg.views.map.write_map."""
    from .views.map import write_map
    with open_source(store=store, endpoint=endpoint, graphs=graphs) as source:
        return write_map(source.union_graph(), out, **options)


def export(out: str | Path, *, fmt: str | None = None, store=None, endpoint: str | None = None,
           graphs: Sequence = (), base: str | None = None) -> int:
    """Write a graph to `out` as ttl, nt, nq, trig, jsonld, graphml, gexf or csv."""
    from .views.export import export as write_export
    with open_source(store=store, endpoint=endpoint, graphs=graphs) as source:
        return write_export(source, out, fmt, base)


def evaluate(paths: Sequence[str | Path], *, fmt: str = "gold", context: dict | None = None):
    """Score the pipeline on NAME.txt + NAME.gold.json pairs (or CLUENER files); see kg.eval."""
    from .eval import evaluate as run_eval
    return run_eval(paths, fmt=fmt, context=context)
