"""The Python API. Each CLI verb is a thin shell over one function here, with the same names.

>>> import kg
>>> report = kg.build(["data/samples"], out="out")
>>> kg.query("SELECT ?org WHERE { ?org a kgo:University }", graphs=["out/graph.ttl"]).rows
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import InputError, ValidationFailed
from .graph.nquads import graph_payload
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
    extracted: int = 0      # documents analysed in this run
    cached: int = 0         # documents whose analysis came from the cache
    unchanged: int = 0      # documents the store already held in this version
    removed: int = 0        # documents whose graph was removed (no longer in the input folders)
    validated: int = 0      # document graphs SHACL-checked in this run (a store keeps earlier results)
    warnings: list[str] = field(default_factory=list)


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
          context: dict | None = None, map_html: bool = True, jobs: int = 1, dask: str | None = None,
          cache: bool = True, progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Build a knowledge graph from documents.

    Reads files and folders in `paths`, extracts entities, relations and indicators, and stores each
    document's triples in its own named graph: an Oxigraph folder when `store` is given, else memory.
    Writes `out/graph.ttl` and `out/map.html` when `out` is given.

    Builds are incremental: analyses are cached by content and pipeline version (`OUT/.kg-cache` or
    `STORE/kg-cache`), a store remembers which document versions it holds, and building folders into
    a store is a sync (documents no longer present lose their graph). `jobs` > 1 analyses in a pool
    of processes, `dask` on a Dask cluster; the graph is the same either way.

    Unreadable files are reported in `report.failures` (with strict=True the first one raises).
    SHACL results are summarised in `report.warnings`, kept in `report.validation` and written in full to
    validation.txt in `out` (and `store`); strict=True raises ValidationFailed on a violation instead of
    writing the graph (validate=False skips the check).
    """
    from .nlp.cache import AnalysisCache, pipeline_version
    from .nlp.parallel import AnalysisFailed, analyse_all
    from .store.manifest import Manifest

    check_base(base)
    if out is None and store is None:
        raise InputError("nowhere to write: give --out DIR and/or --store DIR")
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    if jobs < 1:
        raise InputError(f"--jobs must be 1 or more, got {jobs}")
    files, skipped = collect_files(paths)
    report = BuildReport(skipped=[str(p) for p in skipped])
    documents = []
    for item in iter_documents(paths, strict=strict):
        if isinstance(item, DocumentFailure):
            report.failures.append(item)
        else:
            documents.append(item)
    seen_ids: dict[str, str] = {}
    for doc in documents:
        if doc.doc_id in seen_ids:
            raise InputError(f"{doc.path}: same document id {doc.doc_id!r} as {seen_ids[doc.doc_id]}; "
                             "give the folders separately or rename one")
        seen_ids[doc.doc_id] = doc.path or doc.doc_id

    target: GraphStore = open_store(store) if store is not None else MemoryStore()
    manifest = Manifest(store) if store is not None else None
    cache_dir = (Path(store) / "kg-cache") if store is not None else (Path(out) / ".kg-cache")
    analyses = AnalysisCache(cache_dir) if cache else None
    version = _graph_version(pipeline_version(), base)
    written_graphs: list = []  # document graphs written in this run, and removed: what validation must look at
    removed_graphs: list = []
    try:
        if manifest is not None and all(Path(p).is_dir() for p in paths):
            for doc_id in sorted(set(manifest.entries) - set(seen_ids)):  # building folders is a sync
                from .graph.iri import graph_iri
                target.remove_graph(graph_iri(base, doc_id))
                removed_graphs.append(graph_iri(base, doc_id))
                manifest.forget(doc_id)
                report.removed += 1
        todo = [d for d in documents
                if manifest is None or not manifest.unchanged(d.doc_id, d.content_hash, version)]
        report.unchanged = len(documents) - len(todo)
        # which analyses the cache holds is checked up front; they are loaded one at a time below
        in_cache = {d.doc_id for d in todo if analyses and analyses.has(d, context)}
        misses = [d for d in todo if d.doc_id not in in_cache]
        # workers analyse each document and encode its graph as N-Quads; this process writes batches
        finish = partial(graph_payload, base=base, keep_analysis=analyses is not None)
        fresh = analyse_all(misses, jobs=jobs, dask=dask, context=context, finish=finish)
        pending: list = []  # (document, GraphPayload) not yet written
        pending_bytes = written_bytes = 0
        done = 0

        def advance(doc) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(todo), doc.path or doc.doc_id)

        def flush() -> None:
            nonlocal pending, pending_bytes, written_bytes
            target.load_graphs((payload.graph, payload.nquads) for _, payload in pending)
            written_bytes += pending_bytes
            written_graphs.extend(payload.graph for _, payload in pending)
            for doc, payload in pending:  # recorded only once written: a killed build redoes the batch
                if manifest is not None:
                    manifest.record(doc.doc_id, doc.content_hash, version, str(payload.graph))
                advance(doc)
            pending, pending_bytes = [], 0

        for doc in todo:
            if doc.doc_id in in_cache:
                analysis = analyses.get(doc, context)
                if analysis is None:  # unreadable cache entry: extract again
                    from .nlp.pipeline import analyse
                    analysis = analyse(doc, context=context)
                    analyses.put(analysis, context)
                    report.extracted += 1
                else:
                    report.cached += 1
                payload = graph_payload(analysis, base)
            else:
                payload = next(fresh)
                if isinstance(payload, AnalysisFailed):
                    report.failures.append(DocumentFailure(doc.path or doc.doc_id, payload.message))
                    advance(doc)
                    continue
                report.extracted += 1
                if analyses:
                    analyses.put_pickled(doc, context, payload.analysis)
                payload.analysis = None  # cached; the batch needs only the N-Quads
            pending.append((doc, payload))
            pending_bytes += len(payload.nquads)
            if len(pending) >= WRITE_BATCH_DOCUMENTS or pending_bytes >= write_batch_bytes(written_bytes):
                flush()
        if pending:
            flush()
        report.documents = len(documents)
        if manifest is not None:
            manifest.save()
        if infer:
            from .graph.infer import materialise_into
            report.inferred = materialise_into(target, base)
        report.stats = graph_stats(target)
        if validate and store is not None:
            _validate_store(target, report, strict, Path(store), written_graphs, removed_graphs)
        elif validate:
            _validate(target, report, strict)
        if store is not None:
            _write_validation_report(Path(store), report)
        if out is not None:
            out = Path(out)
            out.mkdir(parents=True, exist_ok=True)
            _write_validation_report(out, report)
            from .views.export import write_rdf
            write_rdf(target, out / "graph.ttl", "ttl", base)
            report.outputs["graph"] = str(out / "graph.ttl")
            if map_html:
                from .views.map import write_map
                info = write_map(map_graph(target), out / "map.html")
                report.warnings.extend(getattr(info, "warnings", []) or [])
                report.outputs["map"] = str(out / "map.html")
    finally:
        if manifest is not None:
            manifest.save()
        target.close()
    return report


