"""Shared fixtures: the sample corpus, one sample build per session, and the --runslow switch."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow training/benchmark tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared (evaluation data) is not present")
    return SHARED


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """kg build data/samples --out DIR, once per test session (through the Python API)."""
    import kg
    out = tmp_path_factory.mktemp("sample_build")
    report = kg.build([str(SAMPLES)], out=out)
    return out, report


@pytest.fixture(scope="session")
def sample_graph(sample_build):
    from rdflib import Graph
    out, _ = sample_build
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return g
