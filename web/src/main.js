// The shell: configuration, sign-in, the header controls (domain, range, language), the view tabs and the
// router. Every piece of state is in the URL; navigation is pushState + re-render.
import { api, setApiBase } from "./api.js";
import { ensureSignedIn, signedIn, signOut } from "./auth.js";
import { loadConfig } from "./config.js";
import { h, replace } from "./dom.js";
import { browserLanguage, language, setLanguage, t } from "./i18n/index.js";
import { dayRange, PRESETS, readState, stateUrl, validDay, VIEWS } from "./state.js";
import { failure, loading } from "./ui/states.js";
import { VIEW_RENDERERS } from "./views/index.js";

const app = { state: null, domains: null, domainsError: null };
const NEEDS_DOMAIN = new Set(["overview", "patterns", "tags", "spoofing", "readiness", "registry", "alerts"]);

export function navigate(patch, { replaceHistory = false, keepView = false } = {}) {
  const next = { ...app.state, ...patch };
  if (!keepView && ("view" in patch || "domain" in patch || "from" in patch || "days" in patch)) {
    if (!("sort" in patch)) next.sort = "";
    if (!("page" in patch)) next.page = 1;
    if (!("pattern" in patch) && "view" in patch) next.pattern = "";
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
  const ctx = { state, range: dayRange(state), domain: state.domain, domains: app.domains || [], navigate,
    remember, refreshDomains, views: VIEWS, link: (patch) => stateUrl({ ...state, sort: "", page: 1, ...patch }),
    follow: link };
  main.append(h("h2", { class: "view-title" }, t(`view.${state.view}`),
    NEEDS_DOMAIN.has(state.view) && state.domain ? h("span", { class: "view-domain" }, state.domain) : null));
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
  main.append(VIEW_RENDERERS[state.view](ctx));
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
  const domainSelect = h("select", {
    id: "domain-select", name: "domain",
    onchange: (e) => navigate({ domain: e.target.value }),
  }, (app.domains || []).map((d) => h("option", { value: d.domain, selected: d.domain === state.domain },
    d.domain)));
  if (!app.domains || !app.domains.length) domainSelect.disabled = true;

  const presets = h("div", { class: "segmented", role: "group", attrs: { "aria-label": t("range.label") } },
    PRESETS.map((days) => h("button", {
      type: "button", class: "seg", dataset: { days: String(days) },
      attrs: { "aria-pressed": String(range.preset === days) },
      onclick: () => navigate({ days, from: null, to: null }),
    }, t("range.days", { days }))));

  const from = h("input", { type: "date", id: "range-from", value: range.from, required: true });
  const to = h("input", { type: "date", id: "range-to", value: range.to, required: true });
  const custom = h("form", {
    class: ["custom-range", range.custom ? "active" : null],
    onsubmit: (e) => {
      e.preventDefault();
      if (validDay(from.value) && validDay(to.value)) navigate({ from: from.value, to: to.value });
    },
  }, h("label", { htmlFor: "range-from", class: "sr-only" }, t("range.from")), from,
  h("span", { attrs: { "aria-hidden": "true" } }, "–"),
  h("label", { htmlFor: "range-to", class: "sr-only" }, t("range.to")), to,
  h("button", { type: "submit", class: "btn btn-small" }, t("range.apply")));

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
        href: stateUrl({ ...state, view, sort: "", page: 1, pattern: "" }),
        attrs: { "aria-current": view === state.view ? "page" : null }, dataset: { view },
        onclick: link({ view }),
      }, t(`view.${view}`))))));
}

async function start() {
  const root = document.getElementById("app");
  setLanguage(readState().lang || browserLanguage());
  replace(root, loading());
  try {
    const config = await loadConfig();
    setApiBase(config.apiBase);
    await ensureSignedIn(config.auth);
  } catch (exc) {
    replace(root, failure(exc, () => location.reload()));
    return;
  }
  await refreshDomains();
  window.addEventListener("popstate", render);
  render();
  document.documentElement.dataset.ready = "1";
  void language;
}

start();
