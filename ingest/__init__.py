"""Ingest: parse disclosure documents, validate them and load their figures (jobs included)."""
