"""boto3 adapters: the S3 raw-mail archive and the SNS notifier. Clients are injected; chalicelib.wiring builds
the real ones. Decoding the Lambda events is not here: see chalicelib.entry."""
