// The records behind a row: the facts an analysis row was counted from, chosen by the URL's filters (pattern,
// tag, registered, dmarc, source_ip, ...; the API's /facts filters), so the page can be linked and shared.
// Loaded in chunks, largest first; sortable and paged in the browser; the CSV is the API's, with every record.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { num, t } from "../i18n/index.js";
import { DRILL_KEYS } from "../state.js";
import { dataTable } from "../ui/table.js";
import { into } from "../ui/states.js";
import { analysisCsv, card } from "./common.js";
import { recordColumns } from "./records-columns.js";

const CHUNK = 500; // records per request (the API allows up to 1000)
const BACK_TO = ["overview", "patterns", "tags", "spoofing", "senders", "readiness"];

/** The API filters in the URL state (empty ones left out). */
export function recordFilters(state) {
  const keys = ["pattern", "tag", ...DRILL_KEYS.filter((k) => k !== "back")];
  return Object.fromEntries(keys.filter((k) => state[k]).map((k) => [k, state[k]]));
}

export function recordsView(ctx) {
  const box = h("div", { class: "view view-records" });
  const filters = recordFilters(ctx.state);
  const fetchChunk = (offset) => api.get(endpoints.analysis(ctx.domain, "facts"),
    { from: ctx.range.from, to: ctx.range.to, ...filters, offset, limit: CHUNK });
  into(box, () => fetchChunk(0), (data) => render(data, ctx, filters, fetchChunk));
  return box;
}

function render(data, ctx, filters, fetchChunk) {
  const items = [...(data.items || [])];
  let next = data.next_offset;
  const slot = h("div", { class: "records-table" });
  const status = h("p", { class: "notice notice-warn", role: "status", attrs: { "aria-live": "polite" } });

  function draw() {
    const table = dataTable({
      columns: recordColumns(items), rows: items, caption: t("view.records"), sort: ctx.state.sort,
      page: ctx.state.page, onState: ctx.remember, emptyText: t("records.empty"),
      csv: analysisCsv(ctx, "facts", filters),
    });
    table.dataset.loaded = "records";
    replace(slot, table);
    const ended = next === null || next === undefined;
    const beyond = ended && items.length < data.total_facts; // pages stop at the window: the CSV has the rest
    replace(status, beyond ? t("records.window", { shown: num(items.length), total: num(data.total_facts) }) :
      ended ? "" : [
        t("records.partial", { shown: num(items.length), total: num(data.total_facts) }), " ",
        h("button", { type: "button", class: "btn btn-small", dataset: { more: "" }, onclick: more },
          t("records.more"))]);
    status.hidden = ended && !beyond;
  }

  async function more(event) {
    event.target.disabled = true;
    try {
      const chunk = await fetchChunk(next);
      items.push(...(chunk.items || []));
      next = chunk.next_offset;
      draw();
    } catch (exc) {
      event.target.disabled = false;
      replace(status, exc.message);
    }
  }

  draw();
  return h("div", {},
    h("p", { class: "records-back" }, backLink(ctx)),
    h("div", { class: "records-filters", dataset: { filters: JSON.stringify(filters) } },
      h("span", { class: "muted" }, t("records.behind")), " ",
      filterChips(filters)),
    h("div", { class: "cards" },
      card(t("records.count"), num(data.total_facts), { figure: "total_facts" }),
      card(t("col.messages"), num(data.total_messages), { figure: "total_messages" })),
    h("p", { class: "muted" }, t("records.explain")),
    status, slot);
}

function backLink(ctx) {
  const back = BACK_TO.includes(ctx.state.back) ? ctx.state.back : "patterns";
  const patch = { view: back };
  return h("a", { class: "back-link", href: ctx.link({ ...patch, ...blankFilters() }), onclick: ctx.follow(patch) },
    t("records.back", { view: t(`view.${back}`) }));
}

function blankFilters() {
  return Object.fromEntries(["pattern", "tag", ...DRILL_KEYS].map((k) => [k, ""]));
}

function chip(text) {
  return h("span", { class: "tag filter-chip" }, text);
}

function filterChips(filters) {
  const patterns = (filters.pattern || "").split(",").filter(Boolean).map((p) => (p === "0"
    ? t("patterns.pass_row") : p === "5" ? t("patterns.unknown_row") : t("patterns.advice_for", { n: p })));
  const named = {
    tag: (v) => (v === "(untagged)" ? t("tags.untagged") : t("records.filter.tag", { value: v })),
    registered: (v) => (v === "false" ? t("records.filter.unregistered") : t("records.filter.registered")),
    dmarc: (v) => (v === "fail" ? t("records.filter.dmarc_fail") : t("records.filter.dmarc_pass")),
    source_ip: (v) => t("records.filter.source_ip", { value: v }),
    reporter: (v) => t("records.filter.reporter", { value: v }),
    header_from: (v) => t("records.filter.header_from", { value: v }),
    envelope_from: (v) => t("records.filter.envelope_from", { value: v }),
    disposition: (v) => t("records.filter.disposition", { value: v }),
    dkim_domain: (v) => t("records.filter.dkim_domain", { value: v }),
    service: (v) => (v === "(unknown)" ? t("records.filter.service_unknown")
      : t("records.filter.service", { value: v === "own" ? t("records.service_own") : v })),
  };
  const chips = [...patterns.map(chip), ...Object.entries(named).filter(([k]) => filters[k])
    .map(([k, text]) => chip(text(filters[k])))];
  return chips.length ? chips : chip(t("records.filter.all"));
}
