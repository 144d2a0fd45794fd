/** The filters and tests of the dialect, with Jinja2 3.1's semantics (jinja2/filters.py, tests.py). */
import { getattr, getitem, iterate, pyLen } from "./access.js";
import { binop } from "./arith.js";
import { TemplateRenderError } from "./errors.js";
import { PY_WS } from "./lexer.js";
import type { Budget } from "./limits.js";
import { callStrMethod } from "./methods.js";
import { parseFloatPy, parseIntPy } from "./numbers.js";
import { pformat } from "./pprint.js";
import { printf, roundHalfEven } from "./printf.js";
import { capitalize, pyReplace, pyStrip, striptags, titleCase, wordcount } from "./strings.js";
import { URI_SCHEME_RE, urlize, wordwrapLines } from "./text-filters.js";
import {
  BoundMethod,
  BuiltinFn,
  dictGet,
  dictKeys,
  escapeHtml,
  floatRepr,
  GroupTuple,
  isDict,
  isNumber,
  isStr,
  Joiner,
  LoopRef,
  MacroRef,
  Markup,
  markupEscape,
  PyRange,
  PyTuple,
  pyCmp,
  pyEq,
  pyList,
  pyRepr,
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
  /** A float in [0, 1) for the `random` filter, repeatable per template and context (seed.ts). */
  random(): number;
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

function attrGetter(attribute: unknown, lower: boolean, dflt?: unknown): (item: unknown) => unknown {
  const parts = attrPath(attribute);
  return (item) => {
    let v = item;
    for (const p of parts) {
      v = getitem(v, p);
      if (v instanceof Undefined && dflt !== undefined) {
        v = dflt;
        break;
      }
    }
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

/** Python's str.split() of a str argument (AttributeError's wording otherwise). */
function pyStrSplit(v: unknown, what: string): string[] {
  if (!isStr(v)) throw new TemplateRenderError(`${what}: '${typeName(v)}' object has no attribute 'split'`);
  return strValue(v)
    .split(new RegExp(`[${PY_WS}]+`))
    .filter((w) => w);
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
Object.assign(FILTERS, {
  attr(_env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [name] = bind("attr", [["name", undefined]], args, kw);
    if (v instanceof Undefined) v.fail();
    if (!isStr(name)) return new Undefined(`'${typeName(v)}' object has no attribute ${pyRepr(name)}`);
    return pureAttr(v, strValue(name));
  },
  batch(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [count, fill] = bind(
      "batch",
      [
        ["linecount", undefined],
        ["fill_with", null],
      ],
      args,
      kw,
    );
    const n = toInt(count, "linecount");
    if (n <= 0) throw new TemplateRenderError("batch size must be positive");
    const items = iterate(v);
    env.budget.alloc(items.length);
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i += n) {
      const chunk = items.slice(i, i + n);
      if (chunk.length < n && fill !== null) while (chunk.length < n) chunk.push(fill);
      out.push(pyList(chunk));
    }
    return pyList(out);
  },
  center(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [width] = bind("center", [["width", 80n]], args, kw);
    return callStrMethod(pyStr(v), "center", [width], new Map(), env.budget);
  },
  dictsort(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [cs, by, reverse] = bind(
      "dictsort",
      [
        ["case_sensitive", false],
        ["by", "key"],
        ["reverse", false],
      ],
      args,
      kw,
    );
    if (!isDict(v)) throw new TemplateRenderError("dictsort() argument must be a mapping");
    const pos = by === "key" ? 0 : by === "value" ? 1 : -1;
    if (pos < 0) throw new TemplateRenderError("You can only sort by either 'key' or 'value'");
    const pairs = dictKeys(v).map((k) => new PyTuple([k, dictGet(v, k).value]));
    const key = (t: PyTuple) => {
      const x = t.items[pos];
      return !truthy(cs) && isStr(x) ? strValue(x).toLowerCase() : x;
    };
    env.budget.alloc(pairs.length);
    const dir = truthy(reverse) ? -1 : 1;
    pairs.sort((a, b) => {
      env.budget.work(1);
      return dir * pyCmp(key(a), key(b));
    });
    return pyList(pairs);
  },
  filesizeformat(_env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [binary] = bind("filesizeformat", [["binary", false]], args, kw);
    const bytes = Number(FILTERS.float!(_env, v, [], new Map()));
    const bin = truthy(binary);
    const base = bin ? 1024 : 1000;
    const prefixes = bin
      ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
      : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    if (bytes === 1) return "1 Byte";
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let unit = 0;
    for (let i = 0; i < prefixes.length; i++) {
      unit = base ** (i + 2);
      if (bytes < unit) return `${printf("%.1f", (base * bytes) / unit, _env.budget)} ${prefixes[i]}`;
    }
    return `${printf("%.1f", (base * bytes) / unit, _env.budget)} ${prefixes[prefixes.length - 1]}`;
  },
  forceescape: (_env: FilterEnv, v: unknown) => new Markup(escapeHtml(v instanceof Markup ? v.s : pyStr(v))),
  groupby(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [attribute, dflt, cs] = bind(
      "groupby",
      [
        ["attribute", undefined],
        ["default", null],
        ["case_sensitive", false],
      ],
      args,
      kw,
    );
    const get = attrGetter(attribute, false, dflt);
    const key = (x: unknown) => {
      const k = get(x);
      return !truthy(cs) && isStr(k) ? strValue(k).toLowerCase() : k;
    };
    const items = iterate(v).map((it) => ({ it, key: key(it) }));
    env.budget.alloc(items.length);
    items.sort((a, b) => {
      env.budget.work(1);
      return pyCmp(a.key, b.key);
    });
    const out: unknown[] = [];
    let cur: { key: unknown; list: unknown[] } | null = null;
    for (const { it, key: k } of items) {
      if (cur && pyEq(cur.key, k)) cur.list.push(it);
      else {
        cur = { key: k, list: [it] };
        out.push(cur);
      }
    }
    return pyList(
      out.map((g) => {
        const { key: k, list } = g as { key: unknown; list: unknown[] };
        return new GroupTuple(truthy(cs) ? k : get(list[0]), pyList(list));
      }),
    );
  },
  indent(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [width, first, blank] = bind(
      "indent",
      [
        ["width", 4n],
        ["first", false],
        ["blank", false],
      ],
      args,
      kw,
    );
    const ind = isStr(width) ? strValue(width) : " ".repeat(Math.max(0, toInt(width, "width")));
    const markup = v instanceof Markup;
    const s = `${strValue(softStr(v))}\n`;
    env.budget.alloc(s.length * (ind.length + 1));
    const lines = callStrMethod(s, "splitlines", [], new Map(), env.budget) as string[];
    let rv: string;
    if (truthy(blank)) rv = lines.map((l, i) => (i ? ind + l : l)).join("\n");
    else {
      rv = lines[0] ?? "";
      const rest = lines.slice(1);
      if (rest.length) rv += `\n${rest.map((l) => (l ? ind + l : l)).join("\n")}`;
    }
    if (truthy(first)) rv = ind + rv;
    return markup ? new Markup(rv) : rv;
  },
  items(env: FilterEnv, v: unknown) {
    if (v instanceof Undefined) return pyList([]);
    if (!isDict(v)) throw new TemplateRenderError("Can only get item pairs from a mapping.");
    const keys = dictKeys(v);
    env.budget.alloc(keys.length);
    return pyList(keys.map((k) => new PyTuple([k, dictGet(v, k).value])));
  },
  map(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const items = iterate(v);
    env.budget.alloc(items.length);
    if (!args.length && kw.has("attribute")) {
      const rest = new Map(kw);
      const attribute = rest.get("attribute");
      rest.delete("attribute");
      const dflt = rest.has("default") ? rest.get("default") : undefined;
      rest.delete("default");
      if (rest.size)
        throw new TemplateRenderError(`Unexpected keyword argument ${pyRepr(rest.keys().next().value)}`);
      const get = attrGetter(attribute, false, dflt);
      return pyList(items.map(get));
    }
    if (!args.length) throw new TemplateRenderError("map requires a filter argument");
    const name = args[0];
    const f = isStr(name) ? FILTERS[strValue(name)] : undefined;
    if (!f || !Object.hasOwn(FILTERS, strValue(name as string)))
      throw new TemplateRenderError(`No filter named ${pyRepr(name)}.`);
    return pyList(
      items.map((it) => {
        env.budget.work(1);
        return f(env, it, args.slice(1), kw);
      }),
    );
  },
  pprint: (env: FilterEnv, v: unknown) => pformat(v, env.budget),
  random(env: FilterEnv, v: unknown) {
    const items = iterate(v);
    if (!items.length) return new Undefined("No random item, sequence was empty.");
    return items[Math.floor(env.random() * items.length)];
  },
  reject: (env: FilterEnv, v: unknown, a: Args, k: Kwargs) => selectOrReject(env, v, a, k, false, false),
  rejectattr: (env: FilterEnv, v: unknown, a: Args, k: Kwargs) => selectOrReject(env, v, a, k, false, true),
  select: (env: FilterEnv, v: unknown, a: Args, k: Kwargs) => selectOrReject(env, v, a, k, true, false),
  selectattr: (env: FilterEnv, v: unknown, a: Args, k: Kwargs) => selectOrReject(env, v, a, k, true, true),
  reverse(env: FilterEnv, v: unknown) {
    if (isStr(v)) {
      const out = Array.from(strValue(v)).reverse().join("");
      env.budget.alloc(out.length);
      return v instanceof Markup ? new Markup(out) : out;
    }
    const items = iterate(v).slice().reverse();
    env.budget.alloc(items.length);
    return pyList(items);
  },
  slice(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [slices, fill] = bind(
      "slice",
      [
        ["slices", undefined],
        ["fill_with", null],
      ],
      args,
      kw,
    );
    const seq = iterate(v);
    const n = toInt(slices, "slices");
    if (n <= 0) throw new TemplateRenderError("slices must be positive");
    env.budget.alloc(seq.length + n);
    const per = Math.floor(seq.length / n);
    const extra = seq.length % n;
    let offset = 0;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const start = offset + i * per;
      if (i < extra) offset += 1;
      const end = offset + (i + 1) * per;
      const tmp = seq.slice(start, end);
      if (fill !== null && i >= extra) tmp.push(fill);
      out.push(pyList(tmp));
    }
    return pyList(out);
  },
  tojson(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [indent] = bind("tojson", [["indent", null]], args, kw);
    const ind =
      indent === null ? null : isStr(indent) ? strValue(indent) : " ".repeat(toInt(indent, "indent"));
    const out = jsonDumps(v, ind, "")
      .replace(/</g, "\\u003c")
      .replace(/>/g, "\\u003e")
      .replace(/&/g, "\\u0026")
      .replace(/'/g, "\\u0027");
    env.budget.alloc(out.length);
    return new Markup(out);
  },
  unique(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [cs, attribute] = bind(
      "unique",
      [
        ["case_sensitive", false],
        ["attribute", null],
      ],
      args,
      kw,
    );
    const get = attrGetter(attribute, !truthy(cs));
    const seen: unknown[] = [];
    const out: unknown[] = [];
    for (const it of iterate(v)) {
      const k = get(it);
      env.budget.work(seen.length + 1);
      if (!seen.some((s) => pyEq(s, k))) {
        seen.push(k);
        out.push(it);
      }
    }
    return pyList(out);
  },
  urlize(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [limit, nofollow, target, rel, extra] = bind(
      "urlize",
      [
        ["trim_url_limit", null],
        ["nofollow", false],
        ["target", null],
        ["rel", null],
        ["extra_schemes", null],
      ],
      args,
      kw,
    );
    // rel: the words given, `nofollow`, and the `urlize.rel` policy (noopener), sorted.
    const relParts = new Set(truthy(rel) ? pyStrSplit(rel, "rel") : []);
    if (truthy(nofollow)) relParts.add("nofollow");
    relParts.add("noopener");
    const schemes: string[] = [];
    if (extra !== null)
      for (const scheme of iterate(extra)) {
        if (!isStr(scheme) || !URI_SCHEME_RE.test(strValue(scheme)))
          throw new TemplateRenderError(`${pyRepr(scheme)} is not a valid URI scheme prefix.`);
        schemes.push(strValue(scheme));
      }
    const text = markupEscape(v).s;
    env.budget.work(text.length);
    const out = urlize(text, {
      trimUrlLimit: limit === null ? null : toInt(limit, "trim_url_limit"),
      rel: escapeHtml([...relParts].sort().join(" ")),
      target: truthy(target) ? markupEscape(target).s : null,
      extraSchemes: schemes,
    });
    env.budget.alloc(out.length);
    return env.autoescape ? new Markup(out) : out;
  },
  wordwrap(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [width, breakLong, wrapstring, breakHyphens] = bind(
      "wordwrap",
      [
        ["width", 79n],
        ["break_long_words", true],
        ["wrapstring", null],
        ["break_on_hyphens", true],
      ],
      args,
      kw,
    );
    if (v instanceof Undefined) v.fail();
    if (!isStr(v)) throw new TemplateRenderError(`'${typeName(v)}' object has no attribute 'splitlines'`);
    const sep = wrapstring ?? "\n";
    if (!isStr(sep)) throw new TemplateRenderError(`'${typeName(sep)}' object has no attribute 'join'`);
    const text = strValue(v);
    env.budget.work(text.length);
    const paragraphs = wordwrapLines(text, {
      width: toInt(width, "width"),
      breakLongWords: truthy(breakLong),
      breakOnHyphens: truthy(breakHyphens),
    });
    // The wrapped lines are plain strings; a Markup wrapstring escapes them as it joins.
    const esc = sep instanceof Markup ? escapeHtml : (x: string) => x;
    const s = strValue(sep);
    const out = paragraphs.map((lines) => lines.map(esc).join(s)).join(s);
    env.budget.alloc(out.length);
    return sep instanceof Markup ? new Markup(out) : out;
  },
  urlencode(env: FilterEnv, v: unknown) {
    let out: string;
    if (isStr(v)) out = urlQuote(strValue(v), false);
    else if (isDict(v))
      out = dictKeys(v)
        .map((k) => `${urlQuote(pyStr(k), true)}=${urlQuote(pyStr(dictGet(v, k).value), true)}`)
        .join("&");
    else if (Array.isArray(v) || v instanceof PyTuple)
      out = iterate(v)
        .map((pair) => {
          const [k, x] = iterate(pair);
          return `${urlQuote(pyStr(k), true)}=${urlQuote(pyStr(x), true)}`;
        })
        .join("&");
    else out = urlQuote(pyStr(v), false);
    env.budget.alloc(out.length);
    return out;
  },
  xmlattr(env: FilterEnv, v: unknown, args: Args, kw: Kwargs) {
    const [autospace] = bind("xmlattr", [["autospace", true]], args, kw);
    if (!isDict(v)) throw new TemplateRenderError("xmlattr() argument must be a mapping");
    const parts: string[] = [];
    for (const k of dictKeys(v)) {
      const x = dictGet(v, k).value;
      if (x === null || x instanceof Undefined) continue;
      const key = pyStr(k);
      if (/[\s/>=]/.test(key))
        throw new TemplateRenderError(`Invalid character in attribute name: ${pyRepr(key)}`);
      parts.push(`${markupEscape(k).s}="${markupEscape(x).s}"`);
    }
    let rv = parts.join(" ");
    if (truthy(autospace) && rv) rv = ` ${rv}`;
    env.budget.alloc(rv.length);
    return new Markup(rv);
  },
});
FILTERS.d = FILTERS.default!;
FILTERS.count = FILTERS.length!;
FILTERS.e = FILTERS.escape!;

/** Attribute access without the item fallback (the `attr` filter), through the same checks as `.`. */
function pureAttr(v: unknown, name: string): unknown {
  if (name.startsWith("_"))
    return new Undefined(`access to attribute '${name}' of '${typeName(v)}' object is unsafe.`);
  if (isDict(v) && !(v instanceof Map && false)) {
    const r = getattr(v, name);
    // A dict's keys are items, not attributes.
    return r instanceof BoundMethod || r instanceof Undefined
      ? r
      : new Undefined(`'dict object' has no attribute ${pyRepr(name)}`);
  }
  return getattr(v, name);
}

function selectOrReject(
  env: FilterEnv,
  v: unknown,
  args: Args,
  kw: Kwargs,
  want: boolean,
  onAttr: boolean,
): unknown {
  let rest = args;
  let get = (x: unknown) => x;
  if (onAttr) {
    if (!rest.length) throw new TemplateRenderError("Missing parameter for attribute name");
    get = attrGetter(rest[0], false);
    rest = rest.slice(1);
  }
  let test: (x: unknown) => boolean;
  if (rest.length) {
    const name = rest[0];
    if (!isStr(name) || !Object.hasOwn(TESTS, strValue(name)))
      throw new TemplateRenderError(`No test named ${pyRepr(name)}.`);
    const t = TESTS[strValue(name)]!;
    const targs = rest.slice(1);
    test = (x) => t(env, x, targs, kw);
  } else test = (x) => truthy(x);
  const out = iterate(v).filter((it) => {
    env.budget.work(1);
    return test(get(it)) === want;
  });
  env.budget.alloc(out.length);
  return pyList(out);
}

const URL_SAFE = /[A-Za-z0-9_.\-~]/;
function urlQuote(s: string, forQs: boolean): string {
  let out = "";
  for (const ch of s) {
    if (URL_SAFE.test(ch) || (!forQs && ch === "/")) out += ch;
    else if (forQs && ch === " ") out += "+";
    else for (const b of Buffer.from(ch, "utf8")) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function jsonStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c > 0x7e) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Python's json.dumps(v, sort_keys=True, indent=…) for template values. */
function jsonDumps(v: unknown, indent: string | null, cur: string): string {
  if (v === null || v instanceof Undefined) {
    if (v instanceof Undefined) v.fail();
    return "null";
  }
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number")
    return Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? floatRepr(v) : v > 0 ? "Infinity" : "-Infinity";
  if (isStr(v)) return jsonStr(strValue(v));
  const inner = indent === null ? "" : cur + indent;
  const nl = indent === null ? "" : `\n${inner}`;
  const end = indent === null ? "" : `\n${cur}`;
  const sep = indent === null ? ", " : `,\n${inner}`;
  if (Array.isArray(v) || v instanceof PyTuple || v instanceof PyRange) {
    const items = iterate(v);
    if (!items.length) return "[]";
    return `[${nl}${items.map((x) => jsonDumps(x, indent, inner)).join(sep)}${end}]`;
  }
  if (isDict(v)) {
    const keys = dictKeys(v);
    if (!keys.length) return "{}";
    const entries = keys.map((k) => {
      const ks = isStr(k)
        ? strValue(k)
        : typeof k === "bigint"
          ? k.toString()
          : typeof k === "number"
            ? floatRepr(k)
            : k === true
              ? "true"
              : k === false
                ? "false"
                : k === null
                  ? "null"
                  : null;
      if (ks === null)
        throw new TemplateRenderError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
      return { ks, v: dictGet(v, k).value };
    });
    entries.sort((a, b) => (a.ks < b.ks ? -1 : a.ks > b.ks ? 1 : 0));
    return `{${nl}${entries.map((e) => `${jsonStr(e.ks)}: ${jsonDumps(e.v, indent, inner)}`).join(sep)}${end}}`;
  }
  throw new TemplateRenderError(`Object of type ${typeName(v)} is not JSON serializable`);
}

type Test = (env: FilterEnv, value: unknown, args: Args, kwargs: Kwargs) => boolean;

function testArg(name: string, args: Args, kw: Kwargs): unknown {
  const [x] = bind(name, [["other", undefined]], args, kw);
  if (x === undefined) throw new TemplateRenderError(`${name}() missing 1 required positional argument`);
  return x;
}

function isCallable(v: unknown): boolean {
  return (
    v instanceof MacroRef ||
    v instanceof BuiltinFn ||
    v instanceof BoundMethod ||
    v instanceof Joiner ||
    v instanceof LoopRef
  );
}

export const TESTS: Record<string, Test> = {
  none: (_e, v) => v === null,
  defined: (_e, v) => !(v instanceof Undefined),
  undefined: (_e, v) => v instanceof Undefined,
  number: (_e, v) => isNumber(v),
  string: (_e, v) => isStr(v),
  true: (_e, v) => v === true,
  false: (_e, v) => v === false,
  boolean: (_e, v) => typeof v === "boolean",
  integer: (_e, v) => typeof v === "bigint",
  float: (_e, v) => typeof v === "number",
  mapping: (_e, v) => isDict(v),
  sequence: (_e, v) =>
    isStr(v) || Array.isArray(v) || v instanceof PyTuple || v instanceof PyRange || isDict(v),
  iterable: (_e, v) =>
    isStr(v) ||
    Array.isArray(v) ||
    v instanceof PyTuple ||
    v instanceof PyRange ||
    isDict(v) ||
    v instanceof Undefined,
  callable: (_e, v) => isCallable(v),
  escaped: (_e, v) => v instanceof Markup,
  lower: (_e, v) => {
    const s = pyStr(v);
    return s.toLowerCase() === s && s.toUpperCase() !== s;
  },
  upper: (_e, v) => {
    const s = pyStr(v);
    return s.toUpperCase() === s && s.toLowerCase() !== s;
  },
  odd: (_e, v) => BigInt(toInt(v, "value")) % 2n !== 0n,
  even: (_e, v) => BigInt(toInt(v, "value")) % 2n === 0n,
  // Jinja2: `value % num == 0`, with Python's `%` (floats included: 1200.0 is divisible by 3).
  divisibleby: (e, v, args, kw) => pyEq(binop("%", v, testArg("divisibleby", args, kw), e.budget), 0n),
  eq: (_e, v, a, k) => pyEq(v, testArg("eq", a, k)),
  ne: (_e, v, a, k) => !pyEq(v, testArg("ne", a, k)),
  lt: (_e, v, a, k) => pyCmp(v, testArg("lt", a, k), "<") < 0,
  le: (_e, v, a, k) => pyCmp(v, testArg("le", a, k), "<=") <= 0,
  gt: (_e, v, a, k) => pyCmp(v, testArg("gt", a, k), ">") > 0,
  ge: (_e, v, a, k) => pyCmp(v, testArg("ge", a, k), ">=") >= 0,
  in: (e, v, a, k) => {
    const seq = testArg("in", a, k);
    if (isStr(seq)) {
      if (!isStr(v))
        throw new TemplateRenderError(`'in <string>' requires string as left operand, not ${typeName(v)}`);
      return strValue(seq).includes(strValue(v));
    }
    if (isDict(seq)) return dictGet(seq, v).found;
    return iterate(seq).some((x) => {
      e.budget.work(1);
      return pyEq(x, v);
    });
  },
  sameas: (_e, v, a, k) => {
    const o = testArg("sameas", a, k);
    if (typeof v === "bigint" && typeof o === "bigint") return v === o && v >= -5n && v <= 256n;
    return v === o;
  },
  filter: (_e, v) => isStr(v) && Object.hasOwn(FILTERS, strValue(v)),
  test: (_e, v) => isStr(v) && Object.hasOwn(TESTS, strValue(v)),
};
TESTS["=="] = TESTS.eq!;
TESTS.equalto = TESTS.eq!;
TESTS["!="] = TESTS.ne!;
TESTS["<"] = TESTS.lt!;
TESTS.lessthan = TESTS.lt!;
TESTS["<="] = TESTS.le!;
TESTS[">"] = TESTS.gt!;
TESTS.greaterthan = TESTS.gt!;
TESTS[">="] = TESTS.ge!;

export const FILTER_NAMES = new Set(Object.keys(FILTERS));
export const TEST_NAMES = new Set(Object.keys(TESTS));
