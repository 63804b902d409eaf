// Mailbox-provider requirements (the senders view): per provider (Gmail, Yahoo, Outlook.com, by the reporter) the
// mail that fails what it requires of bulk senders, whether the domain is one, what it refuses now and the senders
// to fix; then per sending service: the requirement it misses, where, from which sources, and the fix.
import { h } from "../dom.js";
import { language, num, pct, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, fetchAnalysis, section } from "./common.js";

export function providersSection(ctx) {
  const body = h("div", {});
  into(body, () => fetchAnalysis(ctx, "providers", { lang: language() }), (data) => render(data, ctx));
  return section(t("providers.title"), body);
}

const missText = (misses) => misses.map((m) => `${t(`providers.req.${m.requirement}`)} (${num(m.messages)})`)
  .join(", ") || "—";

function providerTable(data, ctx) {
  const columns = [
    { key: "name", label: t("providers.col.provider"), rowHeader: true,
      cell: (p) => h("span", { dataset: { provider: p.provider } }, p.name) },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "compliant", label: t("providers.col.compliant"), num: true },
    { key: "non_compliant", label: t("providers.col.non_compliant"), num: true,
      cell: (p) => h("span", { class: p.non_compliant ? "bad" : null, dataset: { figure: "non_compliant" } },
        `${num(p.non_compliant)} (${pct(p.non_compliant_pct)})`) },
    { key: "peak_daily", label: t("providers.col.peak"), num: true },
    { key: "bulk", label: t("providers.col.bulk"), value: (p) => (p.bulk ? 1 : 0),
      cell: (p) => (p.bulk ? t("common.yes") : t("common.no")) },
    { key: "refused", label: t("providers.col.refused"), num: true,
      cell: (p) => h("span", { dataset: { figure: "refused" } }, num(p.refused)) },
    { key: "reply", label: t("providers.col.reply"), sortable: false,
      cell: (p) => h("span", {}, t(`providers.action.${p.action}`), p.smtp_reply ? [" ", h("code", {}, p.smtp_reply)]
        : null) },
    { key: "to_fix", label: t("providers.col.to_fix"), sortable: false,
      cell: (p) => p.senders.filter((s) => s.non_compliant).slice(0, 3)
        .map((s) => `${s.name}: ${missText(s.missing)}`).join(" / ") || "—" },
    { key: "sources", label: t("providers.sources"), sortable: false,
      cell: (p) => h("ul", { class: "plain-list" }, p.sources.filter((s) => s.startsWith("docs: "))
        .map((s) => { const url = s.slice(6).split(" ")[0]; return h("li", {}, h("a", { href: url, target: "_blank",
          rel: "noopener" }, new URL(url).hostname)); })) },
  ];
  const table = dataTable({ columns, rows: data.providers, caption: t("providers.title"),
    rowKey: (p) => p.provider, csv: analysisCsv(ctx, "providers", { lang: language(), table: "providers" }) });
  table.dataset.loaded = "providers";
  return table;
}

function sendersTable(data, ctx) {
  const columns = [
    { key: "name", label: t("senders.col.service"), rowHeader: true,
      cell: (s) => h("span", { dataset: { service: s.service } }, s.name) },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "compliant_pct", label: `${t("providers.col.compliant")} %`, num: true, cell: (s) => pct(s.compliant_pct) },
    { key: "non_compliant", label: t("providers.col.non_compliant"), num: true },
    { key: "missing", label: t("providers.col.missing"), sortable: false, cell: (s) => missText(s.missing) },
    { key: "by_provider", label: t("providers.col.by_provider"), sortable: false,
      cell: (s) => s.by_provider.map((n) => `${n.name} (${num(n.messages)})`).join(", ") || "—" },
    { key: "sources", label: t("providers.col.sources"), sortable: false,
      cell: (s) => s.sources.map((n) => `${n.name} (${num(n.messages)})`).join(", ") || "—" },
    { key: "fix", label: t("senders.col.fix"), sortable: false,
      cell: (s) => (s.fixes.length ? h("div", { class: "fix" }, s.fixes.map((f) => h("p", {}, f.text)))
        : h("span", { class: "muted" }, "—")) },
  ];
  const table = dataTable({ columns, rows: data.senders, caption: t("providers.senders"),
    // keys apart from the services table's (both tables are on the page)
    emptyText: t("providers.senders_empty"), rowKey: (s) => `compliance:${s.service || "(unknown)"}`,
    rowClass: (s) => (s.non_compliant ? "untagged-row" : null),
    csv: analysisCsv(ctx, "providers", { lang: language(), table: "senders" }) });
  table.dataset.loaded = "provider-senders";
  return table;
}

function render(data, ctx) {
  const bulk = data.providers.length ? data.providers[0].bulk_per_day : 5000;
  return h("div", {}, h("p", { class: "muted" }, t("providers.explain", { bulk: num(bulk) })),
    providerTable(data, ctx), h("h4", {}, t("providers.senders")), sendersTable(data, ctx));
}
