"""Mail as SES stores it: the verdict headers SES receiving prepends to each message it writes to S3
(Return-Path, Received, X-SES-Spam-Verdict, X-SES-Virus-Verdict, Received-SPF, Authentication-Results with
authserv-id amazonses.com). The local stack's demo mail gets them so it is judged like real mail, and
`python -m local.ses` puts a mail into the bucket "as from an unauthenticated sender" to try the held path."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def ses_headers(from_domain: str, dmarc: str = "pass", dkim: str = "pass", dkim_domain: str | None = None,
                spam: str = "PASS", virus: str = "PASS", spf: str = "pass") -> bytes:
    """The header block SES prepends for a mail from `from_domain` with the given verdicts."""
    d, signer = from_domain, dkim_domain or from_domain
    lines = [
        f"Return-Path: <bounce@{d}>",
        f"Received: from mail.{d} (mail.{d} [192.0.2.10]) by inbound-smtp.us-east-1.amazonaws.com with SMTP id"
        " local0001 for dmarc-reports@aligned.invalid; Mon, 03 Mar 2025 01:02:03 +0000 (UTC)",
        f"X-SES-Spam-Verdict: {spam}",
        f"X-SES-Virus-Verdict: {virus}",
        f"Received-SPF: {spf} (spfCheck: domain of {d} designates 192.0.2.10 as permitted sender)"
        f" client-ip=192.0.2.10; envelope-from=bounce@{d}; helo=mail.{d};",
        "Authentication-Results: amazonses.com;",
        f" spf={spf} (spfCheck: domain of {d} designates 192.0.2.10 as permitted sender) client-ip=192.0.2.10;"
        f" envelope-from=bounce@{d}; helo=mail.{d};",
        f" dkim={dkim} header.i=@{signer};",
        f" dmarc={dmarc} header.from={d};",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def received(mail: bytes, from_domain: str, authenticated: bool = True) -> bytes:
    """`mail` as SES would store it: verified-looking verdicts for `from_domain`, or failing ones."""
    if authenticated:
        return ses_headers(from_domain) + mail
    return ses_headers(from_domain, dmarc="fail", dkim="fail", spf="softfail") + mail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.ses", description=(
        "Put a report mail into the local stack's raw-mail bucket as SES would store it from a sender that "
        "failed authentication (DMARC and DKIM fail), to see a report held. Run with the stack's env.sh sourced."))
    parser.add_argument("file", type=Path, help="a raw report mail (.eml)")
    parser.add_argument("--from-domain", required=True, help="the domain the mail claims to come from")
    parser.add_argument("--authenticated", action="store_true", help="put it with passing verdicts instead")
    args = parser.parse_args(argv)
    import boto3

    from chalicelib.settings import settings

    config = settings().raw_mail
    key = f"{config.prefix}local-{args.file.name}"
    boto3.client("s3").put_object(Bucket=config.bucket, Key=key,
                                  Body=received(args.file.read_bytes(), args.from_domain, args.authenticated))
    print(f"put s3://{config.bucket}/{key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
