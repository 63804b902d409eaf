// The portfolio: every domain in one table (messages, DMARC pass %, own mail failing, possible spoofing, policy
// stage, open alerts, a 30-day pass-rate sparkline), sorted and paged by the API; each domain links to its
// overview. Below it, bulk onboarding by CSV.
import { api, downloadCsv } from "../api.js";
import { sparkline } from "../charts.js";
import { h } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { num, pct, t } from "../i18n/index.js";
import { displayDomain } from "../idn.js";
import { into } from "../ui/states.js";
import { card, section } from "./common.js";
import { onboardingForm } from "./onboarding.js";

export const PAGE_SIZE = 50;
const COLUMNS = [
  { key: "domain", label: "col.domain" },
  { key: "messages", label: "col.messages", num: true },
  { key: "dmarc_pass_pct", label: "portfolio.pass_pct", num: true },
  { key: "own_failing", label: "portfolio.own_failing", num: true },
  { key: "spoofing", label: "portfolio.spoofing", num: true },
  { key: "stage", label: "portfolio.stage" },
  { key: "open_alerts", label: "portfolio.open_alerts", num: true },
];
const DEFAULT_DESC = new Set(["messages", "dmarc_pass_pct", "own_failing", "spoofing", "open_alerts"]);

/** The URL's `sort` ("-messages", "stage", or "") as the API's sort and order. */
export function sortOf(state) {
  const raw = state.sort || "";
  const key = raw.replace(/^-/, "");
  if (!COLUMNS.some((c) => c.key === key)) return { sort: "domain", order: "asc" };
  return { sort: key, order: raw.startsWith("-") ? "desc" : "asc" };
}

export function portfolioView(ctx) {
  const box = h("div", { class: "view view-portfolio" });
  const table = h("div", { class: "portfolio-table" });
  const shown = { sort: ctx.state.sort, page: ctx.state.page }; // kept in the URL too (ctx.remember)
  const load = () => {
    const { sort, order } = sortOf(shown);
    const offset = (shown.page - 1) * PAGE_SIZE;
    into(table, () => api.get(endpoints.portfolio(), { from: ctx.range.from, to: ctx.range.to, sort, order,
      offset, limit: PAGE_SIZE }), (data) => render(data, ctx, shown, (patch) => {
      Object.assign(shown, patch);
      ctx.remember(patch);
      load();
    }));
  };
  load();
  box.append(table, section(t("onboarding.title"), onboardingForm(ctx, load)));
  return box;
}

