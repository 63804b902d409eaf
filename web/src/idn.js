// Internationalised domain names: the API stores the ASCII (punycode, "xn--") form; people read the Unicode
// form. displayDomain() gives the Unicode form for display; DNS records and the URL keep the ASCII form.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta, points, first) {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(code) {
  if (code >= 48 && code <= 57) return code - 22; // 0-9 -> 26-35
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 97; // a-z
  return BASE;
}

/** RFC 3492 decoding of one label's part after "xn--"; null when it is not valid punycode. */
export function decodeLabel(input) {
  const cut = input.lastIndexOf("-");
  const out = cut > 0 ? [...input.slice(0, cut)].map((c) => c.codePointAt(0)) : [];
  if (out.some((c) => c >= 0x80)) return null;
  let n = 0x80;
  let i = 0;
  let bias = 72;
  for (let pos = cut > 0 ? cut + 1 : 0; pos < input.length;) {
    const old = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const d = digit(input.charCodeAt(pos++));
      if (d >= BASE) return null;
      i += d * w;
      const th = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < th) break;
      w *= BASE - th;
      if (i > 0x7fffffff || w > 0x7fffffff) return null;
    }
    bias = adapt(i - old, out.length + 1, old === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return null;
    out.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...out);
}

/** "xn--eckwd4c7c.jp" -> "ドメイン.jp"; any label that does not decode stays as it is. */
export function displayDomain(domain) {
  const text = String(domain || "");
  if (!/(^|\.)xn--/i.test(text)) return text;
  return text.split(".").map((label) => {
    if (!/^xn--/i.test(label)) return label;
    const decoded = decodeLabel(label.slice(4).toLowerCase());
    return decoded && decoded.length ? decoded : label;
  }).join(".");
}

/** The ASCII form of a name typed in Unicode (the browser's own IDNA mapping); text that is no host name is
 * returned as typed, for the API to explain what is wrong with it. */
export function asciiDomain(text) {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  try {
    return new URL(`http://${text}/`).hostname || text;
  } catch {
    return text;
  }
}
