// Sign-in through the Cognito hosted UI: authorization code + PKCE. Tokens stay in sessionStorage (this tab).
// The API's Cognito authorizer receives the ID token in the Authorization header.
const KEY = "aligned.tokens";
// ALIGNED_AUTH=local: a token printed by `python -m chalicelib.cli token`, pasted once per tab.
const LOCAL = "aligned.localToken";
const PENDING = "aligned.pkce";

let settings = null;

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function redirectUri() {
  return location.origin + location.pathname;
}

function saved() {
  try {
    const tokens = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return tokens && tokens.expiresAt > Date.now() + 30000 ? tokens : null;
  } catch {
    return null;
  }
}

async function login() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, nonce, back: location.search }));
  const q = new URLSearchParams({
    response_type: "code", client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scopes,
    code_challenge_method: "S256", code_challenge: challenge, state: nonce,
  });
  location.assign(`https://${settings.domain}/oauth2/authorize?${q}`);
  return new Promise(() => {}); // the page is leaving
}

async function exchange(code, state) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  if (!pending || pending.nonce !== state) throw new Error("sign-in state mismatch");
  const resp = await fetch(`https://${settings.domain}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: settings.clientId, code, redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!resp.ok) throw new Error(`sign-in failed (${resp.status})`);
  const body = await resp.json();
  sessionStorage.setItem(KEY, JSON.stringify({
    idToken: body.id_token, expiresAt: Date.now() + (body.expires_in || 3600) * 1000,
  }));
  history.replaceState(null, "", location.pathname + (pending.back || ""));
}

/** Resolves once the user is signed in (or at once when no sign-in is configured). */
export async function ensureSignedIn(authSettings) {
  settings = authSettings;
  if (!settings) return;
  const q = new URLSearchParams(location.search);
  if (q.get("code") && q.get("state")) await exchange(q.get("code"), q.get("state"));
  if (!saved()) await login();
}

export function authHeader() {
  const tokens = settings ? saved() : null;
  if (tokens) return { Authorization: tokens.idToken };
  const local = settings ? "" : sessionStorage.getItem(LOCAL);
  return local ? { Authorization: `Bearer ${local}` } : {};
}

export function setLocalToken(token) {
  if (token) sessionStorage.setItem(LOCAL, token.trim());
  else sessionStorage.removeItem(LOCAL);
}

/** Whether the local token mode can help: no Cognito sign-in is configured. */
export function localMode() {
  return !settings;
}

export function signedIn() {
  return Boolean((settings && saved()) || (!settings && sessionStorage.getItem(LOCAL)));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  if (!settings) {
    sessionStorage.removeItem(LOCAL);
    location.reload();
    return;
  }
  const q = new URLSearchParams({ client_id: settings.clientId, logout_uri: redirectUri() });
  location.assign(`https://${settings.domain}/logout?${q}`);
}

/** The token expired or was refused: sign in again (the hosted UI session usually makes it silent). */
export function reauthenticate() {
  if (!settings) {
    sessionStorage.removeItem(LOCAL); // refused: the sign-in prompt asks for another one
    return;
  }
  sessionStorage.removeItem(KEY);
  login();
}
