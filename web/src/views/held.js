// Held reports: reports whose mail is not authenticated (no SES verdict, DKIM/DMARC failed, or a From domain
// that does not match the reporter). They count in no analysis until accepted here; "trust this reporter"
// accepts every held report from that mail domain and trusts it from now on.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { hasKey, num, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { failure, loading, notice } from "../ui/states.js";

export function heldView(ctx) {
  const box = h("div", { class: "view view-held" });
  const status = notice();
  const trusted = h("div", { class: "trusted" });

  function reasonText(r) {
    const key = `held.reason.${r.reason}`;
    return hasKey(key) ? t(key, { from: r.from_domain || "—", org: r.org_name }) : r.reason;
  }

  async function act(promise, done) {
    try {
      const out = await promise;
      status.show(done(out), "ok");
      load();
    } catch (exc) {
      status.show(exc.message, "error");
    }
  }

  function actions(r) {
    return h("div", { class: "row-actions" },
      h("button", { type: "button", class: "btn", onclick: () => act(api.post(endpoints.heldAccept(r.id)),
        () => t("held.accepted", { report: r.report_id })) }, t("held.accept")),
      h("button", { type: "button", class: "btn", onclick: () => act(api.post(endpoints.heldReject(r.id)),
        () => t("held.rejected", { report: r.report_id })) }, t("held.reject")),
      r.from_domain ? h("button", { type: "button", class: "btn", onclick: () => {
        if (!window.confirm(t("held.confirm_trust", { domain: r.from_domain }))) return;
        act(api.post(endpoints.trustedReporters(), { domain: r.from_domain }),
          (out) => t("held.trusted", { domain: out.domain, count: num(out.accepted) }));
      } }, t("held.trust")) : null);
  }

  function draw(rows, reporters) {
    const columns = [
      { key: "org_name", label: t("held.reporter"), rowHeader: true },
      { key: "domain", label: t("domain.label") },
      { key: "begin", label: t("held.period"), cell: (r) => `${r.begin.slice(0, 10)} – ${r.end.slice(0, 10)}` },
      { key: "messages", label: t("col.messages"), num: true },
      { key: "from_domain", label: t("held.from"), cell: (r) => r.from_domain || "—" },
      { key: "reason", label: t("held.why"), cell: reasonText },
      { key: "id", label: t("col.action"), sortable: false, cell: actions },
    ];
    const table = dataTable({ columns, rows, sort: ctx.state.sort, page: ctx.state.page, onState: ctx.remember,
      emptyText: t("held.empty") });
    table.dataset.loaded = "held";
    replace(trusted, reporters.length ? h("p", { class: "muted" }, t("held.trusted_list", {
      domains: reporters.join(", ") })) : null);
    replace(box, h("p", { class: "muted" }, t("held.explain")), status, table, trusted);
  }

  async function load() {
    try {
      const [page, reporters] = await Promise.all([api.get(endpoints.heldReports(), { limit: 500 }),
        api.get(endpoints.trustedReporters())]);
      draw(page.items || [], reporters.items || []);
    } catch (exc) {
      replace(box, failure(exc, load));
    }
  }
  box.append(loading());
  load();
  return box;
}
