"""English advice texts per failure pattern (see advice.py)."""
from __future__ import annotations

from chalicelib.analysis.advice import AdviceText
from chalicelib.analysis.facts import Pattern

FORWARDERS = (
    "Forwarding and mailing lists: a forwarder re-sends your message from its own servers, so SPF fails or "
    "passes only for the forwarder's domain; an unmodified message keeps a valid DKIM signature, a mailing list "
    "that adds a footer or subject tag breaks it. Receivers that honour ARC (RFC 8617) can still trust such "
    "mail; well-run lists rewrite the From header (\"munge from\"). Reports may show the override reason "
    "'forwarded' or 'mailing_list'. A small, steady share of such failures is normal and is not a reason to "
    "stay at p=none: make sure your own mail carries an aligned DKIM signature, which survives plain forwarding."
)

EN: dict[Pattern, AdviceText] = {
    Pattern.BOTH_UNALIGNED: AdviceText(
        title="SPF and DKIM both pass, but for another domain",
        cause=(
            "Typical of a third-party sending service (newsletter, CRM, help desk, billing, HR system): it "
            "uses its own return-path (bounce) domain, so SPF passes for the service's domain, and it signs "
            "DKIM with its own domain (d=service.example). Both checks pass, neither aligns with your From "
            "domain. Less often: strict alignment (adkim=s / aspf=s) with mail sent from a subdomain."
        ),
        confirm=(
            "Open the rows behind this pattern and compare header_from with envelope_from and the DKIM domains: "
            "the service's domain usually appears there.",
            "Identify the service from the source IPs (reverse DNS, the provider's published ranges) and from "
            "the Return-Path and DKIM-Signature d= of a sample message.",
            "Check adkim / aspf in your published policy: with 's' a subdomain of your domain does not align.",
        ),
        fix=(
            "In the service, enable DKIM signing with your own domain: publish the CNAME or TXT selector records "
            "it gives you (selector._domainkey.your-domain). Aligned DKIM is the fix that survives forwarding.",
            "Where offered, also set a custom MAIL FROM / return-path domain under your domain (e.g. "
            "bounce.your-domain, with the MX/SPF or CNAME records the service asks for) so SPF aligns too.",
            "Register the service's IP ranges in the registry with a tag so its progress is tracked.",
            "If only subdomain mail fails and strict alignment is not needed, use relaxed alignment (adkim=r, aspf=r).",
        ),
        records_step=0,
    ),
    Pattern.SPF_FAIL_DKIM_UNALIGNED: AdviceText(
        title="SPF fails, DKIM passes for another domain",
        cause=(
            "From an unregistered source this is most often forwarding or a mailing list: the relay is not in "
            "your SPF, and the surviving or added DKIM signature belongs to the original service or the list. "
            "From one of your own senders: the service signs only with its own domain and its servers are not "
            "covered by your SPF (or your SPF record fails with permerror, e.g. more than 10 DNS look-ups)."
        ),
        confirm=(
            "Look at the DKIM domains: a list or forwarding domain (a university, a group service, a mailbox "
            "provider's forwarding) points to forwarding; a sending service's domain points to your own sender.",
            "For tagged sources, test your SPF record: does it include the service, and does it stay within "
            "10 DNS look-ups without permerror?",
        ),
        fix=(
            "Your own sender: configure DKIM with your own domain at the service (CNAME/TXT selector records); "
            "add the service's SPF include only if it sends with your domain in MAIL FROM.",
            "Forwarders: nothing to change at their end; make sure every message you send carries an aligned "
            "DKIM signature before it leaves, so plain forwarding keeps DMARC passing.",
        ),
        forwarders=FORWARDERS,
    ),
    Pattern.SPF_UNALIGNED_DKIM_FAIL: AdviceText(
        title="SPF passes for another domain, DKIM fails or is missing",
        cause=(
            "The service uses its own return-path domain (SPF passes, unaligned) and either does not sign with "
            "DKIM at all, or its signature fails: the selector record is missing or mistyped in DNS, the key was "
            "rotated, or a gateway changed the message after signing (footer, disclaimer, antivirus banner)."
        ),
        confirm=(
            "If the DKIM domains are empty, the service is not signing. If your domain appears but fails, "
            "look up the selector: dig TXT <selector>._domainkey.<your-domain> and compare it with the s= and "
            "d= of the DKIM-Signature header in a sample message.",
            "Check whether an outbound gateway, DLP or disclaimer tool modifies mail after it was signed.",
        ),
        fix=(
            "Enable DKIM with your own domain at the service and publish its selector record exactly as given.",
            "Sign after the last system that modifies the message (or let that gateway sign).",
            "Set a custom MAIL FROM / return-path domain under your domain so SPF aligns as a second path.",
        ),
    ),
    Pattern.BOTH_FAIL: AdviceText(
        title="SPF and DKIM both fail",
        cause=(
            "From unregistered sources this is usually spoofing: someone puts your domain in the From header. "
            "It can also be a legitimate sender nobody told you about (a new SaaS, a scanner or printer, a web "
            "form or CMS on a hosting server). From your own tagged senders: the system is not in your SPF and "
            "does not sign with DKIM, or your SPF record is broken (permerror, over 10 look-ups)."
        ),
        confirm=(
            "Tagged sources: check the IP against your SPF record and whether the system signs with DKIM.",
            "Unregistered sources: look at volume, the reporters, envelope_from and DKIM domains, and the "
            "networks of the IPs (reverse DNS, WHOIS). Many IPs with little mail each, on residential or "
            "hosting networks, already quarantined or rejected, is spoofing.",
            "Ask the teams in your organisation whether a service sends as this domain.",
        ),
        fix=(
            "Your own sender: add its servers or the provider's include: to SPF (stay within 10 DNS look-ups), "
            "set up DKIM with your own domain, then register its IP ranges with a tag.",
            "Spoofing: nothing to fix at the source. This is what p=quarantine and p=reject stop; move towards "
            "enforcement once your own senders pass, and set sp= (and np=) for subdomains.",
        ),
        forwarders=FORWARDERS,
    ),
}
