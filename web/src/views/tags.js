// Per tag: volume, SPF / DKIM / DMARC pass and fail and failure patterns for each registry tag; unregistered
// sources as their own row. Sortable, paged, downloadable.
import { h } from "../dom.js";
import { num, pct, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, fetchAnalysis } from "./common.js";
import { recordsLink } from "./drill.js";

export function tagsView(ctx) {
  const box = h("div", { class: "view view-tags" });
  into(box, () => fetchAnalysis(ctx, "tags"), (data) => render(data, ctx));
  return box;
}

function tagLabel(row) {
  return row.tag === null || row.tag === undefined ? t("tags.untagged") : row.tag;
}

function render(data, ctx) {
  const p = (i) => (r) => (r.patterns || [])[i] || 0;
  const named = ctx.state.tag; // a deep link (an alert on one tag) shows that tag only, marked
  const columns = [
    { key: "tag", label: t("col.tag"), rowHeader: true, value: tagLabel, csv: tagLabel,
      cell: (r) => h("span", { class: r.tag === null || r.tag === undefined ? "untagged" : "tag" }, tagLabel(r)) },
    { key: "records", label: t("view.records"), sortable: false, cell: (r) => (r.tag === null || r.tag === undefined
      ? recordsLink(ctx, { tag: "(untagged)" }, t("records.of_untagged"))
      : recordsLink(ctx, { tag: r.tag }, t("records.of_tag", { tag: r.tag }))) },
    { key: "sources", label: t("col.sources"), num: true },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "pct", label: "%", num: true, cell: (r) => pct(r.pct) },
    { key: "spf_pass", label: t("col.spf_pass"), num: true },
    { key: "spf_fail", label: t("col.spf_fail"), num: true },
    { key: "dkim_pass", label: t("col.dkim_pass"), num: true },
    { key: "dkim_fail", label: t("col.dkim_fail"), num: true },
    { key: "dmarc_pass", label: t("col.dmarc_pass"), num: true },
    { key: "dmarc_fail", label: t("col.dmarc_fail"), num: true },
    { key: "dmarc_pass_pct", label: t("col.dmarc_pass_pct"), num: true, cell: (r) => pct(r.dmarc_pass_pct) },
    ...[0, 1, 2, 3].map((i) => ({ key: `p${i + 1}`, label: t("col.pattern_n", { n: i + 1 }), num: true,
      value: p(i), cell: (r) => num(p(i)(r)), csv: p(i), title: t("patterns.advice_for", { n: i + 1 }) })),
  ];
  const all = data.rows || [];
  const rows = named ? all.filter((r) => r.tag === named) : all;
  const table = dataTable({
    columns, rows, caption: t("view.tags"), sort: ctx.state.sort, page: ctx.state.page,
    onState: ctx.remember, emptyText: named ? t("tags.not_found", { tag: named }) : t("tags.empty"),
    rowClass: (r) => (r.tag === null || r.tag === undefined ? "untagged-row" : named ? "linked-row" : null),
    rowKey: (r) => (r.tag === null || r.tag === undefined ? "" : r.tag),
    csv: analysisCsv(ctx, "tags"),
  });
  table.dataset.loaded = "tags";
  const filter = named ? h("p", { class: "notice notice-warn filter-note", role: "status", dataset: { filter: named } },
    t("tags.filtered", { tag: named }), " ",
    h("a", { href: ctx.link({ view: "tags", tag: "" }), onclick: ctx.follow({ view: "tags", tag: "" }) },
      t("tags.show_all", { count: num(all.length) }))) : null;
  return h("div", {}, h("p", { class: "muted" }, t("tags.explain")), filter, table);
}
