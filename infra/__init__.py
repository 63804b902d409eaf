"""Deployment: the CloudFormation template merged into `chalice package` (built by infra.template from the
app, the pynamodb models and chalicelib.settings), and the deploy/destroy commands (infra.deploy)."""
