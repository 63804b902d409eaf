"""Source-IP registry core: CIDR -> group tag, matched most-specific first. Pure: standard library only."""
from chalicelib.errors import LineError, RegistryError
from chalicelib.registry.csvio import CsvImport, export_csv, import_csv
from chalicelib.registry.entry import (
    IPAddress,
    IPNetwork,
    RegistryEntry,
    make_entry,
    parse_cidr,
    parse_ip,
)
from chalicelib.registry.matcher import Matcher

__all__ = [
    "CsvImport", "IPAddress", "IPNetwork", "LineError", "Matcher", "RegistryEntry", "RegistryError",
    "export_csv", "import_csv", "make_entry", "parse_cidr", "parse_ip",
]
