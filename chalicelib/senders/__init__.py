"""Who sends mail as a domain: the service catalogue (a reviewed data file), identification of a record's
sending service, indirect mail (forwarding, mailing lists) and the fix texts. Pure: standard library and
chalicelib.dmarc only."""
from chalicelib.senders.catalogue import Catalogue, Fix, Service, load_catalogue
from chalicelib.senders.identify import OWN, Identity, identify
from chalicelib.senders.indirect import FORWARDED, MAILING_LIST, Route, route_of

__all__ = ["FORWARDED", "MAILING_LIST", "OWN", "Catalogue", "Fix", "Identity", "Route", "Service", "identify",
           "load_catalogue", "route_of"]
