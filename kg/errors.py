"""Exceptions of the kg library. The library raises, the CLI reports (one line, exit 1)."""


class KgError(Exception):
    """Base class: a problem the user can fix, described in one line."""


class InputError(KgError):
    """A document or argument that cannot be read or used."""


class DecodeError(InputError):
    """A file that is binary, empty or in no supported text encoding."""


class RDFParseError(InputError):
    """An RDF file that does not parse (message carries the line number when known)."""


class StoreError(KgError):
    """A store that cannot be opened, is locked, or an endpoint that fails."""


class QueryError(KgError):
    """A SPARQL query that is malformed or cannot run."""


class ValidationFailed(KgError):
    """SHACL validation found violations; `report` holds the readable report."""

    def __init__(self, message: str, report: str = ""):
        super().__init__(message)
        self.report = report
