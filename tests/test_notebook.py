"""notebooks/quickstart.ipynb runs top to bottom without an error (executed with nbclient)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"
MISSING_COMPONENT = ("FileNotFoundError", "ImportError", "ModuleNotFoundError")


def test_quickstart_notebook_runs(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from nbclient.exceptions import CellExecutionError

    monkeypatch.setenv("KG_QUICKSTART_OUT", str(tmp_path / "out"))   # the kernel inherits it
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        failed = [c for c in nb.cells if c.cell_type == "code" and any(o.get("output_type") == "error"
                                                                         for o in c.get("outputs", []))]
        in_build = bool(failed) and "build" in failed[0].get("metadata", {}).get("tags", [])
        if in_build and exc.ename in MISSING_COMPONENT:
            # Only a missing pipeline component (e.g. the statistical NER model not trained yet) skips.
            pytest.skip(f"kg.build cannot run yet: {exc.ename}: {exc.evalue}")
        raise

    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert (tmp_path / "out" / "quickstart_map.html").is_file()
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                     if o.get("output_type") == "stream")
    assert "organisations" in text and "collaborations" in text
