"""The security headers CloudFront adds to every answer (UI files and API), one response headers policy.

The Content-Security-Policy lets the page load only its own files and talk only to its own origin (the UI and,
under /api/, the API), to the Cognito domain (the token endpoint, web/src/auth.js), and to the exports bucket
when the stack has one (presigned downloads are fetched from the bucket's regional domain)."""
from __future__ import annotations

from typing import Any

from infra.cfn import Json, join

POLICY = "SecurityHeadersPolicy"
EXPORTS_BUCKET = "ExportsBucket"  # the presigned-exports bucket's logical id, when the template has one
COGNITO_ORIGIN = "https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"
HSTS_SECONDS = 63072000  # two years, as hstspreload.org asks


def content_security_policy(connect: list[Any]) -> Json:
    """The policy text; `connect` are the origins (strings or intrinsics) besides 'self' the page may fetch."""
    directives = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
                  "font-src 'self'", "manifest-src 'self'", "base-uri 'none'", "form-action 'self'",
                  "frame-ancestors 'none'", "object-src 'none'"]
    return join("; ", [*directives[:5], join(" ", ["connect-src 'self'", *connect]), *directives[5:]])


def connect_origins(resources: Json) -> list[Any]:
    origins: list[Any] = [{"Fn::Sub": COGNITO_ORIGIN}]
    if EXPORTS_BUCKET in resources:
        origins.append({"Fn::Sub": "https://${" + EXPORTS_BUCKET + ".RegionalDomainName}"})
    return origins


def headers_policy(connect: list[Any]) -> Json:
    return {POLICY: {"Type": "AWS::CloudFront::ResponseHeadersPolicy", "Properties": {"ResponseHeadersPolicyConfig": {
        "Name": {"Fn::Sub": "${AWS::StackName}-security-headers"},
        "Comment": "CSP limited to this origin and the Cognito domain; HSTS, nosniff, no framing, no referrer",
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": {"ContentSecurityPolicy": content_security_policy(connect), "Override": True},
            "ContentTypeOptions": {"Override": True},
            "FrameOptions": {"FrameOption": "DENY", "Override": True},
            "ReferrerPolicy": {"ReferrerPolicy": "no-referrer", "Override": True},
            "StrictTransportSecurity": {"AccessControlMaxAgeSec": HSTS_SECONDS, "IncludeSubdomains": False,
                                        "Preload": False, "Override": True},
        },
        "CustomHeadersConfig": {"Items": [
            {"Header": "Permissions-Policy", "Value": "camera=(), microphone=(), geolocation=(), payment=()",
             "Override": True},
            {"Header": "Cross-Origin-Opener-Policy", "Value": "same-origin", "Override": True},
        ]},
    }}}}
