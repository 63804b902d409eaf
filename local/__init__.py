"""The local stack behind `make run`: dynalite, moto server, the trigger driver, chalice local and the demo data."""
