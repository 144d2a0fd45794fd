/**
 * The methods Jinja2's ImmutableSandboxedEnvironment lets a template call on plain values:
 * the side-effect-free ones of str, dict, list and tuple (mutating ones stay refused there,
 * and are refused here). A Markup's methods escape their str arguments and return Markup.
 */
import { getattr, getitem, iterate } from "./access.js";
import { TemplateRenderError } from "./errors.js";
import type { Budget } from "./limits.js";
import { convert } from "./printf.js";
import { pyReplace, pySplitWs, pyStrip } from "./strings.js";
import {
  codePoints,
  dictGet,
  dictKeys,
  floatRepr,
  isDict,
  isStr,
  Markup,
  markupEscape,
  PyTuple,
  pyEq,
  pyList,
  pyRepr,
  pyStr,
  seqItems,
  strValue,
  truthy,
  typeName,
  Undefined,
} from "./values.js";

export const STR_METHODS = new Set(
  (
    "capitalize casefold center count endswith find format index isalnum isalpha isdecimal isdigit " +
    "islower isnumeric isspace istitle isupper join ljust lower lstrip partition removeprefix removesuffix " +
    "replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title upper zfill"
  ).split(" "),
);
export const DICT_METHODS = new Set(["get", "items", "keys", "values"]);
export const SEQ_METHODS = new Set(["count", "index"]);
/** Methods that change their object: Jinja2's immutable sandbox refuses to even look them up. */
export const MUTATING = {
  list: new Set("append clear extend insert pop remove reverse sort".split(" ")),
  dict: new Set("clear pop popitem setdefault update".split(" ")),
};

type Kwargs = Map<string, unknown>;

function bindArgs(name: string, params: [string, unknown][], args: unknown[], kwargs: Kwargs): unknown[] {
  if (args.length > params.length)
    throw new TemplateRenderError(
      `${name}() takes at most ${params.length} arguments (${args.length} given)`,
    );
  const out = params.map(([, d], i) => (i < args.length ? args[i] : d));
  for (const [k, v] of kwargs) {
    const idx = params.findIndex(([p]) => p === k);
    if (idx === -1) throw new TemplateRenderError(`${name}() takes no keyword arguments`);
    out[idx] = v;
  }
  for (let i = 0; i < out.length; i++)
    if (out[i] === REQUIRED) throw new TemplateRenderError(`${name}() takes at least ${i + 1} argument`);
  return out;
}
const REQUIRED = Symbol("required");

function strArg(v: unknown, method: string): string {
  if (!isStr(v)) throw new TemplateRenderError(`${method}() argument must be str, not ${typeName(v)}`);
  return strValue(v);
}

function intArg(v: unknown, method: string): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new TemplateRenderError(`'${typeName(v)}' object cannot be interpreted as an integer (${method})`);
}

function pad(s: string, width: number, fill: string, how: "l" | "r" | "c"): string {
  const len = codePoints(s).length;
  if (width <= len) return s;
  const n = width - len;
  if (how === "l") return s + fill.repeat(n);
  if (how === "r") return fill.repeat(n) + s;
  const left = Math.floor(n / 2) + (n & width & 1);
  return fill.repeat(left) + s + fill.repeat(n - left);
}

/** str.splitlines() separators besides \r\n: \n \r \v \f \x1c \x1d \x1e \x85 U+2028 U+2029. */
const SEPARATORS = [0x0a, 0x0d, 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]
  .map((c) => String.fromCharCode(c))
  .join("");
const LINE_BREAK = new RegExp(`\r\n|[${SEPARATORS}]`, "g");

