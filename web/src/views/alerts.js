// Alert rules (create, edit, enable/disable, delete), the alert history and, locally, the notifications sent.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { hasKey, language, num, t } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { empty, failure, into, loading, notice } from "../ui/states.js";
import { section } from "./common.js";
import { registryEntries } from "./registry.js";

// Condition fields per rule kind, with their defaults (as the API's rule types define them).
export const RULE_KINDS = {
  fail_rate: [["threshold_pct", "pct", null], ["days", "int", 7], ["min_messages", "int", 100]],
  fail_count: [["threshold", "int", null], ["days", "int", 1]],
  spoofing: [["threshold", "int", null], ["days", "int", 7]],
  new_source: [["threshold", "int", null], ["days", "int", 7], ["lookback_days", "int", 30]],
  tag_fail_rate: [["tag", "text", null], ["threshold_pct", "pct", null], ["days", "int", 7],
    ["min_messages", "int", 20]],
  silence: [["days", "int", 2], ["reporters", "bool", true], ["history_days", "int", 30], ["min_reports", "int", 3]],
  volume_change: [["change_pct", "pct", null], ["days", "int", 7], ["baseline_days", "int", 28],
    ["direction", "direction", "both"], ["min_baseline_messages", "int", 100]],
  new_selector: [["threshold", "int", 0], ["days", "int", 7], ["lookback_days", "int", 30]],
  selector_silent: [["days", "int", 7], ["history_days", "int", 30], ["min_days", "int", 3]],
  tls_failure: [["threshold_pct", "pct", 5], ["threshold", "int", undefined], ["days", "int", 7],
    ["min_sessions", "int", 20]],
  dns_changed: [["days", "int", 1]],
  dns_finding: [["min_severity", "severity", "high"]],
  policy_drift: [["days", "int", 7], ["min_days", "int", 2]],
};
const CHOICES = { direction: ["both", "up", "down"], severity: ["critical", "high", "medium", "low", "info"] };

function items(body) {
  return Array.isArray(body) ? body : body.items || body.rules || body.events || body.history || [];
}

export function alertsView(ctx) {
  const box = h("div", { class: "view view-alerts" });
  const rules = h("div", {});
  const history = h("div", {});
  const sent = h("div", {});
  box.append(section(t("alerts.rules"), rules), section(t("alerts.history"), history),
    section(t("alerts.notifications"), h("p", { class: "muted" }, t("alerts.notifications_hint")), sent));
  const reload = () => ctx.navigate({}, { keepView: true });
  into(rules, () => api.get(endpoints.alertRules(ctx.domain)).then(items), (list) => rulesBlock(list, ctx, reload));
  into(history, () => api.get(endpoints.alertHistory(ctx.domain), { limit: 200 }).then(items),
    (list) => historyTable(list, ctx));
  replace(sent, loading());
  api.get(endpoints.notifications(), { limit: 100 }).then(items)
    .then((list) => replace(sent, notificationsList(list.filter((n) => !n.domain || n.domain === ctx.domain))))
    .catch((exc) => replace(sent, exc.status === 404 || exc.status === 403
      ? empty(t("alerts.notifications_none")) : failure(exc)));
  return box;
}

/** A rule field's label; a kind may name its own (the TLS count threshold counts sessions, not messages). */
function fieldLabel(kind, name) {
  const own = `alerts.field.${kind}.${name}`;
  return hasKey(own) ? t(own) : t(`alerts.field.${name}`);
}

function describe(rule) {
  const fields = RULE_KINDS[rule.kind] || [];
  return fields.map(([name, type]) => {
    const v = rule[name];
    const label = fieldLabel(rule.kind, name);
    if (type === "bool") return `${label}: ${v ? t("common.yes") : t("common.no")}`;
    if (CHOICES[type]) return `${label}: ${t(`alerts.${type}.${v}`)}`;
    return `${label}: ${v ?? "—"}`;
  }).join(" · ");
}

