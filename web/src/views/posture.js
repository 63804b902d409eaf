// DNS posture: the domain's DMARC, SPF, DKIM, MTA-STS, TLS-RPT and BIMI records as last checked (daily, or now
// on demand), each finding with its severity and the fix, and the history of record changes; below, the policy
// each reporter saw and drift from the latest one (policy-drift.js).
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { language, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { failure, into, loading } from "../ui/states.js";
import { section } from "./common.js";
import { policyDriftSection } from "./policy-drift.js";

const SEVERITIES = ["critical", "high", "medium", "low", "info"];

export function postureView(ctx) {
  const box = h("div", { class: "view view-posture" });
  const body = h("div", {});
  const run = h("button", { type: "button", class: "primary", dataset: { action: "check-posture" },
    onclick: () => {
      run.disabled = true;
      replace(body, loading());
      api.post(endpoints.posture(ctx.domain), {}).then((data) => replace(body, render(data)))
        .catch((exc) => replace(body, failure(exc))).finally(() => { run.disabled = false; });
    } }, t("posture.check_now"));
  box.append(h("div", { class: "toolbar" }, run, h("span", { class: "muted" }, t("posture.daily_hint"))), body);
  into(body, () => api.get(endpoints.posture(ctx.domain)), render);
  box.append(policyDriftSection(ctx));
  return box;
}

function severityBadge(severity) {
  const value = SEVERITIES.includes(severity) ? severity : "info";
  return h("span", { class: ["badge", "severity", `severity-${value}`], dataset: { severity: value } },
    t(`posture.severity.${value}`));
}

function text(finding, part) {
  const texts = finding.text || {};
  return (texts[language()] || texts.en || {})[part] || finding.code;
}

function values(list) {
  if (list === null || list === undefined) return h("span", { class: "muted" }, t("posture.absent"));
  if (!list.length) return h("span", { class: "muted" }, t("posture.no_values"));
  return h("ul", { class: "record-values" }, list.map((v) => h("li", {}, h("code", {}, v))));
}

function render(data) {
  const check = data.check;
  if (!check) return h("div", { dataset: { loaded: "posture" } }, h("p", { class: "muted" }, t("posture.never")));
  const findings = dataTable({
    caption: t("posture.findings"), rows: check.findings || [], emptyText: t("posture.no_findings"),
    rowClass: (f) => `finding-${f.severity}`,
    columns: [
      { key: "severity", label: t("posture.severity"), value: (f) => -SEVERITIES.indexOf(f.severity),
        cell: (f) => severityBadge(f.severity) },
      { key: "area", label: t("posture.area"), cell: (f) => t(`posture.area.${f.area}`) },
      { key: "title", label: t("posture.finding"), rowHeader: true, value: (f) => text(f, "title"),
        cell: (f) => h("span", { dataset: { code: f.code } }, text(f, "title")) },
      { key: "fix", label: t("posture.fix"), sortable: false, cell: (f) => text(f, "fix") },
      { key: "record", label: t("posture.record"), cell: (f) => h("code", {}, f.record) },
    ],
  });
  const records = dataTable({
    caption: t("posture.records"), rows: check.records || [],
    columns: [{ key: "name", label: t("posture.record"), rowHeader: true, cell: (r) => h("code", {}, r.name) },
      { key: "kind", label: t("posture.kind") },
      { key: "values", label: t("posture.values"), sortable: false, cell: (r) => values(r.values) }],
  });
  const history = dataTable({
    caption: t("posture.history"), rows: data.history || [], emptyText: t("posture.no_changes"),
    columns: [{ key: "at", label: t("posture.when"), cell: (c) => c.at.replace("T", " ").slice(0, 16) },
      { key: "name", label: t("posture.record"), rowHeader: true, cell: (c) => h("code", {}, c.name) },
      { key: "before", label: t("posture.before"), sortable: false, cell: (c) => values(c.before) },
      { key: "after", label: t("posture.after"), sortable: false, cell: (c) => values(c.after) }],
  });
  const worst = check.worst || "none";
  return h("div", { dataset: { loaded: "posture" } },
    h("div", { class: ["verdict", `verdict-${worst === "none" || worst === "info" ? "ready" : "not_ready"}`],
      role: "status", dataset: { worst } },
    h("strong", {}, worst === "none" ? t("posture.all_good") : t("posture.worst", {
      severity: t(`posture.severity.${worst}`) })), " ",
    h("span", { class: "muted" }, t("posture.checked_at", { at: check.at.replace("T", " ").slice(0, 16) }))),
    section(t("posture.findings"), findings),
    section(t("posture.records"), records),
    section(t("posture.history"), history));
}
