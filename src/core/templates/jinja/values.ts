/**
 * The Python value model the templates see. Python int is a JS bigint, float a
 * JS number, str a JS string, None null; lists are arrays, dicts plain objects
 * (or Maps when built in a template), tuples PyTuple, safe strings Markup.
 * Host data is read through `fromHost`, which only ever looks at own data
 * properties of plain objects and arrays: nothing else is reachable.
 */
import { TemplateRenderError } from "./errors.js";

export class Markup {
  constructor(readonly s: string) {}
}

export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** `(grouper, list)` items of `groupby`: a tuple with those two attributes. */
export class GroupTuple extends PyTuple {
  constructor(grouper: unknown, list: unknown[]) {
    super([grouper, list]);
  }
}

/** Python's range object (what `range(...)` returns): prints as `range(a, b)`, iterates as ints. */
export class PyRange {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
    readonly items: bigint[],
  ) {}
}

/** Jinja2's default Undefined: prints empty, is false, iterates empty, fails on any other use. */
export class Undefined {
  constructor(readonly hint: string) {}
  fail(): never {
    throw new TemplateRenderError(this.hint);
  }
}

/** A naive datetime in the clinic's time zone, with the email's month and day names. */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
    readonly monthNames: readonly string[],
    readonly dayNames: readonly string[],
  ) {}
}

/** A method looked up on a value; it can only be called (the parser allows a fixed set of names). */
export class BoundMethod {
  constructor(
    readonly self: unknown,
    readonly name: string,
  ) {}
}

/** A built-in global function of Jinja2: range, dict, namespace, cycler, joiner. */
export class BuiltinFn {
  constructor(readonly name: string) {}
}

/** Jinja2's namespace(): the one object whose attributes a template may set. */
export class Namespace {
  constructor(readonly attrs: Map<unknown, unknown>) {}
}

/** Jinja2's cycler(*items): `.next()`, `.current`, `.reset()`. */
export class Cycler {
  pos = 0;
  constructor(readonly items: unknown[]) {}
}

/** Jinja2's joiner(sep): a callable that returns "" the first time, `sep` afterwards. */
export class Joiner {
  used = false;
  constructor(readonly sep: unknown) {}
}

/** What Jinja2's Macro object tells about itself: whether it reads varargs, kwargs, caller. */
export interface MacroFlags {
  catchVarargs: boolean;
  catchKwargs: boolean;
  caller: boolean;
}

/** A macro (or a call block's `caller`) bound to the scope it was defined in. */
export class MacroRef {
  constructor(
    /** Null for a call block's `caller` (Jinja2's anonymous macro). */
    readonly name: string | null,
    readonly params: readonly string[],
    readonly flags: MacroFlags,
    /** Opaque to values.ts: the definition, its scope and source map, read by the renderer. */
    readonly impl: unknown,
  ) {}
}

/** Jinja2's `self`: `self.name()` renders the template's block `name` (its most derived version). */
export class TemplateSelf {
  /** The template's blocks by name (filled as it and its layouts are rendered). */
  constructor(readonly blocks: ReadonlyMap<string, unknown>) {}
}

/** `self.name`: a block of the template, rendered when called. */
export class BlockRef {
  constructor(readonly name: string) {}
}

/** What `{% import %}` binds: the template's exported names and its rendered text. */
export class TemplateModule {
  constructor(
    readonly exports: Map<string, unknown>,
    readonly body: string,
  ) {}
}

const ENGINE_LIST = Symbol("engine list");

/**
 * Marks an array built by the engine: its items are already Python values. Host arrays
 * are converted item by item when read (an engine float 2.0 must not become int 2).
 */
export function pyList<T extends unknown[]>(items: T): T {
  Object.defineProperty(items, ENGINE_LIST, { value: true });
  return items;
}

/** The items of a list as Python values. */
export function seqItems(v: unknown[]): unknown[] {
  return Object.hasOwn(v, ENGINE_LIST) ? v : v.map(fromHost);
}

