// Ingestion failures: one row per raw mail that yielded no report, or only part of its reports (kind, message,
// the mail's file name / Subject / From and its S3 key), newest first; filtered by day and kind; each row can be
// reprocessed (the same use case as `cli reprocess`) or dismissed.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { hasKey, num, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { failure, loading, notice } from "../ui/states.js";

const KINDS = ["failure_report", "tls_report", "not_a_report", "malformed", "unsupported_container",
  "limit_exceeded", "empty", "invalid_report", "missing_object", "conflict"];

export function failuresView(ctx) {
  const box = h("div", { class: "view view-failures" });
  const list = h("div", {});
  const status = notice();
  const rows = [];
  const more = h("button", { type: "button", class: "btn" }, t("failures.more"));
  let next = null;

  const from = h("input", { type: "date", id: "failures-from", name: "from" });
  const to = h("input", { type: "date", id: "failures-to", name: "to" });
  const kind = h("select", { id: "failures-kind", name: "kind" },
    h("option", { value: "" }, t("failures.any_kind")),
    KINDS.map((k) => h("option", { value: k }, kindName(k))));
  const filters = h("form", {
    class: "inline-form failure-filters",
    onsubmit: (e) => {
      e.preventDefault();
      reload();
    },
  }, h("label", { htmlFor: "failures-from" }, t("range.from")), from,
  h("label", { htmlFor: "failures-to" }, t("range.to")), to,
  h("label", { htmlFor: "failures-kind" }, t("failures.filter_kind")), kind,
  h("button", { type: "submit", class: "btn btn-small" }, t("failures.filter")));

  async function reprocess(row, button) {
    button.disabled = true;
    try {
      const done = await api.post(endpoints.failureReprocess(row.id));
      const count = num(done.reports);
      if (done.resolved) {
        rows.splice(rows.indexOf(row), 1);
        status.show(t("failures.reprocessed_ok", { count }));
      } else {
        Object.assign(row, done.failure || {});
        status.show(t("failures.reprocessed_still", { count, kind: kindName(row.kind) }), "error");
      }
      draw();
    } catch (exc) {
      status.show(exc.message, "error");
    } finally {
      button.disabled = false;
    }
  }

  async function dismiss(row) {
    if (!window.confirm(t("failures.confirm_dismiss"))) return;
    try {
      await api.del(endpoints.failure(row.id));
      rows.splice(rows.indexOf(row), 1);
      status.show(t("failures.dismissed"));
      draw();
    } catch (exc) {
      status.show(exc.message, "error");
    }
  }

  function actions(row) {
    const again = h("button", { type: "button", class: "btn btn-small", dataset: { action: "reprocess" } },
      t("failures.reprocess"));
    again.addEventListener("click", () => reprocess(row, again));
    return h("div", { class: "row-actions" }, again,
      h("button", { type: "button", class: "btn btn-small btn-danger", dataset: { action: "dismiss" },
        onclick: () => dismiss(row) }, t("failures.dismiss")));
  }

  function draw() {
    const columns = [
      { key: "at", label: t("failures.at"), rowHeader: true, cell: (r) => (r.at || "").replace("T", " ").slice(0, 19) },
      { key: "kind", label: t("failures.kind"), cell: (r) => h("div", {},
        h("span", { class: "badge kind" }, kindName(r.kind)),
        r.partial ? h("div", { class: "badge partial" }, t("failures.partial", { count: num(r.reports) })) : null) },
      { key: "message", label: t("col.message"), cell: (r) => h("div", {},
        hasKey(`failures.reason.${r.kind}`) ? t(`failures.reason.${r.kind}`) : null,
        r.message ? h("div", { class: "muted small" }, r.message) : null) },
      { key: "source", label: t("failures.source"), sortable: false, cell: (r) => h("div", { class: "failure-source" },
        r.name ? h("div", {}, t("failures.name", { name: r.name })) : null,
        r.subject ? h("div", {}, t("failures.subject", { subject: r.subject })) : null,
        r.sender ? h("div", { class: "muted small" }, t("failures.sender", { sender: r.sender })) : null,
        h("code", { class: "wrap muted small" }, r.object_key)) },
      { key: "actions", label: t("failures.actions"), sortable: false, cell: actions },
    ];
    const table = dataTable({ columns, rows, sort: ctx.state.sort, page: ctx.state.page, onState: ctx.remember,
      caption: t("view.failures"), emptyText: t("failures.empty"), rowKey: (r) => r.id });
    table.dataset.loaded = "failures";
    replace(list, table, next ? more : null);
  }

  async function load() {
    more.disabled = true;
    try {
      const page = await api.get(endpoints.failures(), { limit: 200, next, from: from.value, to: to.value,
        kind: kind.value });
      rows.push(...(page.items || []));
      next = page.next || null;
      draw();
    } catch (exc) {
      replace(list, failure(exc, load));
    } finally {
      more.disabled = false;
    }
  }

  function reload() {
    rows.length = 0;
    next = null;
    replace(list, loading());
    load();
  }

  more.addEventListener("click", load);
  box.append(h("p", { class: "muted" }, t("failures.explain"), " ", t("failures.explain_partial")), filters, status,
    list);
  reload();
  return box;
}

function kindName(kind) {
  return KINDS.includes(kind) ? t(`failures.kind.${kind}`) : kind;
}
