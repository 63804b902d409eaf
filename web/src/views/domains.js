// Analysis domains: add (for one of the caller's organizations), remove, the DNS records each needs (the _dmarc
// TXT with the rua address, and the external-destination authorisation record when the rua address is outside
// the domain), and the proof of ownership: while unproven, the _aligned-verify TXT record to publish and Verify.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { hasKey, num, t } from "../i18n/index.js";
import { asciiDomain, displayDomain } from "../idn.js";
import { empty, failure, loading, notice } from "../ui/states.js";
import { section } from "./common.js";

let merged = null; // the outcome of the last registration, shown once by the next render of this view

export function domainsView(ctx) {
  const status = notice();
  if (merged) {
    status.show(merged);
    merged = null;
  }
  const orgs = orgChoice(ctx.me);
  const register = async (name) => {
    const domain = asciiDomain(name.trim().toLowerCase()); // ドメイン.jp -> xn--eckwd4c7c.jp
    try {
      const added = await api.post(endpoints.domains(), { name: domain, org: orgs.value || undefined });
      merged = added.ownership === "unproven" ? t("ownership.registered_unproven", { domain: added.name || domain })
        : mergedText(added.name || domain, added.claimed);
      await ctx.refreshDomains();
      ctx.navigate({ domain: added.name || domain, view: "domains" });
    } catch (exc) {
      merged = null;
      status.show(exc.message, "error");
      if (exc.body && exc.body.error === "domain_held") offerClaim(status, orgs.value || ownOrg(ctx.me), domain, ctx);
    }
  };
  const input = h("input", { id: "new-domain", name: "domain", required: true, autocomplete: "off",
    placeholder: "example.com", attrs: { spellcheck: "false" } });
  const add = h("form", {
    class: "inline-form",
    onsubmit: (e) => {
      e.preventDefault();
      register(input.value);
    },
  }, h("label", { htmlFor: "new-domain" }, t("domains.add_label")), input, orgs.field,
  h("button", { type: "submit", class: "btn btn-primary" }, t("domains.add")));

  const list = ctx.domains.length
    ? h("ul", { class: "domain-list" }, ctx.domains.map((d) => domainItem(d, ctx, status)))
    : empty(t("domains.none"));
  const waiting = h("div", { class: "unclaimed" });
  api.get(endpoints.unclaimed()).then((body) => replace(waiting, unclaimedList(body.items || [], register)))
    .catch((exc) => replace(waiting, failure(exc)));
  return h("div", { class: "view view-domains", dataset: { loaded: "domains" } },
    section(t("domains.add_title"), add, status), waiting, list);
}

/** The organizations the caller may add domains to; a choice only when there is more than one (or for the
 * operator, who may also register for no organization). */
function orgChoice(me) {
  const mine = (me && me.memberships || []).filter((m) => (m.permissions || []).includes("domains_write"));
  if (!(me && me.operator) && mine.length <= 1) return { field: null, value: mine.length ? mine[0].org : "" };
  const select = h("select", { id: "new-domain-org", name: "org" },
    me && me.operator ? h("option", { value: "" }, t("ownership.no_org")) : null,
    mine.map((m) => h("option", { value: m.org }, m.org)));
  if (me && me.operator) {
    api.get(endpoints.orgs()).then((body) => {
      for (const o of body.items || []) {
        if (!mine.some((m) => m.org === o.id)) select.append(h("option", { value: o.id }, o.id));
      }
    }).catch(() => {});
  }
  const choice = { field: h("span", { class: "control" }, h("label", { htmlFor: "new-domain-org" },
    t("ownership.org")), select) };
  Object.defineProperty(choice, "value", { get: () => select.value });
  return choice;
}

function ownOrg(me) {
  const mine = (me && me.memberships || []).filter((m) => (m.permissions || []).includes("domains_write"));
  return mine.length ? mine[0].org : "";
}

/** Another organization registered the domain without proving it: publish our TXT record, then verify. */
function offerClaim(status, org, domain, ctx) {
  if (!org) return;
  status.append(" ", h("button", { type: "button", class: "btn btn-small btn-primary", dataset: { action: "claim" },
    onclick: () => verify(org, domain, status, ctx) }, t("ownership.verify")));
}

async function verify(org, domain, status, ctx) {
  try {
    await api.post(endpoints.claim(org, domain));
    merged = t("ownership.verified", { domain });
    await ctx.refreshDomains();
    ctx.navigate({ domain, view: "domains" });
  } catch (exc) {
    status.show(exc.message, "error");
  }
}

