"""Analyse many documents: in this process, in a pool of processes (--jobs N), or on a Dask
cluster (--dask ADDRESS). Results come back in input order, so every mode builds the same graph.

`finish`, a picklable function of an Analysis, runs where the analysis was made (the build passes
one that turns it into its graph's N-Quads), so the parent process is left with little to do."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Sequence

from ..errors import KgError

_CONTEXT: dict | None = None
_FINISH: Callable | None = None


class AnalysisFailed:
    """A document the pipeline could not analyse (a bug, not the user's fault): the build reports it
    and goes on with the others instead of losing the whole run."""

    def __init__(self, document, error: BaseException):
        self.document = document
        self.message = f"{document.path or document.doc_id}: extraction failed ({type(error).__name__}: " \
                       f"{' '.join(str(error).split())[:200]})"


def _safe(document, context, finish: Callable | None = None):
    from .pipeline import analyse
    try:
        analysis = analyse(document, context=context)
        return finish(analysis) if finish is not None else analysis
    except Exception as exc:  # noqa: BLE001 — reported per document, see AnalysisFailed
        return AnalysisFailed(document, exc)


def _init_worker(context: dict | None, finish: Callable | None) -> None:
    global _CONTEXT, _FINISH
    _CONTEXT, _FINISH = context, finish
    from .pipeline import load_pipeline
    load_pipeline("zh")  # once per worker process, not per document


def _analyse_one(document):
    return _safe(document, _CONTEXT, _FINISH)


def analyse_remote(document, context: dict | None, finish: Callable | None = None):
    """Entry point for Dask workers (importable by name, so the task pickles small)."""
    return _safe(document, context, finish)


def analyse_all(documents: Sequence, *, jobs: int = 1, dask: str | None = None, context: dict | None = None,
                finish: Callable | None = None) -> Iterator:
    """Yield one Analysis (or `finish(analysis)`, or AnalysisFailed) per document, in the order given."""
    if dask:
        yield from _with_dask(documents, dask, context, finish)
    elif jobs > 1 and len(documents) > 1:
        import multiprocessing as mp
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(context, finish)) as pool:
            chunk = max(1, min(16, len(documents) // (jobs * 8) or 1))
            yield from pool.imap(_analyse_one, documents, chunksize=chunk)
    else:
        for document in documents:
            yield _safe(document, context, finish)


def _with_dask(documents: Sequence, address: str, context: dict | None, finish: Callable | None) -> Iterable:
    try:
        from dask.distributed import Client
    except ImportError:
        raise KgError("--dask needs dask.distributed: pip install 'kg[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {' '.join(str(exc).split())}") from None
    try:
        futures = client.map(analyse_remote, list(documents), context=context, finish=finish, pure=False)
        for future in futures:  # in input order; the cluster works on all of them meanwhile
            yield future.result()
    finally:
        client.close()