export function isUndef(v: unknown): v is Undefined {
  return v instanceof Undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isDict(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  return v instanceof Map || isPlainObject(v);
}

export function isStr(v: unknown): v is string | Markup {
  return typeof v === "string" || v instanceof Markup;
}

export function isNumber(v: unknown): v is bigint | number | boolean {
  return typeof v === "bigint" || typeof v === "number" || typeof v === "boolean";
}

export function strValue(v: string | Markup): string {
  return typeof v === "string" ? v : v.s;
}

/**
 * Converts a value coming from the render context into the Python model: a JS number is an
 * int when it is a safe integer, a float otherwise; a boxed Number is always a float.
 */
export function fromHost(v: unknown): unknown {
  switch (typeof v) {
    case "number":
      return Number.isSafeInteger(v) ? BigInt(v) : v;
    case "string":
    case "boolean":
    case "bigint":
      return v;
    case "undefined":
      return new Undefined("value is undefined");
    case "object":
      if (
        v === null ||
        Array.isArray(v) ||
        v instanceof Markup ||
        v instanceof PyTuple ||
        v instanceof PyDate
      )
        return v;
      if (v instanceof PyRange) return v;
      if (v instanceof Map || v instanceof Undefined || v instanceof LoopRef || v instanceof BoundMethod)
        return v;
      if (
        v instanceof MacroRef ||
        v instanceof Namespace ||
        v instanceof Cycler ||
        v instanceof Joiner ||
        v instanceof BuiltinFn ||
        v instanceof TemplateModule ||
        v instanceof TemplateSelf ||
        v instanceof BlockRef
      )
        return v;
      if (isPlainObject(v)) return v;
      // A boxed Number is a float whose JSON source had a fraction or exponent (`1200.0`).
      if (v instanceof Number) return Number.prototype.valueOf.call(v);
      return new Undefined("value of an unsupported type");
    default:
      return new Undefined("value of an unsupported type");
  }
}

/** Marker base for the loop object so `fromHost` lets it through; see evaluator. */
export class LoopRef {}

export function typeName(v: unknown): string {
  if (v === null) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "str";
  if (v instanceof Markup) return "Markup";
  if (Array.isArray(v)) return "list";
  if (v instanceof PyTuple) return "tuple";
  if (v instanceof PyRange) return "range";
  if (isDict(v)) return "dict";
  if (v instanceof PyDate) return "datetime";
  if (v instanceof Undefined) return "Undefined";
  if (v instanceof LoopRef) return "LoopContext";
  if (v instanceof BoundMethod) return "method";
  if (v instanceof MacroRef) return "Macro";
  if (v instanceof Namespace) return "Namespace";
  if (v instanceof Cycler) return "Cycler";
  if (v instanceof Joiner) return "Joiner";
  if (v instanceof BuiltinFn) return "builtin_function_or_method";
  if (v instanceof TemplateModule) return "TemplateModule";
  if (v instanceof TemplateSelf) return "TemplateReference";
  if (v instanceof BlockRef) return "BlockReference";
  return "object";
}

export function truthy(v: unknown): boolean {
  if (v === null || v === false || v instanceof Undefined) return false;
  if (v === true) return true;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (v instanceof Markup) return v.s.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple || v instanceof PyRange) return v.items.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

// ---- dicts ---------------------------------------------------------------------------------------
export function dictKeys(d: Record<string, unknown> | Map<unknown, unknown>): unknown[] {
  return d instanceof Map ? [...d.keys()] : Object.keys(d);
}

/** Looks a key up; the value comes back as a Python value. */
export function dictGet(
  d: Record<string, unknown> | Map<unknown, unknown>,
  key: unknown,
): { found: boolean; value?: unknown } {
  if (d instanceof Map) {
    if (d.has(key)) return { found: true, value: d.get(key) };
    for (const [k, v] of d) if (pyEq(k, key)) return { found: true, value: v };
    return { found: false };
  }
  const k = typeof key === "string" ? key : key instanceof Markup ? key.s : null;
  if (k === null || !Object.hasOwn(d, k)) return { found: false };
  const desc = Object.getOwnPropertyDescriptor(d, k);
  // Only data properties: a getter never runs from a template.
  if (!desc || !("value" in desc)) return { found: false };
  return { found: true, value: fromHost(desc.value) };
}

// ---- strings ------------------------------------------------------------------------------------
const SURROGATE = /[\uD800-\uDFFF]/;
export function codePoints(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split("");
}
export function pyLenStr(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let out: string;
  if (exp >= 16 || exp < -4) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    const frac = digits.slice(exp + 1);
    out = `${intPart}.${frac || "0"}`;
  } else {
    out = `0.${"0".repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${out}` : out;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0)!;
      out += cp < 0x100 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    } else out += ch;
  }
  return out + quote;
}
function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

export function dateStr(d: PyDate): string {
  const base = `${String(d.year).padStart(4, "0")}-${pad2(d.month)}-${pad2(d.day)} ${pad2(d.hour)}:${pad2(d.minute)}:${pad2(d.second)}`;
  return d.microsecond ? `${base}.${String(d.microsecond).padStart(6, "0")}` : base;
}

