// Links to the records behind a row: every analysis table opens the facts its row was counted from in the
// records view (?view=records&pattern=1...), a URL that can be shared. `filter` holds the API's /facts filters.
import { h } from "../dom.js";
import { t } from "../i18n/index.js";
import { DRILL_KEYS } from "../state.js";

/** The state patch of the records view for `filter`; every other filter cleared, `back` the current view. */
export function recordsPatch(ctx, filter) {
  const blank = Object.fromEntries(["pattern", "tag", ...DRILL_KEYS].map((key) => [key, ""]));
  return { ...blank, view: "records", back: ctx.state.view, focus: "", ...filter };
}

/** A link (keyboard reachable, a small button to the eye) to the records behind a row. `name` is its accessible
 * name and starts with the visible text; `text` given: a link in running text that reads `text`. */
export function recordsLink(ctx, filter, name, text) {
  const patch = recordsPatch(ctx, filter);
  return h("a", { class: text ? "records-link" : "btn btn-small records-link", href: ctx.link(patch),
    onclick: ctx.follow(patch), attrs: { "aria-label": text ? null : name },
    dataset: { records: JSON.stringify(filter) } }, text || t("records.open"));
}
