"""The ports (typing.Protocol) the use cases in chalicelib.services depend on, and the value objects that cross
them: ingest (raw mail, reports, rollups, domains, failures), analyses, registry, alerts. Real adapters live in
chalicelib.storage (DynamoDB) and chalicelib.aws; in-memory fakes in chalicelib.adapters.memory. Pure: no AWS
imports here."""