export function splitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(LINE_BREAK)) {
    out.push(s.slice(last, keepends ? m.index + m[0].length : m.index));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

function split(s: string, sep: unknown, maxsplit: number, fromRight: boolean): string[] {
  if (sep === null) {
    if (maxsplit < 0) return pySplitWs(s);
    const parts = pySplitWs(s);
    if (parts.length <= maxsplit + 1) return parts;
    if (!fromRight) {
      // Keep the rest of the string (from the (maxsplit+1)th word on) as it is, left-stripped.
      let rest = s.replace(/^\s+/, "");
      const head: string[] = [];
      for (let i = 0; i < maxsplit; i++) {
        const m = /^(\S+)\s+/.exec(rest)!;
        head.push(m[1]!);
        rest = rest.slice(m[0].length);
      }
      return [...head, rest];
    }
    let rest = s.replace(/\s+$/, "");
    const tail: string[] = [];
    for (let i = 0; i < maxsplit; i++) {
      const m = /\s+(\S+)$/.exec(rest)!;
      tail.unshift(m[1]!);
      rest = rest.slice(0, m.index);
    }
    return [rest, ...tail];
  }
  const sp = strArg(sep, "split");
  if (sp === "") throw new TemplateRenderError("empty separator");
  const all = s.split(sp);
  if (maxsplit < 0 || all.length <= maxsplit + 1) return all;
  if (!fromRight) return [...all.slice(0, maxsplit), all.slice(maxsplit).join(sp)];
  return [all.slice(0, all.length - maxsplit).join(sp), ...all.slice(all.length - maxsplit)];
}

function affix(s: string, arg: unknown, method: "startswith" | "endswith"): boolean {
  const opts = arg instanceof PyTuple ? arg.items : [arg];
  return opts.some((o) => {
    const x = strArg(o, method);
    return method === "startswith" ? s.startsWith(x) : s.endsWith(x);
  });
}

function findIn(s: string, sub: string, right: boolean): number {
  const cps = codePoints(s);
  const i = right ? s.lastIndexOf(sub) : s.indexOf(sub);
  if (i === -1 || cps.length === s.length) return i;
  return codePoints(s.slice(0, i)).length;
}

/** str.title(): a cased character after an uncased one is upper-cased, the others lower-cased. */
function pyTitle(s: string): string {
  let prevCased = false;
  let out = "";
  for (const c of s) {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    const cased = lower !== upper;
    out += cased ? (prevCased ? lower : upper) : c;
    prevCased = cased;
  }
  return out;
}

/** What str.isprintable() refuses: Python's non-printable categories (the space is printable). */
const UNPRINTABLE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;
/** str.isidentifier(), with the rule the lexer applies to names. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}\u00b7\u0387\u1369-\u1371\u19da]*$/u;

function toIndex(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  throw new TemplateRenderError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** str.expandtabs(tabsize): tabs to the next multiple of tabsize, columns counted per line. */
function expandtabs(s: string, size: number): string {
  let out = "";
  let col = 0;
  for (const c of s) {
    if (c === "\t") {
      const n = size > 0 ? size - (col % size) : 0;
      out += " ".repeat(n);
      col += n;
    } else {
      out += c;
      col = c === "\n" || c === "\r" ? 0 : col + 1;
    }
  }
  return out;
}

/** Which positional argument a Markup's method escapes (markupsafe 3). */
const ESCAPED_ARGUMENT: Record<string, number> = { replace: 1, center: 1, ljust: 1, rjust: 1 };

export function callStrMethod(
  self: string | Markup,
  name: string,
  rawArgs: unknown[],
  kwargs: Kwargs,
  budget: Budget,
): unknown {
  const markup = self instanceof Markup;
  // markupsafe wraps a Markup's str results, and escapes only what it inserts: the replacement of
  // `replace` and the fill character of `center`/`ljust`/`rjust` (`join` and `format` escape
  // their items below); what it searches for (`count('<p>')`, `startswith`, `strip`) stays as given.
  const escaped = ESCAPED_ARGUMENT[name];
  const args = markup ? rawArgs.map((a, i) => (i === escaped && isStr(a) ? markupEscape(a) : a)) : rawArgs;
  const s = strValue(self);
  const wrap = (v: unknown): unknown => {
    if (!markup) return v;
    if (typeof v === "string") return new Markup(v);
    if (Array.isArray(v)) return pyList(v.map(wrap));
    if (v instanceof PyTuple) return new PyTuple(v.items.map(wrap));
    return v;
  };
  budget.alloc(s.length);
  const b = (params: [string, unknown][]) => bindArgs(name, params, args, kwargs);
  switch (name) {
    case "upper":
      b([]);
      return wrap(s.toUpperCase());
    case "lower":
    case "casefold":
      b([]);
      return wrap(s.toLowerCase());
    case "swapcase":
      b([]);
      return wrap(Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""));
    case "title":
      b([]);
      return wrap(pyTitle(s));
    case "capitalize": {
      b([]);
      const [first = "", ...rest] = Array.from(s);
      return wrap(first.toUpperCase() + rest.join("").toLowerCase());
    }
    case "strip":
    case "lstrip":
    case "rstrip": {
      const [chars] = b([["chars", null]]);
      const cs = chars === null ? null : strArg(chars, name);
      let out = pyStrip(s, cs);
      if (name !== "strip") {
        const full = out;
        const start = s.indexOf(full);
        out =
          name === "lstrip"
            ? s.slice(full === "" ? s.length : start)
            : s.slice(0, full === "" ? 0 : start + full.length);
      }
      return wrap(out);
    }
    case "split":
    case "rsplit": {
      const [sep, maxsplit] = b([
        ["sep", null],
        ["maxsplit", -1n],
      ]);
      return wrap(pyList(split(s, sep, intArg(maxsplit, name), name === "rsplit")));
    }
    case "splitlines": {
      const [keep] = b([["keepends", false]]);
      return wrap(pyList(splitlines(s, truthy(keep))));
    }
    case "replace": {
      const [old, neu, count] = b([
        ["old", REQUIRED],
        ["new", REQUIRED],
        ["count", -1n],
      ]);
      return wrap(pyReplace(s, strArg(old, name), strArg(neu, name), intArg(count, name), budget));
    }
    case "startswith":
    case "endswith": {
      const [x] = b([["prefix", REQUIRED]]);
      return affix(s, x, name);
    }
    case "removeprefix":
    case "removesuffix": {
      const [x] = b([["affix", REQUIRED]]);
      const a = strArg(x, name);
      if (name === "removeprefix") return wrap(a && s.startsWith(a) ? s.slice(a.length) : s);
      return wrap(a && s.endsWith(a) ? s.slice(0, s.length - a.length) : s);
    }
    case "count": {
      const [x] = b([["sub", REQUIRED]]);
      const sub = strArg(x, name);
      if (sub === "") return BigInt(codePoints(s).length + 1);
      return BigInt(s.split(sub).length - 1);
    }
    case "find":
    case "rfind":
    case "index":
    case "rindex": {
      const [x] = b([["sub", REQUIRED]]);
      const i = findIn(s, strArg(x, name), name.startsWith("r"));
      if (i === -1 && name.endsWith("index")) throw new TemplateRenderError("substring not found");
      return BigInt(i);
    }
    case "partition":
    case "rpartition": {
      const [x] = b([["sep", REQUIRED]]);
      const sep = strArg(x, name);
      if (sep === "") throw new TemplateRenderError("empty separator");
      const i = name === "partition" ? s.indexOf(sep) : s.lastIndexOf(sep);
      const parts =
        i === -1
          ? name === "partition"
            ? [s, "", ""]
            : ["", "", s]
          : [s.slice(0, i), sep, s.slice(i + sep.length)];
      return wrap(new PyTuple(parts));
    }
    case "join": {
      const [it] = b([["iterable", REQUIRED]]);
      const items = iterate(it);
      budget.work(items.length);
      const strs = items.map((x, i) => {
        if (!isStr(x))
          throw new TemplateRenderError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
        return markup ? markupEscape(x).s : strValue(x);
      });
      const out = strs.join(s);
      budget.alloc(out.length);
      return wrap(out);
    }
    case "zfill": {
      const [w] = b([["width", REQUIRED]]);
      const width = intArg(w, name);
      const sign = /^[+-]/.test(s) ? s[0]! : "";
      return wrap(sign + pad(s.slice(sign.length), width - sign.length, "0", "r"));
    }
    case "center":
    case "ljust":
    case "rjust": {
      const [w, f] = b([
        ["width", REQUIRED],
        ["fillchar", " "],
      ]);
      const width = intArg(w, name);
      budget.alloc(Math.max(0, width));
      const fill = strArg(f, name);
      if (codePoints(fill).length !== 1)
        throw new TemplateRenderError("The fill character must be exactly one character long");
      return wrap(pad(s, width, fill, name === "center" ? "c" : name === "ljust" ? "l" : "r"));
    }
    case "isdigit":
    case "isdecimal":
    case "isnumeric":
      b([]);
      return s.length > 0 && /^\p{Nd}+$/u.test(s);
    case "isalpha":
      b([]);
      return s.length > 0 && /^\p{L}+$/u.test(s);
    case "isalnum":
      b([]);
      return s.length > 0 && /^[\p{L}\p{N}]+$/u.test(s);
    case "isspace":
      b([]);
      return s.length > 0 && /^\s+$/.test(s);
    case "islower":
      b([]);
      return s.toLowerCase() === s && s.toUpperCase() !== s;
    case "isupper":
      b([]);
      return s.toUpperCase() === s && s.toLowerCase() !== s;
    case "istitle":
      b([]);
      return /\p{L}/u.test(s) && callStrMethod(s, "title", [], new Map(), budget) === s;
    case "format":
      return wrap(strFormat(s, args, kwargs, budget, markup));
    case "format_map": {
      const [mapping] = b([["mapping", REQUIRED]]);
      if (!isDict(mapping)) throw new TemplateRenderError(`'${typeName(mapping)}' object is not a mapping`);
      const named = new Map<string, unknown>();
      for (const k of dictKeys(mapping)) if (isStr(k)) named.set(strValue(k), dictGet(mapping, k).value);
      return wrap(strFormat(s, [], named, budget, markup));
    }
    case "expandtabs": {
      const [size] = b([["tabsize", 8n]]);
      return wrap(expandtabs(s, Number(toIndex(size))));
    }
    case "isascii":
      b([]);
      return /^\p{ASCII}*$/u.test(s);
    case "isprintable":
      b([]);
      return !UNPRINTABLE.test(s);
    case "isidentifier":
      b([]);
      return IDENTIFIER.test(s);
  }
  throw new TemplateRenderError(`calling '${name}' on a str is not allowed`);
}

