"""The UI: a private bucket behind CloudFront (origin access control), which also forwards /api/* to the
REST API, so the UI and the API share one origin (no CORS). Sign-in: a Cognito user pool with the hosted UI
(authorization code + PKCE, no client secret); its pool is the authorizer of every API route."""
from __future__ import annotations

from infra import headers, logs
from infra.cfn import Json, att, deny_insecure_transport, if_, policy, private_bucket, ref, sub

BUCKET, BUCKET_POLICY, OAC, DISTRIBUTION = "UiBucket", "UiBucketPolicy", "UiOriginAccessControl", "Distribution"
POOL, POOL_DOMAIN, CLIENT = "UserPool", "UserPoolDomain", "UserPoolClient"
OPERATORS = "OperatorsGroup"  # its members are in the ID token's cognito:groups claim: the deployment's operators
SITE_URL = if_("HasCertificate", sub("https://${SiteDomain}/"), sub("https://${Distribution.DomainName}/"))
MINIMUM_TLS = "TLSv1.2_2021"  # with a custom certificate; the default *.cloudfront.net one cannot be set
# AWS managed CloudFront policies
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # forwards Authorization when caching is off
PARAMETERS: Json = {
    "SiteDomain": {"Type": "String", "Default": "", "AllowedPattern": r"^(([a-z0-9-]+\.)+[a-z]{2,})?$",
                   "Description": "The UI's own host name (a CNAME to the distribution); empty: *.cloudfront.net"},
    "CertificateArn": {"Type": "String", "Default": "", "AllowedPattern": r"^(arn:aws[a-z-]*:acm:us-east-1:.+)?$",
                       "Description": "ACM certificate (us-east-1) for SiteDomain; empty: CloudFront's own"},
}
CONDITIONS: Json = {"HasCertificate": {"Fn::Not": [{"Fn::Equals": [ref("CertificateArn"), ""]}]}}
RULES: Json = {"CertificateNamesTheSite": {
    "RuleCondition": {"Fn::Not": [{"Fn::Equals": [ref("CertificateArn"), ""]}]},
    "Assertions": [{"Assert": {"Fn::Not": [{"Fn::Equals": [ref("SiteDomain"), ""]}]},
                    "AssertDescription": "CertificateArn needs SiteDomain, the name the certificate is for"}]}}


def web_resources(api_stage: str) -> Json:
    return {
        BUCKET: {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                 "Properties": private_bucket()},
        BUCKET_POLICY: {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": ref(BUCKET), "PolicyDocument": policy(
            {"Sid": "CloudFrontReads", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
             "Action": "s3:GetObject", "Resource": sub("${UiBucket.Arn}/*"),
             "Condition": {"StringEquals": {"AWS:SourceArn": sub(
                 "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}")}}},
            deny_insecure_transport("s3", [att(BUCKET, "Arn"), sub("${UiBucket.Arn}/*")]),
        )}},
        OAC: {"Type": "AWS::CloudFront::OriginAccessControl", "Properties": {"OriginAccessControlConfig": {
            "Name": sub("${AWS::StackName}-ui"), "OriginAccessControlOriginType": "s3",
            "SigningBehavior": "always", "SigningProtocol": "sigv4"}}},
        DISTRIBUTION: {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {
            "Comment": sub("${AWS::StackName}: Aligned UI and API"),
            "Enabled": True, "HttpVersion": "http2and3", "PriceClass": "PriceClass_100",
            "DefaultRootObject": "index.html",
            "Aliases": if_("HasCertificate", [ref("SiteDomain")], ref("AWS::NoValue")),
            "ViewerCertificate": if_("HasCertificate", {
                "AcmCertificateArn": ref("CertificateArn"), "SslSupportMethod": "sni-only",
                "MinimumProtocolVersion": MINIMUM_TLS}, {"CloudFrontDefaultCertificate": True}),
            "Logging": {"Bucket": att(logs.BUCKET, "DomainName"), "Prefix": logs.CLOUDFRONT_PREFIX,
                        "IncludeCookies": False},
            "Origins": [
                {"Id": "ui", "DomainName": att(BUCKET, "RegionalDomainName"),
                 "OriginAccessControlId": att(OAC, "Id"), "S3OriginConfig": {"OriginAccessIdentity": ""}},
                {"Id": "api", "DomainName": sub("${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"),
                 "OriginPath": "/" + api_stage,
                 "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"]}},
            ],
            "DefaultCacheBehavior": {"TargetOriginId": "ui", "ViewerProtocolPolicy": "redirect-to-https",
                                     "CachePolicyId": CACHING_OPTIMIZED, "ResponseHeadersPolicyId": ref(headers.POLICY),
                                     "Compress": True},
            "CacheBehaviors": [{
                "PathPattern": "/api/*", "TargetOriginId": "api", "ViewerProtocolPolicy": "https-only",
                "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
                "CachePolicyId": CACHING_DISABLED, "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST,
                "ResponseHeadersPolicyId": ref(headers.POLICY), "Compress": True}],
        }}},
        POOL: {"Type": "AWS::Cognito::UserPool", "Properties": {
            "UserPoolName": sub("${AWS::StackName}-users"),
            "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"],
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},  # no self sign-up
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireLowercase": True, "RequireUppercase": True,
                                            "RequireNumbers": True, "RequireSymbols": False,
                                            "TemporaryPasswordValidityDays": 7}},
            "MfaConfiguration": "ON", "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],  # TOTP, set up at first sign-in
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
        }},
        POOL_DOMAIN: {"Type": "AWS::Cognito::UserPoolDomain", "Properties": {
            "UserPoolId": ref(POOL),
            "Domain": if_("HasAuthDomainPrefix", ref("AuthDomainPrefix"), sub("${AWS::StackName}-${AWS::AccountId}"))}},
        CLIENT: {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
            "UserPoolId": ref(POOL), "ClientName": sub("${AWS::StackName}-ui"), "GenerateSecret": False,
            "AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email", "profile"], "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": [SITE_URL], "LogoutURLs": [SITE_URL],
            "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": True,
            "IdTokenValidity": 60, "AccessTokenValidity": 60, "RefreshTokenValidity": 12,
            "TokenValidityUnits": {"IdToken": "minutes", "AccessToken": "minutes", "RefreshToken": "hours"},
        }},
    }


def operators_group(group_name: str) -> Json:
    """The Cognito group of the deployment's operators (chalicelib/access/permissions.OPERATORS_GROUP). Cognito
    puts a user's groups into the ID token's `cognito:groups` claim, and the API's Cognito authorizer passes the
    token's claims on to the function (requestContext.authorizer.claims), so no pre-token-generation hook is
    needed: roles in organizations are read from the access table, not from the token."""
    return {OPERATORS: {"Type": "AWS::Cognito::UserPoolGroup", "Properties": {
        "UserPoolId": ref(POOL), "GroupName": group_name,
        "Description": "Operators of this Aligned deployment: see and manage every organization"}}}


def authorizer_override(authorizer_name: str) -> Json:
    """Points the Chalice Cognito authorizer (placeholder ARN in chalicelib/api/auth.py) at this stack's pool.
    The merge replaces the providerARNs list as a whole."""
    return {"RestAPI": {"Properties": {"DefinitionBody": {"securityDefinitions": {authorizer_name: {
        "x-amazon-apigateway-authorizer": {"providerARNs": [att(POOL, "Arn")]}}}}}}}
