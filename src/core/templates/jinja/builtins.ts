/** The filters and tests of the dialect, with Jinja2 3.1's semantics (jinja2/filters.py, tests.py). */
import { getitem, iterate, pyLen } from "./access.js";
import { binop } from "./arith.js";
import { TemplateRenderError } from "./errors.js";
import type { Budget } from "./limits.js";
import { parseFloatPy, parseIntPy } from "./numbers.js";
import { printf, roundHalfEven } from "./printf.js";
import { capitalize, pyReplace, pyStrip, striptags, titleCase, wordcount } from "./strings.js";
import {
  isDict,
  isNumber,
  isStr,
  Markup,
  markupEscape,
  PyTuple,
  pyCmp,
  pyList,
  pyStr,
  softStr,
  strValue,
  truthy,
  typeName,
  Undefined,
} from "./values.js";

export interface FilterEnv {
  autoescape: boolean;
  budget: Budget;
}

type Args = unknown[];
type Kwargs = Map<string, unknown>;
type Filter = (env: FilterEnv, value: unknown, args: Args, kwargs: Kwargs) => unknown;

/** Binds positional and keyword arguments to a Python-style signature. */
function bind(name: string, params: [string, unknown][], args: Args, kwargs: Kwargs): unknown[] {
  if (args.length > params.length)
    throw new TemplateRenderError(`${name}() takes at most ${params.length} arguments`);
  const out = params.map(([, d], i) => (i < args.length ? args[i] : d));
  for (const [k, v] of kwargs) {
    const idx = params.findIndex(([p]) => p === k);
    if (idx === -1) throw new TemplateRenderError(`${name}() got an unexpected keyword argument '${k}'`);
    if (idx < args.length) throw new TemplateRenderError(`${name}() got multiple values for argument '${k}'`);
    out[idx] = v;
  }
  return out;
}

function attrPath(attribute: unknown): unknown[] {
  if (attribute === null) return [];
  if (typeof attribute !== "string") return [attribute];
  return attribute.split(".").map((p) => (/^\d+$/.test(p) ? BigInt(p) : p));
}

function attrGetter(attribute: unknown, lower: boolean): (item: unknown) => unknown {
  const parts = attrPath(attribute);
  return (item) => {
    let v = item;
    for (const p of parts) v = getitem(v, p);
    return lower && typeof v === "string" ? v.toLowerCase() : v;
  };
}

function strOnly(v: unknown): string {
  return strValue(softStr(v));
}

/** Applies a string function, charging the string it builds (about as long as its input) first. */
function mapStr(env: FilterEnv, v: unknown, f: (s: string) => string): string | Markup {
  const s = softStr(v);
  env.budget.alloc(strValue(s).length);
  return s instanceof Markup ? new Markup(f(s.s)) : f(s);
}

function minMax(
  env: FilterEnv,
  value: unknown,
  args: Args,
  kwargs: Kwargs,
  name: string,
  sign: number,
): unknown {
  const [caseSensitive, attribute] = bind(
    name,
    [
      ["case_sensitive", false],
      ["attribute", null],
    ],
    args,
    kwargs,
  );
  const items = iterate(value);
  if (!items.length) return new Undefined("No aggregated item, sequence was empty.");
  const key = attrGetter(attribute, !truthy(caseSensitive));
  let best = items[0];
  let bestKey = key(best);
  for (const it of items.slice(1)) {
    env.budget.work(1);
    const k = key(it);
    if (pyCmp(k, bestKey, sign > 0 ? "<" : ">") * sign < 0) {
      best = it;
      bestKey = k;
    }
  }
  return best;
}

function toInt(v: unknown, what: string): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new TemplateRenderError(`${what} must be an integer, not ${typeName(v)}`);
}

