"""Scoring against gold: entities (exact surface string + type) and relations (head, relation, tail),
judged on the RDF the pipeline emits, the way an outside scorer reads it (labels and altLabels).

>>> from kg.eval import evaluate
>>> report = evaluate(["data/samples"])
>>> report.entities.micro.f1
"""
from .scorer import EvalReport, Score, TypeScores, evaluate, evaluate_cluener, evaluate_gold, find_gold_pairs

__all__ = ["EvalReport", "Score", "TypeScores", "evaluate", "evaluate_gold", "evaluate_cluener", "find_gold_pairs"]
