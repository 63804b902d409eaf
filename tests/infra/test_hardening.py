"""The deployment's hardening, one test per item: MFA, the CloudFront security headers (CSP), API throttling,
access logs, the encrypted alerts topic, the minimum TLS version with a custom certificate, and the functions'
sizes (API within API Gateway's 29 s; the ingest batch fits its timeout and its concurrency is capped)."""
from __future__ import annotations

from typing import Any

import pytest

from tests.infra.conftest import as_list, functions, of_type, target

pytestmark = pytest.mark.infra


def _fn(resources: dict[str, Any], logical_id: str) -> dict[str, Any]:
    return dict(functions(resources)[logical_id]["Properties"])


def test_users_must_use_a_totp_authenticator(resources: dict[str, Any]) -> None:
    (pool,) = of_type(resources, "AWS::Cognito::UserPool").values()
    assert pool["Properties"]["MfaConfiguration"] == "ON"
    assert pool["Properties"]["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]


def _csp(resources: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    (policy,) = of_type(resources, "AWS::CloudFront::ResponseHeadersPolicy").items()
    headers = policy[1]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    separator, parts = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Join"]
    assert separator == "; "
    directives: dict[str, list[Any]] = {}
    for part in parts:
        words = part.split(" ") if isinstance(part, str) else part["Fn::Join"][1]
        first = words[0].split(" ")
        directives[first[0]] = first[1:] + list(words[1:])
    return {"name": policy[0], **headers}, directives


def test_every_answer_carries_the_stacks_security_headers(resources: dict[str, Any]) -> None:
    headers, _ = _csp(resources)
    (distribution,) = of_type(resources, "AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    for behaviour in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": headers["name"]}
    assert headers["ContentSecurityPolicy"]["Override"] is True
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"


def test_the_page_may_only_talk_to_its_origin_the_cognito_domain_and_the_exports(resources: dict[str, Any]) -> None:
    _, csp = _csp(resources)
    assert csp["default-src"] == ["'none'"] and csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    connect = csp["connect-src"]
    assert connect[0] == "'self'"
    assert connect[1:] == [{"Fn::Sub": "https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"},
                           {"Fn::Sub": "https://${ExportsBucket.RegionalDomainName}"}]
    assert target({"Ref": "UserPoolDomain"}) in of_type(resources, "AWS::Cognito::UserPoolDomain")
    flat = repr(csp)
    for loose in ("unsafe-inline", "unsafe-eval", "https:'", " * ", "'*'", "http:"):
        assert loose not in flat, loose


def test_an_exports_bucket_is_the_only_other_origin_the_page_may_fetch() -> None:
    from infra import headers

    assert headers.connect_origins({}) == [{"Fn::Sub": headers.COGNITO_ORIGIN}]
    with_exports = headers.connect_origins({headers.EXPORTS_BUCKET: {"Type": "AWS::S3::Bucket"}})
    assert with_exports[1] == {"Fn::Sub": "https://${ExportsBucket.RegionalDomainName}"}


def test_the_api_is_throttled_and_logs_every_request(resources: dict[str, Any]) -> None:
    api = resources["RestAPI"]["Properties"]
    (settings,) = api["MethodSettings"]
    assert settings["ResourcePath"] == "/*" and settings["HttpMethod"] == "*"
    assert 0 < settings["ThrottlingRateLimit"] <= 100
    assert settings["ThrottlingBurstLimit"] >= settings["ThrottlingRateLimit"]
    destination = api["AccessLogSetting"]["DestinationArn"]["Fn::Sub"]
    group = destination.rsplit("${", 1)[1].rstrip("}")
    assert not destination.endswith(":*")  # API Gateway refuses the log group's Arn attribute
    assert resources[group]["Type"] == "AWS::Logs::LogGroup" and resources[group]["Properties"]["RetentionInDays"]
    for field in ("$context.requestId", "$context.status", "$context.identity.sourceIp"):
        assert field in api["AccessLogSetting"]["Format"]
    account = of_type(resources, "AWS::ApiGateway::Account")
    assert account and all(r["Condition"] == "SetsApiGatewayAccountRole" for r in account.values())


def test_cloudfront_logs_to_a_private_expiring_bucket(resources: dict[str, Any]) -> None:
    (distribution,) = of_type(resources, "AWS::CloudFront::Distribution").values()
    logging = distribution["Properties"]["DistributionConfig"]["Logging"]
    bucket = resources[target(logging["Bucket"])]["Properties"]
    assert logging["Bucket"]["Fn::GetAtt"][1] == "DomainName" and logging["IncludeCookies"] is False
    # CloudFront's log delivery writes with an ACL: the bucket must not disable ACLs
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled" and 0 < rule["ExpirationInDays"] <= 400


def test_the_alerts_topic_is_encrypted_with_a_key_its_publishers_may_use(resources: dict[str, Any]) -> None:
    (name, topic), = of_type(resources, "AWS::SNS::Topic").items()
    key_id = target(topic["Properties"]["KmsMasterKeyId"])
    key = resources[key_id]["Properties"]
    assert resources[key_id]["Type"] == "AWS::KMS::Key" and key["EnableKeyRotation"] is True
    statements = key["KeyPolicy"]["Statement"]
    alarms = [s for s in statements if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert alarms and {"kms:Decrypt", "kms:GenerateDataKey"} <= set(as_list(alarms[0]["Action"]))
    assert alarms[0]["Condition"]["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    for role_name, role in of_type(resources, "AWS::IAM::Role").items():
        granted = [s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]
        if any("sns:Publish" in as_list(s["Action"]) for s in granted):
            kms = [s for s in granted if as_list(s["Resource"])[0] == {"Fn::GetAtt": [key_id, "Arn"]}]
            assert kms and {"kms:Decrypt", "kms:GenerateDataKey"} <= set(kms[0]["Action"]), role_name
    for alarm in of_type(resources, "AWS::CloudWatch::Alarm").values():
        assert [target(a) for a in alarm["Properties"]["AlarmActions"]] == [name]


def test_a_custom_certificate_comes_with_tls_1_2_at_least(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    (distribution,) = of_type(resources, "AWS::CloudFront::Distribution").values()
    condition, custom, default = distribution["Properties"]["DistributionConfig"]["ViewerCertificate"]["Fn::If"]
    assert template["Conditions"][condition] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "CertificateArn"}, ""]}]}
    assert custom["MinimumProtocolVersion"] == "TLSv1.2_2021" and custom["SslSupportMethod"] == "sni-only"
    assert custom["AcmCertificateArn"] == {"Ref": "CertificateArn"}
    assert default == {"CloudFrontDefaultCertificate": True}
    rule = template["Rules"]["CertificateNamesTheSite"]
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "SiteDomain"}, ""]}]}


