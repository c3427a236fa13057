"""Run work in a forked child process with a time limit: a SPARQL query cannot be interrupted inside the store
(Oxigraph and rdflib have no cancellation), but a process can be stopped. The child inherits everything
loaded so far, writes its output itself and sends back only an error, if any."""
from __future__ import annotations

import multiprocessing
from typing import Callable

from ..errors import InputError, KgError, QueryError, StoreError

_ERRORS = {cls.__name__: cls for cls in (KgError, InputError, QueryError, StoreError)}


def _child(conn, work: Callable[[], None]) -> None:
    try:
        work()
        conn.send(None)
    except KgError as exc:
        conn.send((type(exc).__name__, str(exc)))
    except OSError as exc:
        conn.send(("OSError", (exc.errno, exc.strerror or str(exc), exc.filename)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send(("KgError", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_limited(work: Callable[[], None], timeout_s: float | None, what: str = "the query") -> None:
    """Run `work()` in a forked child; raise QueryError when it runs longer than `timeout_s` seconds (None or
    0: no limit), and re-raise the child's KgError or OSError as the same kind of error here."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, work), daemon=True)
    process.start()
    child.close()
    ready = parent.poll(timeout_s if timeout_s else None)
    if not ready:
        process.kill()
        process.join()
        raise QueryError(f"{what} ran longer than {timeout_s:g} s and was stopped (--timeout); narrow it "
                         "(a LIMIT, a more specific pattern) or give a larger --timeout")
    try:
        outcome = parent.recv()
    except EOFError:
        outcome = ("KgError", f"{what} ended without an answer (exit code {process.exitcode})")
    process.join()
    if outcome is None:
        return
    kind, detail = outcome
    if kind == "OSError":
        raise OSError(*detail)
    raise _ERRORS.get(kind, KgError)(detail)
