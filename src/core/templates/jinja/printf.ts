/** Python's printf-style formatting (`"%s" % x`, the `format` filter) and exact float rounding. */
import { TemplateRenderError } from "./errors.js";
import type { Budget } from "./limits.js";
import {
  dictGet,
  floatRepr,
  isDict,
  Markup,
  markupEscape,
  PyTuple,
  pyRepr,
  pyStr,
  strValue,
  typeName,
  Undefined,
} from "./values.js";

/**
 * Rounds like C's printf and Python's round(): to the nearest decimal, ties (exactly
 * representable halves) to even. JS toFixed rounds ties away from zero, hence the tie check.
 */
export function toFixedPy(x: number, prec: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  if (a >= 1e21) {
    body = BigInt(a).toString() + (prec > 0 ? `.${"0".repeat(prec)}` : "");
  } else {
    const extra = 30;
    const wide = a.toFixed(Math.min(100, prec + extra));
    const cut = wide.length - (Math.min(100, prec + extra) - prec);
    const tail = wide.slice(cut);
    const isTie = /^50*$/.test(tail) && prec + extra <= 100;
    if (isTie) {
      let kept = wide.slice(0, cut);
      if (kept.endsWith(".")) kept = kept.slice(0, -1);
      const last = Number(kept[kept.length - 1]);
      body = last % 2 === 0 ? kept : a.toFixed(prec);
    } else body = a.toFixed(prec);
  }
  return neg ? `-${body}` : body;
}

/** Python's round(x, n) for floats. */
export function roundHalfEven(x: number, n: number): number {
  if (!Number.isFinite(x)) return x;
  if (n >= 0) return Number(toFixedPy(x, Math.min(n, 100)));
  const f = 10 ** -n;
  const q = x / f;
  const r = Math.round(q);
  const tie = Math.abs(q - Math.trunc(q)) === 0.5;
  return (tie && r % 2 !== 0 ? r - 1 : r) * f;
}

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([hlL]?)([diouxXeEfFgGcrsa%])?/g;

export function printf(fmt: string | Markup, arg: unknown, budget: Budget): string | Markup {
  const markup = fmt instanceof Markup;
  const f = strValue(fmt);
  const args = arg instanceof PyTuple ? arg.items : [arg];
  const mapping = !(arg instanceof PyTuple) && isDict(arg) ? arg : null;
  let i = 0;
  let usedMapping = false;
  const next = (): unknown => {
    if (i >= args.length) throw new TemplateRenderError("not enough arguments for format string");
    return args[i++];
  };
  const out = f.replace(
    SPEC,
    (
      _all,
      key: string | undefined,
      flags: string,
      width?: string,
      prec?: string,
      _l?: string,
      conv?: string,
    ) => {
      if (conv === undefined) throw new TemplateRenderError("incomplete format");
      if (conv === "%") return "%";
      let value: unknown;
      if (key !== undefined) {
        if (!mapping) throw new TemplateRenderError("format requires a mapping");
        usedMapping = true;
        const got = dictGet(mapping, key);
        if (!got.found) throw new TemplateRenderError(`KeyError: ${pyRepr(key)}`);
        value = got.value;
      }
      const w = width === "*" ? Number(next()) : width ? Number(width) : 0;
      const p = prec === "*" ? Number(next()) : prec !== undefined ? Number(prec) : undefined;
      if (key === undefined) value = next();
      if (value instanceof Undefined && conv !== "s") value.fail();
      let s = convert(conv, value, flags, p);
      if (markup && (conv === "s" || conv === "r" || conv === "a"))
        s = markupEscape(conv === "s" ? value : new Markup(markupEscape(s).s)).s;
      if (s.length < w) {
        if (flags.includes("-")) s = s.padEnd(w);
        else if (flags.includes("0") && !"sracs".includes(conv)) {
          const sign = /^[-+ ]/.test(s) ? s[0]! : "";
          s = sign + s.slice(sign.length).padStart(w - sign.length, "0");
        } else s = s.padStart(w);
      }
      budget.alloc(s.length);
      return s;
    },
  );
  if (i < args.length && !(mapping && (usedMapping || args.length === 1)))
    throw new TemplateRenderError("not all arguments converted during string formatting");
  return markup ? new Markup(out) : out;
}

function toNumber(v: unknown, conv: string): bigint | number {
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "bigint" || typeof v === "number") return v;
  const kind = "diouxXc".includes(conv) ? "a real number" : "a real number";
  throw new TemplateRenderError(`%${conv} format: ${kind} is required, not ${typeName(v)}`);
}

function signed(s: string, negative: boolean, flags: string): string {
  if (negative) return `-${s}`;
  if (flags.includes("+")) return `+${s}`;
  if (flags.includes(" ")) return ` ${s}`;
  return s;
}

export function convert(conv: string, v: unknown, flags: string, prec: number | undefined): string {
  switch (conv) {
    case "s":
      return prec === undefined ? pyStr(v) : pyStr(v).slice(0, prec);
    case "r":
    case "a":
      return prec === undefined ? pyRepr(v) : pyRepr(v).slice(0, prec);
    case "c":
      if (typeof v === "string" && v.length === 1) return v;
      return String.fromCodePoint(Number(toNumber(v, conv)));
    case "d":
    case "i":
    case "u": {
      const n = toNumber(v, conv);
      const int = typeof n === "bigint" ? n : BigInt(Math.trunc(n));
      const digits = (int < 0n ? -int : int).toString();
      return signed(prec !== undefined ? digits.padStart(prec, "0") : digits, int < 0n, flags);
    }
    case "x":
    case "X":
    case "o": {
      const n = toNumber(v, conv);
      if (typeof n === "number")
        throw new TemplateRenderError(`%${conv} format: an integer is required, not float`);
      const base = conv === "o" ? 8 : 16;
      let digits = (n < 0n ? -n : n).toString(base);
      if (conv === "X") digits = digits.toUpperCase();
      if (flags.includes("#")) digits = (conv === "o" ? "0o" : conv === "x" ? "0x" : "0X") + digits;
      return signed(digits, n < 0n, flags);
    }
    default: {
      const x = Number(toNumber(v, conv));
      const p = prec ?? 6;
      if (!Number.isFinite(x)) {
        const s = Number.isNaN(x) ? "nan" : "inf";
        return signed(conv === conv.toUpperCase() ? s.toUpperCase() : s, x < 0, flags);
      }
      let s: string;
      if (conv === "f" || conv === "F") s = toFixedPy(Math.abs(x), p);
      else if (conv === "e" || conv === "E") s = expo(Math.abs(x), p);
      else s = general(Math.abs(x), p === 0 ? 1 : p, flags.includes("#"));
      if (conv === "E" || conv === "G") s = s.toUpperCase();
      return signed(s, x < 0 || Object.is(x, -0), flags);
    }
  }
}

function expo(a: number, p: number): string {
  const [m, e] = a.toExponential(p).split("e") as [string, string];
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

function general(a: number, p: number, alt: boolean): string {
  if (a === 0) return alt ? `0.${"0".repeat(p - 1)}` : "0";
  const exp = Number(a.toExponential(p - 1).split("e")[1]);
  const s = exp < -4 || exp >= p ? expo(a, p - 1) : toFixedPy(a, p - 1 - exp);
  if (alt) return s;
  const [m, e] = s.split("e") as [string, string | undefined];
  const trimmed = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
  return e === undefined ? trimmed : `${trimmed}e${e}`;
}

export { floatRepr };
