/**
 * Python 3's `pprint.pformat(value)` (width 80, indent 1, dict keys sorted), which Jinja2's
 * `pprint` filter returns: a value whose repr fits stays on one line; a longer dict, list,
 * tuple or string is broken over lines the way pprint's PrettyPrinter breaks it.
 */
import { TemplateRenderError } from "./errors.js";
import { PY_WS } from "./lexer.js";
import type { Budget } from "./limits.js";
import { splitlines } from "./methods.js";
import {
  dictGet,
  dictKeys,
  GroupTuple,
  isDict,
  PyTuple,
  pyCmp,
  pyLenStr,
  pyRepr,
  seqItems,
  strRepr,
  typeName,
} from "./values.js";

const WIDTH = 80;
/** pprint's `re.findall(r'\S*\s*', line)`: words with the spaces after them. */
const WORDS = new RegExp(`[^${PY_WS}]*[${PY_WS}]*`, "g");

export function pformat(value: unknown, budget: Budget): string {
  const out: string[] = [];
  new PrettyPrinter(budget, out).format(value, 0, 0, 0);
  return out.join("");
}

/** A plain tuple (groupby's items have their own repr, which pprint does not break). */
function isTuple(v: unknown): v is PyTuple {
  return v instanceof PyTuple && !(v instanceof GroupTuple);
}

/** pprint's `_safe_key` order: Python's `<`, or else the type names (ties keep their order). */
function safeCompare(a: unknown, b: unknown): number {
  try {
    return pyCmp(a, b);
  } catch (err) {
    if (!(err instanceof TemplateRenderError)) throw err;
    const x = `<class '${typeName(a)}'>`;
    const y = `<class '${typeName(b)}'>`;
    return x < y ? -1 : x > y ? 1 : 0;
  }
}

function sortedKeys(d: Record<string, unknown> | Map<unknown, unknown>): unknown[] {
  return dictKeys(d)
    .slice()
    .sort((a, b) => safeCompare(a, b));
}

class PrettyPrinter {
  constructor(
    private readonly budget: Budget,
    private readonly out: string[],
  ) {}

  /** pprint's `_safe_repr`: repr with every dict's keys sorted. */
  private repr(v: unknown): string {
    let s: string;
    if (isDict(v)) {
      s = `{${sortedKeys(v)
        .map((k) => `${this.repr(k)}: ${this.repr(dictGet(v, k).value)}`)
        .join(", ")}}`;
    } else if (Array.isArray(v))
      s = `[${seqItems(v)
        .map((x) => this.repr(x))
        .join(", ")}]`;
    else if (isTuple(v))
      s =
        v.items.length === 1
          ? `(${this.repr(v.items[0])},)`
          : `(${v.items.map((x) => this.repr(x)).join(", ")})`;
    else s = pyRepr(v);
    // Each level of a long value reprs its part again: the work a deep value costs is charged.
    this.budget.alloc(s.length);
    return s;
  }

  format(v: unknown, indent: number, allowance: number, level: number): void {
    const rep = this.repr(v);
    if (pyLenStr(rep) <= WIDTH - indent - allowance) this.out.push(rep);
    else if (isDict(v)) this.dict(v, indent, allowance, level + 1);
    else if (Array.isArray(v)) this.seq("[", seqItems(v), "]", indent, allowance, level + 1);
    else if (isTuple(v))
      this.seq("(", v.items, v.items.length === 1 ? ",)" : ")", indent, allowance, level + 1);
    else if (typeof v === "string") this.str(v, rep, indent, allowance, level + 1);
    else this.out.push(rep);
  }

  private dict(
    d: Record<string, unknown> | Map<unknown, unknown>,
    indent: number,
    allowance: number,
    level: number,
  ): void {
    this.out.push("{");
    const keys = sortedKeys(d);
    const inner = indent + 1;
    keys.forEach((k, i) => {
      const last = i === keys.length - 1;
      const rep = this.repr(k);
      this.out.push(rep, ": ");
      this.format(dictGet(d, k).value, inner + pyLenStr(rep) + 2, last ? allowance + 1 : 1, level);
      if (!last) this.out.push(`,\n${" ".repeat(inner)}`);
    });
    this.out.push("}");
  }

  private seq(
    open: string,
    items: unknown[],
    close: string,
    indent: number,
    allowance: number,
    level: number,
  ) {
    this.out.push(open);
    const inner = indent + 1;
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      if (i > 0) this.out.push(`,\n${" ".repeat(inner)}`);
      this.format(item, inner, last ? allowance + close.length : 1, level);
    });
    this.out.push(close);
  }

  /** A long string as adjacent literals, one per line (in parentheses at the top level). */
  private str(s: string, rep: string, indent: number, allowance: number, level: number): void {
    const lines = splitlines(s, true);
    const top = level === 1;
    const ind = top ? indent + 1 : indent;
    const allow = top ? allowance + 1 : allowance;
    const maxWidth = WIDTH - ind;
    let maxWidth1 = maxWidth;
    const chunks: string[] = [];
    let lastRep = rep;
    lines.forEach((line, i) => {
      const lastLine = i === lines.length - 1;
      lastRep = strRepr(line);
      if (lastLine) maxWidth1 -= allow;
      if (pyLenStr(lastRep) <= maxWidth1) {
        chunks.push(lastRep);
        return;
      }
      const parts = line.match(WORDS)!.filter((p) => p !== "");
      let maxWidth2 = maxWidth;
      let current = "";
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && lastLine) maxWidth2 -= allow;
        if (pyLenStr(strRepr(candidate)) > maxWidth2) {
          if (current) chunks.push(strRepr(current));
          current = part;
        } else current = candidate;
      });
      if (current) chunks.push(strRepr(current));
    });
    this.budget.alloc(s.length);
    if (chunks.length === 1) {
      // pprint writes the repr of the last line here, the whole string's when it has one line.
      this.out.push(lastRep);
      return;
    }
    if (top) this.out.push("(");
    this.out.push(chunks.join(`\n${" ".repeat(ind)}`));
    if (top) this.out.push(")");
  }
}
