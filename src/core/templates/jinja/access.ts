/**
 * Attribute and item access with Jinja2's rules (environment.getattr/getitem),
 * iteration and len(). Only own data properties of plain objects and arrays are
 * read; class instances, functions and prototypes are never reachable.
 */
import { TemplateRenderError } from "./errors.js";
import {
  BlockRef,
  BoundMethod,
  Cycler,
  codePoints,
  dictGet,
  dictKeys,
  GroupTuple,
  isDict,
  LoopRef,
  MacroRef,
  Markup,
  Namespace,
  PyDate,
  PyRange,
  PyTuple,
  pyLenStr,
  pyList,
  pyRepr,
  seqItems,
  TemplateModule,
  TemplateSelf,
  typeName,
  Undefined,
} from "./values.js";

const STR_METHODS = new Set(
  (
    "capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii " +
    "isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip " +
    "maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split " +
    "splitlines startswith strip swapcase title translate upper zfill"
  ).split(" "),
);
const LIST_METHODS = new Set(["copy", "count", "index"]);
const DICT_METHODS = new Set(["copy", "fromkeys", "get", "items", "keys", "values"]);
/** Methods that change their object: Jinja2's immutable sandbox refuses them (an unsafe undefined). */
const MUTATING_LIST = new Set("append clear extend insert pop remove reverse sort".split(" "));
const MUTATING_DICT = new Set("clear pop popitem setdefault update".split(" "));

function unsafe(obj: unknown, name: string): Undefined {
  return new Undefined(`access to attribute '${name}' of '${typeName(obj)}' object is unsafe.`);
}
const DATE_FIELDS = new Set(["year", "month", "day", "hour", "minute", "second", "microsecond"]);
const DATE_METHODS = new Set(
  "strftime isoformat date time weekday isoweekday timestamp replace ctime timetuple astimezone".split(" "),
);

/** What the loop object exposes; implemented by the evaluator. */
export interface LoopAttrs {
  attr(name: string): unknown;
}

function ownerName(obj: unknown): string {
  return obj === null ? "'None'" : `'${typeName(obj)} object'`;
}

export function missingAttr(obj: unknown, name: string): Undefined {
  return new Undefined(`${ownerName(obj)} has no attribute ${pyRepr(name)}`);
}

export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) obj.fail();
  if (isDict(obj)) {
    if (DICT_METHODS.has(name)) return new BoundMethod(obj, name);
    if (MUTATING_DICT.has(name)) return unsafe(obj, name);
    const got = dictGet(obj, name);
    return got.found ? got.value : missingAttr(obj, name);
  }
  if (obj instanceof LoopRef) return (obj as unknown as LoopAttrs).attr(name);
  if (obj instanceof PyDate) {
    if (DATE_FIELDS.has(name)) return BigInt(obj[name as "year"]);
    if (DATE_METHODS.has(name)) return new BoundMethod(obj, name);
    return missingAttr(obj, name);
  }
  if ((typeof obj === "string" || obj instanceof Markup) && STR_METHODS.has(name))
    return new BoundMethod(obj, name);
  if (Array.isArray(obj) && LIST_METHODS.has(name)) return new BoundMethod(obj, name);
  if (Array.isArray(obj) && MUTATING_LIST.has(name)) return unsafe(obj, name);
  if (obj instanceof Namespace) {
    const got = dictGet(obj.attrs, name);
    return got.found ? got.value : missingAttr(obj, name);
  }
  if (obj instanceof Cycler) {
    if (name === "current") return obj.items[obj.pos];
    if (name === "next" || name === "reset") return new BoundMethod(obj, name);
    return missingAttr(obj, name);
  }
  if (obj instanceof MacroRef) return macroAttr(obj, name);
  if (obj instanceof TemplateSelf) return obj.blocks.has(name) ? new BlockRef(name) : missingAttr(obj, name);
  if (obj instanceof TemplateModule) {
    return obj.exports.has(name) ? obj.exports.get(name) : missingAttr(obj, name);
  }
  if (obj instanceof PyTuple && (name === "count" || name === "index")) return new BoundMethod(obj, name);
  if (obj instanceof GroupTuple && (name === "grouper" || name === "list"))
    return obj.items[name === "grouper" ? 0 : 1];
  return missingAttr(obj, name);
}

