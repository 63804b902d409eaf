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

const numberFormats = {};
export function num(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const f = (numberFormats[current] ||= new Intl.NumberFormat(current === "ja" ? "ja-JP" : "en-US"));
  return f.format(value);
}

export function pct(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return `${Number(value).toFixed(2)}%`;
}