export const FILTERS: Record<string, Filter> = {
  default(_env, v, args, kw) {
    const [dflt, boolean] = bind(
      "default",
      [
        ["default_value", ""],
        ["boolean", false],
      ],
      args,
      kw,
    );
    return v instanceof Undefined || (truthy(boolean) && !truthy(v)) ? dflt : v;
  },
  length: (_env, v) => BigInt(pyLen(v)),
  upper: (env, v) => mapStr(env, v, (s) => s.toUpperCase()),
  lower: (env, v) => mapStr(env, v, (s) => s.toLowerCase()),
  title: (env, v) => mapStr(env, v, titleCase),
  capitalize: (env, v) => mapStr(env, v, capitalize),
  trim(env, v, args, kw) {
    const [chars] = bind("trim", [["chars", null]], args, kw);
    return mapStr(env, v, (s) => pyStrip(s, chars === null ? null : pyStr(chars)));
  },
  replace(env, v, args, kw) {
    const [old, neu, count] = bind(
      "replace",
      [
        ["old", undefined],
        ["new", undefined],
        ["count", null],
      ],
      args,
      kw,
    );
    if (old === undefined || neu === undefined)
      throw new TemplateRenderError("replace() needs the old and new strings");
    const n = count === null ? -1 : toInt(count, "count");
    if (!env.autoescape) {
      const out = pyReplace(pyStr(v), pyStr(old), pyStr(neu), n, env.budget);
      return out;
    }
    const s =
      old instanceof Markup || (neu instanceof Markup && !(v instanceof Markup))
        ? markupEscape(v)
        : softStr(v);
    // markupsafe 3 escapes only the replacement, not the needle.
    if (s instanceof Markup)
      return new Markup(pyReplace(s.s, pyStr(old), markupEscape(neu).s, n, env.budget));
    return pyReplace(s, pyStr(old), pyStr(neu), n, env.budget);
  },
  truncate(_env, v, args, kw) {
    const [length, killwords, end, leeway] = bind(
      "truncate",
      [
        ["length", 255n],
        ["killwords", false],
        ["end", "..."],
        ["leeway", null],
      ],
      args,
      kw,
    );
    if (v instanceof Undefined) return v;
    if (!isStr(v)) throw new TemplateRenderError(`object of type '${typeName(v)}' has no len()`);
    const cps = Array.from(strValue(v));
    const len = toInt(length, "length");
    const endStr = pyStr(end);
    const endLen = Array.from(endStr).length;
    const lw = leeway === null ? 5 : toInt(leeway, "leeway");
    if (len < endLen) throw new TemplateRenderError(`expected length >= ${endLen}, got ${len}`);
    if (cps.length <= len + lw) return v;
    let head = cps.slice(0, len - endLen).join("");
    if (!truthy(killwords)) {
      const cut = head.lastIndexOf(" ");
      if (cut !== -1) head = head.slice(0, cut);
    }
    return v instanceof Markup ? new Markup(head + markupEscape(end).s) : head + endStr;
  },
  join(env, v, args, kw) {
    const [d, attribute] = bind(
      "join",
      [
        ["d", ""],
        ["attribute", null],
      ],
      args,
      kw,
    );
    let items = iterate(v);
    if (attribute !== null) items = items.map(attrGetter(attribute, false));
    items = items.map((x) => {
      env.budget.work(1);
      return x;
    });
    let out: string | Markup;
    if (!env.autoescape) out = items.map(pyStr).join(pyStr(d));
    else if (!(d instanceof Markup)) {
      const anyMarkup = items.some((x) => x instanceof Markup);
      out = anyMarkup
        ? new Markup(items.map((x) => markupEscape(x).s).join(markupEscape(d).s))
        : items.map(pyStr).join(pyStr(d));
    } else out = new Markup(items.map((x) => markupEscape(x).s).join(d.s));
    env.budget.alloc(strValue(out).length);
    return out;
  },
  first(_env, v) {
    const items = iterate(v);
    return items.length ? items[0] : new Undefined("No first item, sequence was empty.");
  },
  last(_env, v) {
    if (!Array.isArray(v) && !(v instanceof PyTuple) && !isStr(v) && !isDict(v)) {
      if (v instanceof Undefined) v.fail();
      throw new TemplateRenderError(`'${typeName(v)}' object is not reversible`);
    }
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new Undefined("No last item, sequence was empty.");
  },
  round(_env, v, args, kw) {
    const [precision, method] = bind(
      "round",
      [
        ["precision", 0n],
        ["method", "common"],
      ],
      args,
      kw,
    );
    if (method !== "common" && method !== "ceil" && method !== "floor")
      throw new TemplateRenderError("method must be common, ceil or floor");
    if (v instanceof Undefined) v.fail();
    if (!isNumber(v)) throw new TemplateRenderError(`type ${typeName(v)} doesn't define __round__ method`);
    const p = toInt(precision, "precision");
    if (method === "common") {
      if (typeof v === "number") return roundHalfEven(v, p);
      const n = typeof v === "boolean" ? (v ? 1n : 0n) : v;
      if (p >= 0) return n;
      const f = 10n ** BigInt(-p);
      return BigInt(roundHalfEven(Number(n) / Number(f), 0)) * f;
    }
    const scaled = Number(v) * 10 ** p;
    return (method === "ceil" ? Math.ceil(scaled) : Math.floor(scaled)) / 10 ** p;
  },
  int(_env, v, args, kw) {
    const [dflt, base] = bind(
      "int",
      [
        ["default", 0n],
        ["base", 10n],
      ],
      args,
      kw,
    );
    if (v instanceof Undefined) v.fail();
    if (typeof v === "bigint") return v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    if (typeof v === "number") return Number.isFinite(v) ? BigInt(Math.trunc(v)) : dflt;
    if (isStr(v)) {
      const parsed = parseIntPy(strValue(v), toInt(base, "base"));
      if (parsed !== null) return parsed;
      const f = parseFloatPy(strValue(v));
      return f !== null && Number.isFinite(f) ? BigInt(Math.trunc(f)) : dflt;
    }
    return dflt;
  },
  float(_env, v, args, kw) {
    const [dflt] = bind("float", [["default", 0.0]], args, kw);
    if (v instanceof Undefined) v.fail();
    if (isNumber(v)) return Number(typeof v === "boolean" ? (v ? 1 : 0) : v);
    if (isStr(v)) return parseFloatPy(strValue(v)) ?? dflt;
    return dflt;
  },
  format(env, v, args, kw) {
    if (args.length && kw.size)
      throw new TemplateRenderError("can't handle positional and keyword arguments at the same time");
    const arg = kw.size ? Object.fromEntries(kw) : new PyTuple(args);
    return printf(softStr(v), arg, env.budget);
  },
  escape(env, v) {
    if (v instanceof Markup) return v;
    env.budget.alloc(pyStr(v).length);
    return markupEscape(v);
  },
  safe: (_env, v) => (v instanceof Markup ? v : new Markup(pyStr(v))),
  striptags: (_env, v) => striptags(v instanceof Markup ? v.s : pyStr(v)),
  wordcount: (_env, v) => BigInt(wordcount(strOnly(v))),
  abs(_env, v) {
    if (typeof v === "bigint") return v < 0n ? -v : v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    if (typeof v === "number") return Math.abs(v);
    if (v instanceof Undefined) v.fail();
    throw new TemplateRenderError(`bad operand type for abs(): '${typeName(v)}'`);
  },
  min: (env, v, a, k) => minMax(env, v, a, k, "min", 1),
  max: (env, v, a, k) => minMax(env, v, a, k, "max", -1),
  sum(env, v, args, kw) {
    const [attribute, start] = bind(
      "sum",
      [
        ["attribute", null],
        ["start", 0n],
      ],
      args,
      kw,
    );
    let items = iterate(v);
    if (attribute !== null) items = items.map(attrGetter(attribute, false));
    if (isStr(start)) throw new TemplateRenderError("sum() can't sum strings [use ''.join(seq) instead]");
    let acc = start;
    for (const it of items) {
      env.budget.work(1);
      acc = binop("+", acc, it, env.budget);
    }
    return acc;
  },
  sort(env, v, args, kw) {
    const [reverse, caseSensitive, attribute] = bind(
      "sort",
      [
        ["reverse", false],
        ["case_sensitive", false],
        ["attribute", null],
      ],
      args,
      kw,
    );
    const items = iterate(v);
    const attrs = typeof attribute === "string" ? attribute.split(",") : [attribute];
    const getters = attrs.map((a) => attrGetter(a, !truthy(caseSensitive)));
    const keyed = items.map((it) => ({ it, key: getters.map((g) => g(it)) }));
    const dir = truthy(reverse) ? -1 : 1;
    env.budget.alloc(items.length);
    keyed.sort((a, b) => {
      env.budget.work(1);
      return dir * pyCmp(a.key, b.key);
    });
    return pyList(keyed.map((k) => k.it));
  },
  list: (env, v) => {
    const items = iterate(v);
    env.budget.alloc(items.length);
    return pyList(items.slice());
  },
  string: (_env, v) => softStr(v),
};
FILTERS.d = FILTERS.default!;
FILTERS.count = FILTERS.length!;
FILTERS.e = FILTERS.escape!;

