// Error patterns: the four DMARC failure patterns with OK/NG per check, totals split into tagged (your own
// senders) and possible spoofing, and the advice for a pattern one click away (?pattern=N keeps it open).
// Messages of unknown DMARC result (no verdict, no authentication results) get their own row, when there are any.
import { append, h, replace } from "../dom.js";
import { language, num, pct, t } from "../i18n/index.js";
import { into } from "../ui/states.js";
import { analysisCsv, card, countPct, fetchAnalysis, forwardedNote, okNg, PATTERN_CHECKS, patternTitle, section }
  from "./common.js";
import { recordsLink } from "./drill.js";

export function patternsView(ctx) {
  const box = h("div", { class: "view view-patterns" });
  into(box, () => fetchAnalysis(ctx, "patterns"), (data) => render(data, ctx));
  return box;
}

function render(data, ctx) {
  const rows = data.rows || [];
  const advice = h("div", { class: "advice-slot", attrs: { "aria-live": "polite" } });
  const buttons = new Map();
  let open = Number(ctx.state.pattern) || 0;

  function show(n) {
    open = open === n ? 0 : n;
    for (const [k, b] of buttons) b.setAttribute("aria-expanded", String(k === open));
    const row = rows.find((r) => Number(r.pattern) === open);
    replace(advice, row ? advicePanel(row, ctx) : "");
    ctx.remember({ pattern: open ? String(open) : "" });
    if (row) advice.querySelector("h3")?.focus();
  }

  const labels = [t("col.pattern"), t("col.spf_auth"), t("col.dmarc_spf"), t("col.dkim_auth"), t("col.dmarc_dkim"),
    t("col.total"), t("col.tagged"), t("col.spoofing"), t("patterns.advice")];
  // each cell names its column (the phone's card layout shows it)
  const cells = (...tds) => tds.map((td, i) => {
    if (td.tagName === "TD" && i < labels.length - 1) td.dataset.label = labels[i];
    return td;
  });
  const body = rows.map((r) => {
    const n = Number(r.pattern);
    const checks = PATTERN_CHECKS[n] || { spf: false, dkim: false };
    const button = h("button", {
      type: "button", class: "btn btn-small advice-btn", dataset: { pattern: String(n) },
      attrs: { "aria-expanded": String(open === n), "aria-controls": "advice-panel" },
      onclick: () => show(n),
    }, t("patterns.advice"));
    buttons.set(n, button);
    return h("tr", { dataset: { pattern: String(n) } }, cells(
      h("th", { scope: "row", class: "pattern-name" }, h("span", { class: "pattern-no" }, String(n)), " ",
        h("span", { class: "pattern-title" }, patternTitle(r))),
      h("td", { class: "flag" }, okNg(checks.spf)),
      h("td", { class: "flag" }, okNg(false)),
      h("td", { class: "flag" }, okNg(checks.dkim)),
      h("td", { class: "flag" }, okNg(false)),
      h("td", { class: "num", dataset: { col: "total" } }, countPct(r.messages, r.pct)),
      h("td", { class: "num", dataset: { col: "tagged" } }, countPct(r.tagged, r.tagged_pct)),
      h("td", { class: "num", dataset: { col: "spoofing" } }, countPct(r.spoofing, r.spoofing_pct)),
      h("td", { class: "cell-action" }, button, " ",
        recordsLink(ctx, { pattern: String(n) }, t("records.of_pattern", { n })))));
  });
  const summaryRow = (cls, key, label, flags, count, share, records) => {
    const tr = h("tr", { class: cls, dataset: { pattern: key } },
      h("th", { scope: "row" }, label),
      h("td", { class: "flag span-flags", colSpan: 4 }, flags),
      h("td", { class: "num", dataset: { col: "total", label: labels[5] } }, countPct(count, share)),
      h("td", { class: "num empty-cell", dataset: { label: labels[6] } }, "—"),
      h("td", { class: "num empty-cell", dataset: { label: labels[7] } }, "—"),
      h("td", { class: "cell-action" }, records));
    return tr;
  };
  const passRow = summaryRow("pass-row", "0", t("patterns.pass_row"), t("patterns.pass_flags"), data.dmarc_pass,
    data.dmarc_pass_pct, recordsLink(ctx, { pattern: "0" }, t("records.of_pass")));
  const unknownRow = data.unknown ? summaryRow("unknown-row", "unknown", t("patterns.unknown_row"),
    t("patterns.unknown_flags"), data.unknown, data.unknown_pct,
    recordsLink(ctx, { pattern: "5" }, t("records.of_unknown"))) : null;

  const table = h("table", { class: "data patterns cardable", dataset: { loaded: "patterns" } },
    h("caption", { class: "sr-only" }, t("view.patterns")),
    h("thead", {}, h("tr", {},
      labels.map((label, i) => h("th", { scope: "col", class: i >= 5 && i <= 7 ? "num" : null }, label)))),
    h("tbody", {}, passRow, body, unknownRow));

  if (open) {
    const row = rows.find((r) => Number(r.pattern) === open);
    if (row) advice.append(advicePanel(row, ctx));
  }
  return h("div", {},
    h("div", { class: "cards" },
      card(t("overview.messages"), num(data.messages), { figure: "messages" }),
      card(t("patterns.fail"), countPct(data.dmarc_fail, data.dmarc_fail_pct), { figure: "dmarc_fail" }),
      card(t("col.tagged"), countPct(data.tagged_fail, data.tagged_fail_pct), { figure: "tagged_fail",
        sub: t("patterns.tagged_hint") }),
      card(t("col.spoofing"), countPct(data.spoofing_fail, data.spoofing_fail_pct), { figure: "spoofing_fail",
        sub: t("patterns.spoofing_hint") })),
    forwardedNote(data),
    section(null, h("div", { class: "table-tools" }, h("p", { class: "muted" }, t("patterns.explain")),
      h("button", { type: "button", class: "btn btn-small", onclick: analysisCsv(ctx, "patterns", { lang: language() }) },
        t("action.csv"))),
      h("div", { class: "table-scroll", tabIndex: 0, attrs: { role: "region", "aria-label": t("view.patterns") } },
        table)),
    advice);
}

function advicePanel(row, ctx) {
  const a = row.advice ? row.advice[language()] || row.advice.en : null;
  const n = Number(row.pattern);
  const panel = h("section", { class: "panel advice", id: "advice-panel", dataset: { advice: String(n) } },
    h("h3", { tabIndex: -1 }, t("patterns.advice_for", { n }), " — ", patternTitle(row)));
  if (!a) return panel;
  append(panel, [
    h("h4", {}, t("advice.cause")), h("p", {}, a.cause),
    h("h4", {}, t("advice.confirm")), h("ol", {}, (a.confirm || []).map((s, i) => h("li", {},
      // the step that asks to open the rows behind the pattern opens exactly those records
      i === a.records_step ? recordsLink(ctx, { pattern: String(n) }, s, s) : s))),
    h("h4", {}, t("advice.fix")), h("ol", {}, (a.fix || []).map((s) => h("li", {}, s))),
    a.forwarders ? [h("h4", {}, t("advice.forwarders")), h("p", {}, a.forwarders)] : null]);
  if (row.tags && row.tags.length) {
    append(panel, [h("h4", {}, t("patterns.tags_in_pattern")),
      h("ul", { class: "tag-list" }, row.tags.map((tg) => h("li", {}, h("span", { class: "tag" }, tg.name), " ",
        num(tg.messages))))]);
  }
  return panel;
}
