"""Extraction benchmark of the whole pipeline, real text first, in one run:

1. the real development set (../shared/eval/real: 20 real articles nobody here wrote, gold by GUIDELINES v2),
   each article built alone and scored as the reference scorer scores it: entities per type, relations per
   relation, and errors by failure class — next to the figures of an earlier version when --baseline
   points at graphs it built (benchmarks/build_baseline.py);
2. further real gold folders given with --real (kept outside the repository, e.g. articles held back from
   training), the same way;
3. the repository's genre articles (data/samples, data/heldout*): written for this project, in the phrasing
   the rules know, so they overstate quality; kept green, not tuned on;
4. the held-out CLUENER slice (train.json lines with index % 10 == 0, never trained on): micro F1 on
   company, government, organization, name, position, exact spans (as `kg eval --format cluener`);
5. throughput: characters per second of the whole pipeline against bare `jieba.cut` on the same text (the
   State Council work reports in ../shared/data/corpora), measured in the same run.

    python benchmarks/bench_ner.py [--shared ../shared] [--real DIR ...] [--baseline DIR] [--limit N]

Needs ../shared (read-only evaluation data); prints the tables and writes benchmarks/RESULTS_ner.md.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENTITY_CLASSES = ("boundary", "missed abbreviation", "wrong type", "missed person", "missed name", "not an entity")


def rows(scores, keys=None) -> list[str]:
    out = ["| type | P | R | F1 | gold found | gold missed | wrong |", "|---|---|---|---|---|---|---|"]
    items = sorted(scores.by_type.items()) if keys is None else [(k, scores.by_type[k]) for k in keys]
    for name, s in items + [("**micro**", scores.micro)]:
        out.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.tp} | {s.fn} | {s.fp} |")
    return out


def compare(now, before, keys) -> list[str]:
    out = ["| | gold | before P / R / F1 | now P / R / F1 |", "|---|---|---|---|"]
    for key in list(keys) + ["micro"]:
        n = now.micro if key == "micro" else now.by_type.get(key)
        b = before.micro if key == "micro" else before.by_type.get(key)
        if n is None and b is None:
            continue
        gold = (n or b).tp + (n or b).fn
        fmt = lambda s: f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}" if s is not None else "–"  # noqa: E731
        label = "**micro**" if key == "micro" else key
        out.append(f"| {label} | {gold} | {fmt(b)} | {fmt(n)} |")
    return out


def failure_table(now, before=None) -> list[str]:
    classes = sorted(set(now.failures) | set(before.failures if before else ()),
                     key=lambda c: -(now.failures.get(c, 0) + (before.failures.get(c, 0) if before else 0)))
    head = "| failure class | before | now |" if before else "| failure class | count |"
    out = [head, "|---|---|---|" if before else "|---|---|"]
    for c in classes:
        out.append(f"| {c} | {before.failures.get(c, 0)} | {now.failures.get(c, 0)} |" if before
                   else f"| {c} | {now.failures.get(c, 0)} |")
    return out


def real_section(title: str, folder: Path, baseline: Path | None, notes: str) -> tuple[list[str], object]:
    from kg.eval.scorer import evaluate_gold, evaluate_graph_files
    now = evaluate_gold([folder])
    before = None
    if baseline is not None and (baseline / folder.name).is_dir():
        before = evaluate_graph_files(baseline / folder.name, folder)
    e, r = now.entities.micro, now.relations.micro
    out = [f"## {title}", "", notes, "",
           f"**Entities F1 {e.f1:.3f}** (P {e.precision:.3f}, R {e.recall:.3f}); "
           f"**relations F1 {r.f1:.3f}** (P {r.precision:.3f}, R {r.recall:.3f}); {now.documents} articles.", ""]
    if before is not None:
        out += ["Before → now (before: " + baseline.name + ", built by benchmarks/build_baseline.py):", "",
                "Entities:", ""] + compare(now.entities, before.entities, sorted(now.entities.by_type)) + \
               ["", "Relations:", ""] + compare(now.relations, before.relations, sorted(now.relations.by_type)) + [""]
    else:
        out += ["Entities:", ""] + rows(now.entities) + ["", "Relations:", ""] + rows(now.relations) + [""]
    out += ["Entity errors by failure class (a missed gold name or a wrong node; see kg/eval/scorer.py):", ""]
    out += failure_table(_only(now.entities, ENTITY_CLASSES), _only(before.entities, ENTITY_CLASSES)
                         if before else None) + [""]
    out += ["Relation errors by failure class (missed entity: an end is no node; missed/wrong <relation>: by cue "
            "family):", ""]
    out += failure_table(_only(now.relations, None), _only(before.relations, None) if before else None) + [""]
    return out, now


def _only(scores, classes):
    from collections import Counter

    class View:
        pass
    v = View()
    v.failures = Counter({k: n for k, n in scores.failures.items() if classes is None or k in classes})
    return v


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--real", type=Path, nargs="*", default=[], help="further real gold folders")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="graphs of an earlier version, BASELINE/<folder name>/NAME.ttl (build_baseline.py)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N held-out CLUENER sentences")
    args = parser.parse_args()
    if not (args.shared / "eval").is_dir():
        raise SystemExit(f"{args.shared}: no eval/ folder (the shared evaluation data is needed)")
    import jieba
    from kg.eval.scorer import evaluate_cluener, evaluate_gold
    from kg.nlp import analyse, load_pipeline
    from kg.read import read_document

    report = [f"# Extraction benchmark\n\n`python benchmarks/bench_ner.py` on {time.strftime('%Y-%m-%d')}"
              + (f" (--baseline {args.baseline.name})" if args.baseline else "") + ".\n"]
    section, _ = real_section(
        "Real development set (../shared/eval/real) — the yardstick", args.shared / "eval" / "real", args.baseline,
        "20 real articles (government portals, institute and university news, local papers) that nobody here "
        "wrote, gold by GUIDELINES v2; each built alone and scored as `../shared/eval/score.py` scores a graph. "
        "Their errors were read while developing (so the figure is somewhat optimistic); the relation scorer "
        "and the statistical model were never trained on them.")
    report += section
    for folder in args.real:
        section, _ = real_section(f"Real articles: {folder.name}", folder, args.baseline,
                                  f"Gold folder {folder} (kept outside the repository).")
        report += section

    report += ["## Repository genre articles (written for this project: they overstate quality)", "",
               "| set | articles | entities P / R / F1 | relations P / R / F1 |", "|---|---|---|---|"]
    gold_article = evaluate_gold([args.shared / "corpus"], gold_dir=args.shared / "eval")
    sets = [("shared gold article", gold_article)]
    for folder in ("samples", "heldout", "heldout2", "heldout3"):
        if (ROOT / "data" / folder).is_dir():
            sets.append((f"data/{folder}", evaluate_gold([ROOT / "data" / folder])))
    for name, rep in sets:
        e, r = rep.entities.micro, rep.relations.micro
        report.append(f"| {name} | {rep.documents} | {e.precision:.3f} / {e.recall:.3f} / {e.f1:.3f} | "
                      f"{r.precision:.3f} / {r.recall:.3f} / {r.f1:.3f} |")
    report += ["", f"Indicators in the shared gold article: {gold_article.indicators.tp} of "
                   f"{gold_article.indicators.tp + gold_article.indicators.fn} found ({gold_article.indicators.fp} extra).",
               ""]

    lines = (args.shared / "data" / "cluener" / "train.json").read_text("utf-8").splitlines()
    held = [line for i, line in enumerate(lines) if i % 10 == 0][: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "heldout.json"
        path.write_text("\n".join(held) + "\n", "utf-8")
        start = time.perf_counter()
        cluener = evaluate_cluener([path])
        seconds = time.perf_counter() - start
    labels = ["company", "government", "organization", "name", "position"]
    report += [f"## Held-out CLUENER slice ({len(held)} sentences, exact spans, whole pipeline, {seconds:.0f} s)", "",
               "Never trained on; its errors guided general rule and merger changes on 2026-11-26, so the figure is "
               "somewhat optimistic. `position` counts every title recognised, beside a named person or not.", ""]
    report += rows(cluener.entities, [k for k in labels if k in cluener.entities.by_type]) + [""]

    texts = [read_document(p) for p in sorted((args.shared / "data" / "corpora" / "gov_work_reports").glob("*.txt"))]
    chars = sum(len(d.text) for d in texts)
    jieba.initialize()
    nlp = load_pipeline("zh")
    analyse(texts[0], nlp=nlp)  # warm up
    start = time.perf_counter()
    for d in texts:
        for _ in jieba.cut(d.text):
            pass
    jieba_s = time.perf_counter() - start
    start = time.perf_counter()
    for d in texts:
        analyse(d, nlp=nlp)
    pipeline_s = time.perf_counter() - start
    report += ["## Throughput (same text, same run)", "",
               "| what | characters | seconds | characters/s |", "|---|---|---|---|",
               f"| bare jieba.cut | {chars:,} | {jieba_s:.1f} | {chars / jieba_s:,.0f} |",
               f"| kg pipeline (all stages) | {chars:,} | {pipeline_s:.1f} | {chars / pipeline_s:,.0f} |",
               "", f"Pipeline / jieba speed ratio: **{jieba_s / pipeline_s:.2f}**", ""]
    text = "\n".join(report)
    print(text)
    (ROOT / "benchmarks" / "RESULTS_ner.md").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
