"""Entities and relations → RDF under the kg ontology, with stable IRIs and provenance."""
from .build import build_dataset, document_triples, new_dataset, RELATIONS
from .iri import DEFAULT_BASE, entity_iri

__all__ = ["build_dataset", "document_triples", "new_dataset", "RELATIONS", "DEFAULT_BASE", "entity_iri"]
