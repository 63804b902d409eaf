// One dictionary per language, the same keys in both (tests/browser checks it). t(key, {name: value})
// fills "{name}" placeholders with plain text.
import { en } from "./en.js";
import { ja } from "./ja.js";

export const DICTIONARIES = { en, ja };
export const LANGUAGES = ["ja", "en"];
let current = "en";

export function browserLanguage() {
  const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const pref of prefs) {
    const base = String(pref || "").toLowerCase().split("-")[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "en";
}

export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "en";
  document.documentElement.lang = current;
  return current;
}

export function language() {
  return current;
}

export function hasKey(key) {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The API's error body ({error: CODE, field, params, message}) in the current language. The English
 * `message` of the server is shown only for a code this page does not know (a newer server). */
export function errorText(body, withField = true) {
  const key = `error.${body && body.error}`;
  if (!body || !hasKey(key)) return t("error.unknown", { text: String((body && (body.message || body.error)) || "") });
  const params = {};
  for (const [name, value] of Object.entries(body.params || {})) {
    params[name] = Array.isArray(value) ? value.join(", ") : typeof value === "number" ? num(value) : String(value);
  }
  const count = body.params && typeof body.params.count === "number" ? body.params.count : null;
  const text = count !== null && hasKey(`${key}.one`) ? tn(key, count, params) : t(key, params);
  return withField && body.field ? t("error.field", { field: body.field, text }) : text;
}

export function t(key, params) {
  const dict = DICTIONARIES[current];
  let s = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : en[key];
  if (s === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return s;
}

/** A text with a count in it, in the grammatical number the language wants for that count: `key.one`,
 * `key.other` (or plain `key` as the "other" form; Intl.PluralRules; Japanese has only "other"). {count} is
 * filled with the formatted number. */
export function tn(key, count, params = {}) {
  const rules = (pluralRules[current] ||= new Intl.PluralRules(locale()));
  const form = `${key}.${rules.select(Number(count) || 0)}`;
  const found = [form, `${key}.other`].find(hasKey) || key;
  return t(found, { count: num(count), ...params });
}

const pluralRules = {};
const numberFormats = {};
const percentFormats = {};

function locale() {
  return current === "ja" ? "ja-JP" : "en-US";
}

/** A whole count with the language's grouping (1,234). */
export function num(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const f = (numberFormats[current] ||= new Intl.NumberFormat(locale()));
  return f.format(value);
}

/** A percentage as the API gives it (0-100), with two decimals: 12.50%. */
export function pct(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const f = (percentFormats[current] ||= new Intl.NumberFormat(locale(),
    { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  return `${f.format(Number(value))}%`;
}
