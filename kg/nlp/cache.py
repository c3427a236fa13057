"""Cache of analyses keyed by document content and pipeline version, so that rebuilding an
unchanged corpus extracts nothing, and an interrupted build continues where it stopped."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .analysis import Analysis

CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A digest of everything that decides the pipeline's output: kg's NLP code, its config and
    its data (gazetteers, cue words, the model). Any change gives a new version."""
    import kg
    digest = hashlib.sha256(f"{kg.__version__}/{CACHE_FORMAT}".encode())
    root = resources.files("kg.nlp")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".py", ".cfg", ".json", ".txt", ".tsv", ".npz") \
                and "__pycache__" not in path.parts:
            digest.update(path.relative_to(str(root)).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analysis_key(document, context: dict | None) -> str:
    payload = json.dumps([pipeline_version(), document.content_hash, document.lang, context or {}],
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_SAFE_BUILTINS = frozenset({"dict", "list", "tuple", "set", "frozenset", "str", "bytes", "int", "float", "bool",
                            "complex", "NoneType"})


class _KgUnpickler(pickle.Unpickler):
    """Loads only what kg writes to its cache: kg's own classes and plain containers. A crafted entry that
    names a function or another module's class (os.system, subprocess.Popen, …) is refused, so a cache
    folder someone else could write to cannot make a build run their code."""

    def find_class(self, module: str, name: str):
        if "." not in name:
            if module == "builtins" and name in _SAFE_BUILTINS:
                return super().find_class(module, name)
            if module == "collections" and name in ("OrderedDict", "defaultdict", "Counter"):
                return super().find_class(module, name)
            if module == "kg" or module.startswith("kg."):
                found = super().find_class(module, name)
                if isinstance(found, type) and found.__module__ == module:
                    return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kg cache data")


class AnalysisCache:
    """Pickled analyses under `folder/<key>.pkl`, written atomically."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def has(self, document, context: dict | None) -> bool:
        return (self.folder / f"{analysis_key(document, context)}.pkl").exists()

    def get(self, document, context: dict | None) -> Analysis | None:
        """The cached analysis, or None when there is none or the entry is unusable (damaged, of another
        format, or naming anything but kg's own data classes): the document is then extracted again."""
        path = self.folder / f"{analysis_key(document, context)}.pkl"
        try:
            with open(path, "rb") as fh:
                cached = _KgUnpickler(fh).load()
        except Exception:  # noqa: BLE001 - any damage to a cache entry means: extract again
            return None
        if not isinstance(cached, Analysis):
            return None
        # same text, maybe another file name or path: keep the analysis, take the new identity
        cached.document = document
        return cached

    def put(self, analysis: Analysis, context: dict | None) -> None:
        self.put_pickled(analysis.document, context, pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, document, context: dict | None, data: bytes) -> None:
        """Store an analysis already pickled (by an extraction worker) for `document`."""
        key = analysis_key(document, context)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, self.folder / f"{key}.pkl")
