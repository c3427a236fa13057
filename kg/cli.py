"""The `kg` command: each verb opens its inputs, calls one function of kg.api, renders the result.

Errors the user can fix are one line ("Error: ...") and exit code 1.
"""
from __future__ import annotations

import contextlib
import functools
import json
import sys
from pathlib import Path

import click

from . import api
from .errors import KgError, ValidationFailed
from .read.documents import skip_reason
from .graph.iri import DEFAULT_BASE


def source_options(positional: bool = True):
    """--store / --endpoint / --graph (repeatable), plus positional RDF files where the verb allows."""
    def decorate(fn):
        @click.option("--store", type=click.Path(file_okay=False), help="Oxigraph store folder to read.")
        @click.option("--endpoint", metavar="URL", help="Remote SPARQL endpoint to read.")
        @click.option("--graph", "graph_files", multiple=True, type=click.Path(), metavar="FILE",
                      help="RDF file to read (repeatable): .ttl .nt .nq .trig .jsonld")
        @functools.wraps(fn)
        def wrapper(*args, graph_files=(), graph_paths=(), **kwargs):
            kwargs["graphs"] = list(graph_files) + list(graph_paths)
            return fn(*args, **kwargs)
        if positional:
            wrapper = click.argument("graph_paths", nargs=-1, type=click.Path())(wrapper)
        return wrapper
    return decorate


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationFailed as exc:
        click.echo(exc.report, err=True)
        raise click.ClickException(str(exc)) from None
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # an output that cannot be written (--out /proc/x, a full disk): one line, no traceback
        where = exc.filename or "output"
        raise click.ClickException(f"{where}: {exc.strerror or exc}") from None


