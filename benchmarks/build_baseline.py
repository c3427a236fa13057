"""Build each gold article alone with another checkout of kg (an earlier version), for bench_ner's before/after.

    git worktree add /tmp/kg-before 6c63155
    python benchmarks/build_baseline.py --tree /tmp/kg-before --out benchmarks/baseline FOLDER...

Writes OUT/<folder name>/NAME.ttl for each NAME.gold.json of each FOLDER, as `kg build NAME.txt --out DIR`
writes graph.ttl (no map, no validation, no cache). Run it with the other checkout's dependencies installed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, required=True, help="the other checkout (its kg/ package is used)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    import kg
    if not str(Path(kg.__file__).resolve()).startswith(str(args.tree.resolve())):
        raise SystemExit(f"kg was imported from {kg.__file__}, not from {args.tree}")
    for folder in args.folders:
        out = args.out / folder.name
        out.mkdir(parents=True, exist_ok=True)
        for gold in sorted(folder.glob("*.gold.json")):
            text = gold.with_name(gold.name[:-len(".gold.json")] + ".txt")
            with tempfile.TemporaryDirectory() as tmp:
                kg.build([str(text)], out=tmp, map_html=False, validate=False, cache=False)
                shutil.copy(Path(tmp) / "graph.ttl", out / f"{text.stem}.ttl")
        print(f"{folder}: {len(list(out.glob('*.ttl')))} graphs → {out}")


if __name__ == "__main__":
    main()
