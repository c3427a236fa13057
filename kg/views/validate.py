"""SHACL validation of a kg graph against ontology/shapes.ttl (with ontology/kg.ttl mixed in).

>>> from kg.views.validate import validate
>>> result = validate(graph)
>>> result.conforms, len(result.violations)
>>> result.raise_for_violations()      # kg.errors.ValidationFailed when it does not conform

Each violation is a ``Violation(focus, path, message, severity)`` of strings: the focus node's
``rdfs:label`` (or its IRI in prefixed form), the property path, the readable message, and
``Violation`` / ``Warning`` / ``Info``. Warnings do not make a graph non-conforming.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import InputError, KgError, ValidationFailed
from kg.graph.vocab import KG, bind_prefixes, ontology_graph, shapes_graph

__all__ = ["validate", "ValidationResult", "Violation", "INFERENCE_OPTIONS"]

INFERENCE_OPTIONS = ("none", "rdfs", "owlrl", "both")
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

GraphSource = Union[Graph, str, Path, None]
_ONTOLOGY_NS = str(KG._NS)  # ontology terms are shown by name, not by label


class Violation(NamedTuple):
    """One SHACL result, as readable strings (`node`: the focus node's IRI, to tell which document holds it)."""

    focus: str
    path: str
    message: str
    severity: str
    node: str = ""

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip() if self.path else self.focus
        return f"{self.severity}: {where}: {self.message}"


@dataclass
class ValidationResult:
    """Outcome of `validate`: ``conforms`` is False when any result has severity Violation."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]

    def summary(self) -> list[tuple[int, str, str]]:
        """(count, severity, message) for each distinct message, violations first, then by count: what a
        person reads instead of hundreds of results that say the same thing."""
        from collections import Counter
        counts = Counter((v.severity, v.message) for v in self.violations)
        return sorted(((n, sev, msg) for (sev, msg), n in counts.items()),
                      key=lambda item: (_SEVERITY_ORDER.get(item[1], 9), -item[0], item[2]))

    def raise_for_violations(self) -> None:
        """Raise `kg.errors.ValidationFailed` (carrying the text report) unless the graph conforms."""
        if self.conforms:
            return
        errors = self.errors
        first = f"; first: {errors[0]}" if errors else ""
        raise ValidationFailed(
            f"SHACL validation failed with {len(errors)} violation(s){first}", report=self.text
        )


def validate(
    graph: Graph,
    shapes: GraphSource = None,
    ontology: GraphSource | bool = None,
    inference: str = "none",
) -> ValidationResult:
    """Validate `graph` (a Graph, or a Dataset whose union is validated) with pySHACL.

    `shapes`: a Graph or an RDF file; default the shipped ontology/shapes.ttl.
    `ontology`: a Graph or file mixed into the data graph (so ``sh:class`` sees subclasses); default
    the shipped ontology/kg.ttl; ``False`` to mix in nothing.
    `inference`: ``none`` (default), ``rdfs``, ``owlrl`` or ``both`` — pySHACL's pre-inference.
    The input graph is never modified.
    """
    if inference not in INFERENCE_OPTIONS:
        raise InputError(
            f"unknown inference {inference!r}; choose one of {', '.join(INFERENCE_OPTIONS)}"
        )
    if not isinstance(graph, Graph):
        raise InputError(f"validate() needs an rdflib Graph or Dataset, not {type(graph).__name__}")
    data = _PreparedQueryGraph.copy_of(graph)
    shapes_g = shapes_graph() if shapes is None else _as_graph(shapes, "shapes")
    if ontology is False:
        ont_g = None
    elif ontology is None or ontology is True:
        ont_g = ontology_graph()
    else:
        ont_g = _as_graph(ontology, "ontology")

    import pyshacl  # heavy; imported on use

    try:
        conforms, report_graph, report_text = pyshacl.validate(
            data,
            shacl_graph=shapes_g,
            ont_graph=ont_g,
            inference=inference,
            inplace=True,  # `data` is already a private copy
            allow_warnings=True,
            allow_infos=True,
            advanced=False,
            meta_shacl=False,
            debug=False,
        )
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and others
        message = " ".join(str(getattr(exc, "message", exc)).split())
        raise KgError(f"SHACL validation could not run: {message}") from exc

    if not isinstance(report_graph, Graph):  # pyshacl returns a ValidationFailure for bad shapes
        message = " ".join(str(getattr(report_graph, "message", report_graph)).split())
        raise KgError(f"SHACL validation could not run: {message}")
    violations = _violations(report_graph, data, shapes_g)
    return ValidationResult(conforms=bool(conforms), violations=violations, text=str(report_text))


class _PreparedQueryGraph(Graph):
    """A private copy of the data whose query() parses each distinct SPARQL text only once.

    pySHACL sends the same SPARQL-constraint text once per focus node; rdflib would parse it every
    time, which costs more than evaluating it. Parsing once makes those constraints ~10x faster.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict = {}

    @classmethod
    def copy_of(cls, graph: Graph) -> "_PreparedQueryGraph":
        out = cls()
        for prefix, namespace in graph.namespaces():
            out.bind(prefix, namespace, override=True)
        if isinstance(graph, (Dataset, ConjunctiveGraph)):
            for s, p, o, _ in graph.quads((None, None, None, None)):
                out.add((s, p, o))
        else:
            for triple in graph:
                out.add(triple)
        return out

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            init_ns = kwargs.pop("initNs", None)
            key = (query_object, frozenset(init_ns.items()) if init_ns else None)
            prepared = self._prepared.get(key)
            if prepared is None:
                from rdflib.plugins.sparql import prepareQuery

                namespaces = init_ns if init_ns else dict(self.namespaces())
                prepared = self._prepared[key] = prepareQuery(query_object, initNs=namespaces)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _union(graph: Graph) -> Graph:
    """A plain Graph: the graph itself, or the union of all graphs of a Dataset/ConjunctiveGraph."""
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for prefix, namespace in graph.namespaces():
            union.bind(prefix, namespace, override=True)
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


def _as_graph(source: GraphSource, what: str) -> Graph:
    if isinstance(source, Graph):
        return _union(source)
    if isinstance(source, (str, Path)):
        from kg.store.rdf_files import load_rdf

        return _union(load_rdf([source]))
    raise InputError(f"{what} must be an rdflib Graph or an RDF file path, not {type(source).__name__}")


def _violations(report: Graph, data: Graph, shapes: Graph) -> list[Violation]:
    names = bind_prefixes(Graph())
    known = {prefix for prefix, _ in names.namespaces()}
    for prefix, namespace in list(data.namespaces()) + list(shapes.namespaces()):
        if prefix and prefix not in known:
            names.bind(prefix, namespace)
            known.add(prefix)
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        severity = _SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation")
        messages = list(report.objects(result, SH.resultMessage))
        message = _pick_message(messages) or _describe_constraint(report, result, names)
        out.append(
            Violation(
                focus=_node_name(focus, data, names),
                path=_term_name(path, names) if path is not None else "",
                message=_readable_iris(message, data, names),
                severity=severity,
                node=str(focus) if focus is not None else "",
            )
        )
    out.sort(key=lambda v: (_SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path, v.message))
    return out


def _pick_message(messages: list) -> str:
    if not messages:
        return ""
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    return str((english or messages)[0])


def _describe_constraint(report: Graph, result, names: Graph) -> str:
    component = report.value(result, SH.sourceConstraintComponent)
    value = report.value(result, SH.value)
    text = f"fails {_term_name(component, names)}" if component is not None else "fails a shape"
    if value is not None:
        text += f" (value {_term_name(value, names)})"
    return text


def _node_name(node, data: Graph, names: Graph) -> str:
    """An entity's rdfs:label (the @zh one first), else its IRI in short form."""
    if node is None:
        return ""
    if not isinstance(node, Literal) and not str(node).startswith(_ONTOLOGY_NS):
        labels = list(data.objects(node, RDFS.label))
        if labels:
            zh = [l for l in labels if isinstance(l, Literal) and (l.language or "").startswith("zh")]
            return str(sorted(zh or labels)[0])
    return _term_name(node, names)


def _term_name(node, names: Graph) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        best = ""
        for prefix, namespace in names.namespaces():
            if prefix and text.startswith(str(namespace)) and len(str(namespace)) > len(best):
                best, short = str(namespace), f"{prefix}:{text[len(str(namespace)):]}"
        return short if best and " " not in short else f"<{text}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3(names.namespace_manager)
    # complex SHACL paths come back as nodes of the shapes graph
    return str(node)


_IRI_IN_TEXT = re.compile(r"<([a-zA-Z][\w+.-]*:[^<>\s]+)>|(?<![<\w])(https?://[^\s<>,]+)")


def _readable_iris(message: str, data: Graph, names: Graph) -> str:
    """Messages from SPARQL constraints embed full IRIs: show labels or prefixed names instead."""
    return _IRI_IN_TEXT.sub(lambda m: _node_name(URIRef(m.group(1) or m.group(2)), data, names), message)