/** str.format through Jinja2's sandboxed formatter: fields, `.attr` / `[key]`, !r/!s, format specs. */
function strFormat(fmt: string, args: unknown[], kwargs: Kwargs, budget: Budget, markup: boolean): string {
  let auto = 0;
  const out = fmt.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (all, field: string | undefined) => {
    if (all === "{{") return "{";
    if (all === "}}") return "}";
    if (field === undefined) throw new TemplateRenderError(`Single '${all}' encountered in format string`);
    const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/.exec(field);
    if (!m) throw new TemplateRenderError(`invalid format field '${field}'`);
    const [, head = "", path = "", conv, spec = ""] = m;
    let v: unknown;
    if (head === "") {
      if (auto < 0)
        throw new TemplateRenderError(
          "cannot switch from manual field specification to automatic field numbering",
        );
      if (auto >= args.length)
        throw new TemplateRenderError(`Replacement index ${auto} out of range for positional args tuple`);
      v = args[auto++];
    } else if (/^\d+$/.test(head)) {
      const i = Number(head);
      if (auto > 0)
        throw new TemplateRenderError(
          "cannot switch from automatic field numbering to manual field specification",
        );
      auto = -1;
      if (i >= args.length)
        throw new TemplateRenderError(`Replacement index ${i} out of range for positional args tuple`);
      v = args[i];
    } else {
      if (!kwargs.has(head)) throw new TemplateRenderError(`KeyError: ${pyRepr(head)}`);
      v = kwargs.get(head);
    }
    for (const part of path.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
      if (part.startsWith(".")) {
        const attr = part.slice(1);
        // The sandboxed formatter gives an unsafe attribute as an undefined value (it prints empty).
        v = attr.startsWith("_")
          ? new Undefined(`access to attribute '${attr}' of '${typeName(v)}' object is unsafe.`)
          : getattr(v, attr);
      } else {
        const key = part.slice(1, -1);
        v = getitem(v, /^\d+$/.test(key) ? BigInt(key) : key);
      }
    }
    let s: string | null = null;
    if (conv === "r" || conv === "a") s = pyRepr(v);
    else if (conv === "s") s = pyStr(v);
    const text = formatSpec(s === null ? v : s, spec);
    const res = markup && !(v instanceof Markup) ? markupEscape(text).s : text;
    budget.alloc(res.length);
    return res;
  });
  return out;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Python's format(value, spec) for str, int and float. */