type Test = (value: unknown, args: Args) => boolean;

export const TESTS: Record<string, Test> = {
  none: (v) => v === null,
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  number: (v) => isNumber(v),
  string: (v) => isStr(v),
  true: (v) => v === true,
  false: (v) => v === false,
  boolean: (v) => typeof v === "boolean",
  integer: (v) => typeof v === "bigint",
  float: (v) => typeof v === "number",
  mapping: (v) => isDict(v),
  sequence: (v) => isStr(v) || Array.isArray(v) || v instanceof PyTuple || isDict(v),
  iterable: (v) =>
    isStr(v) || Array.isArray(v) || v instanceof PyTuple || isDict(v) || v instanceof Undefined,
  lower: (v) => {
    const s = pyStr(v);
    return s.toLowerCase() === s && s.toUpperCase() !== s;
  },
  upper: (v) => {
    const s = pyStr(v);
    return s.toUpperCase() === s && s.toLowerCase() !== s;
  },
  odd: (v) => BigInt(toInt(v, "value")) % 2n !== 0n,
  even: (v) => BigInt(toInt(v, "value")) % 2n === 0n,
  divisibleby: (v, [n]) => {
    const d = toInt(n, "num");
    if (d === 0) throw new TemplateRenderError("integer modulo by zero");
    return BigInt(toInt(v, "value")) % BigInt(d) === 0n;
  },
};

export const FILTER_NAMES = new Set(Object.keys(FILTERS));
export const TEST_NAMES = new Set(Object.keys(TESTS));
