"""The demo's organizations, members and their domains: two customers on one deployment. Aligned Demo Co. owns
the demo domain (proven: all its reports show); Northwind Traders owns northwind.example (proven) and
tailspin.example (registered, not proven yet: the Domains view shows the TXT record to publish). `make run`
stays sign-in free (the local user is the operator and sees both); with ALIGNED_AUTH=local, sign in as one of
the members with `python -m chalicelib.cli token --user demo-viewer`."""
from __future__ import annotations

from local.demo.senders import DEMO_DOMAIN

DEMO_ORG = "aligned-demo"
ORGS = (("aligned-demo", "Aligned Demo Co."), ("northwind", "Northwind Traders"))
MEMBERS = (("aligned-demo", "demo-owner", "owner"), ("aligned-demo", "demo-analyst", "analyst"),
           ("aligned-demo", "demo-viewer", "viewer"), ("northwind", "nw-owner", "owner"),
           ("northwind", "nw-admin", "admin"))
DOMAINS = (("northwind.example", "northwind", True), ("tailspin.example", "northwind", False))
assert DEMO_DOMAIN not in {d for d, _, _ in DOMAINS}
