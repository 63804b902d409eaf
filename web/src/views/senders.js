// Senders: one row per sending service of the period (your own infrastructure one row, unidentified sources one
// row) with volume, DMARC pass and SPF / DKIM alignment, failure patterns, registry tags, sources with their
// reverse-DNS names, reporters, forwarded / list share and the catalogue's fix in the page language; each row
// opens its records, and a service can be put in the registry in one step. Below: the mailbox-provider
// requirements (providers.js) and the DKIM selector inventory.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { language, num, pct, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, fetchAnalysis, section } from "./common.js";
import { recordsLink } from "./drill.js";
import { providersSection } from "./providers.js";

export const UNIDENTIFIED = "(unknown)"; // the records filter of the unidentified row (the API's service filter)

export function sendersView(ctx) {
  const box = h("div", { class: "view view-senders" });
  const services = h("div", {});
  const selectors = h("div", {});
  box.append(section(t("senders.services"), services), providersSection(ctx),
    section(t("senders.selectors"), selectors));
  into(services, () => fetchAnalysis(ctx, "senders", { lang: language() }), (data) => servicesBlock(data, ctx));
  into(selectors, () => fetchAnalysis(ctx, "selectors"), (data) => selectorsBlock(data, ctx));
  return box;
}

function serviceFilter(row) {
  return { service: row.service || UNIDENTIFIED };
}

function sourcesCell(row) {
  const list = h("ul", { class: "plain-list" }, (row.sources || []).map((s) => h("li", {},
    h("code", {}, s.ip), s.ptr ? [" ", h("span", { class: "muted" }, s.ptr)] : null, ` (${num(s.messages)})`)));
  const more = row.source_count > (row.sources || []).length
    ? h("span", { class: "muted" }, t("senders.more_sources", { count: num(row.source_count) })) : null;
  return h("div", {}, list, more);
}

function fixCell(row) {
  if (!row.fixes || !row.fixes.length) return h("span", { class: "muted" }, "—");
  return h("div", { class: "fix", dataset: { fix: row.service } }, row.fixes.map((f) => h("p", {}, f.text)),
    row.docs ? h("a", { href: row.docs, target: "_blank", rel: "noopener" }, t("senders.docs")) : null);
}

function registerButton(row, ctx, onDone) {
  if (!row.service || row.service === "own" || row.tags.length) return null;
  const status = h("span", { role: "status" });
  const button = h("button", { type: "button", class: "btn btn-small", dataset: { register: row.service },
    attrs: { "aria-label": t("senders.register_named", { name: row.name }) }, onclick: async () => {
      const tag = window.prompt(t("senders.register_prompt", { name: row.name }), row.service);
      if (!tag) return;
      button.disabled = true;
      try {
        await api.post(endpoints.registry(ctx.domain), { cidr: `service:${row.service}`, tag: tag.trim(),
          comment: row.name });
        onDone();
      } catch (exc) {
        button.disabled = false;
        replace(status, exc.message);
      }
    } }, t("senders.register"));
  return h("span", {}, button, status);
}

function servicesBlock(data, ctx) {
  const reload = () => ctx.navigate({}, { keepView: true });
  const p = (i) => (r) => (r.patterns || [])[i] || 0;
  const columns = [
    { key: "name", label: t("senders.col.service"), rowHeader: true, value: (r) => r.name,
      cell: (r) => h("span", { class: r.service ? "service" : "untagged", dataset: { service: r.service } }, r.name) },
    { key: "records", label: t("view.records"), sortable: false,
      cell: (r) => recordsLink(ctx, serviceFilter(r), t("senders.records_of", { name: r.name })) },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "pct", label: "%", num: true, cell: (r) => pct(r.pct) },
    { key: "dmarc_pass_pct", label: t("col.dmarc_pass_pct"), num: true, cell: (r) => pct(r.dmarc_pass_pct) },
    { key: "spf_aligned_pct", label: t("senders.col.spf_aligned_pct"), num: true, cell: (r) => pct(r.spf_aligned_pct) },
    { key: "dkim_aligned_pct", label: t("senders.col.dkim_aligned_pct"), num: true,
      cell: (r) => pct(r.dkim_aligned_pct) },
    ...[0, 1, 2, 3].map((i) => ({ key: `p${i + 1}`, label: t("col.pattern_n", { n: i + 1 }), num: true,
      value: p(i), cell: (r) => num(p(i)(r)), csv: p(i) })),
    { key: "tagged", label: t("senders.col.tagged"), value: (r) => r.tagged,
      cell: (r) => (r.tags.length ? h("span", { class: "tag" }, r.tags.join(", "))
        : h("span", {}, h("span", { class: "muted" }, t("senders.untagged")), " ", registerButton(r, ctx, reload))) },
    { key: "indirect_pct", label: t("senders.col.indirect"), num: true, cell: (r) => pct(r.indirect_pct) },
    { key: "sources", label: t("col.sources"), sortable: false, value: (r) => r.source_count, cell: sourcesCell },
    { key: "reporters", label: t("senders.col.reporters"), sortable: false,
      value: (r) => (r.reporters || []).map((x) => x.name).join(" "),
      cell: (r) => (r.reporters || []).map((x) => x.name).join(", ") },
    { key: "fix", label: t("senders.col.fix"), sortable: false, value: (r) => (r.fixes || []).map((f) => f.text)
      .join(" "), cell: fixCell },
  ];
  const table = dataTable({
    columns, rows: data.rows || [], caption: t("senders.services"), sort: ctx.state.sort, page: ctx.state.page,
    onState: ctx.remember, emptyText: t("senders.empty"), rowKey: (r) => r.service || UNIDENTIFIED,
    rowClass: (r) => (r.service ? null : "untagged-row"),
    csv: analysisCsv(ctx, "senders", { lang: language() }),
  });
  table.dataset.loaded = "senders";
  return h("div", {}, h("p", { class: "muted" }, t("senders.explain", { pct: pct(data.named_pct || 0) })), table);
}

function selectorsBlock(data, ctx) {
  const columns = [
    { key: "domain", label: "d=", rowHeader: true, cell: (r) => h("code", {}, r.domain) },
    { key: "selector", label: t("senders.col.selector"), cell: (r) => h("code", {}, r.selector || "—") },
    { key: "own", label: t("senders.col.own"), value: (r) => (r.own ? 1 : 0),
      cell: (r) => (r.own ? t("senders.own_key") : t("senders.third_party")) },
    { key: "first_seen", label: t("senders.col.first_seen") },
    { key: "last_seen", label: t("senders.col.last_seen") },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "pass_pct", label: t("senders.col.pass_pct"), num: true, cell: (r) => pct(r.pass_pct) },
    { key: "services", label: t("senders.col.service"), value: (r) => r.services.join(" "),
      cell: (r) => r.services.map((s) => (s === "own" ? t("records.service_own") : s || "?")).join(", ") },
    { key: "records", label: t("view.records"), sortable: false,
      cell: (r) => recordsLink(ctx, { dkim_domain: r.domain }, t("senders.records_of_key", { value: r.domain })) },
  ];
  const table = dataTable({
    columns, rows: data.rows || [], caption: t("senders.selectors"), emptyText: t("senders.no_selectors"),
    rowKey: (r) => `${r.domain}/${r.selector}`, csv: analysisCsv(ctx, "selectors"),
  });
  table.dataset.loaded = "selectors";
  return h("div", {}, h("p", { class: "muted" }, t("senders.selectors_explain")), table);
}
