"""Source-IP registry core: CIDR (or sending service) -> group tag, matched most-specific first. Pure: standard
library, and the senders catalogue for service ids."""
from chalicelib.errors import LineError, RegistryError
from chalicelib.registry.csvio import CsvImport, export_csv, import_csv
from chalicelib.registry.entry import (
    IPAddress,
    IPNetwork,
    RegistryEntry,
    ServiceTarget,
    make_entry,
    parse_cidr,
    parse_ip,
    parse_target,
    sort_key,
    stored_target,
)
from chalicelib.registry.matcher import Matcher

__all__ = [
    "CsvImport", "IPAddress", "IPNetwork", "LineError", "Matcher", "RegistryEntry", "RegistryError",
    "ServiceTarget", "export_csv", "import_csv", "make_entry", "parse_cidr", "parse_ip", "parse_target",
    "sort_key", "stored_target",
]
