"""make deploy / make destroy with boto3 (no AWS CLI needed).

deploy: uploads the code and template of `make package`, creates or updates the stack `aligned-<stage>`
through a change set, activates its SES receipt rule set (CloudFormation cannot), uploads the UI with its
config.json and invalidates CloudFront. destroy: deactivates the rule set, empties the UI bucket, deletes the
stack; the raw-mail bucket is retained (DeletionPolicy Retain) unless --delete-raw-mail."""
from __future__ import annotations

import argparse
import json
import re
import shlex
import time
from pathlib import Path
from typing import Any

from infra import uploads

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
PARAMETERS = {"MailDomain": "mail_domain", "ReportAddress": "report_address", "AlertEmail": "alert_email",
              "AuthDomainPrefix": "auth_domain_prefix", "SiteDomain": "site_domain",
              "CertificateArn": "certificate_arn"}
WAIT = {"Delay": 15, "MaxAttempts": 240}  # up to an hour: CloudFront distributions take a while


def stack_name(stage: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,19}", stage):
        raise SystemExit("STAGE: lower-case letters, digits and '-', at most 20, starting with a letter")
    return f"aligned-{stage}"


def deploy(args: argparse.Namespace, session: Any) -> None:
    stack, region = stack_name(args.stage), session.region_name
    account = session.client("sts").get_caller_identity()["Account"]
    s3, cfn = session.client("s3"), session.client("cloudformation")
    template = json.loads((args.package / "sam.json").read_text())
    code = (args.package / "deployment.zip").read_bytes()
    artifacts = f"aligned-artifacts-{account}-{region}"
    uploads.ensure_artifacts_bucket(s3, artifacts, region)
    code_key = f"{stack}/code-{uploads.sha256(code)}.zip"
    uploads.put_once(s3, artifacts, code_key, code)
    uploads.point_code_at(template, f"s3://{artifacts}/{code_key}")
    body = json.dumps(template).encode()
    template_key = f"{stack}/template-{uploads.sha256(body)}.json"
    uploads.put_once(s3, artifacts, template_key, body)
    url = f"https://{artifacts}.s3.{region}.amazonaws.com/{template_key}"

    existing = _stack(cfn, stack)
    if existing and existing["StackStatus"] == "ROLLBACK_COMPLETE":
        raise SystemExit(f"{stack} failed to create earlier; run `make destroy STAGE={args.stage}` first")
    if not existing and not args.mail_domain:
        raise SystemExit("MAIL_DOMAIN=<the domain SES receives reports at> is needed for the first deploy")
    params = [{"ParameterKey": k, "ParameterValue": getattr(args, a)} if getattr(args, a) or not existing
              else {"ParameterKey": k, "UsePreviousValue": True} for k, a in PARAMETERS.items()]
    name = time.strftime("deploy-%Y%m%d-%H%M%S")
    cfn.create_change_set(StackName=stack, ChangeSetName=name, TemplateURL=url, Parameters=params,
                          Capabilities=CAPABILITIES, ChangeSetType="UPDATE" if existing else "CREATE")
    print(f"{stack}: change set {name} created, waiting for it")
    try:
        cfn.get_waiter("change_set_create_complete").wait(StackName=stack, ChangeSetName=name, WaiterConfig=WAIT)
    except Exception:
        reason = cfn.describe_change_set(StackName=stack, ChangeSetName=name).get("StatusReason", "")
        if "didn't contain changes" not in reason and "No updates" not in reason:
            raise SystemExit(f"{stack}: change set failed: {reason}") from None
        print(f"{stack}: no infrastructure changes")
        cfn.delete_change_set(StackName=stack, ChangeSetName=name)
    else:
        cfn.execute_change_set(StackName=stack, ChangeSetName=name)
        print(f"{stack}: deploying (CloudFront can take 5-15 minutes)")
        cfn.get_waiter("stack_update_complete" if existing else "stack_create_complete").wait(
            StackName=stack, WaiterConfig=WAIT)
    outputs = _outputs(cfn, stack)
    _activate_rule_set(session.client("ses"), outputs["ReceiptRuleSetName"], args.replace_active_rule_set)
    uploads.upload_ui(s3, outputs["UiBucketName"], args.web, uploads.ui_config(outputs))
    session.client("cloudfront").create_invalidation(DistributionId=outputs["DistributionId"], InvalidationBatch={
        "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": name})
    _summary(stack, region, outputs)


