"""Use cases over ports (typing.Protocol): ingest, reprocess. No AWS imports here; adapters live in
chalicelib.storage (DynamoDB) and chalicelib.aws (S3), wired together by chalicelib.wiring."""