/** Python's repr(). */
export function pyRepr(v: unknown): string {
  if (typeof v === "string") return strRepr(v);
  if (v instanceof Markup) return `Markup(${strRepr(v.s)})`;
  if (v instanceof Undefined) return "Undefined";
  if (Array.isArray(v))
    return `[${seqItems(v)
      .map((x) => pyRepr(x))
      .join(", ")}]`;
  if (v instanceof PyTuple)
    return v.items.length === 1
      ? `(${pyRepr(v.items[0])},)`
      : `(${v.items.map((x) => pyRepr(x)).join(", ")})`;
  if (isDict(v)) {
    const parts = dictKeys(v).map((k) => `${pyRepr(k)}: ${pyRepr(dictGet(v, k).value)}`);
    return `{${parts.join(", ")}}`;
  }
  if (v instanceof PyRange) return `range(${v.start}, ${v.stop}${v.step === 1n ? "" : `, ${v.step}`})`;
  if (v instanceof PyDate) {
    const f = [v.year, v.month, v.day, v.hour, v.minute];
    if (v.second || v.microsecond) f.push(v.second);
    if (v.microsecond) f.push(v.microsecond);
    return `datetime.datetime(${f.join(", ")})`;
  }
  return pyStr(v);
}

/** Python's str(), with Jinja2's Undefined printing as the empty string. */
export function pyStr(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return floatRepr(v);
  if (v instanceof Markup) return v.s;
  if (v instanceof Undefined) return "";
  if (v instanceof PyDate) return dateStr(v);
  if (Array.isArray(v) || v instanceof PyTuple || isDict(v) || v instanceof PyRange) return pyRepr(v);
  if (v instanceof BoundMethod)
    throw new TemplateRenderError(`'${v.name}' is a method: call it or leave it out`);
  if (v instanceof MacroRef) return `<Macro ${v.name === null ? "anonymous" : strRepr(v.name)}>`;
  if (v instanceof Namespace) return `<Namespace ${pyRepr(v.attrs)}>`;
  if (v instanceof TemplateModule) return v.body;
  // Jinja2 names the template here; a template has no name of its own in this engine.
  if (v instanceof TemplateSelf) return "<TemplateReference None>";
  throw new TemplateRenderError(`a ${typeName(v)} cannot be printed`);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};
export function escapeHtml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s;
}

/** markupsafe.escape: Markup stays as it is, anything else is stringified and escaped. */
export function markupEscape(v: unknown): Markup {
  return v instanceof Markup ? v : new Markup(escapeHtml(pyStr(v)));
}

/** markupsafe.soft_str: keeps Markup, stringifies the rest. */
export function softStr(v: unknown): string | Markup {
  return v instanceof Markup ? v : pyStr(v);
}

// ---- equality and ordering -----------------------------------------------------------------------
function numOf(v: bigint | number | boolean): bigint | number {
  return typeof v === "boolean" ? (v ? 1n : 0n) : v;
}

export function pyEq(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) {
    const x = numOf(a);
    const y = numOf(b);
    if (typeof x === "bigint" && typeof y === "bigint") return x === y;
    return Number(x) === Number(y);
  }
  if (isStr(a) && isStr(b)) return strValue(a) === strValue(b);
  if (a === null || b === null) return a === b;
  if (a instanceof Undefined || b instanceof Undefined)
    return a instanceof Undefined && b instanceof Undefined;
  if (Array.isArray(a) && Array.isArray(b)) return seqEq(a, b);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (isDict(a) && isDict(b)) {
    const ka = dictKeys(a);
    if (ka.length !== dictKeys(b).length) return false;
    return ka.every((k) => {
      const other = dictGet(b, k);
      return other.found && pyEq(dictGet(a, k).value, other.value);
    });
  }
  if (a instanceof PyDate && b instanceof PyDate) return dateKey(a) === dateKey(b);
  return a === b;
}

function seqEq(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const x = seqItems(a);
  const y = seqItems(b);
  return x.every((v, i) => pyEq(v, y[i]));
}

function dateKey(d: PyDate): string {
  return `${dateStr({ ...d, microsecond: 0 })}.${String(d.microsecond).padStart(6, "0")}`;
}

function cmpStr(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Three-way comparison with Python's rules; throws TypeError's message for unorderable types. */
export function pyCmp(a: unknown, b: unknown, op = "<"): number {
  if (isNumber(a) && isNumber(b)) {
    const x = numOf(a);
    const y = numOf(b);
    if (typeof x === "bigint" && typeof y === "bigint") return x < y ? -1 : x > y ? 1 : 0;
    const nx = Number(x);
    const ny = Number(y);
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  }
  if (isStr(a) && isStr(b)) return cmpStr(strValue(a), strValue(b));
  const seqA = Array.isArray(a) ? seqItems(a) : a instanceof PyTuple ? a.items : null;
  const seqB = Array.isArray(b) ? seqItems(b) : b instanceof PyTuple ? b.items : null;
  if (seqA && seqB && Array.isArray(a) === Array.isArray(b)) {
    for (let i = 0; i < Math.min(seqA.length, seqB.length); i++) {
      const x = seqA[i];
      const y = seqB[i];
      if (!pyEq(x, y)) return pyCmp(x, y, op);
    }
    return seqA.length - seqB.length;
  }
  if (a instanceof PyDate && b instanceof PyDate) return cmpStr(dateKey(a), dateKey(b));
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw new TemplateRenderError(
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}
