"""Plain-text rendering of an EvalReport."""
from __future__ import annotations


def _rows(title: str, scores, verbose: bool) -> list[str]:
    lines = [f"{title:22} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for name, s in sorted(scores.by_type.items()):
        lines.append(f"  {name:20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5} {s.fp:5} {s.fn:5}")
    m = scores.micro
    lines.append(f"  {'micro':20} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5} {m.fp:5} {m.fn:5}")
    if verbose:
        for label, items in (("missed", scores.misses), ("false positive", scores.false_positives)):
            for item in items:
                lines.append(f"    {label}: " + ", ".join(f"{k}={v}" for k, v in item.items()))
    return lines


def render_report(report, verbose: bool = False) -> str:
    lines = [f"documents: {report.documents}", ""] + _rows("entities", report.entities, verbose)
    if report.fmt == "gold":
        lines += [""] + _rows("relations", report.relations, verbose)
        if report.indicators is not None and (report.indicators.tp + report.indicators.fn):
            i = report.indicators
            lines += ["", f"indicators: found {i.tp} of {i.tp + i.fn} gold ({i.fp} extra)"]
    return "\n".join(lines) + "\n"