function rulesBlock(list, ctx, reload) {
  const status = notice();
  const dialog = h("dialog", { class: "dialog", attrs: { "aria-labelledby": "rule-dialog-title" } });
  const columns = [
    { key: "name", label: t("alerts.name"), rowHeader: true },
    { key: "kind", label: t("alerts.kind"), cell: (r) => t(`alerts.kind.${r.kind}`) },
    { key: "condition", label: t("alerts.condition"), sortable: false, cell: describe },
    { key: "enabled", label: t("alerts.enabled"), cell: (r) => h("label", { class: "switch" },
      h("input", { type: "checkbox", checked: Boolean(r.enabled), attrs: { "aria-label":
        t("alerts.toggle", { name: r.name }) },
      onchange: async (e) => {
        try {
          await api.post(endpoints.alertRuleSwitch(ctx.domain, r.id, e.target.checked), {});
          r.enabled = e.target.checked;
          e.target.nextSibling.textContent = r.enabled ? t("common.on") : t("common.off");
          status.show(t("registry.saved"));
        } catch (exc) {
          e.target.checked = !e.target.checked;
          status.show(exc.message, "error");
        }
      } }), r.enabled ? t("common.on") : t("common.off")) },
    { key: "action", label: t("col.action"), sortable: false, cell: (r) => h("div", { class: "row-actions" },
      h("button", { type: "button", class: "btn btn-small", onclick: () => openForm(r) }, t("action.edit")),
      h("button", { type: "button", class: "btn btn-small btn-danger", onclick: async () => {
        if (!window.confirm(t("alerts.confirm_delete", { name: r.name }))) return;
        try {
          await api.del(endpoints.alertRule(ctx.domain, r.id));
          reload();
        } catch (exc) {
          status.show(exc.message, "error");
        }
      } }, t("action.delete"))) },
  ];

  async function openForm(rule) {
    let tags = [];
    try {
      tags = [...new Set((await registryEntries(ctx.domain)).map((e) => e.tag).filter(Boolean))].sort();
    } catch {
      tags = [];
    }
    const form = ruleForm(rule, tags, async (body) => {
      if (rule) await api.patch(endpoints.alertRule(ctx.domain, rule.id), body);
      else await api.post(endpoints.alertRules(ctx.domain), body);
      dialog.close();
      reload();
    }, () => dialog.close());
    replace(dialog, h("h3", { id: "rule-dialog-title" }, rule ? t("alerts.edit") : t("alerts.add")), form);
    dialog.showModal();
    form.querySelector("input,select")?.focus();
  }

  return h("div", { dataset: { loaded: "alerts" } }, status,
    dataTable({ columns, rows: list, caption: t("alerts.rules"), emptyText: t("alerts.no_rules") }),
    h("div", { class: "form-actions" },
      h("button", { type: "button", class: "btn btn-primary", onclick: () => openForm(null) }, t("alerts.add"))),
    dialog);
}

/** A rule's tag: picked from the registry's tags; another (free text) only after a warning that a tag nobody
 * is registered with never fires. */
function tagField(id, current, tags) {
  const other = "\u0000other";
  const known = tags.includes(current);
  const select = h("select", { id, name: "tag", dataset: { type: "tag" } },
    !current && !tags.length ? h("option", { value: "" }, t("alerts.tag_none")) : null,
    tags.map((tg) => h("option", { value: tg, selected: tg === current }, tg)),
    h("option", { value: other, selected: Boolean(current) && !known }, t("alerts.tag_other")));
  const free = h("input", { id: `${id}-free`, type: "text", value: known ? "" : current || "",
    attrs: { maxlength: "64", spellcheck: "false" } });
  const freeBox = h("div", { class: "field", hidden: select.value !== other },
    h("label", { htmlFor: free.id }, t("alerts.tag_free")), free);
  select.addEventListener("change", () => {
    freeBox.hidden = select.value !== other;
    if (!freeBox.hidden) free.focus();
  });
  const box = h("div", { class: "tag-field" }, h("div", { class: "field" },
    h("label", { htmlFor: id }, t("alerts.field.tag")), select), freeBox);
  box.tagValue = () => (select.value === other ? free.value.trim() : select.value);
  return box;
}

