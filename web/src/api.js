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

/** Fetches a CSV with the auth header and saves it as a file (a blob link). A large CSV is answered with
 * {export: {url, filename}} instead: a short-lived presigned link to the file in the exports bucket, which the
 * browser then downloads itself (the link carries its own credentials; the file is sent as an attachment). */
export async function downloadCsv(path, params, filename) {
  const headers = { Accept: "text/csv", ...authHeader() };
  const resp = await fetch(apiUrl(path, params), { headers });
  if (!resp.ok) {
    const data = await resp.json().catch(() => null);
    throw new ApiError(resp.status, errorMessage(data, resp), data);
  }
  if ((resp.headers.get("Content-Type") || "").includes("json")) {
    const data = await resp.json();
    if (data && data.export && data.export.url) return followLink(data.export.url, data.export.filename || filename);
  }
  saveBlob(await resp.blob(), filename);
}

function followLink(url, filename) {
  const a = document.createElement("a");
  a.href = url;
  a.download = filename; // ignored across origins; the object's Content-Disposition names the file
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
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