export function formatSpec(v: unknown, spec: string): string {
  if (spec === "") return pyStr(v);
  const m = SPEC_RE.exec(spec);
  if (!m)
    throw new TemplateRenderError(`Invalid format specifier '${spec}' for object of type '${typeName(v)}'`);
  const [, fillCh, alignCh, sign = "-", alt, zero, widthS, group, precS, typeCh] = m;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : undefined;
  let fill = fillCh ?? " ";
  let align = alignCh;
  if (zero && !alignCh) {
    fill = "0";
    align = "=";
  }
  let body: string;
  let numeric = true;
  if (isStr(v)) {
    if (typeCh && typeCh !== "s")
      throw new TemplateRenderError(`Unknown format code '${typeCh}' for object of type 'str'`);
    body = prec === undefined ? strValue(v) : codePoints(strValue(v)).slice(0, prec).join("");
    numeric = false;
    align = align ?? "<";
  } else if (typeof v === "bigint" || typeof v === "boolean" || typeof v === "number") {
    const n = typeof v === "boolean" ? (v ? 1n : 0n) : v;
    const t = typeCh ?? (typeof n === "bigint" ? "d" : "");
    if (typeof n === "number" && "dbcoxX".includes(t) && t !== "")
      throw new TemplateRenderError(`Unknown format code '${t}' for object of type 'float'`);
    if (t === "" || t === "n") {
      body =
        typeof n === "number"
          ? prec === undefined
            ? floatRepr(Math.abs(n))
            : convert("g", Math.abs(n), "", prec)
          : (n < 0n ? -n : n).toString();
    } else if (t === "%") body = `${convert("f", Math.abs(Number(n)) * 100, "", prec ?? 6)}%`;
    else if (t === "c") body = String.fromCodePoint(Number(n));
    else
      body = convert(
        t,
        typeof n === "bigint" ? (n < 0n ? -n : n) : Math.abs(n),
        alt ? "#" : "",
        "eEfFgG".includes(t) ? (prec ?? 6) : undefined,
      );
    if (t === "b") body = (n < 0n ? -(n as bigint) : (n as bigint)).toString(2);
    if (group) {
      const [ip, fp] = body.split(".") as [string, string | undefined];
      if (/^\d+$/.test(ip))
        body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp === undefined ? "" : `.${fp}`);
    }
    const neg = typeof n === "bigint" ? n < 0n : n < 0 || Object.is(n, -0);
    const signStr = neg ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
    align = align ?? ">";
    if (align === "=") {
      const w = width - signStr.length;
      return signStr + pad(body, w, fill, "r");
    }
    body = signStr + body;
  } else {
    throw new TemplateRenderError(`unsupported format string passed to ${typeName(v)}.__format__`);
  }
  if (!numeric && align === "=")
    throw new TemplateRenderError("'=' alignment not allowed in string format specifier");
  return pad(body, width, fill, align === "<" ? "l" : align === ">" ? "r" : "c");
}