function ownershipBlock(d, ctx, status) {
  const state = d.ownership || "unowned";
  const head = h("p", { class: `ownership ownership-${state}`, dataset: { ownership: state } },
    d.org ? h("span", { class: "org" }, t("ownership.org_value", { org: d.org }), " · ") : null,
    t(`ownership.${state}`, { since: d.visible_from || "" }));
  if (state !== "unproven" || !d.verification) return head;
  return h("div", { class: "verification" }, head, dnsTable([{ ...d.verification, purpose: "verify", note_params: { domain: d.domain } }]),
    h("button", { type: "button", class: "btn btn-small btn-primary", dataset: { action: "verify" },
      onclick: () => verify(d.org, d.domain, status, ctx) }, t("ownership.verify")));
}

function mergedText(domain, claimed) {
  if (!claimed || !claimed.reports) return t("unclaimed.nothing_merged", { domain });
  return t("unclaimed.merged", { domain, reports: num(claimed.reports), messages: num(claimed.messages),
    first: claimed.first_day, last: claimed.last_day });
}

function unclaimedList(items, register) {
  if (!items.length) return null;
  const rows = items.map((u) => h("tr", { dataset: { domain: u.domain } },
    h("th", { scope: "row" }, h("code", {}, u.domain)),
    h("td", { class: "num" }, num(u.reports)),
    h("td", { class: "num" }, num(u.messages)),
    h("td", {}, t("unclaimed.span_value", { first: u.first_day, last: u.last_day })),
    h("td", {}, h("button", { type: "button", class: "btn btn-small btn-primary", dataset: { action: "register" },
      onclick: (e) => {
        e.target.disabled = true;
        register(u.domain);
      } }, t("unclaimed.register")))));
  return section(t("unclaimed.title"), h("p", { class: "muted" }, t("unclaimed.explain")),
    h("div", { class: "table-scroll" }, h("table", { class: "data unclaimed-list" },
      h("thead", {}, h("tr", {}, [t("unclaimed.domain"), t("unclaimed.reports"), t("col.messages"),
        t("unclaimed.span"), ""].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, rows))));
}

function domainItem(d, ctx, status) {
  const idn = displayDomain(d.domain) !== d.domain; // shown in Unicode, the ASCII form on hover and in DNS
  const records = h("div", { class: "dns" });
  const item = h("li", { class: "panel", dataset: { domain: d.domain } },
    h("div", { class: "domain-head" }, h("h3", { title: idn ? d.domain : null }, displayDomain(d.domain),
      idn ? h("span", { class: "ascii-domain muted" }, " (", d.domain, ")") : null),
      h("button", { type: "button", class: "btn btn-small btn-danger", onclick: async () => {
        if (!window.confirm(t("domains.confirm_remove", { domain: displayDomain(d.domain) }))) return;
        try {
          await api.del(endpoints.domain(d.domain));
          await ctx.refreshDomains();
          ctx.navigate({ domain: ctx.domain === d.domain ? "" : ctx.domain, view: "domains" });
        } catch (exc) {
          status.show(exc.message, "error");
        }
      } }, t("domains.remove"))),
    ownershipBlock(d, ctx, status),
    h("h4", {}, t("domains.dns")), records);
  const inline = d.dns_records || d.records;
  if (inline) replace(records, dnsTable(inline));
  else {
    replace(records, loading());
    api.get(endpoints.domain(d.domain)).then((body) => replace(records, dnsTable(body.dns_records || [])))
      .catch((exc) => replace(records, failure(exc)));
  }
  return item;
}

/** The DNS records to publish; `copy`: a copy button after each value (bulk onboarding). */
export function dnsTable(body, { copy = false } = {}) {
  const rows = Array.isArray(body) ? body : body.records || body.items || [];
  if (!rows.length) return empty();
  return h("div", { class: "table-scroll" }, h("table", { class: "data dns-records" },
    h("thead", {}, h("tr", {}, [t("domains.record_name"), t("domains.record_type"), t("domains.record_value")]
      .map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, rows.map((r) => h("tr", {},
      h("td", {}, h("code", { class: "wrap" }, r.name || "")),
      h("td", {}, r.type || "TXT"),
      h("td", {}, h("code", { class: "wrap" }, r.value || ""), copy ? copyButton(r) : null,
        noteOf(r) ? h("div", { class: "muted small" }, noteOf(r)) : null))))));
}

function copyButton(r) {
  const button = h("button", { type: "button", class: "btn btn-small copy-btn", dataset: { name: r.name },
    attrs: { "aria-label": t("domains.copy_value", { name: r.name }) },
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(r.value || "");
        button.textContent = t("domains.copied");
      } catch {
        button.textContent = t("domains.copy_failed");
      }
      setTimeout(() => { button.textContent = t("domains.copy"); }, 2000);
    } }, t("domains.copy"));
  return button;
}

function noteOf(r) {
  const key = `domains.note.${r.purpose}`;
  return hasKey(key) && r.note_params ? t(key, r.note_params) : r.note;
}
