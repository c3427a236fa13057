"""Serve an Oxigraph store folder read-only over HTTP with Oxigraph's own SPARQL server.

>>> server = serve("kgstore", "127.0.0.1:7878")     # `oxigraph serve-read-only --location kgstore ...`
>>> server.url                                       # 'http://127.0.0.1:7878/query'
>>> server.stop()

The server speaks the SPARQL 1.1 Protocol at ``/query`` (GET ?query= or POST), answers with the usual
result formats, and its default graph is the union of the documents' named graphs (as for every
other kg source); updates and Graph Store writes are refused (HTTP 403). ``kg query --endpoint URL``
and any SPARQL client (YASGUI is at ``http://HOST:PORT/``) can use it.
"""
from __future__ import annotations

import shutil
import socket
import sys
import sysconfig
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

from ..errors import StoreError
from ..store.locks import writer_pid

STORE_MARKERS = ("CURRENT", "IDENTITY")


class Server(NamedTuple):
    """A running `oxigraph serve-read-only`: ``url`` is its SPARQL query endpoint."""

    url: str
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return self.url.rsplit("/", 1)[0] + "/"

    def stop(self, timeout: float = 10) -> int | None:
        """Terminate the server (kill it if it does not exit within `timeout` s); returns its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return self.process.returncode

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def oxigraph_executable(path: str | None = None) -> str:
    """The `oxigraph` program: on PATH, or beside this Python (a virtualenv's bin/ that is not activated, as
    under cron or systemd; shutil.which looks at PATH only)."""
    found = shutil.which("oxigraph", path=path)
    if not found:
        beside = Path(sys.executable).parent
        found = shutil.which("oxigraph", path=str(beside)) or shutil.which("oxigraph", path=sysconfig.get_path("scripts"))
    if not found:
        raise StoreError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


def parse_bind(bind: str) -> tuple[str, int]:
    host, sep, port = (bind or "").rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise StoreError(f"--bind expects HOST:PORT, e.g. 127.0.0.1:7878, got {bind!r}")
    return host, int(port)


def _port_taken(host: str, port: int) -> str | None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise StoreError(f"cannot bind {host}:{port}: unknown host {host!r}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def check_store_folder(store_dir: str | Path) -> Path:
    path = Path(store_dir)
    if not path.exists():
        raise StoreError(f"{path}: no such store")
    if not path.is_dir():
        raise StoreError(f"{path}: not a directory, so not an Oxigraph store")
    if not all((path / m).exists() for m in STORE_MARKERS):
        raise StoreError(f"{path}: folder is not an Oxigraph store" + ("" if any(path.iterdir()) else " (it is empty)"))
    holder = writer_pid(path)
    if holder is not None:
        who = f"process {holder}" if holder > 0 else "another process"
        raise StoreError(f"{path}: store is locked by a writer ({who}); close it before serving")
    return path


def serve(store_dir: str | Path, bind: str = "127.0.0.1:7878", *, wait: bool = True, timeout: float = 30,
          union_default_graph: bool | None = None, query_timeout_s: int | None = None, cors: bool = False) -> Server:
    """Start `oxigraph serve-read-only` over the store folder `store_dir`, listening on `bind`.

    Returns a `Server` (``url``, ``process``, ``stop()``; also a context manager). With ``wait`` it
    returns once the endpoint answers (at most `timeout` s). Raises StoreError (one line) when the
    folder is not an Oxigraph store, a writer holds its lock, the port is taken, or the server fails.
    Prints nothing; the server's own output goes to a temporary log that is read on failure.
    The server's default graph is the union of the named graphs (``--union-default-graph``) unless the
    store's default graph already holds triples (``union_default_graph=None``, the default, checks).
    """
    path = check_store_folder(store_dir)
    host, port = parse_bind(bind)
    taken = _port_taken(host, port)
    if taken:
        raise StoreError(f"cannot serve on {host}:{port}: the port is taken ({taken})")
    args = [oxigraph_executable(), "serve-read-only", "--location", str(path.resolve()), "--bind", f"{host}:{port}"]
    if union_default_graph is None:
        union_default_graph = not _default_graph_has_triples(path)
    if union_default_graph:
        args.append("--union-default-graph")
    if query_timeout_s:
        args += ["--timeout-s", str(int(query_timeout_s))]
    if cors:
        args.append("--cors")
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    url_host = f"[{host}]" if ":" in host else host
    server = Server(f"http://{url_host}:{port}/query", process)
    if not wait:
        return server
    deadline = time.monotonic() + timeout
    while True:
        code = process.poll()
        if code is not None:
            raise StoreError(f"oxigraph server on {host}:{port} exited ({code}): {_first_error(log)}")
        if _answers(server.url):
            return server
        if time.monotonic() > deadline:
            server.stop()
            raise StoreError(f"oxigraph server on {host}:{port} did not answer within {timeout:g} s: {_first_error(log)}")
        time.sleep(0.05)


def _default_graph_has_triples(path: Path) -> bool:
    import pyoxigraph as ox
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open store ({' '.join(str(exc).split())})") from None
    try:
        return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    finally:
        del store


def _answers(url: str) -> bool:
    request = urllib.request.Request(url + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200 and "oxigraph" in (response.headers.get("Server") or "").lower()
    except urllib.error.HTTPError:
        return False
    except (OSError, ValueError):
        return False


def _first_error(log) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error:"):
            message = line[len("Error:"):].strip()
            if "address already in use" in message.lower():
                return "the port is taken (address already in use)"
            return message
    return lines[0] if lines else "no output"
