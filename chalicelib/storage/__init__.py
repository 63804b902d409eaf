"""The DynamoDB adapter: pynamodb models and the repositories implementing chalicelib.ports.
Region and endpoint come from botocore's environment (AWS_ENDPOINT_URL_DYNAMODB for dynalite): no Meta.host."""
