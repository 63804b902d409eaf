// Loading, empty and error states, and a small status line for actions ("Saved.", errors).
import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";

export function loading() {
  return h("div", { class: "state state-loading", role: "status", attrs: { "aria-live": "polite" } },
    h("span", { class: "spinner", attrs: { "aria-hidden": "true" } }), t("state.loading"));
}

export function empty(message) {
  return h("div", { class: "state state-empty", role: "status" }, message || t("state.empty"));
}

const EXPLAINED = new Set([401, 403, 404]); // no sign-in, not allowed by the role, not yours or not there

export function failure(error, retry) {
  const code = error && error.status;
  const status = code ? ` (HTTP ${code})` : "";
  return h("div", { class: "state state-error", role: "alert", dataset: code ? { status: String(code) } : undefined },
    h("strong", {}, t("state.error")), " ",
    h("span", { class: "error-detail" }, `${error && error.message ? error.message : String(error)}${status}`),
    EXPLAINED.has(code) ? h("span", { class: "error-hint" }, " ", t(`state.http_${code}`)) : null,
    retry ? h("button", { type: "button", class: "btn", onclick: retry }, t("action.retry")) : null);
}

/** A polite live region for the outcome of an action. */
export function notice() {
  const el = h("p", { class: "notice", role: "status", attrs: { "aria-live": "polite" } });
  el.show = (message, kind = "ok") => {
    el.textContent = message;
    el.className = `notice notice-${kind}`;
  };
  return el;
}

/** Runs `load()`, showing loading then the rendered result, an empty state or the error (with retry). */
export async function into(container, load, render) {
  replace(container, loading());
  try {
    const data = await load();
    replace(container, render(data));
  } catch (exc) {
    console.error(exc);
    replace(container, failure(exc, () => into(container, load, render)));
  }
}
