// Runtime configuration from ./config.json, written at deploy next to index.html:
//   {"apiBase": "https://<api-id>.execute-api.<region>.amazonaws.com/<stage>",
//    "auth": {"domain": "<prefix>.auth.<region>.amazoncognito.com", "clientId": "<app client id>"}}
// Both keys are optional: without config.json (local stack) the API is on this origin and no sign-in is needed.
export async function loadConfig() {
  let raw = {};
  try {
    const resp = await fetch("config.json", { cache: "no-store", credentials: "same-origin" });
    if (resp.ok) raw = await resp.json();
  } catch {
    raw = {};
  }
  const apiBase = typeof raw.apiBase === "string" ? raw.apiBase.replace(/\/+$/, "") : "";
  const auth = raw.auth && typeof raw.auth.domain === "string" && typeof raw.auth.clientId === "string"
    ? { domain: raw.auth.domain.replace(/^https?:\/\//, "").replace(/\/+$/, ""), clientId: raw.auth.clientId,
      scopes: typeof raw.auth.scopes === "string" ? raw.auth.scopes : "openid email" }
    : null;
  return { apiBase, auth };
}
