// The source-IP registry: list, add, edit, delete; CSV import with per-line errors; CSV export.
import { api, downloadCsv } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { errorText, num, t, tn } from "../i18n/index.js";
import { dataTable } from "../ui/table.js";
import { into, notice } from "../ui/states.js";
import { section } from "./common.js";

export async function registryEntries(domain) {
  const body = await api.get(endpoints.registry(domain));
  return Array.isArray(body) ? body : body.items || body.entries || [];
}

/** The add / edit form: CIDR, tag (free text with a picker of existing tags), comment. */
export function entryForm({ entry, tags, submitLabel, onSubmit, onCancel, lockCidr = false }) {
  const status = notice();
  const listId = `tags-${Math.random().toString(36).slice(2)}`;
  const cidr = h("input", { name: "cidr", id: `${listId}-cidr`, value: entry.cidr || "", required: true,
    autocomplete: "off", readOnly: lockCidr, attrs: { spellcheck: "false" } });
  if (lockCidr) cidr.readOnly = true;
  const tag = h("input", { name: "tag", id: `${listId}-tag`, value: entry.tag || "", required: true,
    autocomplete: "off", attrs: { list: listId, maxlength: "64" } });
  const comment = h("input", { name: "comment", id: `${listId}-comment`, value: entry.comment || "",
    autocomplete: "off", attrs: { maxlength: "500" } });
  const picker = tags && tags.length ? h("div", { class: "tag-picker", role: "group",
    attrs: { "aria-label": t("registry.existing_tags") } },
  h("span", { class: "muted" }, t("registry.existing_tags")),
  tags.map((name) => h("button", { type: "button", class: "chip", dataset: { tag: name },
    onclick: () => {
      tag.value = name;
      tag.focus();
    } }, name))) : null;
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, submitLabel);
  const form = h("form", {
    class: "entry-form",
    onsubmit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      try {
        await onSubmit({ cidr: cidr.value.trim(), tag: tag.value.trim(), comment: comment.value.trim() });
        status.show(t("registry.saved"));
      } catch (exc) {
        status.show(exc.message || String(exc), "error");
      } finally {
        submit.disabled = false;
      }
    },
  },
  h("div", { class: "field" }, h("label", { htmlFor: cidr.id }, t("col.cidr")), cidr),
  h("div", { class: "field" }, h("label", { htmlFor: tag.id }, t("col.tag")), tag,
    h("datalist", { id: listId }, (tags || []).map((name) => h("option", { value: name })))),
  picker,
  h("div", { class: "field" }, h("label", { htmlFor: comment.id }, t("col.comment")), comment),
  h("div", { class: "form-actions" }, submit,
    onCancel ? h("button", { type: "button", class: "btn", onclick: onCancel }, t("action.cancel")) : null),
  status);
  return form;
}

/** The API addresses an entry by its id: the CIDR with "/" written as "_". */
function entryId(entry) {
  return entry.id || String(entry.cidr).replace("/", "_");
}

export function registryView(ctx) {
  const box = h("div", { class: "view view-registry" });
  into(box, () => registryEntries(ctx.domain), (entries) => render(entries, ctx));
  return box;
}

