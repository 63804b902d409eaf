// SMTP TLS reports (RFC 8460): is mail *to* the domain protected in transit? Sessions, success rate, failures
// by result type (with what to do), by receiving MX and by reporter, and the daily series.
import { h } from "../dom.js";
import { hasKey, num, pct, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, card, fetchAnalysis, section } from "./common.js";

export function tlsView(ctx) {
  const box = h("div", { class: "view view-tls" });
  into(box, () => fetchAnalysis(ctx, "tls"), (data) => render(data, ctx));
  return box;
}

function advice(resultType) {
  const key = `tls.advice.${resultType}`;
  return hasKey(key) ? t(key) : t("tls.advice.other");
}

function render(data, ctx) {
  const rate = data.success_pct === null || data.success_pct === undefined ? "-" : pct(data.success_pct);
  const results = dataTable({
    caption: t("tls.by_result"), rows: data.by_result || [], emptyText: t("tls.no_failures"),
    columns: [
      { key: "name", label: t("tls.result_type"), rowHeader: true, cell: (r) => h("code", {}, r.name) },
      { key: "sessions", label: t("tls.failed_sessions"), num: true },
      { key: "advice", label: t("tls.advice"), sortable: false, cell: (r) => h("span", { class: "advice" },
        advice(r.name)) },
    ],
  });
  const mx = dataTable({
    caption: t("tls.by_mx"), rows: data.by_mx || [], emptyText: t("tls.no_failures"),
    columns: [{ key: "name", label: t("tls.mx"), rowHeader: true },
      { key: "sessions", label: t("tls.failed_sessions"), num: true }],
  });
  const reporters = dataTable({
    caption: t("tls.by_reporter"), rows: data.by_reporter || [], emptyText: t("tls.no_reports"),
    columns: [{ key: "name", label: t("col.reporter"), rowHeader: true },
      { key: "reports", label: t("tls.reports"), num: true },
      { key: "success", label: t("tls.success"), num: true },
      { key: "failure", label: t("tls.failure"), num: true }],
  });
  const daily = dataTable({
    caption: t("tls.daily"), rows: data.daily || [], csv: analysisCsv(ctx, "tls"),
    columns: [{ key: "day", label: t("col.day"), rowHeader: true },
      { key: "success", label: t("tls.success"), num: true },
      { key: "failure", label: t("tls.failure"), num: true }],
  });
  return h("div", { dataset: { loaded: "tls" } },
    h("div", { class: "cards" },
      card(t("tls.sessions"), num(data.sessions || 0), { figure: "tls_sessions",
        sub: t("tls.reports_n", { n: num(data.reports || 0) }) }),
      card(t("tls.success_rate"), rate, { figure: "tls_success_pct",
        tone: data.failure ? "bad" : data.sessions ? "good" : null }),
      card(t("tls.failure"), num(data.failure || 0), { figure: "tls_failure", tone: data.failure ? "bad" : null })),
    data.reports ? null : h("p", { class: "muted", dataset: { empty: "tls" } }, t("tls.none_hint")),
    section(t("tls.by_result"), results),
    section(t("tls.by_mx"), mx),
    section(t("tls.by_reporter"), reporters),
    section(t("tls.daily"), daily));
}
