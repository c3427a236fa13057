"""Build benchmark on N synthetic articles: wall time, documents/s, triples/s and peak memory of
`kg build` with --jobs 1 and --jobs 2, a rebuild with nothing changed, a rebuild with 1% changed,
the same three steps with SHACL validation on (the default), and each export. Every step is its own `kg` process, so peak memory is that step's alone (its worker processes included).

    python benchmarks/bench_build.py            # N = 10,000 (about 15 minutes on 2 cores)
    python benchmarks/bench_build.py --n 500    # quick look

Prints a table and writes benchmarks/RESULTS.md with the machine it ran on.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import threading
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_corpus import write_corpus  # noqa: E402


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants (shared pages counted once)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def run(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak memory in MB, stdout) of one kg command in its own process. Peak memory is
    the largest proportional set size of the command and its worker processes together, sampled
    every second (with --jobs 2 the workers' memory counts too)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    peak = [0.0]

    def sample() -> None:
        while proc.returncode is None:
            peak[0] = max(peak[0], _tree_pss_mb(proc.pid))
            time.sleep(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed:\n{err[-2000:]}")
    return wall, max(peak[0], usage.ru_maxrss / 1024), out


def triples_of(store: Path) -> int:
    from kg.store import open_source
    from kg.views.stats import stats
    with open_source(store=store) as source:
        result = stats(source)
        return result.triples if result.triples is not None else result.statements


def machine() -> str:
    from machine import cpu_model
    cpu = cpu_model("unknown CPU")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="kg build benchmark")
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic articles")
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument("--skip-exports", action="store_true")
    args = parser.parse_args()
    work = args.work / f"build{args.n}"
    corpus = args.work / f"corpus{args.n}"
    if not corpus.exists():
        write_corpus(args.n, corpus)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    chars = sum(len(p.read_text("utf-8")) for p in corpus.rglob("*.txt"))
    rows = []
    common = ["--no-map", "--no-validate", "-q"]

    def step(name, cmd, docs, store):
        wall, rss, _ = run(cmd)
        triples = triples_of(store) if store else None
        rows.append((name, wall, docs / wall if docs else None, (triples / wall) if triples else None, rss, triples))
        print(f"  {name}: {wall:.1f} s, {rss:.0f} MB", flush=True)

    print(f"corpus: {args.n} synthetic articles, {chars:,} characters")
    step("build --jobs 1", ["build", str(corpus), "--store", str(work / "s1"), "--no-cache", "--jobs", "1", *common],
         args.n, work / "s1")
    step("build --jobs 2", ["build", str(corpus), "--store", str(work / "s2"), "--no-cache", "--jobs", "2", *common],
         args.n, work / "s2")
    step("rebuild, nothing changed", ["build", str(corpus), "--store", str(work / "s2"), *common], args.n, work / "s2")
    rng = random.Random(1)
    files = sorted(corpus.rglob("*.txt"))
    changed = rng.sample(files, max(1, len(files) // 100))
    for path in changed:
        path.write_text(path.read_text("utf-8") + "依托郑州大学建设的省超硬材料中试基地投入运行。\n", "utf-8")
    step("rebuild, 1% changed", ["build", str(corpus), "--store", str(work / "s2"), "--jobs", "2", *common],
         args.n, work / "s2")
    # the default path: SHACL validation on (a store validates only the document graphs a build writes)
    validated = ["--no-map", "-q"]
    step("build --jobs 2, validation on", ["build", str(corpus), "--store", str(work / "s3"), "--no-cache",
                                           "--jobs", "2", *validated], args.n, work / "s3")
    step("rebuild, nothing changed, validation on", ["build", str(corpus), "--store", str(work / "s3"), *validated],
         args.n, work / "s3")
    for path in rng.sample(files, max(1, len(files) // 100)):
        path.write_text(path.read_text("utf-8") + "依托河南大学建设的省新材料中试基地投入运行。\n", "utf-8")
    step("rebuild, 1% changed, validation on", ["build", str(corpus), "--store", str(work / "s3"), "--jobs", "2",
                                               *validated], args.n, work / "s3")
    if not args.skip_exports:
        for fmt in ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"):
            target = work / f"export.{fmt}"
            wall, rss, _ = run(["export", "--store", str(work / "s2"), "-o", str(target), "--format", fmt])
            size = sum(p.stat().st_size for p in work.glob(f"export*{fmt}")) / 2**20
            rows.append((f"export {fmt} ({size:.0f} MB)", wall, None, None, rss, None))
            print(f"  export {fmt}: {wall:.1f} s", flush=True)

    header = "| step | wall (s) | documents/s | triples/s | peak memory (MB) | triples |\n|---|---|---|---|---|---|"
    lines = [header] + [
        f"| {name} | {wall:.1f} | {f'{dps:.0f}' if dps else ''} | {f'{tps:,.0f}' if tps else ''} | {rss:.0f} | "
        f"{f'{t:,}' if t else ''} |" for name, wall, dps, tps, rss, t in rows]
    table = "\n".join(lines)
    print(table)
    result = (f"# Build benchmark\n\n`python benchmarks/bench_build.py --n {args.n}` on {time.strftime('%Y-%m-%d')}, "
              f"{machine()}.\n\nCorpus: {args.n} synthetic articles ({chars:,} characters) from "
              f"`benchmarks/make_corpus.py` (recombined sample sentences, gazetteer names; not real news). "
              f"Builds use `--store` (Oxigraph) and `--no-map`; `--no-validate` except the steps marked "
              f"\"validation on\" (the default path).\n\n{table}\n")
    target = HERE / ("RESULTS.md" if args.n == 10_000 else f"RESULTS_build_{args.n}.md")
    target.write_text(result, "utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
