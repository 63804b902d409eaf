// Bulk onboarding: a CSV of domains (a file or pasted text; `domain[,display_name]` per line), all or nothing;
// the answer lists, for each domain, the DNS records to publish, each value with a copy button. Bad lines are
// listed with their line number, as the registry import lists them.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { errorText, num, t } from "../i18n/index.js";
import { displayDomain } from "../idn.js";
import { dnsTable } from "./domains.js";
import { lineErrors } from "./registry.js";

/** `onDone` runs after domains were added (the portfolio reloads its table). */
export function onboardingForm(ctx, onDone) {
  const result = h("div", { class: "onboarding-result", attrs: { "aria-live": "polite" } });
  const file = h("input", { type: "file", id: "onboard-file", accept: ".csv,.txt,text/csv,text/plain" });
  const text = h("textarea", { id: "onboard-text", rows: 6, attrs: { spellcheck: "false" },
    placeholder: "domain,display_name\nexample.com,Example Inc.\nexample.net" });
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, t("onboarding.submit"));
  return h("form", {
    class: "onboarding-form",
    onsubmit: async (e) => {
      e.preventDefault();
      const body = file.files && file.files[0] ? await file.files[0].arrayBuffer() : text.value;
      if (!body || (typeof body === "string" && !body.trim())) return;
      submit.disabled = true;
      try {
        const out = await api.postText(endpoints.onboarding(), body, "text/csv");
        showDone(result, out);
        await ctx.refreshDomains();
        if (onDone && out.added) onDone();
      } catch (exc) {
        showErrors(result, exc.body && typeof exc.body === "object" && exc.body.error ? exc.body
          : { text: exc.message });
      } finally {
        submit.disabled = false;
      }
    },
  },
  h("p", { class: "muted" }, t("onboarding.hint")),
  h("div", { class: "field" }, h("label", { htmlFor: "onboard-file" }, t("onboarding.file")), file),
  h("div", { class: "field" }, h("label", { htmlFor: "onboard-text" }, t("onboarding.text")), text),
  h("div", { class: "form-actions" }, submit), result);
}

function showDone(el, out) {
  const items = out.items || [];
  replace(el,
    h("p", { class: "notice notice-ok", role: "status" },
      t("onboarding.done", { added: num(out.added || 0), existing: num(out.existing || 0) })),
    h("p", { class: "muted" }, t("onboarding.records_hint")),
    items.map((d) => h("div", { class: "onboarded", dataset: { domain: d.domain } },
      h("h4", {}, displayDomain(d.domain), d.display_name ? ` — ${d.display_name}` : "", " ",
        h("span", { class: ["badge", d.added ? "ok" : "muted"] }, d.added ? t("onboarding.added")
          : t("onboarding.existing"))),
      dnsTable(d.records || [], { copy: true }))));
}

function showErrors(el, out) {
  replace(el, h("p", { class: "notice notice-error", role: "alert" }, out.text || errorText(out)), lineErrors(out));
}
