"""The entry layer of the Lambda event handlers in app.py: decoding their events (S3 notifications in SQS
batches), the partial-batch response, and logging and metrics at the edge. No boto3: the AWS adapters are in
chalicelib.aws; Powertools is imported on first use."""