def test_the_api_function_ends_before_api_gateway_gives_up(resources: dict[str, Any]) -> None:
    from infra import sizing

    api = _fn(resources, "APIHandler")
    assert api["Timeout"] <= 29 - 1 and api["MemorySize"] == sizing.API_MEMORY_MB
    for name in ("EvaluateAlerts", "SendWeeklyDigest", "CheckDnsPosture"):
        assert _fn(resources, name)["MemorySize"] >= 512, name


def test_an_ingest_batch_fits_its_timeout_and_its_concurrency_is_capped(template: dict[str, Any]) -> None:
    import app
    from chalicelib.entry.deadline import RESERVE_SECONDS
    from chalicelib.settings import Settings

    resources = template["Resources"]
    ingest = _fn(resources, "HandleRawMail")
    (event,) = [e["Properties"] for e in ingest["Events"].values() if e["Type"] == "SQS"]
    variables = {k: v for k, v in ingest["Environment"]["Variables"].items() if isinstance(v, str)}
    seconds = Settings.from_env(variables).batch.message_seconds
    assert event["BatchSize"] == app.INGEST_BATCH_SIZE <= 10
    assert ingest["Timeout"] >= event["BatchSize"] * seconds + RESERVE_SECONDS and ingest["Timeout"] <= 900
    queue = resources[target(event["Queue"])]["Properties"]
    assert queue["VisibilityTimeout"] >= 6 * ingest["Timeout"]
    # the pollers never invoke more than are reserved: a throttled poll would count a receive for every message
    limit = event["ScalingConfig"]["MaximumConcurrency"]
    condition, reserved, _ = ingest["ReservedConcurrentExecutions"]["Fn::If"]
    assert reserved == limit == {"Ref": "IngestConcurrency"}
    assert template["Parameters"]["IngestConcurrency"]["MinValue"] >= 2
    assert template["Conditions"][condition] == {"Fn::Equals": [{"Ref": "ReserveIngestConcurrency"}, "true"]}
