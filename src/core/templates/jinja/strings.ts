/** Python str operations the filters rely on, where JS differs (whitespace set, split rules). */

import { PY_WS } from "./lexer.js";
import type { Budget } from "./limits.js";

const STRIP_WS = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "g");
const WORD_BEGIN = new RegExp(`([-${PY_WS}({\\[<]+)`);
const WS_SPLIT = new RegExp(`[${PY_WS}]+`);
const WORD = /[\p{L}\p{N}_]+/gu;

export function pyStrip(s: string, chars: string | null): string {
  if (chars === null) return s.replace(STRIP_WS, "");
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a]!)) a++;
  while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join("");
}

/** str.split() without arguments: runs of whitespace, no empty strings. */
export function pySplitWs(s: string): string[] {
  return s.split(WS_SPLIT).filter((x) => x !== "");
}

/** Python's str.replace, including the empty-needle case and the count argument. */
export function pyReplace(s: string, old: string, neu: string, count: number, budget: Budget): string {
  let out: string;
  if (old === "") {
    const cps = Array.from(s);
    const limit = count < 0 ? cps.length + 1 : count;
    const parts: string[] = [];
    for (let i = 0; i <= cps.length; i++) {
      if (i < limit) parts.push(neu);
      if (i < cps.length) parts.push(cps[i]!);
    }
    out = parts.join("");
  } else if (count < 0) out = s.split(old).join(neu);
  else {
    const pieces = s.split(old);
    out =
      pieces.slice(0, count + 1).join(neu) +
      (pieces.length > count + 1 ? old + pieces.slice(count + 1).join(old) : "");
  }
  budget.alloc(out.length);
  return out;
}

function upperFirst(w: string): string {
  const [first = "", ...rest] = Array.from(w);
  return first.toUpperCase() + rest.join("").toLowerCase();
}

/** Jinja2's title filter: split on whitespace and opening brackets, capitalise each item. */
export function titleCase(s: string): string {
  return s
    .split(WORD_BEGIN)
    .filter((x) => x !== "")
    .map(upperFirst)
    .join("");
}

export function capitalize(s: string): string {
  return upperFirst(s);
}

export function wordcount(s: string): number {
  return (s.match(WORD) ?? []).length;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  euro: "€",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  laquo: "«",
  raquo: "»",
  aacute: "á",
  eacute: "é",
  iacute: "í",
  oacute: "ó",
  uacute: "ú",
  ntilde: "ñ",
  Aacute: "Á",
  Eacute: "É",
  Iacute: "Í",
  Oacute: "Ó",
  Uacute: "Ú",
  Ntilde: "Ñ",
  uuml: "ü",
  Uuml: "Ü",
  iexcl: "¡",
  iquest: "¿",
  middot: "·",
  deg: "°",
};

/** html.unescape for numeric references and the common named ones (see README: Template dialect). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);/g, (all, ref: string) => {
    if (ref[0] === "#") {
      const cp =
        ref[1] === "x" || ref[1] === "X"
          ? Number.parseInt(ref.slice(2), 16)
          : Number.parseInt(ref.slice(1), 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(cp);
    }
    return NAMED_ENTITIES[ref] ?? all;
  });
}

/** markupsafe's Markup.striptags: drop comments, then tags, collapse whitespace, unescape. */
export function striptags(value: string): string {
  let v = value;
  for (let start = v.indexOf("<!--"); start !== -1; start = v.indexOf("<!--")) {
    const end = v.indexOf("-->", start);
    if (end === -1) break;
    v = v.slice(0, start) + v.slice(end + 3);
  }
  for (let start = v.indexOf("<"); start !== -1; start = v.indexOf("<")) {
    const end = v.indexOf(">", start);
    if (end === -1) break;
    v = v.slice(0, start) + v.slice(end + 1);
  }
  return unescapeHtml(pySplitWs(v).join(" "));
}
