"""Adapters that need no cloud: in-memory fakes of chalicelib.ports (memory.py)."""