function ruleForm(rule, tags, onSubmit, onCancel) {
  const status = notice();
  let warnedFor = null; // the unregistered tag the user was warned about (saving it again keeps it)
  const name = h("input", { id: "rule-name", name: "name", value: rule ? rule.name : "", required: true,
    attrs: { maxlength: "100" } });
  const kind = h("select", { id: "rule-kind", name: "kind", disabled: Boolean(rule) },
    Object.keys(RULE_KINDS).map((k) => h("option", { value: k, selected: rule ? rule.kind === k : false },
      t(`alerts.kind.${k}`))));
  const cooldown = h("input", { id: "rule-cooldown", type: "number", min: 0, step: 1,
    value: rule && rule.cooldown_hours !== null && rule.cooldown_hours !== undefined ? rule.cooldown_hours : "" });
  const fieldsBox = h("div", { class: "rule-fields" });
  const drawFields = () => replace(fieldsBox, ...RULE_KINDS[kind.value].map(([field, type, def]) => {
    const id = `rule-f-${field}`;
    const current = rule && rule.kind === kind.value ? rule[field] : def;
    if (field === "tag") return tagField(id, current || "", tags);
    let input;
    if (type === "bool") input = h("input", { id, type: "checkbox", name: field, checked: Boolean(current) });
    else if (CHOICES[type]) {
      input = h("select", { id, name: field }, CHOICES[type].map((d) => h("option", { value: d,
        selected: d === current }, t(`alerts.${type}.${d}`))));
    } else {
      input = h("input", { id, name: field, type: type === "text" ? "text" : "number",
        step: type === "pct" ? "0.01" : "1", min: 0, value: current ?? "", required: def === null });
    }
    input.dataset.type = type;
    return h("div", { class: ["field", type === "bool" ? "field-check" : null] },
      h("label", { htmlFor: id }, fieldLabel(kind.value, field)), input);
  }));
  kind.addEventListener("change", drawFields);
  drawFields();
  return h("form", {
    class: "rule-form",
    onsubmit: async (e) => {
      e.preventDefault();
      const body = { name: name.value.trim() };
      if (!rule) body.kind = kind.value;
      body.cooldown_hours = cooldown.value === "" ? null : Number(cooldown.value);
      const tagBox = fieldsBox.querySelector(".tag-field");
      if (tagBox) {
        const tag = tagBox.tagValue();
        if (tag && !tags.includes(tag) && warnedFor !== tag) {
          warnedFor = tag;
          status.show(t("alerts.tag_unknown", { tag }), "warn");
          return;
        }
        body.tag = tag;
      }
      for (const input of fieldsBox.querySelectorAll("input,select")) {
        const type = input.dataset.type;
        if (!type || type === "tag") continue;
        if (type === "bool") body[input.name] = input.checked;
        else if (type === "text" || CHOICES[type]) body[input.name] = input.value.trim();
        else if (input.value !== "") body[input.name] = Number(input.value);
      }
      try {
        await onSubmit(body);
      } catch (exc) {
        status.show(exc.message || String(exc), "error");
      }
    },
  },
  h("div", { class: "field" }, h("label", { htmlFor: "rule-name" }, t("alerts.name")), name),
  h("div", { class: "field" }, h("label", { htmlFor: "rule-kind" }, t("alerts.kind")), kind),
  fieldsBox,
  h("div", { class: "field" }, h("label", { htmlFor: "rule-cooldown" }, t("alerts.cooldown")), cooldown),
  h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn btn-primary" }, t("action.save")),
    h("button", { type: "button", class: "btn", onclick: onCancel }, t("action.cancel"))),
  status);
}

function windowText(w) {
  return w ? `${w.from || w.start || ""} – ${w.to || w.end || ""}` : "—";
}

function historyTable(list, ctx) {
  const columns = [
    { key: "at", label: t("alerts.at"), rowHeader: true, cell: (r) => (r.at || "").replace("T", " ").slice(0, 19) },
    { key: "event", label: t("alerts.event"), cell: (r) => h("span", { class: ["badge", `event-${r.event}`] },
      EVENTS.includes(r.event) ? t(`alerts.event.${r.event}`) : r.event) },
    { key: "rule_name", label: t("alerts.name") },
    { key: "subject", label: t("alerts.subject"), cell: (r) => r.subject || "—" },
    { key: "window", label: t("alerts.window"), sortable: false, cell: (r) => {
      const w = r.window || {};
      if (!w.from || !w.to) return windowText(w);
      // the same target as the link in the alert's message: the view it names, the tag, the reporters section
      const view = ctx.views.includes(r.view) ? r.view : "overview";
      const tag = r.values && !Array.isArray(r.values) && typeof r.values.tag === "string" ? r.values.tag : "";
      const patch = { view, from: w.from, to: w.to, tag: view === "tags" ? tag : "",
        focus: r.view === "reporters" ? "reporters" : "" };
      return h("a", { href: ctx.link(patch), onclick: ctx.follow(patch) }, windowText(w));
    } },
    { key: "values", label: t("alerts.values"), sortable: false, cell: (r) => valuesText(r.values) },
  ];
  return dataTable({ columns, rows: list, sort: "-at", caption: t("alerts.history"),
    emptyText: t("alerts.no_history") });
}

const EVENTS = ["fired", "reminder", "changed", "resolved", "closed"];

function valuesText(values) {
  if (!values) return "—";
  const pairs = Array.isArray(values) ? values : Object.entries(values);
  const shown = (v) => (typeof v === "number" ? num(v) : Array.isArray(v) ? v.map(shown).join(" ") : String(v));
  return pairs.map(([k, v]) => `${hasKey(`alerts.value.${k}`) ? t(`alerts.value.${k}`) : k} ${shown(v)}`).join(" / ");
}

function notificationsList(list) {
  if (!list.length) return empty(t("alerts.notifications_none"));
  return h("ul", { class: "notifications" }, list.map((n) => h("li", { class: "panel" },
    h("div", { class: "muted" }, (n.at || n.timestamp || "").replace("T", " ").slice(0, 19)),
    h("strong", {}, (language() === "ja" && n.subject_ja) || n.subject || ""),
    h("details", {}, h("summary", {}, t("alerts.show_message")),
      h("pre", { class: "message" }, typeof n.body === "string" ? n.body : JSON.stringify(n, null, 2))))));
}
