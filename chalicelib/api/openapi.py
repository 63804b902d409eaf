"""The OpenAPI 3 document of the whole API: every route registered in app.py, each method once. Served at
GET /api/openapi.json and kept in docs/openapi.json (`python -m chalicelib.api.openapi > docs/openapi.json`);
tests/api/test_openapi.py holds both against the routes of the Chalice app."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib.api.params import MAX_LIMIT, MAX_OFFSET
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
    return {"get": _op(summary, "analyses", [DOMAIN, *RANGE, FORMAT, *(extra or [])], schema=_ref(schema), csv=True)}


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
            "hit, by tag, service, subdomain and reporter; tags left out come from the published policy",
            "Simulation", [*(_param(n, text=t, enum=list(v)) for n, v, t in SIMULATE_PARAMS),
                           _param("table", text="csv only", enum=["groups", "tags", "services", "subdomains",
                                                                  "reporters"])]),
        D + "/senders": _analysis("Per sending service (own, catalogue services, unidentified): volume, alignment, "
                                  "patterns, registry tags, sources with reverse DNS, reporters, the fix",
                                  "Senders", [_param("lang", text="fix texts and names", enum=["en", "ja"])]),
        D + "/selectors": _analysis("DKIM selector inventory: every (d=, selector) signing as the domain",
                                    "Selectors"),
        D + "/facts": _analysis("The facts behind any row (paged; csv without paging: all rows)", "Facts", drill),
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


def _schemas() -> Obj:
    name_count = _obj({"name": S, "messages": Z, "pct": N})
    held = _obj({k: S for k in ("id", "key", "domain", "org_name", "report_id", "begin", "end", "status", "trust",
                                   "reason", "raw_key")} | {"records": Z, "messages": Z,
                                                            "from_domain": {"type": "string", "nullable": True}})
    day_point = _obj({"day": DAY, "total": Z, "passed": Z, "failed": Z, "unknown": Z})
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
        "NewDomain": _obj({"name": S}, ["name"]),
        "HeldReport": held,
        "HeldReports": _obj({"items": {"type": "array", "items": held}, "next": {"type": "string", "nullable": True}}),
        "DnsRecord": _obj({"name": S, "type": S, "value": S, "purpose": {"type": "string", "enum": [
            "dmarc", "report_authorization"]}, "note": S}),
        "Domain": _obj({"name": S, "created": {"type": "string", "format": "date-time"},
                        "removed": {"type": "string", "format": "date-time", "nullable": True}, "rua": S,
                        "dns_records": {"type": "array", "items": _ref("DnsRecord")},
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
        "NameCount": name_count, "DayPoint": day_point, "AdviceText": advice_text,
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
                          "policy_source": _obj({"reporter": S, "report_id": S, "begin": S}),
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
            "daily": {"type": "array", "items": _ref("DayPoint")}})}}),
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
            "policy_source": {"type": "object", "nullable": True}}),
        "Outcomes": _obj({"none": Z, "quarantine": Z, "reject": Z, "unknown": Z}),
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
        "Facts": _obj({"domain": S, "from": DAY, "to": DAY, "total_facts": Z, "total_messages": Z, "offset": Z,
                       "limit": Z, "next_offset": {"type": "integer", "nullable": True},
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
