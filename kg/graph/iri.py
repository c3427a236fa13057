"""Readable, deterministic IRIs: the same canonical name and type always give the same IRI,
whatever other documents are in the build."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/kg-innovation/id/"

TYPE_SLUGS = {
    "Company": "company", "University": "university", "ResearchInstitute": "research-institute",
    "Lab": "lab", "Platform": "platform", "GovernmentBody": "government-body", "Policy": "policy",
    "Person": "person", "Place": "place", "Project": "project", "Technology": "technology",
    "Award": "award", "Organization": "organization",
}

# Characters IRIs may not contain (RFC 3987) plus those with a meaning in paths/queries.
_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|\\^`#?%/\[\]\x7f]")


def _escape(text: str) -> str:
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), text)


def name_key(name: str) -> str:
    """The form names are compared in: NFKC (full-width → half-width), no spaces or quotes."""
    key = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s\u200b\"'“”‘’]+", "", key)


def check_base(base: str) -> str:
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S*[/#]$", base or ""):
        from ..errors import InputError
        raise InputError(f"--base must be an absolute IRI ending in '/' or '#': {base!r}")
    return base


_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def iri_key(name: str) -> str:
    """The name as it stands in an IRI: like name_key, but words of Latin names joined by '_'
    (Joint_Laboratory_for_Silicon_Photonic_Chips stays readable)."""
    key = unicodedata.normalize("NFKC", name).strip()
    key = re.sub(r"[\u200b\"'“”‘’]+", "", key)
    key = _CJK_SPACE.sub("", key)
    return re.sub(r"\s+", "_", key)


def entity_iri(base: str, type_name: str, canonical: str) -> URIRef:
    slug = TYPE_SLUGS.get(type_name, type_name.lower())
    return URIRef(f"{base}{slug}/{_escape(iri_key(canonical))}")


def document_iri(base: str, doc_id: str) -> URIRef:
    return URIRef(f"{base}document/{_escape(doc_id)}")


def graph_iri(base: str, doc_id: str) -> URIRef:
    return URIRef(f"{base}graph/{_escape(doc_id)}")


def local_iri(base: str, kind: str, doc_id: str, *parts) -> URIRef:
    """IRIs of things inside one document: mentions, sentences, evidence, indicators."""
    tail = "-".join(str(p) for p in parts)
    return URIRef(f"{base}{kind}/{_escape(doc_id)}/{_escape(tail)}")


def hashed_iri(base: str, kind: str, *parts) -> URIRef:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{base}{kind}/{digest}")
