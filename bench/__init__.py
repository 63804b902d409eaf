"""Benchmark: our parser against bare lxml iterparse (the floor) and parsedmarc. Run with `make bench`.

This package imports only the standard library at the top level, so parsedmarc's own venv can run its peer."""
