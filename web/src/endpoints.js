// Every API path the UI uses, in one place (the JSON API is documented in docs/openapi.json).
import { enc } from "./api.js";

const d = (domain) => `/domains/${enc(domain)}`;

export const endpoints = {
  domains: () => "/domains",
  domain: (domain) => d(domain),
  dns: (domain) => `${d(domain)}/dns`,
  registry: (domain) => `${d(domain)}/registry`,
  registryEntry: (domain, id) => `${d(domain)}/registry/${enc(id)}`,
  registryImport: (domain) => `${d(domain)}/registry/import`,
  registryExport: (domain) => `${d(domain)}/registry/export`,
  analysis: (domain, name) => `${d(domain)}/analyses/${name}`,
  analysisCsv: (domain, name) => `${d(domain)}/analyses/${name}/csv`,
  alertRules: (domain) => `${d(domain)}/alerts/rules`,
  alertRule: (domain, id) => `${d(domain)}/alerts/rules/${enc(id)}`,
  alertHistory: (domain) => `${d(domain)}/alerts/history`,
  notifications: () => "/alerts/notifications",
  failures: () => "/ingest/failures",
};
