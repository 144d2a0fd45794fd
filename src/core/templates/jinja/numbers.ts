/** Python's int(str, base) and float(str) parsing, for the `int` and `float` filters. */
import { PY_WS } from "./lexer.js";

const STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "g");
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

export function parseIntPy(input: string, base: number): bigint | null {
  let s = input.replace(STRIP, "").toLowerCase();
  let neg = false;
  if (s.startsWith("+") || s.startsWith("-")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  let b = base;
  const prefix = s.slice(0, 2);
  const prefixBase = prefix === "0x" ? 16 : prefix === "0o" ? 8 : prefix === "0b" ? 2 : 0;
  if (b === 0) {
    b = prefixBase || 10;
    if (prefixBase) s = s.slice(2);
    else if (/^0+[1-9]/.test(s.replace(/_/g, ""))) return null;
  } else if (prefixBase && prefixBase === b) s = s.slice(2).replace(/^_/, "");
  if (b < 2 || b > 36) return null;
  if (!s || s.startsWith("_") || s.endsWith("_") || s.includes("__")) return null;
  let v = 0n;
  for (const ch of s.replace(/_/g, "")) {
    const d = DIGITS.indexOf(ch);
    if (d === -1 || d >= b) return null;
    v = v * BigInt(b) + BigInt(d);
  }
  return neg ? -v : v;
}

const FLOAT =
  /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:e[+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:e[+-]?\d(?:_?\d)*)?)$/i;

export function parseFloatPy(input: string): number | null {
  const s = input.replace(STRIP, "");
  const lower = s.toLowerCase().replace(/^[+-]/, "");
  if (lower === "inf" || lower === "infinity") return s.startsWith("-") ? -Infinity : Infinity;
  if (lower === "nan") return Number.NaN;
  if (!FLOAT.test(s)) return null;
  return Number(s.replace(/_/g, ""));
}
