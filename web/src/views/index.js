import { alertsView } from "./alerts.js";
import { domainsView } from "./domains.js";
import { failuresView } from "./failures.js";
import { heldView } from "./held.js";
import { membersView } from "./members.js";
import { overviewView } from "./overview.js";
import { patternsView } from "./patterns.js";
import { portfolioView } from "./portfolio.js";
import { postureView } from "./posture.js";
import { readinessView } from "./readiness.js";
import { recordsView } from "./records.js";
import { registryView } from "./registry.js";
import { sendersView } from "./senders.js";
import { spoofingView } from "./spoofing.js";
import { tagsView } from "./tags.js";
import { tlsView } from "./tls.js";

export const VIEW_RENDERERS = {
  overview: overviewView,
  patterns: patternsView,
  tags: tagsView,
  spoofing: spoofingView,
  senders: sendersView,
  readiness: readinessView,
  records: recordsView,
  registry: registryView,
  alerts: alertsView,
  failures: failuresView,
  held: heldView,
  domains: domainsView,
  tls: tlsView,
  posture: postureView,
  portfolio: portfolioView,
  members: membersView,
};
