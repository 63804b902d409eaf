"""The authorizer every API route carries: `@blueprint.route(..., authorizer=auth.authorizer)`.

In AWS it is a Cognito user pool authorizer; locally it is None (neither `chalice local` nor
`chalice.test.Client` enforces Cognito authorizers): ALIGNED_AUTH=none needs no sign-in, and ALIGNED_AUTH=local
checks its own tokens at the edge instead (chalicelib/api/caller.py). The stage decides: the `dev`
stage in .chalice/config.json sets ALIGNED_AUTH=cognito, which `chalice package` puts into the environment
before importing app.py. The pool ARN below is a placeholder: the infra merge template (infra/template.py)
replaces it with the ARN of the stack's own user pool."""
from __future__ import annotations

from chalice import CognitoUserPoolAuthorizer

from chalicelib.settings import AUTH_MODE, settings

__all__ = ["AUTH_MODE", "AUTHORIZER_NAME", "authorizer", "make_authorizer"]
AUTHORIZER_NAME = "AlignedUsers"
PLACEHOLDER_POOL_ARN = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_ReplacedByInfra"


def make_authorizer(mode: str | None = None) -> CognitoUserPoolAuthorizer | None:
    mode = settings().auth.mode if mode is None else mode
    if mode.strip().lower() != "cognito":
        return None
    return CognitoUserPoolAuthorizer(AUTHORIZER_NAME, provider_arns=[PLACEHOLDER_POOL_ARN], header="Authorization")


authorizer = make_authorizer()
