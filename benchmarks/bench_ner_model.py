#!/usr/bin/env python
"""Held-out P/R/F1 of the shipped character CRF and its speed against bare ``jieba.cut``.

    python benchmarks/bench_ner_model.py [--shared ../shared] [--model kg/nlp/resources/ner_model]

Held-out = CLUENER train lines with 0-based index % 10 == 0 (never trained on; see MODEL_CARD.md).
Speed text = all State Council work reports in <shared>/data/corpora (1.1 M characters).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from kg.nlp import charner  # noqa: E402
import train_ner  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--model", default=None, help="model folder (default: the packaged model)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    data = shared / "data" if (shared / "data").is_dir() else shared

    model = charner.load_model(args.model)
    held = [x for i, x in enumerate(train_ner.load_cluener(data / "cluener" / "train.json")) if i % 10 == 0]
    main_rows, extra = train_ner.evaluate(model, held)
    print(f"held-out CLUENER ({len(held)} sentences), exact span + label")
    print(f"| label | P | R | F1 | support |\n|---|---|---|---|---|")
    for lab, r in list(main_rows.items()) + list(extra.items())[:2]:
        print(f"| {lab} | {r['p']:.4f} | {r['r']:.4f} | {r['f1']:.4f} | {r['support']} |")

    files = sorted((data / "corpora" / "gov_work_reports").glob("*.txt"))
    text = "\n".join(f.read_text("utf-8") for f in files)
    import jieba
    jieba.initialize()
    best_model = best_jieba = float("inf")
    for _ in range(args.repeat):
        t0 = time.process_time()
        model.predict(text)
        best_model = min(best_model, time.process_time() - t0)
        t0 = time.process_time()
        for _ in jieba.cut(text):
            pass
        best_jieba = min(best_jieba, time.process_time() - t0)
    n = len(text)
    print(f"\nspeed on {n} characters (CPU seconds, best of {args.repeat}, one core)")
    print(f"| what | chars/s | × jieba |\n|---|---|---|")
    print(f"| jieba.cut (default, HMM) | {n / best_jieba:,.0f} | 1.00 |")
    print(f"| kg charner.predict | {n / best_model:,.0f} | {best_jieba / best_model:.2f} |")


if __name__ == "__main__":
    main()
