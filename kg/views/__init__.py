"""Views of a graph: query results, HTML map, exports, validation reports, statistics."""