def _emit(text: str, out: str | None) -> None:
    if out:
        from .views.atomic import write_text_atomic
        write_text_atomic(out, text)
    else:
        click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main():
    """Build knowledge graphs (RDF/OWL) from Chinese science-and-technology innovation text,
    query them with SPARQL and explore them as interactive maps."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "-o", type=click.Path(file_okay=False), help="Folder for graph.ttl and map.html.")
@click.option("--store", type=click.Path(file_okay=False), help="Oxigraph store folder to write (created if missing).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the graph's entities.")
@click.option("--context", "context_items", multiple=True, metavar="KEY=VALUE",
              help="Document context, e.g. city=开封市 (default: detected per document).")
@click.option("--strict", is_flag=True,
              help="Stop at the first unreadable file, and fail (writing nothing) if the graph violates the SHACL "
                   "shapes; by default violations are summarised and the graph is written.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="SHACL-check the graph (full report in validation.txt beside the outputs).")
@click.option("--infer", is_flag=True, help="Materialise RDFS/OWL 2 RL consequences (aligned types).")
@click.option("--no-map", is_flag=True, help="Do not write map.html.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True, help="Processes for extraction.")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Extract on a Dask cluster (scheduler address).")
@click.option("--no-cache", is_flag=True, help="Re-extract every document (ignore the analysis cache).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def build(paths, out, store, base, context_items, strict, validate, infer, no_map, jobs, dask_address, no_cache, quiet):
    """Build a knowledge graph from files and folders (.txt .md .html .pdf .docx).

    Example:

        kg build data/samples --out out

        kg build news/ --store kgstore --out out --context city=开封市

        kg build news/ --store kgstore --jobs 2          # again next week: only new/changed articles
    """
    context = _run(api.parse_context, context_items) or None
    bar = None

    def progress(done, total, path):
        nonlocal bar
        if quiet or total <= 3:
            return
        if bar is None:
            from tqdm import tqdm
            bar = tqdm(total=total, unit="doc", file=sys.stderr, desc="building", dynamic_ncols=True)
        bar.update(1)

    try:
        report = _run(api.build, paths, out, store=store, base=base, validate=validate, infer=infer,
                      strict=strict, context=context, map_html=not no_map, jobs=jobs, dask=dask_address,
                      cache=not no_cache, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    by_reason: dict[str, list[str]] = {}
    for p in report.skipped:
        by_reason.setdefault(skip_reason(p), []).append(Path(p).name)
    for reason, names in by_reason.items():
        click.echo(f"skipped ({reason}): {', '.join(names)}", err=True)
    for failure in report.failures:
        click.echo(f"Error: {failure.message}", err=True)
    if not quiet:
        _print_summary(report)
    else:  # quiet keeps what a user must not miss
        _echo_warnings(report.warnings)
    if report.failures:
        raise click.ClickException(f"{len(report.failures)} file(s) could not be read")


def _echo_warnings(warnings: list[str]) -> None:
    for warning in warnings:  # indented lines continue the warning above them
        click.echo(warning if warning.startswith("  ") else f"Warning: {warning}", err=True)


def _print_summary(report) -> None:
    s = report.stats
    parts = [f"{report.extracted} extracted", f"{report.cached} from cache", f"{report.unchanged} unchanged"]
    if report.removed:
        parts.append(f"{report.removed} removed")
    click.echo(f"documents: {report.documents} ({', '.join(parts)})")
    if s is not None:
        click.echo("entities:  " + (", ".join(f"{k} {v}" for k, v in s.entities.items()) or "none"))
        click.echo("relations: " + (", ".join(f"{k} {v}" for k, v in s.relations.items()) or "none"))
        click.echo(f"indicators: {s.indicators}")
        click.echo(f"triples:   {s.triples if s.triples is not None else f'{s.statements} statements (distinct triples not counted on stores this large)'}")
    if report.inferred:
        click.echo(f"inferred:  {report.inferred} triples")
    _echo_warnings(report.warnings)
    for kind, path in report.outputs.items():
        click.echo(f"wrote {kind}: {path}")


@main.command()
@click.argument("text", required=False)
@source_options(positional=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False), help="Read the query from a .rq file.")
@click.option("--name", help="Run a saved query (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind ?NAME safely (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Write the result to a file.")
@click.option("--timeout", type=float, default=300, show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer (0: no limit).")
def query(text, store, endpoint, graphs, query_file, name, list_saved, params, fmt, out, timeout):
    """Run a SPARQL query (prefixes kgo:, rdfs:, skos:, ... are added when missing).

    Example:

        kg query --graph out/graph.ttl "SELECT ?u WHERE { ?u a kgo:University }"

        kg query --store kgstore --name collaborators --param org=河南大学 --format csv
    """
    from .views.sparql import render, saved_queries
    if list_saved:
        for saved in saved_queries().values():
            suffix = f"  (params: {', '.join(saved.params)})" if saved.params else ""
            click.echo(f"{saved.name:24} {saved.description}{suffix}")
        return
    bound = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.isidentifier():
            raise click.ClickException(f"--param expects NAME=VALUE, got {item!r}")
        bound[key] = value
    if timeout < 0:
        raise click.ClickException(f"--timeout must be 0 (no limit) or more seconds, got {timeout:g}")
    # the query runs in a child process that can be stopped, and writes its result itself (csv/tsv rows
    # from a store as they come); the file appears whole or not at all
    import tempfile
    from .views.atomic import atomic_path
    from .views.limits import run_limited
    with contextlib.ExitStack() as stack:
        target = stack.enter_context(atomic_path(out)) if out else \
            Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-query-"))) / "result"

        def work():
            with open(target, "w", encoding="utf-8", newline="") as fh:
                api.write_query(fh, fmt, text, store=store, endpoint=endpoint, graphs=graphs, name=name,
                                file=query_file, params=bound)
        _run(run_limited, work, timeout or None)
        if not out:
            with open(target, encoding="utf-8", newline="") as fh:
                for chunk in iter(lambda: fh.read(1 << 16), ""):
                    click.echo(chunk, nl=False)


@main.command()
@source_options()
@click.option("--out", "-o", type=click.Path(dir_okay=False), default="map.html", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Relation label language.")
@click.option("--focus", help="Centre on this entity (label or alias).")
@click.option("--hops", type=int, default=1, show_default=True, help="Ego-network radius with --focus.")
@click.option("--types", help="Comma-separated entity types to keep, e.g. Company,University.")
@click.option("--relations", help="Comma-separated relations to keep, e.g. collaboratesWith,hostedBy.")
@click.option("--min-degree", type=int, default=0, show_default=True)
@click.option("--top", type=int, help="Keep the N highest-ranked nodes.")
@click.option("--rank", type=click.Choice(["degree", "pagerank"]), default="degree", show_default=True)
@click.option("--communities", is_flag=True, help="Colour nodes by detected community.")
@click.option("--mentioned-with", is_flag=True, help="Also draw weak co-occurrence ties.")
def viz(store, endpoint, graphs, out, lang, focus, hops, types, relations, min_degree, top, rank, communities,
        mentioned_with):
    """Write an interactive, self-contained HTML map of a graph.

    Example:

        kg viz out/graph.ttl --out map.html --focus 河南大学 --hops 2
    """
    split = lambda s: [x.strip() for x in s.split(",") if x.strip()] if s else None  # noqa: E731
    info = _run(api.viz, out, store=store, endpoint=endpoint, graphs=graphs, lang=lang, focus=focus, hops=hops,
                types=split(types), relations=split(relations), min_degree=min_degree, top=top, rank=rank,
                communities=communities, include_mentioned_with=mentioned_with)
    for warning in getattr(info, "warnings", []) or []:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"wrote map: {out} ({getattr(info, 'nodes', '?')} nodes, {getattr(info, 'edges', '?')} edges)")


@main.command()
@source_options()
@click.option("--out", "-o", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"]),
              help="Output format (default: from the file suffix).")
@click.option("--base", help="Base IRI to abbreviate as kgr: in Turtle/TriG.")
def export(store, endpoint, graphs, out, fmt, base):
    """Export a graph as RDF (ttl, nt, nq, trig, jsonld) or for graph tools (graphml, gexf, csv).

    Example:

        kg export out/graph.ttl -o graph.nt

        kg export --store kgstore -o graph.graphml
    """
    count = _run(api.export, out, fmt=fmt, store=store, endpoint=endpoint, graphs=graphs, base=base)
    click.echo(f"wrote {out} ({count} items)")


@main.command()
@source_options()
def validate(store, endpoint, graphs):
    """Check a graph against the kg SHACL shapes; exit 1 on violations.

    Example:

        kg validate out/graph.ttl
    """
    result = _run(api.validate, store=store, endpoint=endpoint, graphs=graphs)
    click.echo(result.text)
    if not result.conforms:
        raise click.ClickException(f"{len(result.violations)} violation(s)")


@main.command()
@source_options()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(store, endpoint, graphs, as_json):
    """Count documents, entities by type, relations by type and triples.

    Example:

        kg stats out/graph.ttl
    """
    result = _run(api.stats, store=store, endpoint=endpoint, graphs=graphs)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return
    triples = result.triples if result.triples is not None else f"{result.statements} statements"
    click.echo(f"documents:  {result.documents}\ntriples:    {triples}\nmentions:   {result.mentions}\n"
               f"indicators: {result.indicators}")
    for title, counts in (("entities", result.entities), ("relations", result.relations)):
        click.echo(f"{title}:")
        for key, value in counts.items():
            click.echo(f"  {key:20} {value}")


@main.command(name="eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["gold", "cluener"]), default="gold", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List misses and false positives.")
@click.option("--context", "context_items", multiple=True, metavar="KEY=VALUE")
@click.option("--gold-dir", type=click.Path(exists=True, file_okay=False),
              help="Folder holding NAME.gold.json when it is not beside NAME.txt.")
def evaluate(paths, fmt, as_json, verbose, context_items, gold_dir):
    """Score entities and relations against gold files (NAME.txt + NAME.gold.json) or CLUENER data.

    Example:

        kg eval data/samples

        kg eval ../shared/corpus --gold-dir ../shared/eval -v

        kg eval --format cluener dev.json --json
    """
    from .eval.report import render_report
    context = _run(api.parse_context, context_items) or None
    report = _run(api.evaluate, paths, fmt=fmt, context=context, gold_dir=gold_dir)
    click.echo(json.dumps(report.as_dict(verbose), ensure_ascii=False, indent=1) if as_json
               else render_report(report, verbose))


@main.command()
@click.option("--store", type=click.Path(file_okay=False), required=True, help="Oxigraph store folder to serve.")
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Address to listen on (0.0.0.0:PORT for every interface).")
@click.option("--timeout", "query_timeout", type=int, metavar="SECONDS", help="Stop queries that run longer.")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (browser SPARQL clients).")
def serve(store, bind, query_timeout, cors):
    """Serve a store read-only as a SPARQL 1.1 endpoint (Oxigraph's own server) until Ctrl-C.

    Example:

        kg serve --store kgstore --bind 127.0.0.1:7878

        kg query --endpoint http://127.0.0.1:7878/query --name organisations_by_type
    """
    import signal

    from .views.serve import serve as start_server

    def stop_on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop_on_term)  # `kill PID` stops the server too
    server = _run(start_server, store, bind, query_timeout_s=query_timeout, cors=cors)
    click.echo(f"SPARQL endpoint (read-only): {server.url}  - query UI: {server.base}  - Ctrl-C stops it")
    try:
        code = server.process.wait()
    except KeyboardInterrupt:
        code = None
    finally:
        server.stop()
    if code is not None:
        raise click.ClickException(f"the SPARQL server stopped (exit code {code})")


if __name__ == "__main__":  # pragma: no cover
    main()
