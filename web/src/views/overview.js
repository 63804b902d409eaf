// Overview: figures, the daily volume chart (stacked DMARC pass / fail / unknown, pass-rate line), the
// published policy, dispositions applied and reporters. "Unknown" (no verdict and no authentication results
// in the report) shows only when there is some.
import { dailyChart } from "../charts.js";
import { h } from "../dom.js";
import { num, pct, t, tn } from "../i18n/index.js";
import { chartSeries } from "../series.js";
import { dataTable } from "../ui/table.js";
import { empty, into } from "../ui/states.js";
import { analysisCsv, card, fetchAnalysis, policyBadge, section } from "./common.js";

export function overviewView(ctx) {
  const box = h("div", { class: "view view-overview" });
  into(box, () => fetchAnalysis(ctx, "overview"), (data) => render(data, ctx));
  return box;
}

function render(data, ctx) {
  const policy = data.policy || null;
  const top = h("div", { class: "cards", dataset: { loaded: "overview" } },
    card(t("overview.messages"), num(data.messages), { figure: "messages" }),
    card(t("overview.dmarc_pass"), pct(data.dmarc_pass_pct), { figure: "dmarc_pass_pct",
      sub: tn("overview.of_messages", data.dmarc_pass),
      tone: data.messages ? (data.dmarc_pass_pct >= 98 ? "good" : data.dmarc_pass_pct >= 90 ? "warn" : "bad")
        : null }),
    card(t("overview.spf_aligned"), pct(data.spf_aligned_pct), { figure: "spf_aligned_pct",
      sub: t("overview.spf_auth", { value: pct(data.spf_auth_pct) }) }),
    card(t("overview.dkim_aligned"), pct(data.dkim_aligned_pct), { figure: "dkim_aligned_pct",
      sub: t("overview.dkim_auth", { value: pct(data.dkim_auth_pct) }) }),
    data.dmarc_unknown ? card(t("overview.unknown"), pct(data.dmarc_unknown_pct), { figure: "dmarc_unknown_pct",
      sub: tn("overview.unknown_hint", data.dmarc_unknown) }) : null,
    card(t("overview.sources"), num(data.sources), { figure: "sources" }),
    card(t("overview.policy"), policyBadge(policy ? policy.p : null), { figure: "policy",
      sub: policy ? policyDetails(policy) : t("policy.not_reported") }));
  if (!data.messages) {
    return h("div", {}, top, empty(t("overview.no_data", { from: ctx.range.from, to: ctx.range.to })),
      data.data_span ? dataElsewhere(data.data_span, ctx) : null);
  }
  const series = chartSeries(data.daily || []);
  const days = (data.daily || []).length;
  const note = h("p", { class: "muted chart-note", id: "daily-note", dataset: { unit: series.unit } },
    series.unit === "day" ? null : [t(`overview.per_${series.unit}`, { days: num(days) }), " "],
    t("overview.gaps"), " ", t("chart.table_note"));
  const canvas = h("canvas", { role: "img", dataset: { unit: series.unit },
    attrs: { "aria-label": t("overview.chart_label"), "aria-describedby": "daily-note" } });
  const chartBox = h("div", { class: "chart-box" }, canvas);
  requestAnimationFrame(() => dailyChart(canvas, series.points, {
    pass: t("overview.pass"), fail: t("overview.fail"), unknown: t("overview.unknown"), rate: t("overview.pass_rate"),
    messages: t("overview.messages"), rateAxis: t("overview.pass_rate"),
  }));
  const dailyColumns = [
    { key: "day", label: t(series.unit === "day" ? "col.day" : `col.${series.unit}`), rowHeader: true },
    { key: "total", label: t("col.messages"), num: true },
    { key: "passed", label: t("overview.pass"), num: true },
    { key: "failed", label: t("overview.fail"), num: true },
    ...(series.points.some((p) => p.unknown) ? [{ key: "unknown", label: t("overview.unknown"), num: true }]
      : []),
    { key: "rate", label: t("overview.pass_rate"), num: true, cell: (r) => pct(r.rate) },
  ];
  const nameColumns = (label) => [
    { key: "name", label, rowHeader: true },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "pct", label: "%", num: true, cell: (r) => pct(r.pct) },
  ];
  return h("div", {}, top,
    section(t("overview.daily"), note, chartBox,
      h("details", { class: "as-table" }, h("summary", {}, t("overview.show_table")),
        dataTable({ columns: dailyColumns, rows: series.points, pageSize: 100, caption: t("overview.daily"),
          csv: analysisCsv(ctx, "overview", { table: "daily" }) }))),
    h("div", { class: "two-col" },
      section(t("overview.dispositions"), dataTable({ columns: nameColumns(t("col.disposition")),
        caption: t("overview.dispositions"),
        rows: (data.dispositions || []).map((d) => ({ ...d, name: dispositionName(d.name) })) })),
      focusable(section(t("overview.reporters"), dataTable({ columns: nameColumns(t("col.reporter")),
        rows: data.reporters || [], caption: t("overview.reporters"),
        csv: analysisCsv(ctx, "overview", { table: "reporters" }) })), "reporters")));
}

/** Where the domain's data is when the chosen period has none, with a way there. */
function dataElsewhere(span, ctx) {
  const last = new Date(`${span.last}T00:00:00Z`);
  const from = new Date(last.getTime() - 29 * 86400000).toISOString().slice(0, 10);
  return h("p", { class: "state data-elsewhere", dataset: { first: span.first, last: span.last } },
    t("overview.data_elsewhere", { first: span.first, last: span.last }), " ",
    h("button", { type: "button", class: "btn btn-small", onclick: () => ctx.navigate({ from, to: span.last }) },
      t("overview.show_latest", { last: span.last })));
}

/** Marks a section a deep link may name (?view=reporters lands here). */
function focusable(el, name) {
  el.dataset.focus = name;
  return el;
}

function dispositionName(name) {
  return ["none", "quarantine", "reject", "pass"].includes(name) ? t(`disposition.${name}`) : name;
}

function policyDetails(p) {
  const parts = [];
  if (p.sp) parts.push(`sp=${p.sp}`);
  if (p.np) parts.push(`np=${p.np}`);
  if (p.pct !== null && p.pct !== undefined) parts.push(`pct=${p.pct}`);
  if (p.testing) parts.push(`t=${p.testing}`);
  if (p.adkim) parts.push(`adkim=${p.adkim}`);
  if (p.aspf) parts.push(`aspf=${p.aspf}`);
  return parts.join(" ");
}
