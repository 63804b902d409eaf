// Every API path the UI uses, in one place (the API is described in docs/openapi.json, GET /api/openapi.json).
import { enc } from "./api.js";

const d = (domain) => `/domains/${enc(domain)}`;

export const endpoints = {
  domains: () => "/domains",
  domain: (domain) => d(domain),
  registry: (domain) => `${d(domain)}/registry`,
  registryEntry: (domain, id) => `${d(domain)}/registry/${enc(id)}`,
  registryImport: (domain) => `${d(domain)}/registry/import`,
  registryExport: (domain) => `${d(domain)}/registry/export`,
  // overview | patterns | tags | spoofing | readiness | tls | facts; with format=csv each is a CSV download
  analysis: (domain, name) => `${d(domain)}/${name}`,
  alertRules: (domain) => `${d(domain)}/alerts/rules`,
  alertRule: (domain, id) => `${d(domain)}/alerts/rules/${enc(id)}`,
  alertRuleSwitch: (domain, id, on) => `${d(domain)}/alerts/rules/${enc(id)}/${on ? "enable" : "disable"}`,
  alertHistory: (domain) => `${d(domain)}/alerts/history`,
  notifications: () => "/notifications",
  failures: () => "/ingest/failures",
  heldReports: () => "/reports/held",
  heldAccept: (id) => `/reports/${enc(id)}/accept`,
  heldReject: (id) => `/reports/${enc(id)}/reject`,
  trustedReporters: () => "/reporters/trusted",
  failure: (id) => `/ingest/failures/${enc(id)}`,
  failureReprocess: (id) => `/ingest/failures/${enc(id)}/reprocess`,
  unclaimed: () => "/unclaimed",
  posture: (domain) => `${d(domain)}/posture`,
  portfolio: () => "/portfolio",
  onboarding: () => "/onboarding",
  me: () => "/me",
  orgs: () => "/orgs",
  members: (org) => `/orgs/${enc(org)}/members`,
  member: (org, user) => `/orgs/${enc(org)}/members/${enc(user)}`,
  claim: (org, domain) => `/orgs/${enc(org)}/claims/${enc(domain)}`,
};
