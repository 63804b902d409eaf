"""Moved to chalicelib.ports.ingest; kept for the chalicelib.api modules that still import it from here."""
from chalicelib.ports.ingest import Page

__all__ = ["Page"]
