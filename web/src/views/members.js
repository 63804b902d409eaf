// Organizations and their members. Everyone sees the organizations they belong to and their members; owners
// (and operators) add members by user id (the Cognito `sub`), change roles and remove members; operators also
// create organizations.
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { endpoints } from "../endpoints.js";
import { t } from "../i18n/index.js";
import { empty, failure, into, notice } from "../ui/states.js";
import { section } from "./common.js";

export const ROLES = ["owner", "admin", "analyst", "viewer"];

function roleIn(me, org) {
  const found = (me && me.memberships || []).find((m) => m.org === org);
  return found ? found.role : null;
}

export function mayManage(me, org) {
  return Boolean(me && (me.operator || roleIn(me, org) === "owner"));
}

export function membersView(ctx) {
  const status = notice();
  const list = h("div", { class: "orgs" });
  const reload = () => into(list, () => api.get(endpoints.orgs()), (body) => orgList(body.items || [], ctx, status,
    reload));
  reload();
  const me = ctx.me || {};
  const who = h("p", { class: "muted", dataset: { user: me.user || "" } }, t("members.you", { user: me.user || "-" }),
    me.operator ? ` · ${t("members.operator")}` : "");
  return h("div", { class: "view view-members", dataset: { loaded: "members" } },
    who, status, me.operator ? section(t("members.create_org"), createOrg(status, reload)) : null, list);
}

function createOrg(status, reload) {
  const id = h("input", { id: "org-id", name: "id", required: true, autocomplete: "off", placeholder: "acme" });
  const name = h("input", { id: "org-name", name: "name", autocomplete: "off" });
  return h("form", { class: "inline-form", onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api.post(endpoints.orgs(), { id: id.value.trim(), name: name.value.trim() });
      status.show(t("members.org_created", { org: id.value.trim() }));
      reload();
    } catch (exc) {
      status.show(exc.message, "error");
    }
  } }, h("label", { htmlFor: "org-id" }, t("members.org_id")), id,
  h("label", { htmlFor: "org-name" }, t("members.org_name")), name,
  h("button", { type: "submit", class: "btn btn-primary" }, t("members.create")));
}

function orgList(orgs, ctx, status, reload) {
  if (!orgs.length) return empty(t("members.no_orgs"));
  return h("div", {}, orgs.map((org) => {
    const body = h("div", { class: "members" });
    const refresh = () => into(body, () => api.get(endpoints.members(org.id)),
      (data) => memberTable(org.id, data.items || [], ctx, status, refresh));
    refresh();
    return h("section", { class: "panel org", dataset: { org: org.id } },
      h("h3", {}, org.name && org.name !== org.id ? `${org.name} (${org.id})` : org.id),
      body, mayManage(ctx.me, org.id) ? addMember(org.id, status, refresh) : null);
  }));
}

function roleSelect(id, value, onchange) {
  return h("select", { id, name: "role", onchange },
    ROLES.map((r) => h("option", { value: r, selected: r === value }, t(`role.${r}`))));
}

function memberTable(org, items, ctx, status, refresh) {
  if (!items.length) return empty(t("members.none"));
  const manage = mayManage(ctx.me, org);
  const act = async (call, done) => {
    try {
      await call();
      status.show(done);
      refresh();
    } catch (exc) {
      status.show(exc.message, "error");
      refresh();
    }
  };
  return h("div", { class: "table-scroll" }, h("table", { class: "data members-table" },
    h("thead", {}, h("tr", {}, [t("members.user"), t("members.email"), t("members.role"), ""]
      .map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, items.map((m) => h("tr", { dataset: { user: m.user } },
      h("th", { scope: "row" }, h("code", {}, m.user)),
      h("td", {}, m.email || ""),
      h("td", {}, manage ? roleSelect(`role-${org}-${m.user}`, m.role, (e) => act(
        () => api.put(endpoints.member(org, m.user), { role: e.target.value, email: m.email }),
        t("members.saved", { user: m.user }))) : t(`role.${m.role}`)),
      h("td", {}, manage ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => {
        if (window.confirm(t("members.confirm_remove", { user: m.user, org }))) {
          act(() => api.del(endpoints.member(org, m.user)), t("members.removed", { user: m.user }));
        }
      } }, t("members.remove")) : null))))));
}

function addMember(org, status, refresh) {
  const user = h("input", { id: `new-user-${org}`, name: "user", required: true, autocomplete: "off" });
  const email = h("input", { id: `new-email-${org}`, name: "email", type: "email", autocomplete: "off" });
  const role = roleSelect(`new-role-${org}`, "viewer");
  const form = h("form", { class: "inline-form add-member", onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api.put(endpoints.member(org, user.value.trim()), { role: role.value, email: email.value.trim() });
      status.show(t("members.saved", { user: user.value.trim() }));
      user.value = "";
      email.value = "";
      refresh();
    } catch (exc) {
      status.show(exc.message, "error");
    }
  } }, h("label", { htmlFor: `new-user-${org}` }, t("members.user")), user,
  h("label", { htmlFor: `new-email-${org}` }, t("members.email")), email,
  h("label", { htmlFor: `new-role-${org}` }, t("members.role")), role,
  h("button", { type: "submit", class: "btn btn-primary" }, t("members.add")));
  return h("div", {}, h("h4", {}, t("members.add_title")), form);
}

/** The local token prompt (ALIGNED_AUTH=local): the API answered 401 and no Cognito sign-in is configured. */
export function signInPrompt(onToken, problem) {
  const input = h("textarea", { id: "local-token", name: "token", rows: 3, required: true,
    attrs: { spellcheck: "false" } });
  return h("main", { id: "main", class: "view view-signin" },
    h("h2", { class: "view-title" }, t("signin.title")),
    h("p", {}, t("signin.explain")),
    h("p", {}, h("code", {}, "python -m chalicelib.cli token --user alice --org acme --role owner")),
    problem ? replace(h("div"), failure(problem)) : null,
    h("form", { onsubmit: (e) => {
      e.preventDefault();
      onToken(input.value.trim());
    } }, h("label", { htmlFor: "local-token" }, t("signin.token")), input,
    h("button", { type: "submit", class: "btn btn-primary" }, t("signin.submit"))));
}
