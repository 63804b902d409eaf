// The JSON API client: one place for the base URL, the auth header and error decoding.
import { authHeader, reauthenticate } from "./auth.js";
import { errorText } from "./i18n/index.js";

let base = "";

export function setApiBase(apiBase) {
  base = apiBase || "";
}

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function apiUrl(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return `${base}/api${path}${s ? "?" + s : ""}`;
}

export function enc(segment) {
  return encodeURIComponent(segment);
}

async function request(method, path, { params, json, body, contentType, accept = "application/json" } = {}) {
  const headers = { Accept: accept, ...authHeader() };
  let payload;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(json);
  } else if (body !== undefined) {
    headers["Content-Type"] = contentType || "text/plain";
    payload = body;
  }
  let resp;
  try {
    resp = await fetch(apiUrl(path, params), { method, headers, body: payload });
  } catch (exc) {
    throw new ApiError(0, String(exc && exc.message ? exc.message : exc), null);
  }
  if (resp.status === 401) reauthenticate();
  const type = resp.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await resp.json().catch(() => null) : await resp.text();
  if (!resp.ok) throw new ApiError(resp.status, errorMessage(data, resp), data);
  return data;
}

function errorMessage(data, resp) {
  if (data && typeof data === "object" && typeof data.error === "string") return errorText(data);
  if (data && typeof data === "object") return String(data.Message || data.message || resp.statusText);
  if (typeof data === "string" && data.trim()) return data.trim().slice(0, 300);
  return `${resp.status} ${resp.statusText}`;
}

export const api = {
  get: (path, params) => request("GET", path, { params }),
  post: (path, json, params) => request("POST", path, { json, params }),
  put: (path, json) => request("PUT", path, { json }),
  patch: (path, json) => request("PATCH", path, { json }),
  del: (path) => request("DELETE", path),
  postText: (path, body, contentType, params) => request("POST", path, { body, contentType, params }),
  text: (path, params, accept = "text/csv") => request("GET", path, { params, accept }),
};

/** Fetches a CSV with the auth header and saves it as a file (a blob link; no other host involved). */
export async function downloadCsv(path, params, filename) {
  const headers = { Accept: "text/csv", ...authHeader() };
  const resp = await fetch(apiUrl(path, params), { headers });
  if (!resp.ok) throw new ApiError(resp.status, `${resp.status} ${resp.statusText}`, null);
  saveBlob(await resp.blob(), filename);
}

export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
