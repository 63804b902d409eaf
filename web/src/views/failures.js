// Ingestion failures: raw mails that yielded no report (kind, message, raw object key), newest first.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { hasKey, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { failure, loading } from "../ui/states.js";

export function failuresView(ctx) {
  const box = h("div", { class: "view view-failures" });
  const rows = [];
  const more = h("button", { type: "button", class: "btn" }, t("failures.more"));
  let next = null;

  function draw() {
    const columns = [
      { key: "at", label: t("failures.at"), rowHeader: true, cell: (r) => (r.at || "").replace("T", " ").slice(0, 19) },
      { key: "kind", label: t("failures.kind"), cell: (r) => h("span", { class: "badge kind" }, kindName(r.kind)) },
      { key: "message", label: t("col.message"), cell: (r) => h("div", {},
        hasKey(`failures.reason.${r.kind}`) ? t(`failures.reason.${r.kind}`) : null,
        r.message ? h("div", { class: "muted small" }, r.message) : null) },
      { key: "object_key", label: t("failures.object_key"), cell: (r) => h("code", { class: "wrap" }, r.object_key) },
    ];
    const table = dataTable({ columns, rows, sort: ctx.state.sort, page: ctx.state.page, onState: ctx.remember,
      caption: t("view.failures"), emptyText: t("failures.empty") });
    table.dataset.loaded = "failures";
    replace(box, h("p", { class: "muted" }, t("failures.explain")), table, next ? more : null);
  }

  async function load() {
    more.disabled = true;
    try {
      const page = await api.get(endpoints.failures(), { limit: 200, next });
      rows.push(...(page.items || []));
      next = page.next || null;
      draw();
    } catch (exc) {
      replace(box, failure(exc, load));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", load);
  box.append(loading());
  load();
  return box;
}

const KINDS = ["failure_report", "tls_report", "not_a_report", "malformed", "unsupported_container",
  "limit_exceeded", "empty", "invalid_report", "missing_object"];

function kindName(kind) {
  return KINDS.includes(kind) ? t(`failures.kind.${kind}`) : kind;
}
