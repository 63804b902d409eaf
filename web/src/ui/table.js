// A data table with sortable headers, paging and CSV download. Columns:
//   {key, label, num: bool, value: row => sortable value, cell: row => Node|string, csv: row => string}
// Sorting and paging happen in the browser on the rows given; `onState` keeps them in the URL.
// Headers wrap; on a phone each row is a card whose cells carry their column's name (data-label, CSS).
import { h, replace } from "../dom.js";
import { num, t } from "../i18n/index.js";
import { empty } from "./states.js";

export const PAGE_SIZE = 25;

export function dataTable({ columns, rows, caption, sort = "", page = 1, pageSize = PAGE_SIZE, onState,
  csv, emptyText, rowKey, rowClass }) {
  const wrap = h("div", { class: "table-block" });
  let sortKey = "";
  let sortDir = 1;
  if (sort) {
    const desc = sort.startsWith("-");
    const key = desc ? sort.slice(1) : sort;
    if (columns.some((c) => c.key === key && c.sortable !== false)) {
      sortKey = key;
      sortDir = desc ? -1 : 1;
    }
  }
  let current = page;

  function sorted() {
    if (!sortKey) return rows;
    const col = columns.find((c) => c.key === sortKey);
    const value = col.value || ((r) => r[col.key]);
    return [...rows].sort((a, b) => compare(value(a), value(b)) * sortDir);
  }

  function render() {
    const all = sorted();
    const pages = Math.max(1, Math.ceil(all.length / pageSize));
    current = Math.min(Math.max(1, current), pages);
    const slice = all.slice((current - 1) * pageSize, current * pageSize);
    const head = h("tr", {}, columns.map((col) => header(col)));
    const body = slice.map((row, i) => h("tr", {
      class: rowClass ? rowClass(row) : null, dataset: rowKey ? { key: rowKey(row) } : undefined,
    }, columns.map((col) => cell(col, row, i))));
    const table = h("table", { class: "data cardable" },
      caption ? h("caption", { class: "sr-only" }, caption) : null, h("thead", {}, head), h("tbody", {}, body));
    replace(wrap, 
      h("div", { class: "table-tools" },
        h("span", { class: "muted" }, t("table.rows", { count: num(rows.length) })),
        csv ? h("button", { type: "button", class: "btn btn-small", onclick: csv }, t("action.csv")) : null),
      rows.length ? h("div", { class: "table-scroll", tabIndex: 0, attrs: { role: "region",
        "aria-label": caption || t("table.region") } }, table) : empty(emptyText),
      pages > 1 ? pager(pages) : null);
  }

  function header(col) {
    if (col.sortable === false) {
      return h("th", { scope: "col", class: col.num ? "num" : null, title: col.title || null }, col.label);
    }
    const active = sortKey === col.key;
    const aria = active ? (sortDir > 0 ? "ascending" : "descending") : "none";
    return h("th", { scope: "col", class: col.num ? "num" : null, title: col.title || null,
      attrs: { "aria-sort": aria } },
      h("button", {
        type: "button", class: "sort", dataset: { key: col.key },
        onclick: () => {
          if (sortKey === col.key) sortDir = -sortDir;
          else {
            sortKey = col.key;
            sortDir = col.num ? -1 : 1;
          }
          current = 1;
          changed();
        },
      }, col.label, h("span", { class: "sort-mark", attrs: { "aria-hidden": "true" } },
        active ? (sortDir > 0 ? "▲" : "▼") : "↕")));
  }

  function cell(col, row) {
    const content = col.cell ? col.cell(row) : defaultCell(row[col.key], col);
    return h(col.rowHeader ? "th" : "td", { class: col.num ? "num" : null, scope: col.rowHeader ? "row" : null,
      dataset: { label: col.label, col: col.key } }, content);
  }

  function pager(pages) {
    const go = (p) => () => {
      current = p;
      changed();
      wrap.querySelector(".pager-status")?.focus();
    };
    return h("nav", { class: "pager", attrs: { "aria-label": t("table.pages") } },
      h("button", { type: "button", class: "btn btn-small", disabled: current <= 1, onclick: go(current - 1) },
        t("table.prev")),
      h("span", { class: "pager-status", tabIndex: -1 }, t("table.page", { page: current, pages })),
      h("button", { type: "button", class: "btn btn-small", disabled: current >= pages, onclick: go(current + 1) },
        t("table.next")));
  }

  function changed() {
    render();
    if (onState) onState({ sort: sortKey ? (sortDir < 0 ? "-" : "") + sortKey : "", page: current });
  }

  render();
  return wrap;
}

function defaultCell(value, col) {
  if (typeof value === "number") return num(value);
  if (Array.isArray(value)) return value.join(", ");
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Client-side CSV (UTF-8 with BOM so Excel reads Japanese), cells quoted, formula-leading cells defused. */
export function toCsv(columns, rows) {
  const line = (cells) => cells.map(csvCell).join(",");
  const out = [line(columns.map((c) => c.label))];
  for (const row of rows) out.push(line(columns.map((c) => (c.csv ? c.csv(row) : row[c.key]))));
  return new Blob(["\ufeff" + out.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
}

function csvCell(value) {
  let s = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(" ") : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
