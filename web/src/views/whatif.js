// What if: a policy (p, sp, np, t, adkim, aspf) replayed over the period through the simulate API; the outcomes,
// the hit mail split own / forwarded / unregistered, and the tables by tag, service, subdomain and reporter.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { num, pct, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { failure, loading } from "../ui/states.js";
import { card, section } from "./common.js";

const LEVELS = ["none", "quarantine", "reject"];
const FIELDS = [["p", LEVELS], ["sp", ["", ...LEVELS]], ["np", ["", ...LEVELS]], ["t", ["n", "y"]],
  ["adkim", ["r", "s"]], ["aspf", ["r", "s"]]];

function initial(proposal) {
  const p = proposal || {};
  return { p: p.p || "none", sp: p.sp || "", np: p.np || "", t: p.t ? "y" : "n", adkim: p.adkim || "r",
    aspf: p.aspf || "r" };
}

export function whatIfBlock(ctx, proposal) {
  const values = initial(proposal);
  const out = h("div", { class: "whatif-result", attrs: { "aria-live": "polite" } });
  const selects = FIELDS.map(([name, options]) => h("label", { class: "field" },
    h("span", {}, t(`whatif.field.${name}`)),
    h("select", { name, dataset: { field: name } }, options.map((o) => h("option", { value: o,
      selected: values[name] === o }, o === "" ? t("whatif.inherit") : o)))));
  const form = h("form", { class: "whatif-form", dataset: { form: "whatif" }, onsubmit: (event) => {
    event.preventDefault();
    run(ctx, form, out);
  } }, selects, h("button", { type: "submit", class: "btn" }, t("whatif.run")));
  run(ctx, form, out);
  return section(t("whatif.title"), h("p", { class: "muted" }, t("whatif.explain")), form, out);
}

async function run(ctx, form, out) {
  const params = { from: ctx.range.from, to: ctx.range.to };
  for (const [name] of FIELDS) params[name] = form.elements[name].value;
  // "(inherit)" is the RFC 9989 default (sp from p, np from sp): said explicitly, since the API fills a field
  // left out from the published policy.
  params.sp = params.sp || params.p;
  params.np = params.np || params.sp;
  replace(out, loading());
  try {
    const data = await api.get(endpoints.analysis(ctx.domain, "simulate"), params);
    replace(out, result(data));
  } catch (exc) {
    replace(out, failure(exc, () => run(ctx, form, out)));
  }
}

function hitCard(label, outcomes, figure) {
  const o = outcomes || {};
  const hit = (o.quarantine || 0) + (o.reject || 0);
  const all = hit + (o.none || 0) + (o.unknown || 0);
  return card(label, h("span", {}, num(hit), " ", h("span", { class: "pct" }, `(${pct(all ? (100 * hit) / all : 0)})`)),
    { figure, tone: figure === "whatif_own" && hit ? "bad" : undefined,
      sub: t("whatif.split", { quarantine: num(o.quarantine || 0), reject: num(o.reject || 0) }) });
}

function rows(name, list) {
  const columns = [
    { key: "name", label: t(`whatif.col.${name}`), rowHeader: true },
    { key: "messages", label: t("col.messages"), num: true },
    { key: "quarantine", label: t("whatif.outcome.quarantine"), num: true },
    { key: "reject", label: t("whatif.outcome.reject"), num: true },
    { key: "hit", label: t("plan.col.hit"), num: true },
    { key: "hit_pct", label: t("readiness.hit_pct"), num: true, cell: (r) => pct(r.hit_pct) },
  ];
  const table = dataTable({ columns, rows: list || [], caption: t(`whatif.by.${name}`), rowKey: (r) => r.name,
    emptyText: t("senders.empty") });
  table.dataset.table = name;
  return table;
}

function result(data) {
  const o = data.outcomes || {};
  return h("div", { dataset: { loaded: "whatif" } },
    h("div", { class: "cards" },
      card(t("whatif.outcome.none"), num(o.none || 0), { figure: "whatif_none" }),
      card(t("whatif.outcome.quarantine"), num(o.quarantine || 0), { figure: "whatif_quarantine" }),
      card(t("whatif.outcome.reject"), num(o.reject || 0), { figure: "whatif_reject" })),
    h("div", { class: "cards" },
      hitCard(t("whatif.own"), data.own, "whatif_own"),
      hitCard(t("whatif.forwarded"), data.forwarded, "whatif_forwarded"),
      hitCard(t("whatif.unregistered"), data.unregistered, "whatif_unregistered")),
    rows("tag", data.by_tag), rows("service", data.by_service), rows("subdomain", data.by_subdomain),
    rows("reporter", data.by_reporter));
}