/** The public attributes of Jinja2 3.1's Macro object (it has no `defaults`: that is undefined). */
function macroAttr(m: MacroRef, name: string): unknown {
  switch (name) {
    case "name":
      return m.name;
    case "arguments":
      return new PyTuple([...m.params]);
    case "catch_kwargs":
      return m.flags.catchKwargs;
    case "catch_varargs":
      return m.flags.catchVarargs;
    case "caller":
      return m.flags.caller;
    case "explicit_caller":
      return m.params.includes("caller");
    default:
      return missingAttr(m, name);
  }
}

/** Python slice semantics: clamps, negative indices, steps. */
export function sliceIndices(len: number, start: unknown, stop: unknown, step: unknown): number[] {
  const toInt = (v: unknown, what: string): number | null => {
    if (v === null || v instanceof Undefined) return null;
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    throw new TemplateRenderError(`slice ${what} must be an integer or None, not ${typeName(v)}`);
  };
  const st = toInt(step, "step") ?? 1;
  if (st === 0) throw new TemplateRenderError("slice step cannot be zero");
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    const x = v < 0 ? v + len : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: number[] = [];
  if (st > 0) {
    const a = norm(toInt(start, "indices"), 0, 0, len);
    const b = norm(toInt(stop, "indices"), len, 0, len);
    for (let i = a; i < b; i += st) out.push(i);
  } else {
    const a = norm(toInt(start, "indices"), len - 1, -1, len - 1);
    const b = norm(toInt(stop, "indices"), -1, -1, len - 1);
    for (let i = a; i > b; i += st) out.push(i);
  }
  return out;
}

/** The value of `a:b:c` inside brackets. */
export class SliceKey {
  constructor(readonly slice: [unknown, unknown, unknown]) {}
}

export function getitem(target: unknown, key: unknown): unknown {
  if (target instanceof Undefined) target.fail();
  const obj = target instanceof PyRange ? pyList(target.items.slice()) : target;
  const isSlice = key instanceof SliceKey;
  if (Array.isArray(obj) || obj instanceof PyTuple) {
    const items = Array.isArray(obj) ? seqItems(obj) : obj.items;
    if (isSlice) {
      const [a, b, c] = (key as SliceKey).slice;
      const picked = sliceIndices(items.length, a, b, c).map((i) => items[i]);
      return Array.isArray(obj) ? pyList(picked) : new PyTuple(picked);
    }
    if (typeof key === "bigint" || typeof key === "boolean") {
      let i = Number(key);
      if (i < 0) i += items.length;
      if (i >= 0 && i < items.length) return items[i];
      return new Undefined(`${ownerName(obj)} has no element ${pyRepr(key)}`);
    }
  } else if (typeof obj === "string" || obj instanceof Markup) {
    const s = typeof obj === "string" ? obj : obj.s;
    if (isSlice) {
      const cps = codePoints(s);
      const [a, b, c] = (key as SliceKey).slice;
      const out = sliceIndices(cps.length, a, b, c)
        .map((i) => cps[i])
        .join("");
      return obj instanceof Markup ? new Markup(out) : out;
    }
    if (typeof key === "bigint" || typeof key === "boolean") {
      const cps = codePoints(s);
      let i = Number(key);
      if (i < 0) i += cps.length;
      if (i >= 0 && i < cps.length) return obj instanceof Markup ? new Markup(cps[i]!) : cps[i]!;
      return new Undefined(`${ownerName(obj)} has no element ${pyRepr(key)}`);
    }
  } else if (isDict(obj)) {
    const got = dictGet(obj, key);
    if (got.found) return got.value;
  }
  if (typeof key === "string") return getattr(obj, key);
  return new Undefined(`${ownerName(obj)} has no element ${isSlice ? "slice" : pyRepr(key)}`);
}

export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return seqItems(v);
  if (v instanceof PyTuple || v instanceof PyRange) return v.items;
  if (typeof v === "string") return codePoints(v);
  if (v instanceof Markup) return codePoints(v.s);
  if (isDict(v)) return dictKeys(v);
  if (v instanceof Undefined) return [];
  throw new TemplateRenderError(`'${typeName(v)}' object is not iterable`);
}

export function pyLen(v: unknown): number {
  if (typeof v === "string") return pyLenStr(v);
  if (v instanceof Markup) return pyLenStr(v.s);
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyTuple || v instanceof PyRange) return v.items.length;
  if (isDict(v)) return dictKeys(v).length;
  if (v instanceof Undefined) return 0;
  throw new TemplateRenderError(`object of type '${typeName(v)}' has no len()`);
}
