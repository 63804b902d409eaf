// Pieces shared by the views: figure cards, OK/NG badges, the analysis fetch with the URL's range.
import { api, downloadCsv } from "../api.js";
import { h } from "../dom.js";
import { hasKey, language, num, pct, t } from "../i18n/index.js";
import { endpoints } from "../endpoints.js";

export function fetchAnalysis(ctx, name, extra) {
  return api.get(endpoints.analysis(ctx.domain, name), { from: ctx.range.from, to: ctx.range.to, ...extra });
}

/** The API's CSV of an analysis (UTF-8 with BOM) saved as a file; errors go to `onError`. */
export function analysisCsv(ctx, name, extra, onError) {
  return () => downloadCsv(endpoints.analysis(ctx.domain, name),
    { from: ctx.range.from, to: ctx.range.to, format: "csv", ...extra },
    `aligned-${ctx.domain}-${name}-${ctx.range.from}-${ctx.range.to}.csv`).catch((exc) => {
    if (onError) onError(exc);
    else window.alert(exc.message);
  });
}

/** A figure card; `figure` names it for tests and for the eye (data-figure). */
export function card(label, value, { figure, sub, tone } = {}) {
  return h("div", { class: ["card", tone ? `tone-${tone}` : null], dataset: figure ? { figure } : undefined },
    h("div", { class: "card-label" }, label),
    h("div", { class: "card-value" }, value),
    sub ? h("div", { class: "card-sub" }, sub) : null);
}

export function countPct(count, percent) {
  return h("span", { class: "count-pct" }, h("span", { class: "count" }, num(count)), " ",
    h("span", { class: "pct" }, `(${pct(percent)})`));
}

/** OK / NG as text and a mark, never by colour alone. */
export function okNg(ok) {
  return h("span", { class: ["badge", ok ? "ok" : "ng"] }, ok ? "OK" : "NG"); // + a mark (style.css)
}

export function policyBadge(p) {
  const value = ["none", "quarantine", "reject"].includes(p) ? p : "unknown";
  return h("span", { class: ["policy", `policy-${value}`], dataset: { policy: value } },
    value === "unknown" ? t("policy.unknown") : t(`policy.${value}`));
}

export function section(title, ...children) {
  return h("section", { class: "panel" }, title ? h("h3", {}, title) : null, ...children);
}

/** Pattern 1-4 -> which checks pass (the table's OK/NG columns). DMARC alignment fails in all four. */
export const PATTERN_CHECKS = {
  1: { spf: true, dkim: true },
  2: { spf: false, dkim: true },
  3: { spf: true, dkim: false },
  4: { spf: false, dkim: false },
};

/** A failure pattern's title, from the API's advice (the CSV's "title" column comes from the same text): one
 * source for the label in both languages. */
export function patternTitle(row) {
  const advice = row && row.advice ? row.advice[language()] || row.advice.en : null;
  return advice && advice.title ? advice.title : t("patterns.advice_for", { n: row ? row.pattern : "?" });
}

/** The failing mail that came indirectly (forwarded, mailing lists): counted apart, never possible spoofing. */
export function forwardedNote(data) {
  if (!data.forwarded) return null;
  const via = (data.forwarded_via || []).map((v) => {
    const [route, service] = String(v.name).split(" ");
    const how = hasKey(`route.${route}`) ? t(`route.${route}`) : route;
    return `${how}${service ? ` (${service})` : ""}: ${num(v.messages)}`;
  }).join(" / ");
  return h("p", { class: "notice forwarded", dataset: { figure: "forwarded" } },
    t("forwarded.line", { count: num(data.forwarded), pct: pct(data.forwarded_pct) }), via ? ` — ${via}` : "");
}
