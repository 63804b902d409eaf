// The plan from p=none to p=reject: the stages with the current and the next one, whether the mail is ready for
// the next (each criterion with its figures), the senders to fix first with their fix, and the DMARC record to
// publish with a copy button.
import { h } from "../dom.js";
import { num, pct, t, tn } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { analysisCsv, okNg, section } from "./common.js";
import { recordsLink } from "./drill.js";

const STAGES = ["none", "quarantine_testing", "quarantine", "reject_testing", "reject"];

export function planBlock(data, ctx, lang) {
  const current = data.current || {};
  const currentName = current.stage ? current.stage.name : "";
  const nextName = data.next ? data.next.name : "";
  const ladder = h("ol", { class: "plan-stages", attrs: { "aria-label": t("plan.stages") } },
    STAGES.map((name) => h("li", {
      class: ["plan-stage", name === currentName ? "current" : null, name === nextName ? "next" : null],
      dataset: { stage: name }, attrs: { "aria-current": name === currentName ? "step" : null },
    }, t(`plan.stage.${name}`), name === currentName ? ` (${t("plan.now")})` : "",
    name === nextName ? ` (${t("plan.next_marker")})` : "")));
  const verdict = !data.next ? "final" : data.ready ? "ready" : "not_ready";
  return h("div", { dataset: { loaded: "plan" } },
    section(t("plan.title"),
      h("p", { dataset: { figure: "current_stage" } }, t("plan.current", {
        stage: currentName ? t(`plan.stage.${currentName}`) : t("plan.stage.unknown") }), " ",
      h("span", { class: "muted" }, t(`plan.source.${current.source || "none"}`))),
      seenNote(current),
      ladder,
      h("div", { class: ["verdict", `verdict-${verdict === "ready" ? "ready" : "not_ready"}`], role: "status",
        dataset: { verdict: `plan-${verdict}` } },
      h("strong", {}, t(`plan.verdict.${verdict}`, { next: nextName ? t(`plan.stage.${nextName}`) : "" })))),
    data.next ? section(t("plan.criteria"), criteriaTable(data)) : null,
    section(t("plan.senders"), sendersTable(data, ctx, lang)),
    section(t("plan.record"), recordBlock(data)));
}

// The reporters that saw another policy since the current one appeared: the policy drift findings (the posture
// view's DMARC policy section tells more).
function seenNote(current) {
  if (!current.reporters) return null;
  const differing = current.differing || [];
  const list = differing.map((f) => tn("plan.differing", f.days, { reporter: f.reporter,
    seen: f.differences.map((d) => `${d.field}=${d.seen}`).join("; ") })).join(", ");
  return h("p", { class: current.agree ? "muted" : "notice", dataset: { figure: "reporters_agree",
    agree: current.agree ? "yes" : "no" } },
  current.agree ? tn("plan.seen_agree", current.reporters) : t("plan.seen_disagree", { list }));
}

function criteriaTable(data) {
  const rules = data.rules || {};
  const figure = (c) => {
    if (c.code === "own_hit_days") return t("plan.figure.own_hit_days", { value: c.value, required: c.required });
    if (c.code === "senders_aligned") {
      return t("plan.figure.senders_aligned", { value: c.value, required: c.required })
        + (c.names.length ? ` — ${t("plan.over", { names: c.names.join(", ") })}` : "");
    }
    return t("plan.figure.reporters", { value: c.value, required: c.required });
  };
  const columns = [
    { key: "code", label: t("plan.col.criterion"), rowHeader: true, sortable: false,
      cell: (c) => t(`plan.criterion.${c.code}`, { tolerance: rules.tolerance_pct, days: rules.days,
        volume: num(rules.min_volume), reporters: rules.min_reporters }) },
    { key: "met", label: t("plan.col.met"), sortable: false, cell: (c) => okNg(c.met) },
    { key: "value", label: t("plan.col.figures"), sortable: false, cell: figure },
  ];
  const table = dataTable({ columns, rows: data.criteria || [], caption: t("plan.criteria"),
    rowKey: (c) => c.code });
  return h("div", {}, table, h("p", { class: "muted" }, t("plan.measured", {
    own: num(data.own_messages), hit: num(data.own_hit), pct: pct(data.own_hit_pct) })));
}

function sendersTable(data, ctx, lang) {
  const columns = [
    { key: "name", label: t("plan.col.sender"), rowHeader: true,
      cell: (r) => (r.tag ? h("span", { class: "tag" }, r.tag) : r.name) },
    { key: "records", label: t("view.records"), sortable: false,
      cell: (r) => (r.tag ? recordsLink(ctx, { tag: r.tag, dmarc: "fail" }, t("records.of_hit", { tag: r.tag }))
        : null) },
    { key: "service_name", label: t("plan.col.service") },
    { key: "hit", label: t("plan.col.hit"), num: true },
    { key: "hit_pct", label: t("readiness.hit_pct"), num: true, cell: (r) => pct(r.hit_pct) },
    { key: "share_pct", label: t("plan.col.share"), num: true, cell: (r) => pct(r.share_pct) },
    { key: "fix", label: t("senders.col.fix"), sortable: false,
      value: (r) => (r.fixes || []).map((f) => f.text).join(" "),
      cell: (r) => h("div", { class: "fix" }, (r.fixes || []).map((f) => h("p", {}, f.text))) },
  ];
  const table = dataTable({ columns, rows: data.senders || [], caption: t("plan.senders"),
    emptyText: t("plan.no_senders"), rowKey: (r) => r.name, csv: analysisCsv(ctx, "plan", { lang }) });
  table.dataset.loaded = "plan-senders";
  return table;
}

/** The record in a read-only field (so the fallback can select it) and a copy button. */
function recordBlock(data) {
  const record = data.record || {};
  const field = h("textarea", { class: "plan-record", readonly: "", rows: 2, dataset: { figure: "record" },
    attrs: { "aria-label": t("plan.record_value", { name: record.name }) }, value: record.value || "" });
  const status = h("span", { role: "status", class: "muted" });
  const copy = h("button", { type: "button", class: "btn", dataset: { action: "copy-record" }, onclick: async () => {
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(record.value);
      status.textContent = t("plan.copied");
    } catch {
      field.focus();
      field.select();
      const done = document.execCommand && document.execCommand("copy");
      status.textContent = done ? t("plan.copied") : t("plan.select_copy");
    }
  } }, t("plan.copy"));
  const notes = [];
  if (!data.dns_answered) notes.push(t("plan.record_no_dns"));
  else if (!record.from_dns) notes.push(t("plan.record_no_live"));
  if (record.rua_added) notes.push(t("plan.record_rua_added"));
  if ((record.dropped || []).length) notes.push(t("plan.record_dropped", { tags: record.dropped.join(", ") }));
  return h("div", {},
    h("p", {}, t("plan.record_at", { name: record.name })),
    field, h("div", { class: "actions" }, copy, " ", status),
    data.live_record ? h("p", { class: "muted" }, t("plan.record_live"), " ", h("code", {}, data.live_record)) : null,
    notes.map((n) => h("p", { class: "muted" }, n)));
}
