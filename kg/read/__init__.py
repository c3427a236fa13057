"""Documents in: files and folders, encodings, HTML → clean text. No NLP here.

>>> from kg.read import iter_documents
>>> for doc in iter_documents(["data/samples"]): print(doc.doc_id, len(doc.text))
"""
from .decode import decode_bytes
from .documents import Document, DocumentFailure, iter_documents, read_document, SUPPORTED_SUFFIXES
from .html import html_to_text

__all__ = [
    "Document", "DocumentFailure", "iter_documents", "read_document", "decode_bytes",
    "html_to_text", "SUPPORTED_SUFFIXES",
]
