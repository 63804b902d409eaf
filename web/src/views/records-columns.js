// The records table's columns, chosen from the fields the API sends: a column is shown only when some record
// has its field, so fields the facts gain later (reverse DNS, service, DKIM selectors, SPF domain, override
// reasons) appear once the API sends them, and a field this page does not know yet gets a column of its own.
import { h } from "../dom.js";
import { hasKey, language, num, t } from "../i18n/index.js";
import { okNg } from "./common.js";

const isSet = (v) => v !== undefined;
const first = (r, names) => names.map((n) => r[n]).find(isSet);
const lines = (values) => (values.length ? h("div", { class: "idents" },
  values.map((v) => h("div", { class: "ident-line" }, v))) : "—");

/** Any JSON value as plain text: lists joined, objects as name=value. */
export function plain(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(plain).join(", ") : "—";
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}=${plain(v)}`).join(" ");
  if (typeof value === "number") return num(value);
  return String(value);
}

const list = (value) => (Array.isArray(value) ? value : value === null || value === undefined || value === ""
  ? [] : String(value).split(" ").filter(Boolean));

/** A service as the API names it: an id, a {ja, en} name, or an object with `name`/`id`. */
function serviceName(r) {
  const value = first(r, ["service_name", "service"]);
  if (value === null || value === undefined || value === "") return "";
  if (value === "own") return t("records.service_own");
  if (typeof value === "string") return value;
  const name = value.name || value.display_name || value;
  if (name && typeof name === "object") return name[language()] || name.en || value.id || plain(name);
  return String(name || value.id || "");
}

function dkimLines(r) {
  return list(r.dkim).map((s) => (typeof s === "object" && s
    ? [s.domain || s.d ? `d=${s.domain || s.d}` : "", s.selector || s.s ? `s=${s.selector || s.s}` : "",
      s.result || ""].filter(Boolean).join(" ") : String(s)));
}

function spfText(r) {
  const spf = r.spf && typeof r.spf === "object" ? r.spf : {};
  const domain = spf.domain ?? r.spf_domain;
  const scope = spf.scope ?? r.spf_scope;
  const result = spf.result ?? r.spf_result;
  return [domain, scope ? `(${scope})` : "", result].filter(Boolean).join(" ");
}

function overrideLines(r) {
  return list(first(r, ["overrides", "override_reasons"])).map((o) => (typeof o === "object" && o
    ? [o.type, o.comment].filter(Boolean).join(": ") : String(o)));
}

function dmarc(r) {
  if (r.unknown) return h("span", { class: "badge" }, t("records.dmarc_unknown"));
  return okNg(Boolean(r.dmarc_pass));
}

function disposition(value) {
  return value && hasKey(`disposition.${value}`) ? t(`disposition.${value}`) : plain(value);
}

const flag = (key, label) => ({ key, fields: [key], label, value: (r) => (r[key] ? 1 : 0),
  cell: (r) => okNg(Boolean(r[key])) });

/** The known columns in display order: `fields` are the API names a column stands for (any one present shows
 * it), `label` is read when the table is drawn (the language can change). */
function known() {
  return [
    { key: "day", fields: ["day"], label: t("col.day") },
    { key: "source_ip", fields: ["source_ip"], label: t("col.source_ip"), rowHeader: true,
      cell: (r) => h("code", { class: "ip" }, r.source_ip) },
    { key: "count", fields: ["count"], label: t("col.messages"), num: true },
    { key: "rdns", fields: ["rdns", "reverse_dns", "ptr"], label: t("records.col.rdns"),
      value: (r) => first(r, ["rdns", "reverse_dns", "ptr"]) || "",
      cell: (r) => plain(first(r, ["rdns", "reverse_dns", "ptr"])) },
    { key: "service", fields: ["service", "service_name", "service_id"], label: t("records.col.service"),
      value: serviceName, cell: (r) => serviceName(r) || "—" },
    { key: "header_from", fields: ["header_from"], label: t("col.header_from") },
    { key: "envelope_from", fields: ["envelope_from"], label: t("col.envelope_from") },
    { key: "dkim", fields: ["dkim"], label: t("records.col.dkim"), value: (r) => dkimLines(r).join(" "),
      cell: (r) => lines(dkimLines(r)) },
    { key: "dkim_domains", fields: ["dkim_domains"], label: t("col.dkim_domains"),
      value: (r) => list(r.dkim_domains).join(" "), cell: (r) => lines(list(r.dkim_domains)) },
    flag("dkim_auth", t("col.dkim_auth")),
    flag("dkim_aligned", t("col.dmarc_dkim")),
    { key: "spf", fields: ["spf", "spf_domain", "spf_scope", "spf_result"], label: t("records.col.spf"),
      value: spfText, cell: (r) => spfText(r) || "—" },
    flag("spf_auth", t("col.spf_auth")),
    flag("spf_aligned", t("col.dmarc_spf")),
    { key: "dmarc", fields: ["dmarc_pass", "unknown"], label: t("records.col.dmarc"),
      value: (r) => (r.unknown ? 2 : r.dmarc_pass ? 1 : 0), cell: dmarc },
    { key: "overrides", fields: ["overrides", "override_reasons"], label: t("records.col.overrides"),
      value: (r) => overrideLines(r).join(" "), cell: (r) => lines(overrideLines(r)) },
    { key: "reporter", fields: ["reporter"], label: t("col.reporter") },
    { key: "disposition", fields: ["disposition"], label: t("col.disposition"), value: (r) => r.disposition,
      cell: (r) => disposition(r.disposition) },
    { key: "pattern", fields: ["pattern"], label: t("col.pattern"), num: true,
      cell: (r) => (r.pattern >= 1 && r.pattern <= 4 ? h("span", { class: "pattern-no" }, String(r.pattern))
        : r.pattern === 0 ? t("patterns.pass_row") : t("patterns.unknown_row")) },
    { key: "tag", fields: ["tag"], label: t("col.tag"), value: (r) => r.tag || "",
      cell: (r) => (r.tag ? h("span", { class: "tag" }, r.tag) : h("span", { class: "untagged" }, t("tags.untagged"))) },
  ];
}

/** The columns for `items`: the known ones whose field some item has, then one per field nobody knows yet. */
export function recordColumns(items) {
  const sent = new Set(items.flatMap((r) => Object.keys(r)));
  const columns = known().filter((c) => c.fields.some((f) => sent.has(f)));
  const claimed = new Set(known().flatMap((c) => c.fields));
  const extra = [...sent].filter((f) => !claimed.has(f)).map((f) => ({ key: `x_${f}`, label: f,
    value: (r) => plain(r[f]), cell: (r) => plain(r[f]) }));
  return [...columns, ...extra];
}