# Documents are written to the store in batches: bulk loads are much faster than one write per
# document. Each bulk load adds sorted files to RocksDB, which merges them into its levels in
# background compactions that rewrite data already stored, so the more often a big store is
# loaded the more it rewrites (at 10k documents in batches of 200, compaction took half the
# writer's CPU and `--jobs 2` was 1.27x `--jobs 1`). Batches therefore grow with the store, from
# 16 MiB of N-Quads to a 64 MiB cap that bounds memory (a load needs ~4x its input; with a 128 MiB
# cap the larger loads made `--jobs 1` 6% slower).
WRITE_BATCH_DOCUMENTS = 5000
WRITE_BATCH_MIN_BYTES = 16 * 2**20
WRITE_BATCH_MAX_BYTES = 64 * 2**20


def write_batch_bytes(written: int) -> int:
    """How many N-Quads bytes to gather before the next bulk load, given how many are stored."""
    return max(WRITE_BATCH_MIN_BYTES, min(WRITE_BATCH_MAX_BYTES, written // 2))


def _graph_version(pipeline: str, base: str) -> str:
    """What a store's document graph depends on: the NLP pipeline, the graph-building code, the base IRI."""
    import hashlib
    digest = hashlib.sha256(f"{pipeline}|{base}".encode())
    for path in sorted((Path(__file__).parent / "graph").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


VALIDATE_ALL_BELOW = 300_000  # triples; pyshacl needs minutes beyond that, so larger builds check a sample
VALIDATION_SAMPLE = 25


def _validate(target: GraphStore, report: BuildReport, strict: bool = False) -> None:
    """SHACL-check what was built. Results are summarised by message in `report.warnings` and kept in
    `report.validation` (the full report goes to validation.txt beside the outputs); only a strict
    build fails on a violation, since a few bad triples must not cost a user the whole corpus."""
    from .views.validate import validate as shacl_validate
    names = target.graph_names()
    if report.stats is not None and report.stats.statements > VALIDATE_ALL_BELOW:
        sample = _sample(names)
        graph = target.graphs_union(sample)
        report.warnings.append(f"validated {len(sample)} of {len(names)} document graphs (the graph is large); "
                               "run `kg validate` for a full check")
    else:
        sample, graph = names, target.union_graph()
    _judge(shacl_validate(graph), report, strict)
    report.validated = len(sample)


def _sample(names: list) -> list:
    """VALIDATION_SAMPLE document graphs spread evenly over `names`."""
    step = max(1, len(names) // VALIDATION_SAMPLE)
    return names[::step][:VALIDATION_SAMPLE]


def _judge(result, report: BuildReport, strict: bool) -> None:
    """Keep the result in the report, summarised by message; fail only a strict build."""
    report.validation = result
    if not result.conforms and strict:
        raise ValidationFailed(f"the built graph violates the SHACL shapes ({len(result.errors)} violations, "
                               f"{len(result.warnings)} warnings)", result.text)
    if result.violations:
        report.warnings.append(
            f"the graph does not meet all SHACL shapes ({len(result.errors)} violations, {len(result.warnings)} "
            f"warnings); written anyway (full report in {VALIDATION_REPORT}; --strict fails instead):")
        report.warnings.extend(f"  {n} × {severity}: {message}" for n, severity, message in result.summary())


def _validate_store(target, report: BuildReport, strict: bool, folder: Path, written: list, removed: list) -> None:
    """SHACL-check what this build changed in a store: the document graphs it wrote. Every shape's focus node
    is checked with all its triples, because a document graph holds every fact it states about an entity
    (type and labels included) and an entity's IRI carries its type, so no shape spans documents. Each
    result is kept, under the document graph that holds its focus node, in STORE/kg-validation.json; the
    report of a build is the kept results of every document — an unchanged rebuild validates nothing."""
    from .views.validate import ValidationResult, Violation, validate as shacl_validate
    book_path = folder / VALIDATION_BOOK
    book = _read_book(book_path)
    if book is None:  # a store validated by no earlier build (or an unreadable book): all of it, once
        book, written = {}, target.graph_names()
    for name in removed + written:
        book.pop(str(name), None)
    if written:
        sample = written
        if report.stats is not None and report.stats.statements > VALIDATE_ALL_BELOW and \
                len(written) > VALIDATION_SAMPLE:
            sample = _sample(written)
            report.warnings.append(f"validated {len(sample)} of the {len(written)} document graphs written "
                                   "(the graph is large); run `kg validate` for a full check")
        result = shacl_validate(target.graphs_union(sample))
        report.validated = len(sample)
        holders = {str(g) for g in sample}
        for v in result.violations:
            owner = target.graph_of(v.node, holders) if hasattr(target, "graph_of") else None
            book.setdefault(owner or str(sample[0]), []).append(list(v))
        for name in sample:
            book.setdefault(str(name), [])
    from .views.atomic import write_text_atomic
    write_text_atomic(book_path, json.dumps(book, ensure_ascii=False, sort_keys=True) + "\n")
    kept = sorted((Violation(*row) for rows in book.values() for row in rows),
                  key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message))
    combined = ValidationResult(conforms=not any(v.severity == "Violation" for v in kept), violations=kept,
                                text="".join(f"{v}\n" for v in kept))
    _judge(combined, report, strict)


def _read_book(path: Path) -> dict | None:
    try:
        book = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(book, dict) or not all(isinstance(rows, list) for rows in book.values()):
        return None
    return book


VALIDATION_BOOK = "kg-validation.json"
VALIDATION_REPORT = "validation.txt"


def _write_validation_report(folder: Path, report: BuildReport) -> None:
    """The full SHACL report of this build in FOLDER/validation.txt; a report left by an earlier build
    that no longer applies is removed."""
    from .views.atomic import write_text_atomic
    path = folder / VALIDATION_REPORT
    result = report.validation
    if result is not None and result.violations:
        write_text_atomic(path, result.text)
        report.outputs["validation report"] = str(path)
    elif result is not None and path.exists():
        path.unlink()


MAP_FULL_BELOW = 400_000  # triples


def map_graph(store: GraphStore):
    """What the map needs, as an rdflib Graph: everything for small graphs; for large ones, the
    entities, relations and evidence without the per-mention provenance."""
    if len(store) <= MAP_FULL_BELOW:
        return store.union_graph()
    return store.query("""
        PREFIX kgo: <https://w3id.org/kg-innovation/ontology#>
        CONSTRUCT { ?s ?p ?o } WHERE {
          ?s ?p ?o .
          FILTER NOT EXISTS { ?s a kgo:Mention }
          FILTER NOT EXISTS { ?s a kgo:Sentence }
        }""").graph


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


def write_query(fh, fmt: str = "csv", sparql: str | None = None, *, store=None, endpoint: str | None = None,
                graphs: Sequence = (), name: str | None = None, file: str | Path | None = None,
                params: dict | None = None) -> None:
    """Run a query like `query` and write its result as table|csv|tsv|json (Turtle for CONSTRUCT) to the text
    file `fh`; csv/tsv rows of a SELECT on a store are written as they come, never all held in memory."""
    from .views.sparql import write_query_result
    with open_source(store=store, endpoint=endpoint, graphs=graphs) as source:
        write_query_result(source, fh, fmt, sparql=sparql, name=name, file=file, params=params)


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


def evaluate(paths: Sequence[str | Path], *, fmt: str = "gold", context: dict | None = None,
             gold_dir: str | Path | None = None):
    """Score the pipeline on NAME.txt + NAME.gold.json pairs (or CLUENER files); see kg.eval."""
    from .eval import evaluate as run_eval
    return run_eval(paths, fmt=fmt, context=context, gold_dir=gold_dir)
