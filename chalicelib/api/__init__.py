"""Chalice blueprints: decode the request, make one call, encode the result; errors map to HTTP in one place."""
