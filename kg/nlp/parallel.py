"""Analyse many documents: in this process, in a pool of processes (--jobs N), or on a Dask
cluster (--dask ADDRESS). Results come back in input order, so every mode builds the same graph."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Sequence

from ..errors import KgError
from .analysis import Analysis

_CONTEXT: dict | None = None


class AnalysisFailed:
    """A document the pipeline could not analyse (a bug, not the user's fault): the build reports it
    and goes on with the others instead of losing the whole run."""

    def __init__(self, document, error: BaseException):
        self.document = document
        self.message = f"{document.path or document.doc_id}: extraction failed ({type(error).__name__}: " \
                       f"{' '.join(str(error).split())[:200]})"


def _safe(document, context):
    from .pipeline import analyse
    try:
        return analyse(document, context=context)
    except Exception as exc:  # noqa: BLE001 — reported per document, see AnalysisFailed
        return AnalysisFailed(document, exc)


def _init_worker(context: dict | None) -> None:
    global _CONTEXT
    _CONTEXT = context
    from .pipeline import load_pipeline
    load_pipeline("zh")  # once per worker process, not per document


def _analyse_one(document):
    return _safe(document, _CONTEXT)


def analyse_remote(document, context: dict | None):
    """Entry point for Dask workers (importable by name, so the task pickles small)."""
    return _safe(document, context)


def analyse_all(documents: Sequence, *, jobs: int = 1, dask: str | None = None, context: dict | None = None,
                on_result: Callable[[Analysis], None] | None = None) -> Iterator[Analysis]:
    """Yield one Analysis (or AnalysisFailed) per document, in the order given."""
    if dask:
        yield from _with_dask(documents, dask, context)
    elif jobs > 1 and len(documents) > 1:
        import multiprocessing as mp
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(context,)) as pool:
            chunk = max(1, min(16, len(documents) // (jobs * 8) or 1))
            yield from pool.imap(_analyse_one, documents, chunksize=chunk)
    else:
        for document in documents:
            yield _safe(document, context)


def _with_dask(documents: Sequence, address: str, context: dict | None) -> Iterable[Analysis]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise KgError("--dask needs dask.distributed: pip install 'kg[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {' '.join(str(exc).split())}") from None
    try:
        futures = client.map(analyse_remote, list(documents), context=context, pure=False)
        for future in futures:  # in input order; the cluster works on all of them meanwhile
            yield future.result()
    finally:
        client.close()
