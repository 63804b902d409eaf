"""The moto / dynalite stacks of tests/storage, shared with the ingest tests."""
from tests.storage.conftest import dynalite_stack, dynalite_url, moto_stack, stack  # noqa: F401
