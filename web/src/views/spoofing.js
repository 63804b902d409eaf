// Possible spoofing: unregistered source IPs by volume with what they claimed to be. "Register this IP"
// opens the registry form prefilled with the address, with a picker of the tags already in use.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { num, pct, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, card, countPct, fetchAnalysis, forwardedNote } from "./common.js";
import { recordsLink } from "./drill.js";
import { entryForm, registryEntries } from "./registry.js";

const FETCH_LIMIT = 1000;

export function spoofingView(ctx) {
  const box = h("div", { class: "view view-spoofing" });
  into(box, () => fetchAnalysis(ctx, "spoofing", { offset: 0, limit: FETCH_LIMIT }), (data) => render(data, ctx));
  return box;
}

function list(values) {
  return (values || []).join(" ");
}


function render(data, ctx) {
  const items = data.items || [];
  const dialog = h("dialog", { class: "dialog", attrs: { "aria-labelledby": "register-title" } });
  const head = [
    { key: "source_ip", label: t("col.source_ip"), rowHeader: true,
      cell: (r) => h("code", { class: "ip" }, r.source_ip) },
    // the action next to the address it acts on, so it never scrolls out of sight on a narrower screen
    // the actions next to the address they act on (register it; open its records), in one column so the table
    // fits a 1366 px screen
    { key: "action", label: t("col.action"), sortable: false, cell: (r) => h("div", { class: "row-actions stacked" },
      h("button", { type: "button", class: "btn btn-small register-btn", dataset: { ip: r.source_ip },
        attrs: { "aria-label": t("spoofing.register_ip", { ip: r.source_ip }) }, // starts with the visible text
        onclick: () => openRegister(dialog, ctx, r.source_ip) }, t("spoofing.register")),
      recordsLink(ctx, { source_ip: r.source_ip, registered: "false" }, t("records.of_source", { ip: r.source_ip }))) },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "pct", label: "%", num: true, cell: (r) => pct(r.pct) },
    { key: "dmarc_fail", label: t("col.dmarc_fail"), num: true },
    { key: "spf_fail", label: t("col.spf_fail"), num: true },
    { key: "dkim_fail", label: t("col.dkim_fail"), num: true },
  ];
  const columns = [
    ...head,
    { key: "patterns", label: t("col.pattern"), value: (r) => dominant(r.patterns), cell: (r) => patternsCell(r.patterns) },
    { key: "identifiers", label: t("spoofing.identifiers"), value: (r) => list(r.header_from),
      cell: (r) => identifiers(r) },
    { key: "reporters", label: t("col.reporters"), value: (r) => (r.reporters || []).length,
      cell: (r) => h("span", { class: "reporters" }, (r.reporters || []).join(", ")) },
    { key: "last_day", label: t("spoofing.seen"), cell: (r) => h("span", {},
      h("span", { class: "nowrap" }, r.first_day), " – ", h("span", { class: "nowrap" }, r.last_day)) },
  ];
  const table = dataTable({
    columns, rows: items, caption: t("view.spoofing"), sort: ctx.state.sort, page: ctx.state.page,
    onState: ctx.remember, emptyText: t("spoofing.empty"), rowKey: (r) => r.source_ip,
    csv: analysisCsv(ctx, "spoofing"),
  });
  table.dataset.loaded = "spoofing";
  return h("div", {},
    h("div", { class: "cards" },
      card(t("spoofing.unregistered_messages"), countPct(data.unregistered_messages,
        data.messages ? (100 * data.unregistered_messages) / data.messages : 0), { figure: "unregistered_messages" }),
      card(t("spoofing.unregistered_fail"), num(data.unregistered_fail), { figure: "unregistered_fail" }),
      card(t("spoofing.sources"), num(data.sources), { figure: "sources" })),
    h("p", { class: "muted" }, t("spoofing.explain")),
    forwardedNote(data),
    data.sources > items.length ? h("p", { class: "notice notice-warn" },
      t("spoofing.truncated", { shown: num(items.length), total: num(data.sources) })) : null,
    table, dialog);
}

function dominant(patterns) {
  const values = patterns || [];
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return values[best] ? best + 1 : 0;
}

function patternsCell(patterns) {
  const parts = (patterns || []).map((n, i) => (n ? h("span", { class: "pattern-count" },
    h("span", { class: "pattern-no" }, String(i + 1)), num(n)) : null)).filter(Boolean);
  return parts.length ? h("span", { class: "pattern-counts" }, parts) : "—";
}

function identifiers(r) {
  const line = (label, values) => (values && values.length ? h("div", { class: "ident-line" },
    h("span", { class: "ident-label" }, label), " ", values.map((v) => h("span", { class: "ident" }, v))) : null);
  return h("div", { class: "idents" }, line(t("spoofing.from"), r.header_from),
    line(t("spoofing.mail_from"), r.envelope_from), line(t("spoofing.dkim"), r.dkim_domains));
}

async function openRegister(dialog, ctx, ip) {
  let tags = [];
  try {
    tags = [...new Set((await registryEntries(ctx.domain)).map((e) => e.tag).filter(Boolean))].sort();
  } catch {
    tags = [];
  }
  const cidr = ip.includes(":") ? `${ip}/128` : `${ip}/32`;
  const form = entryForm({
    entry: { cidr, tag: "", comment: "" }, tags,
    submitLabel: t("registry.add"),
    onSubmit: async (entry) => {
      await api.post(endpoints.registry(ctx.domain), entry);
      dialog.close();
      ctx.navigate({}, { keepView: true });
    },
    onCancel: () => dialog.close(),
  });
  replace(dialog, h("h3", { id: "register-title" }, t("spoofing.register_title", { ip })),
    h("p", { class: "muted" }, t("spoofing.register_hint")), form);
  dialog.showModal();
  form.querySelector("input[name=tag]")?.focus();
}
