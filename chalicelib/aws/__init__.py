"""boto3 adapters: the S3 raw-mail archive. Clients are injected; chalicelib.wiring builds the real ones."""