export function callDictMethod(
  self: Record<string, unknown> | Map<unknown, unknown>,
  name: string,
  args: unknown[],
  kwargs: Kwargs,
  budget: Budget,
): unknown {
  const b = (params: [string, unknown][]) => bindArgs(name, params, args, kwargs);
  // copy and fromkeys make a new dict (the template's own); the original is not changed.
  if (name === "copy") {
    b([]);
    const out = new Map<unknown, unknown>();
    for (const k of dictKeys(self)) out.set(k, dictGet(self, k).value);
    budget.alloc(out.size);
    return out;
  }
  if (name === "fromkeys") {
    const [keys, value] = b([
      ["iterable", REQUIRED],
      ["value", null],
    ]);
    const list = iterate(keys);
    budget.alloc(list.length);
    return new Map(list.map((k) => [k, value] as [unknown, unknown]));
  }
  if (name === "get") {
    const [key, dflt] = b([
      ["key", REQUIRED],
      ["default", null],
    ]);
    const got = dictGet(self, key);
    return got.found ? got.value : dflt;
  }
  b([]);
  const keys = dictKeys(self);
  budget.alloc(keys.length);
  if (name === "keys") return pyList(keys);
  const vals = keys.map((k) => dictGet(self, k).value);
  if (name === "values") return pyList(vals);
  return pyList(keys.map((k, i) => new PyTuple([k, vals[i]])));
}

export function callSeqMethod(
  self: unknown[] | PyTuple,
  name: string,
  args: unknown[],
  kwargs: Kwargs,
  budget: Budget,
): unknown {
  const items = Array.isArray(self) ? seqItems(self) : self.items;
  if (name === "copy") {
    bindArgs(name, [], args, kwargs);
    budget.alloc(items.length);
    return pyList(items.slice());
  }
  const [x] = bindArgs(name, [["value", REQUIRED]], args, kwargs);
  budget.work(items.length);
  if (name === "count") return BigInt(items.filter((i) => pyEq(i, x)).length);
  const i = items.findIndex((it) => pyEq(it, x));
  if (i === -1)
    throw new TemplateRenderError(`${pyRepr(x)} is not in ${Array.isArray(self) ? "list" : "tuple"}`);
  return BigInt(i);
}

export { isDict };
