"""Benchmark of the HTML network map (kg/views/map.py, issue #7).

    python benchmarks/bench_map.py                 # 500, 2,000, 5,000 nodes
    python benchmarks/bench_map.py --sizes 500 20000 --no-browser

For synthetic graphs shaped like docs/DESIGN.md (typed entities with labels and aliases, kgo
relations, one kgo:RelationEvidence per relation and sentence, documents with titles; random but
seeded) it prints one table and writes it to benchmarks/RESULTS_map.md:

* build   - time to build the rdflib graph (not part of the map, shown for scale)
* write   - ``write_map`` wall time in Python (RDF -> network -> layout -> HTML), cold layout cache
* size    - HTML file size
* load    - headless Chromium: navigation start until the page's ``afterDrawing`` flag
            (``window.kgMapReadyAt``, performance.now()), i.e. interactive; best of ``--repeat``
* wall    - the same seen from Python (page.goto + wait for the flag)

Chromium: Debian's ``/usr/bin/chromium`` driven by Python playwright (``pip install playwright``; no
``playwright install``). Every non-file:// request is blocked and counted (column ``net``).
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, SKOS, XSD  # noqa: E402

from kg.views import map as kgmap  # noqa: E402

KGO = Namespace("https://w3id.org/kg-innovation/ontology#")
KGR = Namespace("https://w3id.org/kg-innovation/id/")
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

_CHARS = ("华新创智科电能源材料生物医药信息数据云海星光中天宏远博达恒泰瑞安鼎盛德兴隆金银铜铁山川湖"
          "江河东南西北明清晨晓峰林森凯源航宇芯微精密机器视觉量子先进制造绿色低碳储能氢氮锂")
_CITIES = ["开封", "郑州", "洛阳", "深圳", "杭州", "合肥", "苏州", "武汉", "成都", "西安", "南京", "长沙"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_TECH = ["石墨烯", "固态电池", "量子通信", "机器视觉", "氢燃料电池", "碳纤维", "基因编辑", "大模型",
         "工业互联网", "高温合金", "光刻胶", "储能系统"]

TYPE_WEIGHTS = {"Company": 35, "University": 7, "ResearchInstitute": 6, "Lab": 6, "Platform": 5,
                "GovernmentBody": 5, "Policy": 5, "Person": 15, "Place": 3, "Project": 5,
                "Technology": 6, "Award": 2}
ORG = ["Company", "University", "ResearchInstitute", "Lab", "GovernmentBody"]
RULES = {  # head type -> [(relation, tail types)]
    "Person": [("worksFor", ORG), ("awarded", ["Award"])],
    "Company": [("collaboratesWith", ["Company", "University", "ResearchInstitute"]),
                ("investsIn", ["Company"]), ("develops", ["Technology"]), ("locatedIn", ["Place"]),
                ("awarded", ["Award"])],
    "University": [("collaboratesWith", ["Company", "ResearchInstitute"]), ("develops", ["Technology"]),
                   ("locatedIn", ["Place"])],
    "ResearchInstitute": [("develops", ["Technology"]), ("partOf", ["University", "GovernmentBody"])],
    "Lab": [("hostedBy", ["University", "Company", "ResearchInstitute"])],
    "Platform": [("hostedBy", ["Company", "University"])],
    "GovernmentBody": [("funds", ["Project", "Company"]), ("locatedIn", ["Place"])],
    "Policy": [("issuedBy", ["GovernmentBody"])],
    "Project": [("partOf", ["Project"]), ("hostedBy", ["Company", "University"])],
    "Place": [("partOf", ["Place"])],
    "Technology": [],
    "Award": [("issuedBy", ["GovernmentBody"])],
}
_SLUG = {"Company": "company", "University": "university", "ResearchInstitute": "research-institute",
         "Lab": "lab", "Platform": "platform", "GovernmentBody": "government-body", "Policy": "policy",
         "Person": "person", "Place": "place", "Project": "project", "Technology": "technology",
         "Award": "award"}


def _name(rng: random.Random, t: str, i: int) -> str:
    w = "".join(rng.choice(_CHARS) for _ in range(2))
    city = rng.choice(_CITIES)
    return {
        "Company": f"{city}{w}科技有限公司",
        "University": f"{city}{w}大学",
        "ResearchInstitute": f"{city}{w}研究院",
        "Lab": f"{w}重点实验室",
        "Platform": f"{w}创新中心",
        "GovernmentBody": f"{city}市{w}局",
        "Policy": f"关于支持{w}产业发展的若干措施",
        "Person": rng.choice(_SURNAMES) + "".join(rng.choice(_CHARS) for _ in range(rng.choice((1, 2)))),
        "Place": f"{city}{w}区",
        "Project": f"{w}产业化项目",
        "Technology": f"{rng.choice(_TECH)}{w}技术",
        "Award": f"{w}科技进步奖",
    }[t] + (f"{i}" if t not in ("Person",) else f"{i}")


def synthetic_graph(n: int, seed: int = 0, *, dataset: bool = False):
    """A random DESIGN.md-shaped graph with ``n`` entities (about 1.6 relations per entity)."""
    rng = random.Random(seed)
    g = Dataset() if dataset else Graph()
    types = list(TYPE_WEIGHTS)
    weights = [TYPE_WEIGHTS[t] for t in types]
    ents: list[tuple[URIRef, str]] = []
    by_type: dict[str, list[int]] = {t: [] for t in types}
    n_docs = max(5, n // 5)
    docs = [KGR[f"doc/d{i:05d}"] for i in range(n_docs)]

    gdef = g if not dataset else g.graph(KGR["graph/synthetic"])
    for d_i, d in enumerate(docs):
        gdef.add((d, RDF.type, KGO.Document))
        gdef.add((d, DCTERMS.title, Literal(f"{rng.choice(_CITIES)}科技创新动态（第{d_i + 1}期）", lang="zh")))
    for i in range(n):
        t = rng.choices(types, weights)[0]
        name = _name(rng, t, i)
        e = KGR[f"{_SLUG[t]}/{name}"]
        gdef.add((e, RDF.type, KGO[t]))
        gdef.add((e, RDFS.label, Literal(name, lang="zh")))
        if t != "Person" and rng.random() < 0.3:
            gdef.add((e, SKOS.altLabel, Literal(name[:4], lang="zh")))
        by_type[t].append(len(ents))
        ents.append((e, t))
    # preferential attachment: tails drawn from a pool where every endpoint is repeated
    pool: dict[str, list[int]] = {t: list(ix) for t, ix in by_type.items()}
    n_edges = int(n * 1.6)
    made = set()
    ev_i = 0
    tries = 0
    while len(made) < n_edges and tries < n_edges * 6:
        tries += 1
        h = rng.randrange(n)
        head, ht = ents[h]
        if not RULES[ht]:
            continue
        rel, tails = rng.choice(RULES[ht])
        tt = rng.choice(tails)
        if not pool[tt]:
            continue
        ti = rng.choice(pool[tt])
        if ti == h:
            continue
        tail = ents[ti][0]
        key = (h, rel, ti) if rel != "collaboratesWith" else (min(h, ti), rel, max(h, ti))
        if key in made:
            continue
        made.add(key)
        pool[tt].append(ti)
        pool[ht].append(h)
        gdef.add((head, KGO[rel], tail))
        for _ in range(rng.choice((1, 1, 2, 3))):
            ev = KGR[f"evidence/e{ev_i:07d}"]
            ev_i += 1
            doc = rng.choice(docs)
            hl, tl = str(head).rsplit("/", 1)[-1], str(tail).rsplit("/", 1)[-1]
            text = f"{hl}与{tl}在{rng.choice(_TECH)}领域开展合作，相关成果已进入产业化阶段。"
            for p, o in ((RDF.type, KGO.RelationEvidence), (KGO.subject, head), (KGO.predicate, KGO[rel]),
                         (KGO.object, tail), (KGO.inDocument, doc), (KGO.evidenceText, Literal(text, lang="zh")),
                         (KGO.beginOffset, Literal(0)), (KGO.endOffset, Literal(len(text))),
                         (KGO.confidence, Literal(round(rng.uniform(0.5, 1.0), 2), datatype=XSD.decimal))):
                gdef.add((ev, p, o))
    return g


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "playwright not installed (pip install playwright)"
    if not Path(CHROMIUM).exists():
        return None, f"{CHROMIUM} not found (apt-get install -y chromium)"
    return sync_playwright, None


def load_in_chromium(browser, path: Path, timeout_ms: int = 120_000) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []

    def on_route(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    ctx.route("**/*", on_route)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
    page.wait_for_function("window.kgMapReady === true", timeout=timeout_ms, polling=20)
    wall = time.perf_counter() - t0
    ready_ms = page.evaluate("window.kgMapReadyAt")
    counts = page.evaluate("[kgMap.nodes.length, kgMap.edges.length]")
    ctx.close()
    return {"load_s": ready_ms / 1000.0, "wall_s": wall, "blocked": blocked, "errors": errors,
            "counts": counts}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-browser", action="store_true", help="only time the Python side")
    ap.add_argument("--repeat", type=int, default=3, help="browser loads per map; the best is shown")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS_map.md")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the HTML maps in")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kg-bench-map-"))
    keep = args.keep
    rows = []
    pw_factory, why = (None, "disabled (--no-browser)") if args.no_browser else _browser()
    pw = browser = None
    chromium_version = None
    if pw_factory is not None:
        pw = pw_factory().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        chromium_version = f"headless Chromium {browser.version} ({CHROMIUM})"
    try:
        for n in args.sizes:
            t0 = time.perf_counter()
            g = synthetic_graph(n, seed=args.seed)
            build = time.perf_counter() - t0
            out = work / f"map_{n}.html"
            kgmap._LAYOUT_CACHE.clear()
            t0 = time.perf_counter()
            info = kgmap.write_map(g, out, lang="zh")
            write = time.perf_counter() - t0
            row = {"n": n, "triples": len(g), "nodes": info.nodes, "edges": info.edges, "build": build,
                   "write": write, "size": out.stat().st_size}
            if browser is not None:
                runs = [load_in_chromium(browser, out) for _ in range(max(1, args.repeat))]
                for r in runs:
                    assert r["counts"] == [info.nodes, info.edges], r["counts"]
                best = min(runs, key=lambda r: r["load_s"])
                row.update(load=best["load_s"], wall=best["wall_s"],
                           net=sum(len(r["blocked"]) for r in runs), errors=sum(len(r["errors"]) for r in runs))
            rows.append(row)
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(out, keep / out.name)
            print(f"  {n:>6} nodes done", file=sys.stderr)
    finally:
        if browser is not None:
            browser.close()
        if pw is not None:
            pw.stop()
        shutil.rmtree(work, ignore_errors=True)

    head = ("| entities | triples | drawn nodes | drawn edges | build RDF (s) | write_map (s) | HTML size (MB) "
            "| Chromium load→drawn (s) | wall (s) | blocked requests | console errors |")
    sep = "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"
    lines = [head, sep]
    for r in rows:
        b = (f"{r['load']:.2f} | {r['wall']:.2f} | {r['net']} | {r['errors']}" if "load" in r
             else "– | – | – | –")
        lines.append(f"| {r['n']:,} | {r['triples']:,} | {r['nodes']:,} | {r['edges']:,} | {r['build']:.2f} "
                     f"| {r['write']:.2f} | {r['size'] / 1e6:.2f} | {b} |")
    table = "\n".join(lines)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    env = (f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs "
           f"(load average {load:.1f} at the end), numpy-only layout; browser: "
           f"{chromium_version or 'none – ' + str(why)}; Chromium times are the best of "
           f"{max(1, args.repeat)} loads")
    print(table)
    print()
    print(env)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "# HTML network map benchmark\n\n"
        "`python benchmarks/bench_map.py` (synthetic DESIGN.md-shaped graphs, seed "
        f"{args.seed}; layout cache cold; physics off).\n\n" + table + "\n\n" + env + "\n\n"
        "*write_map* covers RDF → networkx → layout → HTML. *Chromium load→drawn* is "
        "`performance.now()` at the first `afterDrawing` of vis-network (the page sets "
        "`window.kgMapReady`), i.e. from navigation start until the map is drawn and interactive.\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
