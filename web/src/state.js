// The view's state lives in the URL query string so any view can be linked (alert messages link to
// ?domain=..&from=..&to=..&lang=..&view=..). `days` is the relative range (7/30/90) when from/to are absent.
export const VIEWS = ["overview", "patterns", "tags", "spoofing", "senders", "readiness", "tls", "posture", "registry",
  "alerts", "failures", "held", "portfolio", "domains", "members"];
export const PRESETS = [7, 30, 90];
/** Views reached by links only (no tab): the records behind a row of another view. */
export const LINKED_VIEWS = ["records"];
/** The records view's filters (the API's /facts filters besides pattern and tag), and the view to go back to. */
export const DRILL_KEYS = ["registered", "dmarc", "source_ip", "reporter", "header_from", "envelope_from",
  "disposition", "dkim_domain", "service", "back"];
const ALIASES = { reporters: "overview" }; // views named by alert links that live inside another view
const DAY_MS = 86400000;

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** The server's longest range (inclusive days), as chalicelib/services/analyses.py MAX_DAYS. */
export const MAX_DAYS = 731;

/** A real calendar day as YYYY-MM-DD: 2026-02-30 is not (Date.parse would roll it over to March). */
export function validDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return false;
  const ms = Date.parse(text + "T00:00:00Z");
  return !Number.isNaN(ms) && isoDay(new Date(ms)) === text;
}

/** Why a from/to pair would be refused by the API, in the API's own error shape ({error, field, params});
 * null when it is fine. The same rules and codes as the server: invalid_day, range_reversed, range_too_long. */
export function rangeProblem(from, to) {
  if (!validDay(from)) return { error: from ? "invalid_day" : "required", field: "from", params: { value: from } };
  if (!validDay(to)) return { error: to ? "invalid_day" : "required", field: "to", params: { value: to } };
  if (from > to) return { error: "range_reversed", field: "from", params: { from, to } };
  if (rangeDays(from, to) > MAX_DAYS) return { error: "range_too_long", field: "to", params: { max_days: MAX_DAYS } };
  return null;
}

export function rangeDays(from, to) {
  return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / DAY_MS) + 1;
}

/** Read the state from a URL (defaults filled in, bad values dropped). */
export function readState(href = location.href) {
  const q = new URL(href).searchParams;
  const asked = ALIASES[q.get("view")] || q.get("view");
  const view = VIEWS.includes(asked) || LINKED_VIEWS.includes(asked) ? asked : "overview";
  const days = PRESETS.includes(Number(q.get("days"))) ? Number(q.get("days")) : 30;
  // a linked range is kept as given; when the API would refuse it, rangeError says why (shown, not fetched)
  const from = q.get("from") || null;
  const to = q.get("to") || null;
  const rangeError = from || to ? rangeProblem(from || "", to || "") : null;
  return {
    rangeError,
    view,
    domain: q.get("domain") || "",
    lang: ["ja", "en"].includes(q.get("lang")) ? q.get("lang") : "",
    days,
    from,
    to,
    // view-local options (table sort/page, open pattern) also kept in the URL
    sort: q.get("sort") || "",
    page: Math.max(1, parseInt(q.get("page") || "1", 10) || 1),
    pattern: q.get("pattern") || "",
    tag: q.get("tag") || "",
    focus: q.get("view") === "reporters" ? "reporters" : q.get("focus") || "",
    ...Object.fromEntries(DRILL_KEYS.map((key) => [key, q.get(key) || ""])),
  };
}

/** The inclusive UTC day range the state stands for. A relative range is the last N complete UTC days,
 * ending yesterday: reports cover whole UTC days and arrive the day after (as alert windows do). */
export function dayRange(state, now = new Date()) {
  if (state.from && state.to && !state.rangeError) {
    // a linked range equal to a preset (as alert links are) shows as that preset
    const preset = PRESETS.find((days) => {
      const r = dayRange({ days }, now);
      return r.from === state.from && r.to === state.to;
    });
    return { from: state.from, to: state.to, custom: !preset, preset: preset || null };
  }
  const yesterday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY_MS);
  const from = new Date(yesterday.getTime() - (state.days - 1) * DAY_MS);
  return { from: isoDay(from), to: isoDay(yesterday), custom: false, preset: state.days };
}

export function stateUrl(state) {
  const q = new URLSearchParams();
  if (state.domain) q.set("domain", state.domain);
  if (state.from && state.to) {
    q.set("from", state.from);
    q.set("to", state.to);
  } else if (state.days && state.days !== 30) {
    q.set("days", String(state.days));
  }
  if (state.lang) q.set("lang", state.lang);
  if (state.view && state.view !== "overview") q.set("view", state.view);
  if (state.sort) q.set("sort", state.sort);
  if (state.page && state.page > 1) q.set("page", String(state.page));
  if (state.pattern) q.set("pattern", state.pattern);
  if (state.tag) q.set("tag", state.tag);
  if (state.focus) q.set("focus", state.focus);
  for (const key of DRILL_KEYS) if (state[key]) q.set(key, state[key]);
  const s = q.toString();
  return location.pathname + (s ? "?" + s : "");
}
