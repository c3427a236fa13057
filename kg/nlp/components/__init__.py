"""spaCy components of the kg pipeline; importing this package registers their factories."""