def _activate_rule_set(ses: Any, ours: str, replace: bool) -> None:
    active = (ses.describe_active_receipt_rule_set().get("Metadata") or {}).get("Name")
    if active and active != ours and not replace:
        raise SystemExit(f"SES receipt rule set {active!r} is active in this region (only one can be). Move its "
                         f"rules into {ours!r} or rerun with REPLACE_ACTIVE_RULE_SET=1 to switch to ours.")
    if active != ours:
        ses.set_active_receipt_rule_set(RuleSetName=ours)
        print(f"SES: receipt rule set {ours} is now active")


def destroy(args: argparse.Namespace, session: Any) -> None:
    stack = stack_name(args.stage)
    cfn, s3, ses = session.client("cloudformation"), session.client("s3"), session.client("ses")
    if not _stack(cfn, stack):
        raise SystemExit(f"{stack}: no such stack in {session.region_name}")
    outputs = _outputs(cfn, stack)
    if (ses.describe_active_receipt_rule_set().get("Metadata") or {}).get("Name") == outputs.get("ReceiptRuleSetName"):
        ses.set_active_receipt_rule_set()  # no name: none active, so the stack can delete it
    if outputs.get("UiBucketName"):
        uploads.empty_bucket(s3, outputs["UiBucketName"])
    cfn.delete_stack(StackName=stack)
    print(f"{stack}: deleting")
    cfn.get_waiter("stack_delete_complete").wait(StackName=stack, WaiterConfig=WAIT)
    raw = outputs.get("RawMailBucketName")
    if raw and args.delete_raw_mail:
        print(f"s3://{raw}: deleted {uploads.empty_bucket(s3, raw)} object versions")
        s3.delete_bucket(Bucket=raw)
    elif raw:
        print(f"s3://{raw} kept (raw mail). Delete it with `make destroy ... DELETE_RAW_MAIL=1` or in the console.")


def print_env(args: argparse.Namespace, session: Any) -> None:
    """`export` lines naming the stack's resources, as the ingest function sees them, for chalicelib.cli
    (`eval "$(python -m infra.deploy env --stage prod --region eu-west-1)"`)."""
    name = f"{stack_name(args.stage)}-HandleRawMail"
    variables = session.client("lambda").get_function_configuration(FunctionName=name)["Environment"]["Variables"]
    for key, value in sorted({**variables, "AWS_DEFAULT_REGION": session.region_name}.items()):
        print(f"export {key}={shlex.quote(value)}")


def _stack(cfn: Any, name: str) -> dict[str, Any] | None:
    try:
        return dict(cfn.describe_stacks(StackName=name)["Stacks"][0])
    except cfn.exceptions.ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise


def _outputs(cfn: Any, name: str) -> dict[str, str]:
    stack = _stack(cfn, name) or {}
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def _summary(stack: str, region: str, out: dict[str, str]) -> None:
    print(f"""
{stack} is deployed in {region}.
  UI:              {out['SiteUrl']}
  MX record:       {out['MxRecord']}   (on the receiving domain)
  Reports to:      {out['ReportAddress']}   (the rua= of your DMARC records)
  First user:      aws cognito-idp admin-create-user --region {region} --user-pool-id {out['UserPoolId']} \\
                     --username you@example.com --user-attributes Name=email,Value=you@example.com \\
                     Name=email_verified,Value=true
  Alerts topic:    {out['AlertsTopicArn']}
  Dead letters:    {out['DeadLetterQueueUrl']}""")


def main(argv: list[str] | None = None) -> None:
    import boto3

    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in ("deploy", "destroy", "env"):
        p = sub.add_parser(command)
        p.add_argument("--stage", required=True)
        p.add_argument("--region", required=True)
    d = sub.choices["deploy"]
    d.add_argument("--package", type=Path, default=Path("build/package"))
    d.add_argument("--web", type=Path, default=Path("web"))
    for option in PARAMETERS.values():
        d.add_argument("--" + option.replace("_", "-"), default="")
    d.add_argument("--replace-active-rule-set", action="store_true")
    sub.choices["destroy"].add_argument("--delete-raw-mail", action="store_true")
    args = parser.parse_args(argv)
    session = boto3.Session(region_name=args.region)
    {"deploy": deploy, "destroy": destroy, "env": print_env}[args.command](args, session)


if __name__ == "__main__":
    main()
