/**
 * JSON that keeps a number's float-ness, as Python's json module does: `1200.0` and `1e3` are
 * floats, `1200` is an int. JSON.parse gives the same JS number for both, so a float whose
 * value is integral comes back boxed (`new Number(1200)`), which templates read as a float
 * (it prints `1200.0`); other numbers stay plain. Boxed numbers survive structured cloning
 * (the render threads) and serialise as plain numbers with JSON.stringify; `stringifyJson`
 * writes them with their `.0`, which a jsonb column keeps (its numerics keep their scale).
 * An integer beyond 2^53 (which JSON.parse rounds) comes back as a bigint, exact as Python's
 * int; `stringifyJson` writes its digits.
 */
import { randomUUID } from "node:crypto";

/** A string, or a number token (anything else in JSON has no digit). */
const TOKENS = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** Can the text hold a number written with a fraction or an exponent, or 16 digits, at all? */
const MAYBE_SPECIAL = /\d[.eE]|\d{16}/;

/** How a number token is given back: boxed (an integral float), a bigint, or as JSON.parse does. */
function special(token: string): "float" | "int" | null {
  const x = Number(token);
  if (/[.eE]/.test(token)) return Number.isInteger(x) || Object.is(x, -0) ? "float" : null;
  return Number.isSafeInteger(x) ? null : "int";
}

/**
 * JSON.parse, but a number written with a fraction or an exponent whose value is integral
 * (`1200.0`, `0.0`, `1e3`) comes back as a boxed Number: a float to templates; and an integer
 * beyond 2^53 as a bigint (exact).
 */
export function parseJson(text: string): unknown {
  return parseJsonFloats(text) ?? JSON.parse(text);
}

/** parseJson when the text holds such a number; undefined (nothing parsed) when it holds none. */
export function parseJsonFloats(text: string): unknown {
  if (!MAYBE_SPECIAL.test(text)) return undefined;
  let found = false;
  const marker = `number:${randomUUID()}:`;
  const marked = text.replace(TOKENS, (token) => {
    if (token.charCodeAt(0) === 34) return token;
    const kind = special(token);
    if (kind === null) return token;
    found = true;
    return `"${marker}${kind}:${token}"`;
  });
  if (!found) return undefined;
  return JSON.parse(marked, (_key, value) => {
    if (typeof value !== "string" || !value.startsWith(marker)) return value;
    const [kind, token] = value.slice(marker.length).split(":") as [string, string];
    return kind === "int" ? BigInt(token) : new Number(Number(token));
  });
}

/** The JSON text of an integral float: always with a fraction, e.g. `1200.0` (never `1e+21`). */
function floatText(x: number): string {
  if (!Number.isFinite(x)) return "null";
  if (Object.is(x, -0)) return "-0.0";
  return `${BigInt(x)}.0`;
}

/** JSON.stringify, writing a boxed integral float with its fraction (`1200.0`), a bigint's digits. */
export function stringifyJson(value: unknown): string {
  let marker: string | null = null;
  const text = JSON.stringify(value, (_key, v) => {
    if (typeof v === "bigint") {
      marker ??= `number:${randomUUID()}:`;
      return `${marker}${v}`;
    }
    if (!(v instanceof Number)) return v;
    const x = v.valueOf();
    if (!Number.isInteger(x) && !Object.is(x, -0)) return x;
    marker ??= `number:${randomUUID()}:`;
    return `${marker}${floatText(x)}`;
  });
  if (marker === null) return text;
  const quoted = JSON.stringify(marker).slice(0, -1);
  return text.split(quoted).reduce((out, part, i) => {
    if (i === 0) return part;
    const end = part.indexOf('"');
    return out + part.slice(0, end) + part.slice(end + 1);
  });
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value with every boxed Number and bigint plain (what a schema validates); the same object if none. */
export function plainNumbers<T>(value: T): T {
  if (value instanceof Number) return value.valueOf() as T;
  if (typeof value === "bigint") return Number(value) as T;
  if (Array.isArray(value)) {
    const items = value.map(plainNumbers);
    return (items.some((x, i) => x !== value[i]) ? items : value) as T;
  }
  if (isPlain(value)) {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const p = plainNumbers(v);
      if (p === v) continue;
      out ??= { ...value };
      setOwn(out, k, p);
    }
    return (out ?? value) as T;
  }
  return value;
}

/**
 * `value` (e.g. what a schema made of `source`) with the floats of `source` back: where
 * `source` holds a boxed Number or a bigint and `value` the same plain number, `source`'s is used.
 */
export function keepFloats<T>(value: T, source: unknown): T {
  if (source instanceof Number)
    return (typeof value === "number" && Object.is(value, source.valueOf()) ? source : value) as T;
  if (typeof source === "bigint")
    return (typeof value === "number" && value === Number(source) ? source : value) as T;
  if (Array.isArray(value) && Array.isArray(source)) {
    const items = value.map((v, i) => keepFloats(v, source[i]));
    return (items.some((x, i) => x !== value[i]) ? items : value) as T;
  }
  if (isPlain(value) && isPlain(source)) {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      if (!Object.hasOwn(source, k)) continue;
      const kept = keepFloats(v, source[k]);
      if (kept === v) continue;
      out ??= { ...value };
      setOwn(out, k, kept);
    }
    return (out ?? value) as T;
  }
  return value;
}
