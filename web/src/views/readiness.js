// Policy readiness, as a plan: the stages from p=none to p=reject with the current and the next one, the next
// step's criteria, the senders to fix and the record to publish (plan.js); a what-if form over the simulate API
// (whatif.js); and, as before, the failing mail per tag if the policy were enforced today.
import { h, replace } from "../dom.js";
import { language, num, pct, t, tn } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, card, countPct, fetchAnalysis, okNg, section } from "./common.js";
import { recordsLink } from "./drill.js";
import { planBlock } from "./plan.js";
import { whatIfBlock } from "./whatif.js";

export function readinessView(ctx) {
  const box = h("div", { class: "view view-readiness" });
  const plan = h("div", {});
  const whatIf = h("div", {});
  const perTag = h("div", {});
  box.append(plan, whatIf, perTag);
  const lang = language();
  into(plan, () => fetchAnalysis(ctx, "plan", { lang }), (data) => {
    replace(whatIf, whatIfBlock(ctx, data.proposal));
    return planBlock(data, ctx, lang);
  });
  into(perTag, () => fetchAnalysis(ctx, "readiness"), (data) => section(t("readiness.if_enforced"), render(data, ctx)));
  return box;
}

function render(data, ctx) {
  const verdict = ["ready", "not_ready", "no_data"].includes(data.verdict) ? data.verdict : "no_data";
  const p = (i) => (r) => (r.patterns || [])[i] || 0;
  const columns = [
    { key: "tag", label: t("col.tag"), rowHeader: true, cell: (r) => h("span", { class: "tag" }, r.tag) },
    { key: "records", label: t("view.records"), sortable: false,
      cell: (r) => recordsLink(ctx, { tag: r.tag, dmarc: "fail" }, t("records.of_hit", { tag: r.tag })) },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "would_be_hit", label: t("readiness.would_be_hit"), num: true },
    { key: "hit_pct", label: t("readiness.hit_pct"), num: true, cell: (r) => pct(r.hit_pct) },
    ...[0, 1, 2, 3].map((i) => ({ key: `p${i + 1}`, label: t("col.pattern_n", { n: i + 1 }), num: true,
      value: p(i), cell: (r) => num(p(i)(r)), title: t("patterns.advice_for", { n: i + 1 }) })),
    { key: "blocking", label: t("readiness.blocking"), value: (r) => (r.blocking ? 1 : 0),
      cell: (r) => (r.blocking ? h("span", { class: "badge ng" }, t("readiness.blocks"))
        : okNg(true)) },
  ];
  const table = dataTable({ columns, rows: data.tags || [], caption: t("readiness.per_tag"), sort: ctx.state.sort,
    page: ctx.state.page,
    onState: ctx.remember, emptyText: t("readiness.no_tags"), csv: analysisCsv(ctx, "readiness") });
  return h("div", { dataset: { loaded: "readiness" } },
    h("div", { class: ["verdict", `verdict-${verdict}`], role: "status", dataset: { verdict } },
      h("strong", {}, t(`readiness.verdict.${verdict}`)), " ",
      h("span", {}, verdict === "not_ready"
        ? t("readiness.blocking_tags", { tags: (data.blocking_tags || []).join(", ") })
        : t(`readiness.verdict_hint.${verdict}`, { tolerance: data.tolerance_pct }))),
    h("div", { class: "cards" },
      card(t("readiness.own"), countPct(data.own_hit, data.own_hit_pct), { figure: "own_hit",
        sub: tn("readiness.of_own", data.own_messages), tone: data.own_hit ? "bad" : "good" }),
      card(t("readiness.unregistered"), countPct(data.unregistered_hit, data.unregistered_hit_pct),
        { figure: "unregistered_hit", sub: tn("readiness.of_unregistered", data.unregistered_messages) })),
    h("p", { class: "muted" }, t("readiness.explain", { tolerance: data.tolerance_pct })),
    section(t("readiness.per_tag"), table));
}