function render(data, ctx, shown, go) {
  const { sort, order } = sortOf(shown);
  const totals = data.totals || {};
  const rows = data.rows || [];
  const header = (col) => {
    const active = col.key === sort;
    const next = active ? (order === "asc" ? "desc" : "asc") : (DEFAULT_DESC.has(col.key) ? "desc" : "asc");
    return h("th", { scope: "col", class: col.num ? "num" : null,
      attrs: { "aria-sort": active ? (order === "asc" ? "ascending" : "descending") : "none" } },
    h("button", { type: "button", class: "sort", dataset: { key: col.key },
      onclick: () => go({ sort: (next === "desc" ? "-" : "") + col.key, page: 1 }) },
    t(col.label), h("span", { class: "sort-mark", attrs: { "aria-hidden": "true" } },
      active ? (order === "asc" ? "▲" : "▼") : "↕")));
  };
  const pages = Math.max(1, Math.ceil((totals.domains || 0) / PAGE_SIZE));
  const page = Math.min(shown.page, pages);
  const body = rows.map((r) => h("tr", { dataset: { domain: r.domain } },
    h("th", { scope: "row", dataset: { label: t("col.domain"), col: "domain" } },
      h("a", { href: ctx.link({ view: "overview", domain: r.domain }),
        onclick: ctx.follow({ view: "overview", domain: r.domain }) }, displayDomain(r.domain)),
      r.display_name ? h("div", { class: "muted small" }, r.display_name) : null),
    cell("messages", num(r.messages), true),
    cell("dmarc_pass_pct", r.dmarc_pass_pct === null ? "—" : pct(r.dmarc_pass_pct), true),
    cell("own_failing", num(r.own_failing), true, r.own_failing ? "warn" : null),
    cell("spoofing", num(r.spoofing), true, r.spoofing ? "warn" : null),
    cell("stage", stageBadge(r)),
    cell("open_alerts", num(r.open_alerts), true, r.open_alerts ? "warn" : null),
    cell("trend", sparkline(r.trend.pass_pct || [], t("portfolio.trend_label", { domain: displayDomain(r.domain),
      first: first(r.trend.pass_pct), last: last(r.trend.pass_pct) })))));
  const table = h("table", { class: "data cardable portfolio", dataset: { sort, order } },
    h("caption", { class: "sr-only" }, t("view.portfolio")),
    h("thead", {}, h("tr", {}, COLUMNS.map(header), h("th", { scope: "col" }, t("portfolio.trend")))),
    h("tbody", {}, body));
  const csv = () => downloadCsv(endpoints.portfolio(), { from: ctx.range.from, to: ctx.range.to, sort, order,
    format: "csv" }, `aligned-portfolio-${ctx.range.from}-${ctx.range.to}.csv`).catch((exc) => window.alert(exc.message));
  const wrap = h("div", { dataset: { loaded: "portfolio" } },
    h("div", { class: "cards" },
      card(t("portfolio.domains"), num(totals.domains || 0), { figure: "domains" }),
      card(t("col.messages"), num(totals.messages || 0), { figure: "messages" }),
      card(t("portfolio.with_own_failing"), num(totals.with_own_failing || 0), { figure: "with_own_failing" }),
      card(t("portfolio.with_spoofing"), num(totals.with_spoofing || 0), { figure: "with_spoofing" }),
      card(t("portfolio.open_alerts"), num(totals.open_alerts || 0), { figure: "open_alerts" })),
    h("p", { class: "muted" }, t("portfolio.explain")),
    h("div", { class: "table-block" },
      h("div", { class: "table-tools" },
        h("span", { class: "muted" }, t("table.rows", { count: num(totals.domains || 0) })),
        h("button", { type: "button", class: "btn btn-small", onclick: csv }, t("action.csv"))),
      rows.length ? h("div", { class: "table-scroll", tabIndex: 0, attrs: { role: "region",
        "aria-label": t("view.portfolio") } }, table) : h("div", { class: "state state-empty", role: "status" },
        t("portfolio.empty")),
      pages > 1 ? pager(page, pages, (p) => go({ page: p })) : null));
  return wrap;
}

function cell(key, content, numeric = false, tone = null) {
  return h("td", { class: [numeric ? "num" : null, tone ? `tone-${tone}` : null],
    dataset: { label: t(COLUMNS.find((c) => c.key === key)?.label || "portfolio.trend"), col: key } }, content);
}

function stageBadge(r) {
  const stage = r.stage || "unknown";
  const policy = r.p ? [`p=${r.p}`, r.sp ? `sp=${r.sp}` : null, r.t ? `t=${r.t}` : null].filter(Boolean).join("; ")
    : null;
  return h("span", { class: ["stage", `stage-${stage}`], dataset: { stage }, title: policy }, t(`stage.${stage}`));
}

function first(values) {
  const found = (values || []).find((v) => v !== null);
  return found === undefined ? "—" : pct(found);
}

function last(values) {
  const found = [...(values || [])].reverse().find((v) => v !== null);
  return found === undefined ? "—" : pct(found);
}

function pager(page, pages, go) {
  return h("nav", { class: "pager", attrs: { "aria-label": t("table.pages") } },
    h("button", { type: "button", class: "btn btn-small", disabled: page <= 1, onclick: () => go(page - 1) },
      t("table.prev")),
    h("span", { class: "pager-status", tabIndex: -1 }, t("table.page", { page, pages })),
    h("button", { type: "button", class: "btn btn-small", disabled: page >= pages, onclick: () => go(page + 1) },
      t("table.next")));
}