function render(entries, ctx) {
  const tags = [...new Set(entries.map((e) => e.tag).filter(Boolean))].sort();
  const dialog = h("dialog", { class: "dialog", attrs: { "aria-labelledby": "entry-dialog-title" } });
  const reload = () => ctx.navigate({}, { keepView: true });
  const columns = [
    { key: "cidr", label: t("col.cidr"), rowHeader: true, cell: (r) => h("code", {}, r.cidr) },
    { key: "tag", label: t("col.tag"), cell: (r) => h("span", { class: "tag" }, r.tag) },
    { key: "comment", label: t("col.comment") },
    { key: "action", label: t("col.action"), sortable: false, cell: (r) => h("div", { class: "row-actions" },
      h("button", { type: "button", class: "btn btn-small", dataset: { edit: r.cidr },
        attrs: { "aria-label": t("registry.edit_entry", { cidr: r.cidr }) },
        onclick: () => edit(r) }, t("action.edit")),
      h("button", { type: "button", class: "btn btn-small btn-danger", dataset: { delete: r.cidr },
        attrs: { "aria-label": t("registry.delete_entry", { cidr: r.cidr }) },
        onclick: () => remove(r) }, t("action.delete"))) },
  ];

  function edit(entry) {
    const form = entryForm({
      entry, tags, lockCidr: true, submitLabel: t("action.save"),
      onSubmit: async (values) => {
        await api.put(endpoints.registryEntry(ctx.domain, entryId(entry)), { tag: values.tag, comment: values.comment });
        dialog.close();
        reload();
      },
      onCancel: () => dialog.close(),
    });
    replace(dialog, h("h3", { id: "entry-dialog-title" }, t("registry.edit_entry", { cidr: entry.cidr })),
      form);
    dialog.showModal();
    form.querySelector("input[name=tag]").focus();
  }

  async function remove(entry) {
    if (!window.confirm(t("registry.confirm_delete", { cidr: entry.cidr }))) return;
    try {
      await api.del(endpoints.registryEntry(ctx.domain, entryId(entry)));
      reload();
    } catch (exc) {
      status.show(exc.message, "error");
    }
  }

  const status = notice();
  const add = entryForm({
    entry: {}, tags, submitLabel: t("registry.add"),
    onSubmit: async (values) => {
      await api.post(endpoints.registry(ctx.domain), values);
      reload();
    },
  });
  const table = dataTable({ columns, rows: entries, caption: t("view.registry"), sort: ctx.state.sort,
    page: ctx.state.page, onState: ctx.remember, emptyText: t("registry.empty"), rowKey: (r) => r.cidr,
    csv: () => downloadCsv(endpoints.registryExport(ctx.domain), {}, `aligned-registry-${ctx.domain}.csv`)
      .catch((exc) => status.show(exc.message, "error")) });
  table.dataset.loaded = "registry";
  return h("div", {},
    h("p", { class: "muted" }, t("registry.explain")),
    status,
    section(t("registry.entries", { count: num(entries.length) }), table),
    h("div", { class: "two-col" },
      section(t("registry.add_title"), add),
      section(t("registry.import_title"), importForm(ctx, reload))),
    dialog);
}

function importForm(ctx, reload) {
  const result = h("div", { class: "import-result", attrs: { "aria-live": "polite" } });
  const file = h("input", { type: "file", id: "import-file", accept: ".csv,text/csv" });
  const text = h("textarea", { id: "import-text", rows: 6, attrs: { spellcheck: "false" },
    placeholder: "cidr,tag,comment\n192.0.2.0/24,newsletter,ESP" });
  const replaceAll = h("input", { type: "checkbox", id: "import-replace" });
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, t("registry.import"));
  return h("form", {
    class: "import-form",
    onsubmit: async (e) => {
      e.preventDefault();
      const body = file.files && file.files[0] ? await file.files[0].arrayBuffer() : text.value;
      if (!body || (typeof body === "string" && !body.trim())) return;
      if (replaceAll.checked && !(await confirmReplace(ctx, body))) return;
      submit.disabled = true;
      try {
        const out = await api.postText(endpoints.registryImport(ctx.domain), body, "text/csv",
          replaceAll.checked ? { replace: "true" } : undefined);
        showResult(result, out);
        setTimeout(reload, 1500);
      } catch (exc) {
        showResult(result, exc.body && typeof exc.body === "object" && exc.body.error ? exc.body : { text: exc.message });
      } finally {
        submit.disabled = false;
      }
    },
  },
  h("p", { class: "muted" }, t("registry.import_hint")),
  h("div", { class: "field" }, h("label", { htmlFor: "import-file" }, t("registry.import_file")), file),
  h("div", { class: "field" }, h("label", { htmlFor: "import-text" }, t("registry.import_text")), text),
  h("div", { class: "field field-check" }, h("label", { htmlFor: "import-replace" }, t("registry.import_replace")),
    replaceAll),
  h("div", { class: "form-actions" }, submit), result);
}

