"""kg — knowledge graphs from Chinese science-and-technology innovation text.

The pipeline reads documents (kg.read), finds entities, relations and indicators with a spaCy
pipeline (kg.nlp), turns them into RDF under the kg ontology (kg.graph), keeps them in a store
(kg.store) and shows them as query results, maps and exports (kg.views). The functions below are
the public API; the `kg` command is a thin shell over them.
"""
__version__ = "0.1.0"

from .api import BuildReport, build, evaluate, export, parse_context, query, stats, validate, viz
from .errors import KgError

__all__ = ["build", "query", "stats", "validate", "viz", "export", "evaluate", "parse_context",
           "BuildReport", "KgError", "__version__"]
