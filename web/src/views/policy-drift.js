// The DMARC policy each reporter saw (its reports' policy_published, with RFC 9990's testing and
// discovery_method), the latest published one, and drift warnings: a reporter that kept seeing another policy for
// more than a day (a DNS change not everywhere yet, or a second, conflicting record). Shown in the posture view.
import { h } from "../dom.js";
import { num, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, fetchAnalysis, section } from "./common.js";

const FIELDS = ["p", "sp", "np", "adkim", "aspf"];

export function policyDriftSection(ctx) {
  const body = h("div", {});
  into(body, () => fetchAnalysis(ctx, "policy"), (data) => render(data, ctx));
  return section(t("policy.title"), h("p", { class: "muted" }, t("policy.explain")), body);
}

function policyText(policy, fields = FIELDS) {
  return fields.filter((k) => policy && policy[k] !== null && policy[k] !== undefined)
    .map((k) => `${k}=${policy[k]}`).join("; ") || "—";
}

function diffText(diffs, side) {
  return diffs.map((d) => `${d.field}=${d[side]}`).join("; ");
}

function warnings(data) {
  const lasting = data.findings.filter((f) => f.lasting);
  const blips = data.findings.filter((f) => !f.lasting);
  const items = [
    ...lasting.map((f) => h("p", { class: ["notice", "warning", "drift"], role: "alert",
      dataset: { drift: f.reporter } }, t("policy.drift_warning", { reporter: f.reporter,
      seen: diffText(f.differences, "seen"), latest: diffText(f.differences, "latest"), days: num(f.days),
      first: f.first_day, last: f.last_day }))),
    ...blips.map((f) => h("p", { class: "muted", dataset: { blip: f.reporter } }, t("policy.blip", {
      reporter: f.reporter, seen: diffText(f.differences, "seen"), first: f.first_day }))),
  ];
  if (!lasting.length) items.unshift(h("p", { class: "notice ok", dataset: { drift: "none" } }, t("policy.no_drift")));
  return items;
}

function render(data, ctx) {
  if (!data.latest) return h("p", { class: "muted", dataset: { loaded: "policy" } }, t("policy.none_reported"));
  const shown = (k) => (r) => (r.policy[k] === null || r.policy[k] === undefined ? "—" : r.policy[k]);
  const table = dataTable({
    caption: t("policy.title"), rows: data.reporters, rowKey: (r) => r.reporter,
    rowClass: (r) => (r.differences.length ? "drift-row" : null),
    columns: [
      { key: "reporter", label: t("policy.col.reporter"), rowHeader: true },
      ...FIELDS.map((k) => ({ key: k, label: k, value: shown(k), cell: shown(k) })),
      { key: "testing", label: t("policy.col.testing"), value: shown("testing"), cell: shown("testing") },
      { key: "discovery_method", label: t("policy.col.discovery"), value: shown("discovery_method"),
        cell: shown("discovery_method") },
      { key: "last_seen", label: t("policy.col.last_seen") },
      { key: "reports", label: t("policy.col.reports"), num: true },
      { key: "agrees", label: t("policy.col.agrees"), value: (r) => r.differences.length,
        cell: (r) => (r.differences.length
          ? h("span", { class: ["badge", "ng"] }, t("policy.differs", { fields: diffText(r.differences, "seen") }))
          : h("span", { class: ["badge", "ok"] }, "OK")) },
    ],
    csv: analysisCsv(ctx, "policy"),
  });
  return h("div", { dataset: { loaded: "policy", drift: data.drift ? "yes" : "no" } },
    h("p", {}, h("strong", {}, t("policy.latest", { policy: policyText(data.latest, [...FIELDS, "testing"]),
      since: data.latest_since }))),
    ...warnings(data), table);
}