/** The CIDRs a registry CSV names (first column after the header), written as the API keeps them (a bare
 * address is its /32 or /128). Shift_JIS files (Excel) are read as the API reads them. */
export function csvCidrs(body) {
  let text = body;
  if (typeof body !== "string") {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      text = new TextDecoder("shift_jis").decode(body);
    }
  }
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\n|\r/).slice(1);
  const cidrs = new Set();
  for (const line of lines) {
    const first = line.split(",")[0].trim().replace(/^"(.*)"$/, "$1").trim().toLowerCase();
    if (first) cidrs.add(first.includes("/") ? first : `${first}/${first.includes(":") ? 128 : 32}`);
  }
  return cidrs;
}

/** "Replace the whole registry" asks first, with what it will delete, add and keep, and offers the export. */
async function confirmReplace(ctx, body) {
  const current = new Set((await registryEntries(ctx.domain)).map((e) => String(e.cidr).toLowerCase()));
  const incoming = csvCidrs(body);
  const removed = [...current].filter((c) => !incoming.has(c)).length;
  const added = [...incoming].filter((c) => !current.has(c)).length;
  const kept = [...incoming].filter((c) => current.has(c)).length;
  const dialog = h("dialog", { class: "dialog replace-dialog", attrs: { "aria-labelledby": "replace-title",
    "aria-describedby": "replace-hint" } });
  const exportStatus = notice();
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const figure = (key, label, value) => h("div", { class: "replace-figure", dataset: { count: key } },
      h("dt", {}, label), h("dd", {}, num(value)));
    replace(dialog,
      h("h3", { id: "replace-title" }, t("registry.replace_title")),
      h("p", { id: "replace-hint" }, t("registry.replace_hint")),
      h("dl", { class: "replace-figures" }, figure("removed", t("registry.replace_remove"), removed),
        figure("added", t("registry.replace_add"), added), figure("kept", t("registry.replace_keep"), kept)),
      h("p", {}, h("button", { type: "button", class: "btn", dataset: { action: "export" }, onclick: () =>
        downloadCsv(endpoints.registryExport(ctx.domain), {}, `aligned-registry-${ctx.domain}.csv`)
          .catch((exc) => exportStatus.show(exc.message, "error")) }, t("registry.replace_export"))),
      exportStatus,
      h("div", { class: "form-actions" },
        h("button", { type: "button", class: "btn btn-danger", dataset: { action: "replace" },
          onclick: () => done(true) }, t("registry.replace_go", { count: num(removed) })),
        h("button", { type: "button", class: "btn", dataset: { action: "cancel" }, onclick: () => done(false) },
          t("action.cancel"))));
    dialog.addEventListener("cancel", () => done(false));
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector("[data-action=cancel]").focus();
  });
}

function showResult(el, out) {
  const done = "created" in out;
  replace(el,
    !done ? h("p", { class: "notice notice-error", role: "alert" }, out.text || errorText(out)) : null,
    done ? h("p", { class: "notice notice-ok", role: "status" }, t("registry.imported", {
      created: num(out.created || 0), updated: num(out.updated || 0), unchanged: num(out.unchanged || 0),
      deleted: num(out.deleted || 0) })) : null,
    lineErrors(out));
}

/** The per-line errors of a rejected CSV import (the API's `errors`, and `more_errors` when the list was cut). */
export function lineErrors(out) {
  const errors = out.errors || [];
  if (!errors.length) return null;
  return h("div", { class: "line-errors", role: "alert" },
    h("p", {}, tn("registry.import_errors", errors.length + (out.more_errors || 0))),
    h("table", { class: "data" }, h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, t("col.line")), h("th", { scope: "col" }, t("col.field")),
      h("th", { scope: "col" }, t("col.message")))),
    h("tbody", {}, errors.map((er) => h("tr", {}, h("td", { class: "num" }, er.line ? String(er.line) : "—"),
      h("td", {}, er.field || "—"), h("td", {}, errorText(er, false)))))),
    out.more_errors ? h("p", { class: "more-errors" }, t("import.more_errors", { count: num(out.more_errors) }))
      : null);
}
