/** Python arithmetic on the template value model (see values.ts). */
import { TemplateLimitError, TemplateRenderError } from "./errors.js";
import type { Budget } from "./limits.js";
import { printf } from "./printf.js";
import {
  isNumber,
  isStr,
  Markup,
  markupEscape,
  PyTuple,
  pyList,
  seqItems,
  strValue,
  typeName,
  Undefined,
} from "./values.js";

const MAX_INT = 1n << 4096n;

function checkInt(v: bigint): bigint {
  if (v > MAX_INT || v < -MAX_INT) throw new TemplateLimitError("integer size limit exceeded (4096 bits)");
  return v;
}

function bitLength(v: bigint): number {
  return (v < 0n ? -v : v).toString(2).length;
}

function num(v: unknown): bigint | number | null {
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "bigint" || typeof v === "number") return v;
  return null;
}

function unsupported(op: string, a: unknown, b: unknown): never {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw new TemplateRenderError(
    `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

function zeroDiv(msg: string): never {
  throw new TemplateRenderError(msg);
}

/** Python float modulo: the result takes the sign of the divisor. */
function fmod(a: number, b: number): number {
  if (b === 0) zeroDiv("float modulo");
  const m = a % b;
  return m !== 0 && m < 0 !== b < 0 ? m + b : m === 0 ? (b < 0 ? -0 : 0) : m;
}

function repeat(seqLen: number, times: bigint, budget: Budget): number {
  const n = times < 0n ? 0 : Number(times);
  budget.alloc(seqLen * n);
  return n;
}

export function binop(op: string, a: unknown, b: unknown, budget: Budget): unknown {
  const x = num(a);
  const y = num(b);
  if (x !== null && y !== null) return numeric(op, x, y);
  switch (op) {
    case "+":
      if (isStr(a) && isStr(b)) {
        budget.alloc(strValue(a).length + strValue(b).length);
        if (a instanceof Markup || b instanceof Markup)
          return new Markup(markupEscape(a).s + markupEscape(b).s);
        return (a as string) + (b as string);
      }
      if (Array.isArray(a) && Array.isArray(b)) {
        budget.alloc(a.length + b.length);
        return pyList([...seqItems(a), ...seqItems(b)]);
      }
      if (a instanceof PyTuple && b instanceof PyTuple) {
        budget.alloc(a.items.length + b.items.length);
        return new PyTuple([...a.items, ...b.items]);
      }
      return unsupported("+", a, b);
    case "*": {
      const [seq, times] =
        typeof b === "bigint" || typeof b === "boolean" ? [a, num(b) as bigint] : [b, num(a) as bigint];
      if (typeof times === "bigint") {
        if (isStr(seq)) {
          const s = strValue(seq);
          const n = repeat(s.length, times, budget);
          const out = s.repeat(n);
          return seq instanceof Markup ? new Markup(out) : out;
        }
        if (Array.isArray(seq) || seq instanceof PyTuple) {
          const items = Array.isArray(seq) ? seqItems(seq) : seq.items;
          const n = repeat(items.length, times, budget);
          const out: unknown[] = new Array(items.length * n);
          let k = 0;
          for (let i = 0; i < n; i++) {
            budget.work(items.length);
            for (const x of items) out[k++] = x;
          }
          return Array.isArray(seq) ? pyList(out) : new PyTuple(out);
        }
      }
      return unsupported("*", a, b);
    }
    case "%":
      if (isStr(a)) return printf(a, b, budget);
      return unsupported("%", a, b);
    default:
      return unsupported(op === "**" ? "** or pow()" : op, a, b);
  }
}

function numeric(op: string, x: bigint | number, y: bigint | number): bigint | number {
  if (typeof x === "bigint" && typeof y === "bigint") {
    switch (op) {
      case "+":
        return checkInt(x + y);
      case "-":
        return checkInt(x - y);
      case "*":
        return checkInt(x * y);
      case "/":
        if (y === 0n) zeroDiv("division by zero");
        return Number(x) / Number(y);
      case "//": {
        if (y === 0n) zeroDiv("integer division or modulo by zero");
        const q = x / y;
        return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
      }
      case "%": {
        if (y === 0n) zeroDiv("integer modulo by zero");
        const m = x % y;
        return m !== 0n && m < 0n !== y < 0n ? m + y : m;
      }
      case "**":
        if (y < 0n) {
          if (x === 0n) zeroDiv("0.0 cannot be raised to a negative power");
          return Number(x) ** Number(y);
        }
        // |x| >= 2**(bits - 1), so a result that must exceed the limit is refused before it is computed.
        if (x !== 0n && x !== 1n && x !== -1n && (y > 4096n || (bitLength(x) - 1) * Number(y) > 4096))
          throw new TemplateLimitError("integer size limit exceeded (4096 bits)");
        return checkInt(x ** y);
    }
  }
  const a = Number(x);
  const b = Number(y);
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) zeroDiv("float division by zero");
      return a / b;
    case "//":
      if (b === 0) zeroDiv("float floor division by zero");
      return Math.floor(a / b);
    case "%":
      return fmod(a, b);
    case "**":
      if (a === 0 && b < 0) zeroDiv("0.0 cannot be raised to a negative power");
      if (a < 0 && !Number.isInteger(b)) throw new TemplateRenderError("complex numbers are not supported");
      return a ** b;
  }
  throw new TemplateRenderError(`unknown operator ${op}`);
}

export function negate(v: unknown, sign: "-" | "+"): unknown {
  const n = num(v);
  if (n === null) {
    if (v instanceof Undefined) v.fail();
    throw new TemplateRenderError(`bad operand type for unary ${sign}: '${typeName(v)}'`);
  }
  if (sign === "+") return n;
  return typeof n === "bigint" ? -n : -n;
}

export { isNumber };
