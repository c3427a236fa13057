"""Which document versions a store holds: doc_id → content hash and pipeline version.

Kept as `kg-manifest.json` inside the store folder and rewritten atomically, so an interrupted
build leaves a manifest that matches the graphs already written.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

NAME = "kg-manifest.json"


class Manifest:
    def __init__(self, folder: str | Path):
        self.path = Path(folder) / NAME
        try:
            entries = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            entries = {}
        # a manifest that is not kg's (a list, entries that are not records) is no record of anything:
        # every document is written again, which is always safe
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            entries = {}
        self.entries: dict[str, dict] = entries
        self._dirty = 0

    def unchanged(self, doc_id: str, content_hash: str, version: str) -> bool:
        entry = self.entries.get(doc_id)
        return bool(entry) and entry.get("hash") == content_hash and entry.get("version") == version

    def record(self, doc_id: str, content_hash: str, version: str, graph: str) -> None:
        self.entries[doc_id] = {"hash": content_hash, "version": version, "graph": graph}
        self._dirty += 1
        if self._dirty >= 200:
            self.save()

    def forget(self, doc_id: str) -> None:
        self.entries.pop(doc_id, None)
        self._dirty += 1

    def save(self) -> None:
        if not self.path.parent.exists():
            return
        tmp = self.path.with_name(f".{NAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.entries, ensure_ascii=False, sort_keys=True, indent=0), "utf-8")
        os.replace(tmp, self.path)
        self._dirty = 0
