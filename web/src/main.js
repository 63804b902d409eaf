// The shell: configuration, sign-in, the header controls (domain, range, language), the view tabs and the
// router. Every piece of state is in the URL; navigation is pushState + re-render.
import { api, setApiBase } from "./api.js";
import { ensureSignedIn, localMode, setLocalToken, signedIn, signOut } from "./auth.js";
import { loadConfig } from "./config.js";
import { h, replace } from "./dom.js";
import { browserLanguage, errorText, language, setLanguage, t } from "./i18n/index.js";
import { displayDomain } from "./idn.js";
import { dayRange, DRILL_KEYS, PRESETS, rangeProblem, readState, stateUrl, VIEWS } from "./state.js";
import { failure, loading } from "./ui/states.js";
import { VIEW_RENDERERS } from "./views/index.js";
import { signInPrompt } from "./views/members.js";

const app = { state: null, domains: null, domainsError: null, me: null };
const NEEDS_DOMAIN = new Set(["overview", "patterns", "tags", "spoofing", "senders", "readiness", "records", "tls",
  "posture", "registry", "alerts"]);
const USES_RANGE = new Set(["overview", "patterns", "tags", "spoofing", "senders", "readiness", "records", "tls",
  "portfolio"]);

export function navigate(patch, { replaceHistory = false, keepView = false } = {}) {
  const next = { ...app.state, ...patch };
  if (!keepView && ("view" in patch || "domain" in patch || "from" in patch || "days" in patch)) {
    if (!("sort" in patch)) next.sort = "";
    if (!("page" in patch)) next.page = 1;
    if (!("pattern" in patch) && "view" in patch) next.pattern = "";
    if (!("tag" in patch) && "view" in patch) next.tag = "";
    if (!("focus" in patch)) next.focus = "";
    if ("view" in patch) for (const key of DRILL_KEYS) if (!(key in patch)) next[key] = "";
  }
  const url = stateUrl(next);
  if (replaceHistory) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

/** Keeps view-local options (sort, page) in the URL without re-rendering. */
export function remember(patch) {
  app.state = { ...app.state, ...patch };
  history.replaceState(null, "", stateUrl(app.state));
}

export async function refreshDomains() {
  try {
    const body = await api.get("/domains");
    app.domains = (Array.isArray(body) ? body : body.items || body.domains || [])
      .map((d) => (typeof d === "string" ? { domain: d } : { ...d, domain: d.name || d.domain }));
    app.domainsError = null;
  } catch (exc) {
    app.domains = [];
    app.domainsError = exc;
  }
  return app.domains;
}

function render() {
  app.state = readState();
  const lang = setLanguage(app.state.lang || browserLanguage());
  const state = app.state;
  if (!state.domain && app.domains && app.domains.length) {
    state.domain = app.domains[0].domain;
    history.replaceState(null, "", stateUrl(state));
  }
  document.title = `${t(`view.${state.view}`)} · Aligned`;
  const root = document.getElementById("app");
  const main = h("main", { id: "main", tabIndex: -1 });
  replace(root, 
    h("a", { class: "skip", href: "#main" }, t("nav.skip")),
    header(state, lang),
    tabs(state),
    main);
  const ctx = { state, range: dayRange(state), domain: state.domain, domains: app.domains || [], me: app.me, navigate,
    remember, refreshDomains, views: VIEWS, link: (patch) => stateUrl({ ...state, sort: "", page: 1, ...patch }),
    follow: link };
  const known = !state.domain || !app.domains || app.domains.some((d) => d.domain === state.domain);
  main.append(h("h2", { class: "view-title" }, t(`view.${state.view}`),
    NEEDS_DOMAIN.has(state.view) && state.domain && known ? h("span", { class: "view-domain",
      title: displayDomain(state.domain) !== state.domain ? state.domain : null }, displayDomain(state.domain))
      : null));
  if (app.domainsError && state.view !== "failures") {
    main.append(failure(app.domainsError, async () => {
      await refreshDomains();
      render();
    }));
    return;
  }
  if (NEEDS_DOMAIN.has(state.view) && !state.domain) {
    main.append(h("div", { class: "state state-empty", role: "status" }, t("domains.none"), " ",
      h("a", { href: stateUrl({ ...state, view: "domains" }), onclick: link({ view: "domains" }) },
        t("domains.add_first"))));
    return;
  }
  if (NEEDS_DOMAIN.has(state.view) && !known) {
    // the same words as the API's unknown_domain error, without asking it; the selector says "not set up"
    main.append(h("div", { class: "state state-error", role: "alert", dataset: { problem: "unknown_domain" } },
      h("span", { class: "error-detail" }, errorText({ error: "unknown_domain", params: { domain: state.domain } })),
      " ", h("a", { href: stateUrl({ ...state, view: "domains" }), onclick: link({ view: "domains" }) },
        t("domains.manage"))));
    return;
  }
  if (USES_RANGE.has(state.view) && state.rangeError) {
    main.append(h("div", { class: "state state-error", role: "alert", dataset: { problem: state.rangeError.error } },
      h("span", { class: "error-detail" }, rangeErrorText(state.rangeError)), " ",
      h("button", { type: "button", class: "btn", onclick: () => document.getElementById("range-from")?.focus() },
        t("range.fix"))));
    return;
  }
  main.append(VIEW_RENDERERS[state.view](ctx));
  if (state.focus) requestAnimationFrame(() => focusTarget(state.focus));
}

/** A deep link's `focus` (e.g. the reporters section an alert names): scrolled to, marked and focused. */
function focusTarget(name) {
  const target = document.querySelector(`[data-focus="${CSS.escape(name)}"]`);
  if (!target) {
    setTimeout(() => { if (document.querySelector(`[data-focus="${CSS.escape(name)}"]`)) focusTarget(name); }, 200);
    return;
  }
  target.classList.add("linked");
  target.tabIndex = -1;
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

function rangeErrorText(problem) {
  return t("error.field", { field: t(`range.${problem.field}`), text: errorText(problem, false) });
}

function link(patch) {
  return (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button) return;
    event.preventDefault();
    navigate(patch);
  };
}

function header(state, lang) {
  const range = dayRange(state);
  const domains = app.domains || [];
  const unknown = state.domain && !domains.some((d) => d.domain === state.domain);
  const domainSelect = h("select", {
    id: "domain-select", name: "domain",
    onchange: (e) => navigate({ domain: e.target.value }),
  }, unknown ? h("option", { value: state.domain, selected: true, disabled: true },
    t("domain.not_set_up", { domain: displayDomain(state.domain) })) : null,
  domains.map((d) => h("option", { value: d.domain, selected: d.domain === state.domain,
    title: displayDomain(d.domain) !== d.domain ? d.domain : null }, displayDomain(d.domain))));
  if (unknown) domainSelect.setAttribute("aria-invalid", "true");
  if (!domains.length) domainSelect.disabled = true;

  const presets = h("div", { class: "segmented", role: "group", attrs: { "aria-label": t("range.label") } },
    PRESETS.map((days) => h("button", {
      type: "button", class: "seg", dataset: { days: String(days) },
      attrs: { "aria-pressed": String(range.preset === days) },
      onclick: () => navigate({ days, from: null, to: null }),
    }, t("range.days", { days }))));

  const bad = state.rangeError;
  const from = h("input", { type: "date", id: "range-from", value: bad ? state.from || "" : range.from,
    required: true, attrs: { "aria-describedby": "range-error" } });
  const to = h("input", { type: "date", id: "range-to", value: bad ? state.to || "" : range.to, required: true,
    attrs: { "aria-describedby": "range-error" } });
  const rangeError = h("span", { id: "range-error", class: "range-error", attrs: { "aria-live": "polite" } });
  const showProblem = (problem) => {
    rangeError.textContent = problem ? rangeErrorText(problem) : "";
    for (const [input, field] of [[from, "from"], [to, "to"]]) {
      if (problem && problem.field === field) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  };
  if (bad) showProblem(bad);
  const custom = h("form", {
    class: ["custom-range", range.custom || bad ? "active" : null], noValidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      // a date the browser could not read (typed 2026-02-30) leaves value empty and badInput set
      const unreadable = [from, to].find((input) => input.validity && input.validity.badInput);
      const problem = unreadable ? { error: "unreadable_day", field: unreadable === from ? "from" : "to" }
        : rangeProblem(from.value, to.value);
      showProblem(problem);
      if (problem) (problem.field === "from" ? from : to).focus();
      else navigate({ from: from.value, to: to.value });
    },
  }, h("label", { htmlFor: "range-from", class: "sr-only" }, t("range.from")), from,
  h("span", { attrs: { "aria-hidden": "true" } }, "–"),
  h("label", { htmlFor: "range-to", class: "sr-only" }, t("range.to")), to,
  h("button", { type: "submit", class: "btn btn-small" }, t("range.apply")), rangeError);

  const langSwitch = h("div", { class: "segmented lang", role: "group", attrs: { "aria-label": t("lang.label") } },
    [["ja", "日本語"], ["en", "English"]].map(([code, name]) => h("button", {
      type: "button", class: "seg", dataset: { lang: code }, attrs: { "aria-pressed": String(lang === code),
        lang: code },
      onclick: () => navigate({ lang: code }, { keepView: true }),
    }, name)));

  return h("header", { class: "topbar" },
    h("div", { class: "brand" }, h("h1", {}, "Aligned"), h("span", { class: "tagline" }, t("app.tagline"))),
    h("div", { class: "controls" },
      h("div", { class: "control" }, h("label", { htmlFor: "domain-select" }, t("domain.label")), domainSelect),
      h("div", { class: "control range" }, h("span", { class: "control-label" }, t("range.label")), presets,
        custom),
      h("div", { class: "control" }, langSwitch),
      signedIn() ? h("button", { type: "button", class: "btn btn-small", onclick: signOut }, t("auth.sign_out"))
        : null));
}

function tabs(state) {
  return h("nav", { class: "tabs", attrs: { "aria-label": t("nav.label") } },
    h("ul", {}, VIEWS.map((view) => h("li", {},
      h("a", {
        href: stateUrl({ ...state, view, sort: "", page: 1, pattern: "", tag: "", focus: "",
          ...Object.fromEntries(DRILL_KEYS.map((key) => [key, ""])) }),
        attrs: { "aria-current": view === state.view ? "page" : null }, dataset: { view },
        onclick: link({ view }),
      }, t(`view.${view}`))))));
}

/** The signed-in user (GET /api/me). In local token mode a 401 shows the token prompt and resolves to null. */
async function whoAmI(root) {
  try {
    return await api.get("/me");
  } catch (exc) {
    if (exc.status !== 401 || !localMode()) throw exc;
    replace(root, signInPrompt((token) => {
      setLocalToken(token);
      location.reload();
    }, exc.body && exc.body.error === "unauthenticated" ? null : exc));
    document.documentElement.dataset.ready = "1";
    return null;
  }
}

async function start() {
  const root = document.getElementById("app");
  setLanguage(readState().lang || browserLanguage());
  replace(root, loading());
  try {
    const config = await loadConfig();
    setApiBase(config.apiBase);
    await ensureSignedIn(config.auth);
    app.me = await whoAmI(root);
  } catch (exc) {
    replace(root, failure(exc, () => location.reload()));
    return;
  }
  if (!app.me) return;
  await refreshDomains();
  window.addEventListener("popstate", render);
  render();
  document.documentElement.dataset.ready = "1";
  void language;
}

start();
