"""The OpenAPI 3 document of the whole API: every route registered in app.py, each method once. Served at
GET /api/openapi.json and kept in docs/openapi.json (`python -m chalicelib.api.openapi > docs/openapi.json`);
tests/api/test_openapi.py holds both against the routes of the Chalice app."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib.analysis.portfolio import SORT_KEYS, STAGES
from chalicelib.api.params import MAX_LIMIT, MAX_OFFSET
from chalicelib.domaincsv import MAX_BYTES, MAX_ERRORS
from chalicelib.errors import MESSAGES

JSON = "application/json"
D = "/api/domains/{domain}"
Obj = dict[str, Any]


def _ref(name: str) -> Obj:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(name: str, where: str = "query", kind: str = "string", text: str = "", **extra: Any) -> Obj:
    return {"name": name, "in": where, "required": where == "path", "description": text,
            "schema": {"type": kind, **extra}}


DOMAIN = _param("domain", "path", text="the analysis domain, e.g. example.com")
REPORT = _param("report", "path", text="a report id, as listed by /api/reports/held")
RANGE = [_param("from", text="first UTC day, YYYY-MM-DD (default: 29 days before `to`)", format="date"),
         _param("to", text="last UTC day, YYYY-MM-DD (default: today, UTC); at most 731 days", format="date")]
FORMAT = _param("format", text="json (default) or csv: a download, UTF-8 with BOM", enum=["json", "csv"])
PAGE = [_param("offset", kind="integer", text="rows to skip", minimum=0, maximum=MAX_OFFSET),
        _param("limit", kind="integer", text=f"rows per page (max {MAX_LIMIT})", minimum=1, maximum=MAX_LIMIT)]
TOKEN_PAGE = [_param("limit", kind="integer", text=f"items per page (max {MAX_LIMIT})", minimum=1,
                     maximum=MAX_LIMIT),
              _param("next", text="the `next` token of the previous page")]
ERROR = {JSON: {"schema": _ref("Error")}}
ERRORS = {"400": {"description": "bad request: `field` names the value at fault", "content": ERROR},
          "401": {"description": "no valid token (unauthenticated)", "content": ERROR},
          "403": {"description": "the caller's role does not allow this (forbidden)", "content": ERROR},
          "404": {"description": "unknown domain (or entry, or rule), or not in the caller's organizations",
                  "content": ERROR},
          "409": {"description": "conflicts with what is stored", "content": ERROR}}
CSV_OK = {"text/csv": {"schema": {"type": "string"}}}


def _op(summary: str, tag: str, params: list[Obj] | None = None, ok: str = "200", schema: Obj | None = None,
        body: Obj | None = None, csv: bool = False, errors: bool = True) -> Obj:
    content: Obj = {JSON: {"schema": schema or {"type": "object"}}}
    if csv:
        content.update(CSV_OK)
    op: Obj = {"summary": summary, "tags": [tag], "parameters": params or [],
               "responses": {ok: {"description": "OK", "content": content} if ok != "204" else
                             {"description": "done, no content"}, **(ERRORS if errors else {})}}
    if body is not None:
        op["requestBody"] = {"required": True, "content": body}
    return op


def _json_body(name: str) -> Obj:
    return {JSON: {"schema": _ref(name)}}


def _analysis(summary: str, schema: str, extra: list[Obj] | None = None) -> Obj:
    """JSON, or with format=csv the CSV itself; a CSV above the inline size is the Export link instead."""
    return {"get": _op(summary, "analyses", [DOMAIN, *RANGE, FORMAT, *(extra or [])],
                       schema={"oneOf": [_ref(schema), _ref("Export")]}, csv=True)}


LEVEL = ("none", "quarantine", "reject")
SIMULATE_PARAMS = (("p", LEVEL, "policy for the domain itself"), ("sp", LEVEL, "for existing subdomains (default p)"),
                   ("np", LEVEL, "for non-existent subdomains (default sp, then p)"),
                   ("t", ("y", "n"), "testing: y applies one level below"), ("adkim", ("r", "s"), "DKIM alignment"),
                   ("aspf", ("r", "s"), "SPF alignment"))


def _paths() -> Obj:
    rule = [DOMAIN, _param("rule_id", "path")]
    drill = [_param("pattern", text="0 (pass), 1-4 (failure patterns), 5 (unknown), comma-separated"),
             _param("tag", text="a registry tag; (untagged) for unregistered sources"),
             _param("registered", "query", "boolean"),
             _param("dmarc", enum=["any", "pass", "fail"]), _param("source_ip"), _param("reporter"),
             _param("header_from"), _param("envelope_from"), _param("disposition"), _param("dkim_domain"),
             _param("service", text="a catalogue service id, own, or empty for unidentified senders"), *PAGE]
    return {
        "/api/domains": {
            "get": _op("List analysis domains with the DNS records to publish", "domains",
                       [_param("include_removed", kind="boolean")], schema=_ref("DomainList"), errors=False),
            "post": _op("Add a domain (or restore a removed one); claims its reports received so far", "domains",
                        ok="201", schema=_ref("Domain"), body=_json_body("NewDomain")),
        },
        D: {"get": _op("A domain and its DNS records", "domains", [DOMAIN], schema=_ref("Domain")),
            "delete": _op("Remove a domain (its data is kept)", "domains", [DOMAIN], ok="204")},
        D + "/registry": {
            "get": _op("Registry entries of the domain", "registry", [DOMAIN], schema=_ref("Registry")),
            "post": _op("Add an entry (409 when the range exists)", "registry", [DOMAIN], ok="201",
                        schema=_ref("Entry"), body=_json_body("EntryInput")),
        },
        D + "/registry/{entry}": {
            "put": _op("Replace an entry's tag and comment; a different cidr moves it", "registry",
                       [DOMAIN, _param("entry", "path", text="entry id: the CIDR with / as _")],
                       schema=_ref("Entry"), body=_json_body("EntryInput")),
            "delete": _op("Delete an entry", "registry", [DOMAIN, _param("entry", "path")], ok="204"),
        },
        D + "/registry/import": {"post": _op(
            "Import a CSV (cidr,tag,comment; UTF-8 or Shift_JIS): all or nothing, every bad line reported",
            "registry", [DOMAIN, _param("replace", kind="boolean", text="delete entries not in the file")],
            schema=_ref("ImportResult"), body={"text/csv": {"schema": {"type": "string"}},
                                                "application/octet-stream": {"schema": {"type": "string",
                                                                                        "format": "binary"}}})},
        D + "/registry/export": {"get": {**_op("The registry as CSV (UTF-8 with BOM)", "registry", [DOMAIN]),
                                         "responses": {"200": {"description": "CSV", "content": CSV_OK}, **ERRORS}}},
        D + "/overview": _analysis("Volumes, pass rates, dispositions, daily series, published policy, reporters",
                                   "Overview", [_param("table", text="csv only",
                                                       enum=["summary", "daily", "reporters"])]),
        D + "/patterns": _analysis("DMARC failures in patterns 1-4, tagged vs possible spoofing, advice ja/en",
                                   "Patterns", [_param("lang", text="csv titles", enum=["en", "ja"])]),
        D + "/tags": _analysis("Per registry tag (and untagged): volume, SPF/DKIM/DMARC, patterns, daily", "Tags"),
        D + "/spoofing": _analysis("Unregistered source IPs by volume (paged; csv without paging: all rows)",
                                   "Spoofing", [_param("failing_only", kind="boolean"), *PAGE]),
        D + "/readiness": _analysis("Who would be hit by quarantine/reject: own senders per tag vs unregistered",
                                    "Readiness", [_param("tolerance_pct", kind="number", minimum=0, maximum=100)]),
        D + "/simulate": _analysis(
            "The range replayed under a proposed DMARC policy (RFC 9989): outcomes, own/forwarded/unregistered mail "
            "hit, by tag, service, subdomain and reporter; tags left out come from the current published policy",
            "Simulation", [*(_param(n, text=t, enum=list(v)) for n, v, t in SIMULATE_PARAMS),
                           _param("table", text="csv only", enum=["groups", "tags", "services", "subdomains",
                                                                  "reporters"])]),
        D + "/plan": _analysis(
            "The way from p=none to p=reject: the current stage (the current published policy's, with the "
            "reporters that saw another one), the next stage's "
            "criteria met or not with their figures, the senders to fix first, the DMARC record to publish; csv: "
            "the senders to fix", "Plan", [_param("lang", text="fix texts and names", enum=["en", "ja"])]),
        D + "/senders": _analysis("Per sending service (own, catalogue services, unidentified): volume, alignment, "
                                  "patterns, registry tags, sources with reverse DNS, reporters, the fix",
                                  "Senders", [_param("lang", text="fix texts and names", enum=["en", "ja"])]),
        D + "/selectors": _analysis("DKIM selector inventory: every (d=, selector) signing as the domain",
                                    "Selectors"),
        D + "/policy": _analysis("The DMARC policy each reporter saw (policy_published, RFC 9990 testing and "
                                 "discovery_method) and drift from the latest published one",
                                 "PolicyDrift", [_param("table", text="csv only", enum=["reporters", "findings"])]),
        D + "/providers": _analysis("Mailbox-provider requirements (Gmail, Yahoo, Outlook.com): per provider the "
                                    "mail refused and the senders to fix; per sending service and source",
                                    "Providers", [_param("lang", text="names and fix texts", enum=["en", "ja"]),
                                                  _param("table", text="csv only", enum=["providers", "senders"])]),
        D + "/facts": _analysis("The facts behind any row (paged within the first `window` records; csv without "
                                "paging: all rows)", "Facts", drill),
        D + "/tls": _analysis("SMTP TLS reports (RFC 8460): sessions, success rate, failures by result type, MX, "
                              "reporter; daily (csv: the daily series)", "Tls"),
        D + "/posture": {
            "get": _op("The latest DNS posture check (findings with severity and fix, ja/en) and record changes",
                       "posture", [DOMAIN], schema=_ref("Posture")),
            "post": _op("Check the DNS posture now (DMARC, SPF, DKIM, MTA-STS, TLS-RPT, BIMI)", "posture",
                        [DOMAIN], schema=_ref("Posture"))},
        "/api/openapi.json": {"get": _op("This document", "docs", errors=False)},
        "/api/ingest/failures": {"get": _op(
            "Messages that yielded no report or only part of it (one row per mail), newest first", "ingest",
            [_param("from", kind="string", text="UTC day YYYY-MM-DD"), _param("to", text="UTC day YYYY-MM-DD"),
             _param("kind", text="a failure kind"), *TOKEN_PAGE], schema=_ref("FailureList"))},
        "/api/ingest/failures/{failure_id}": {"delete": _op("Dismiss a failure row", "ingest",
                                                            [_param("failure_id", "path")], ok="204")},
        "/api/ingest/failures/{failure_id}/reprocess": {"post": _op(
            "Reprocess the row's mail (as cli reprocess does); resolved when it now gives everything", "ingest",
            [_param("failure_id", "path")], schema=_ref("Reprocessed"))},
        "/api/portfolio": {"get": _op(
            "Every domain in one table: messages, DMARC pass %, own mail failing, possible spoofing, policy stage, "
            "open alerts, daily trend; sorted and paged server-side", "portfolio",
            [*RANGE, FORMAT, _param("sort", enum=list(SORT_KEYS)), _param("order", enum=["asc", "desc"],
                                                                         text="default: desc for figures"),
             *PAGE], schema=_ref("Portfolio"), csv=True)},
        "/api/onboarding": {"post": _op(
            "Add domains in bulk from a CSV (domain[,display_name] per line; UTF-8 or Shift_JIS, at most "
            f"{MAX_BYTES} bytes): all or nothing, bad lines reported (the first {MAX_ERRORS}, then a count); "
            "answers the DNS records to publish per domain", "portfolio", ok="201", schema=_ref("Onboarded"),
            body={"text/csv": {"schema": {"type": "string"}}})},
        "/api/unclaimed": {"get": _op("Policy domains with stored reports that are not registered", "domains",
                                      schema=_ref("UnclaimedList"), errors=False)},
        "/api/alerts/kinds": {"get": _op("Alert rule kinds and their parameters", "alerts", errors=False)},
        "/api/notifications": {"get": _op("Notifications sent, newest first", "alerts", TOKEN_PAGE)},
        D + "/alerts/rules": {"get": _op("Alert rules of the domain", "alerts", [DOMAIN, *TOKEN_PAGE]),
                              "post": _op("Create an alert rule", "alerts", [DOMAIN], ok="201",
                                          body={JSON: {"schema": {"type": "object"}}})},
        D + "/alerts/rules/{rule_id}": {
            "get": _op("An alert rule", "alerts", rule),
            "put": _op("Replace an alert rule", "alerts", rule, body={JSON: {"schema": {"type": "object"}}}),
            "patch": _op("Change fields of an alert rule", "alerts", rule, body={JSON: {"schema": {"type": "object"}}}),
            "delete": _op("Delete an alert rule", "alerts", rule, ok="204"),
        },
        D + "/alerts/rules/{rule_id}/enable": {"post": _op("Enable an alert rule", "alerts", rule)},
        D + "/alerts/rules/{rule_id}/disable": {"post": _op("Disable an alert rule", "alerts", rule)},
        D + "/alerts/active": {"get": _op("Alerts active now", "alerts", [DOMAIN])},
        D + "/alerts/history": {"get": _op("Alert history", "alerts", [DOMAIN, *TOKEN_PAGE])},
        "/api/reports/held": {"get": _op("Reports held because their mail is not authenticated (counted nowhere)",
                                         "reports", TOKEN_PAGE, schema=_ref("HeldReports"))},
        "/api/reports/{report}/accept": {"post": _op("Accept a held report: it counts from now on", "reports",
                                                     [REPORT], schema=_ref("HeldReport"))},
        "/api/reports/{report}/reject": {"post": _op("Reject a held report (kept, never counted)", "reports",
                                                     [REPORT], schema=_ref("HeldReport"))},
        "/api/reporters/trusted": {
            "get": _op("Reporter mail domains the operator trusts", "reports", errors=False),
            "post": _op("Trust a reporter mail domain from now on; accepts its held reports", "reports",
                        ok="201", body={JSON: {"schema": _obj({"domain": S}, ["domain"])}})},
        "/api/reporters/trusted/{reporter}": {"delete": _op("Stop trusting a reporter mail domain", "reports",
                                                            [_param("reporter", "path")], ok="204")},
        **_access_paths(),
        D + "/alerts/digest": {"get": _op("Weekly digest opt-in", "alerts", [DOMAIN]),
                               "put": _op("Set the weekly digest opt-in", "alerts", [DOMAIN],
                                          body={JSON: {"schema": {"type": "object"}}})},
    }


def _access_paths() -> Obj:
    org, claim = _param("org", "path", text="an organization id"), _param("name", "path", text="a domain name")
    member = [org, _param("user", "path", text="the user id (Cognito sub)")]
    body = {JSON: {"schema": {"type": "object"}}}
    return {
        "/api/me": {"get": _op("The caller: user, operator, organizations with role and permissions", "access")},
        "/api/orgs": {"get": _op("Organizations the caller belongs to (the operator: all)", "access"),
                      "post": _op("Create an organization (operator): {id, name}", "access", ok="201", body=body)},
        "/api/orgs/{org}/members": {"get": _op("Members of an organization", "access", [org])},
        "/api/orgs/{org}/members/{user}": {
            "put": _op("Add a member or change the role: {role, email}", "access", member, body=body),
            "delete": _op("Remove a member (an organization keeps one owner)", "access", member, ok="204")},
        "/api/orgs/{org}/claims/{name}": {
            "get": _op("The TXT record that proves the organization owns the domain", "access", [org, claim]),
            "post": _op("Verify the TXT record now: the domain becomes the organization's, proven", "access",
                        [org, claim])},
        D + "/owner": {"put": _op("Assign the domain to an organization, proven (operator): {org}", "access",
                                  [DOMAIN], body=body)},
    }


def _obj(props: Obj, required: list[str] | None = None) -> Obj:
    out: Obj = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


S, Z, N, B = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
DAY = {"type": "string", "format": "date"}
RANGE_PROPS = {"domain": S, "from": DAY, "to": DAY, "messages": Z}


def _plan_schema() -> Obj:
    policy = _obj({"p": S, "sp": {"type": "string", "nullable": True}, "np": {"type": "string", "nullable": True},
                   "t": B, "adkim": S, "aspf": S})
    stage = _obj({"name": {"type": "string", "enum": ["none", "quarantine_testing", "quarantine", "reject_testing",
                                                      "reject"]}, "p": S, "t": B})
    nullable_stage = {"nullable": True, **stage}
    return _obj({
        **RANGE_PROPS,
        "current": _obj({"stage": nullable_stage, "proposal": {"nullable": True, **policy},
                         "source": {"type": "string", "enum": ["reports", "dns", "none"]}, "reporters": Z,
                         "differing": {"type": "array", "items": _ref("DriftFinding"),
                                       "description": "reporters that saw another policy since the current one "
                                                      "appeared (the policy drift findings)"},
                         "agree": B}),
        "next": nullable_stage, "proposal": policy, "measured": policy,
        "rules": _obj({"tolerance_pct": N, "days": Z, "min_volume": Z, "min_reporters": Z}), "ready": B,
        "criteria": {"type": "array", "items": _obj({
            "code": {"type": "string", "enum": ["own_hit_days", "senders_aligned", "reporters"]}, "met": B,
            "value": N, "required": N, "names": {"type": "array", "items": S}})},
        "own_messages": Z, "own_hit": Z, "own_hit_pct": N,
        "daily": {"type": "array", "items": _obj({"day": DAY, "own": Z, "own_hit": Z, "hit_pct": N, "within": B})},
        "senders": {"type": "array", "items": _obj({
            "name": S, "tag": {"type": "string", "nullable": True}, "service": S, "service_name": S, "messages": Z,
            "hit": Z, "hit_pct": N, "share_pct": N, "pattern": Z,
            "fixes": {"type": "array", "items": _obj({"kind": S, "text": S, "records": {"type": "array", "items": S},
                                                      "docs": S})}})},
        "record": _obj({"name": S, "value": S, "from_dns": B, "dropped": {"type": "array", "items": S},
                        "rua_added": B}),
        "live_record": {"type": "string", "nullable": True}, "dns_answered": B})


def _schemas() -> Obj:
    name_count = _obj({"name": S, "messages": Z, "pct": N})
    held = _obj({k: S for k in ("id", "key", "domain", "org_name", "report_id", "begin", "end", "status", "trust",
                                   "reason", "raw_key")} | {"records": Z, "messages": Z,
                                                            "from_domain": {"type": "string", "nullable": True}})
    day_point = _obj({"day": DAY, "total": Z, "passed": Z, "failed": Z, "unknown": Z})
    ints = {"type": "array", "items": Z}
    day_columns = {**_obj({"first": {**DAY, "nullable": True}, "total": ints, "passed": ints, "failed": ints,
                           "unknown": ints}),
                   "description": "a daily series as columns: day `first` + i has total[i] messages, of which "
                                  "passed[i] DMARC pass, failed[i] fail, unknown[i] unknown; every day of the range"}
    advice_text = _obj({"title": S, "cause": S, "confirm": {"type": "array", "items": S},
                        "fix": {"type": "array", "items": S}, "forwarders": S,
                        "records_step": {"type": "integer", "nullable": True, "description":
                                         "the index in `confirm` of the step that opens the records behind the "
                                         "pattern (GET /facts?pattern=N)"}})
    return {
        "Error": _obj({"error": {"type": "string", "enum": sorted(MESSAGES)},
                       "field": {"type": "string", "nullable": True}, "message": S,
                       "params": {"type": "object", "description": "the values `message` was made from"},
                       "errors": {"type": "array", "items": _obj({
                           "line": Z, "error": {"type": "string", "enum": sorted(MESSAGES)},
                           "field": {"type": "string", "nullable": True}, "params": {"type": "object"},
                           "message": S})}},
                      ["error", "message", "field", "params"]),
        "NewDomain": _obj({"name": S, "display_name": S}, ["name"]),
        "HeldReport": held,
        "HeldReports": _obj({"items": {"type": "array", "items": held}, "next": {"type": "string", "nullable": True}}),
        "DnsRecord": _obj({"name": S, "type": S, "value": S, "purpose": {"type": "string", "enum": [
            "dmarc", "report_authorization", "verify"]}, "note": S}),
        "Domain": _obj({"name": S, "created": {"type": "string", "format": "date-time"},
                        "removed": {"type": "string", "format": "date-time", "nullable": True}, "rua": S,
                        "dns_records": {"type": "array", "items": _ref("DnsRecord")}, "display_name": S,
                        "org": {"type": "string", "nullable": True},
                        "ownership": {"type": "string", "enum": ["proven", "unproven", "unowned"]},
                        "proven": {"type": "string", "format": "date-time", "nullable": True},
                        "visible_from": {"allOf": [DAY], "nullable": True},
                        "verification": {"allOf": [_obj({"name": S, "type": S, "value": S})], "nullable": True},
                        "claimed_days": Z, "claimed": {"allOf": [_ref("Unclaimed")], "nullable": True}}),
        "Unclaimed": _obj({"domain": S, "reports": Z, "messages": Z, "first_day": DAY, "last_day": DAY}),
        "UnclaimedList": _obj({"items": {"type": "array", "items": _ref("Unclaimed")}}),
        "Failure": _obj({"id": S, "object_key": S, "kind": S, "message": S, "at": {"type": "string",
                         "format": "date-time"}, "name": S, "subject": S, "sender": S, "reports": Z,
                         "partial": B}),
        "FailureList": _obj({"items": {"type": "array", "items": _ref("Failure")},
                             "next": {"type": "string", "nullable": True}}),
        "Reprocessed": _obj({"id": S, "reports": Z, "resolved": B,
                             "failure": {"allOf": [_ref("Failure")], "nullable": True}}),
        "DomainList": _obj({"items": {"type": "array", "items": _ref("Domain")}}),
        "EntryInput": _obj({"cidr": S, "tag": S, "comment": S}, ["cidr", "tag"]),
        "Entry": _obj({"id": S, "cidr": S, "tag": S, "comment": S}),
        "Registry": _obj({"domain": S, "version": Z, "items": {"type": "array", "items": _ref("Entry")}}),
        "ImportResult": _obj({"created": Z, "updated": Z, "unchanged": Z, "deleted": Z, "version": Z}),
        "PortfolioRow": _obj({"domain": S, "display_name": S, "messages": Z,
                              "dmarc_pass_pct": {"type": "number", "nullable": True}, "own_failing": Z,
                              "spoofing": Z, "stage": {"type": "string", "nullable": True, "enum": [*STAGES, None]},
                              "p": S, "sp": S, "t": S, "open_alerts": Z,
                              "trend": _obj({"start": DAY, "messages": {"type": "array", "items": Z},
                                             "pass_pct": {"type": "array", "items": N}})}),
        "Portfolio": _obj({"from": DAY, "to": DAY, "sort": S, "order": S, "offset": Z, "limit": Z,
                           "next_offset": {"type": "integer", "nullable": True},
                           "totals": _obj({"domains": Z, "messages": Z, "with_own_failing": Z, "with_spoofing": Z,
                                           "open_alerts": Z, "stages": {"type": "array"}}),
                           "rows": {"type": "array", "items": _ref("PortfolioRow")}}),
        "Onboarded": _obj({"added": Z, "existing": Z, "items": {"type": "array", "items": _obj({
            "line": Z, "domain": S, "display_name": S, "added": B, "claimed_days": Z,
            "records": {"type": "array", "items": _ref("DnsRecord")}})}}),
        "NameCount": name_count, "DayPoint": day_point, "DayColumns": day_columns, "AdviceText": advice_text,
        "Overview": _obj({**RANGE_PROPS, "sources": Z, "dmarc_pass": Z, "dmarc_pass_pct": N, "dmarc_fail": Z,
                          "dmarc_unknown": Z, "dmarc_unknown_pct": N,
                          "spf_auth": Z, "spf_auth_pct": N, "spf_aligned": Z, "spf_aligned_pct": N,
                          "dkim_auth": Z, "dkim_auth_pct": N, "dkim_aligned": Z, "dkim_aligned_pct": N,
                          "dispositions": {"type": "array", "items": _ref("NameCount")},
                          "daily": {"type": "array", "items": _ref("DayPoint")},
                          "reporters": {"type": "array", "items": _ref("NameCount")},
                          "policy": _obj({k: {"type": "string", "nullable": True} for k in (
                              "domain", "p", "sp", "np", "adkim", "aspf", "fo", "testing", "discovery_method")}
                              | {"pct": {"type": "integer", "nullable": True}}),
                          "policy_source": {"nullable": True, **_ref("PolicySource")},
                          "data_span": {**_obj({"first": DAY, "last": DAY}), "nullable": True,
                                        "description": "the domain's first and last day with data, given when "
                                                       "the range has none"}}),
        "Patterns": _obj({**RANGE_PROPS, "dmarc_pass": Z, "dmarc_fail": Z, "tagged_fail": Z, "spoofing_fail": Z,
                          "unknown": Z, "unknown_pct": N,
                          "rows": {"type": "array", "items": _obj({
                              "pattern": Z, "messages": Z, "pct": N, "tagged": Z, "tagged_pct": N, "spoofing": Z,
                              "spoofing_pct": N, "sources": Z, "tags": {"type": "array", "items": _ref("NameCount")},
                              "advice": _obj({"pattern": Z, "ja": _ref("AdviceText"), "en": _ref("AdviceText")})})}}),
        "Tags": _obj({**RANGE_PROPS, "rows": {"type": "array", "items": _obj({
            "tag": {"type": "string", "nullable": True}, "sources": Z, "messages": Z, "pct": N, "spf_pass": Z,
            "spf_fail": Z, "spf_aligned": Z, "dkim_pass": Z, "dkim_fail": Z, "dkim_aligned": Z, "dmarc_pass": Z,
            "dmarc_fail": Z, "dmarc_pass_pct": N, "patterns": {"type": "array", "items": Z},
            "daily": _ref("DayColumns")})}}),
        "Spoofing": _obj({**RANGE_PROPS, "unregistered_messages": Z, "unregistered_fail": Z, "sources": Z,
                          "offset": Z, "limit": Z, "next_offset": {"type": "integer", "nullable": True},
                          "items": {"type": "array", "items": _obj({
                              "source_ip": S, "messages": Z, "pct": N, "dmarc_fail": Z, "spf_fail": Z,
                              "dkim_fail": Z, "patterns": {"type": "array", "items": Z},
                              "header_from": {"type": "array", "items": S},
                              "envelope_from": {"type": "array", "items": S},
                              "dkim_domains": {"type": "array", "items": S},
                              "reporters": {"type": "array", "items": S}, "first_day": DAY, "last_day": DAY})}}),
        "Senders": _obj({**RANGE_PROPS, "messages": Z, "named_pct": N, "rows": {"type": "array", "items": _obj({
            "service": S, "name": S, "category": S, "messages": Z, "pct": N, "dmarc_pass": Z, "dmarc_pass_pct": N,
            "spf_aligned": Z, "spf_aligned_pct": N, "dkim_aligned": Z, "dkim_aligned_pct": N,
            "patterns": {"type": "array", "items": Z}, "unknown": Z, "tagged": Z, "tagged_pct": N,
            "tags": {"type": "array", "items": S}, "forwarded": Z, "mailing_list": Z, "indirect_pct": N,
            "source_count": Z, "sources": {"type": "array", "items": _obj({
                "ip": S, "ptr": S, "messages": Z, "tag": {"type": "string", "nullable": True}})},
            "reporters": {"type": "array", "items": _ref("NameCount")},
            "dkim_domains": {"type": "array", "items": _ref("NameCount")},
            "fixes": {"type": "array", "items": _obj({"kind": S, "text": S, "records": {"type": "array", "items": S},
                                                      "docs": S})}, "docs": S})}}),
        "Selectors": _obj({**RANGE_PROPS, "messages": Z, "signed": Z, "rows": {"type": "array", "items": _obj({
            "domain": S, "selector": S, "own": B, "first_seen": DAY, "last_seen": DAY, "days": Z, "messages": Z,
            "passed": Z, "pass_pct": N, "services": {"type": "array", "items": S}})}}),
        "Readiness": _obj({**RANGE_PROPS, "own_messages": Z, "own_hit": Z, "own_hit_pct": N,
                           "unregistered_messages": Z, "unregistered_hit": Z, "unregistered_hit_pct": N,
                           "verdict": {"type": "string", "enum": ["ready", "not_ready", "no_data"]},
                           "blocking_tags": {"type": "array", "items": S}, "tolerance_pct": N,
                           "tags": {"type": "array", "items": _obj({
                               "tag": S, "messages": Z, "would_be_hit": Z, "hit_pct": N,
                               "patterns": {"type": "array", "items": Z}, "blocking": B})}}),
        "Simulation": _obj({**RANGE_PROPS, "proposal": _obj({
            "p": S, "sp": {"type": "string", "nullable": True}, "np": {"type": "string", "nullable": True}, "t": B,
            "adkim": S, "aspf": S}), "outcomes": _ref("Outcomes"), "hit": Z, "own": _ref("Outcomes"),
            "forwarded": _ref("Outcomes"), "unregistered": _ref("Outcomes"), "fallback_messages": Z,
            **{k: {"type": "array", "items": _ref("SimulationRow")} for k in ("by_tag", "by_service", "by_subdomain",
                                                                              "by_reporter")},
            "groups": {"type": "array", "items": _obj({
                "header_from": S, "place": {"type": "string", "enum": ["domain", "subdomain", "nonexistent", "other"]},
                "sender": {"type": "string", "enum": ["own", "forwarded", "unregistered"]},
                "tag": {"type": "string", "nullable": True}, "service": S, "dkim_aligned": B, "spf_aligned": B,
                "policy": S, "tested": B, "fallback": B, "outcome": S, "messages": Z, "sources": Z})},
            "groups_total": Z, "given": {"type": "array", "items": S},
            "policy_source": {"nullable": True, **_ref("PolicySource")}}),
        "Outcomes": _obj({"none": Z, "quarantine": Z, "reject": Z, "unknown": Z}),
        "Plan": _plan_schema(),
        "PolicyDrift": _obj({**RANGE_PROPS, "latest": {"nullable": True, **_ref("ReportedPolicy")},
                             "source": {"nullable": True, **_obj({"reporter": S, "day": DAY,
                                                                  "policy": _ref("ReportedPolicy"), "report_id": S})},
                             "latest_since": {**DAY, "nullable": True}, "last_day": {**DAY, "nullable": True},
                             "reporters": {"type": "array", "items": _obj({
                                 "reporter": S, "policy": _ref("ReportedPolicy"), "last_seen": DAY, "reports": Z,
                                 "differences": {"type": "array", "items": _ref("FieldDiff")}})},
                             "findings": {"type": "array", "items": _ref("DriftFinding")},
                             "drift": B}),
        "DriftFinding": _obj({"reporter": S, "policy": _ref("ReportedPolicy"),
                              "differences": {"type": "array", "items": _ref("FieldDiff")}, "first_day": DAY,
                              "last_day": DAY, "days": Z, "reports": Z, "lasting": B}),
        "PolicySource": _obj({"reporter": S, "report_id": S, "day": DAY}),
        "ReportedPolicy": _obj({"domain": S, **{k: {"type": "string", "nullable": True} for k in (
            "p", "sp", "np", "adkim", "aspf", "fo", "testing", "discovery_method")},
            "pct": {"type": "integer", "nullable": True}}),
        "FieldDiff": _obj({"field": S, "seen": S, "latest": S}),
        "Providers": _obj({**RANGE_PROPS, "messages": Z, "other_messages": Z, "providers": {
            "type": "array", "items": _obj({
                "provider": S, "name": S, "reporters": {"type": "array", "items": S}, "messages": Z, "indirect": Z,
                "unknown": Z, "compliant": Z, "non_compliant": Z, "non_compliant_pct": N, "peak_daily": Z,
                "peak_day": {**DAY, "nullable": True}, "bulk": B, "bulk_per_day": Z, "refused": Z, "action": S,
                "smtp_reply": S, "since": DAY, "requirements": {"type": "array", "items": S},
                "sources": {"type": "array", "items": S}, "senders": {"type": "array", "items": _obj({
                    "service": S, "name": S, "messages": Z, "non_compliant": Z,
                    "missing": {"type": "array", "items": _ref("Miss")}})}})},
            "senders": {"type": "array", "items": _obj({
                "service": S, "name": S, "messages": Z, "compliant": Z, "non_compliant": Z, "compliant_pct": N,
                "missing": {"type": "array", "items": _ref("Miss")},
                "by_provider": {"type": "array", "items": name_count},
                "sources": {"type": "array", "items": name_count},
                "fixes": {"type": "array", "items": _obj({"kind": S, "text": S, "records": {
                    "type": "array", "items": S}, "docs": S})}, "docs": S})}}),
        "Miss": _obj({"requirement": S, "messages": Z}),
        "SimulationRow": _obj({"name": S, "messages": Z, "none": Z, "quarantine": Z, "reject": Z, "unknown": Z,
                               "hit": Z, "hit_pct": N}),
        "Tls": _obj({**RANGE_PROPS, "reports": Z, "sessions": Z, "success": Z, "failure": Z,
                     "success_pct": {"type": "number", "nullable": True},
                     **{k: {"type": "array", "items": _obj({"name": S, "sessions": Z})}
                        for k in ("by_result", "by_mx", "by_policy")},
                     "by_reporter": {"type": "array", "items": _obj({"name": S, "reports": Z, "success": Z,
                                                                     "failure": Z})},
                     "daily": {"type": "array", "items": _obj({"day": DAY, "success": Z, "failure": Z})}}),
        "Posture": _obj({"check": {"nullable": True, **_obj({
            "domain": S, "at": S, "worst": {"type": "string", "nullable": True},
            "findings": {"type": "array", "items": _obj({
                "area": S, "code": S, "severity": {"type": "string", "enum": [
                    "info", "low", "medium", "high", "critical"]}, "record": S, "params": {"type": "object"},
                "text": {"type": "object"}})},
            "records": {"type": "array", "items": _obj({"name": S, "kind": S, "values": {
                "type": "array", "items": S, "nullable": True}})}})},
            "history": {"type": "array", "items": _obj({"domain": S, "at": S, "name": S, "kind": S,
                                                       "before": {"type": "array", "items": S, "nullable": True},
                                                       "after": {"type": "array", "items": S, "nullable": True}})}}),
        "Export": _obj({"export": _obj({"url": S, "filename": S, "bytes": Z, "expires_in": Z})}),
        "Facts": _obj({"domain": S, "from": DAY, "to": DAY, "total_facts": Z, "total_messages": Z, "offset": Z,
                       "limit": Z, "next_offset": {"type": "integer", "nullable": True}, "window": Z,
                       "items": {"type": "array", "items": _obj({
                           "day": DAY, "source_ip": S, "reporter": S, "header_from": S, "envelope_from": S,
                           "dkim_domains": S, "spf_auth": B, "spf_aligned": B, "dkim_auth": B, "dkim_aligned": B,
                           "disposition": S, "count": Z, "dmarc_pass": B, "pattern": Z,
                           "tag": {"type": "string", "nullable": True}})}}),
    }


@lru_cache(maxsize=1)
def _frozen() -> str:
    doc = {"openapi": "3.0.3",
           "info": {"title": "Aligned API", "version": "1.0.0",
                    "description": "DMARC aggregate-report analysis. Errors: {error: CODE, message, field, "
                                   "params}; translate CODE with params."},
           "paths": _paths(), "components": {"schemas": _schemas()}}
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def document() -> dict[str, Any]:
    return json.loads(_frozen())  # type: ignore[no-any-return]


def text() -> str:
    return _frozen()


if __name__ == "__main__":
    print(text(), end="")
