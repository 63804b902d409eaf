// The only way this UI builds DOM: elements from tag names and properties, text always as text nodes.
// Report data is attacker-controlled; nothing here ever parses a string as HTML.
const FORBIDDEN_ATTR = /^(on|innerhtml$|outerhtml$|srcdoc$)/i;

/**
 * h("button", {class: "x", onclick: fn, attrs: {"aria-label": "..."}}, "text", child, [more])
 * Keys: class, id, type, value, href, title, hidden, disabled, checked, selected, name, for, colspan,
 * dataset {..}, attrs {..} (setAttribute), on<event> (listener). Children: Node | string | number | array | null.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "attrs") {
      for (const [name, v] of Object.entries(value)) if (v !== undefined && v !== null) setAttr(el, name, v);
    } else if (key === "href") {
      el.setAttribute("href", safeHref(value));
    } else if (["value", "checked", "selected", "disabled", "hidden", "type", "id", "name", "title",
      "placeholder", "required", "min", "max", "step", "rows", "colSpan", "tabIndex", "htmlFor",
      "download", "multiple", "accept", "autocomplete", "inputMode", "scope"].includes(key)) {
      el[key] = value;
    } else {
      setAttr(el, key, value);
    }
  }
  append(el, children);
  return el;
}

function setAttr(el, name, value) {
  if (FORBIDDEN_ATTR.test(name)) throw new Error(`refusing attribute ${name}`);
  el.setAttribute(name, value === true ? "" : String(value));
}

/** Only same-document, relative or http(s)/blob links; anything else (javascript:, data:) becomes "#". */
export function safeHref(value) {
  const text = String(value);
  if (text.startsWith("?") || text.startsWith("#") || text.startsWith("/")) return text;
  try {
    const url = new URL(text, location.href);
    return ["http:", "https:", "blob:"].includes(url.protocol) ? url.href : "#";
  } catch {
    return "#";
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** Text of a possibly missing value; "—" for empty. */
export function text(value) {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}
