/**
 * Jinja2 3.1's `urlize` (jinja2.utils.urlize) and `wordwrap` (textwrap.TextWrapper as the
 * filter configures it), on plain strings. Python's `\w`, `\d`, `\s` are Unicode-aware: they
 * are spelled out here with Unicode properties.
 */
import { TemplateRenderError } from "./errors.js";
import { PY_WS } from "./lexer.js";

const W = "\\p{L}\\p{N}_";
const S = `[^${PY_WS}]`;

// ---- urlize ----------------------------------------------------------------------------------------

const HTTP_RE = new RegExp(
  "^(?:" +
    `(?:https?://|www\\.)(?:(?:[${W}%-]+\\.)+)?(?:[a-z]{2,63}|xn--[${W}%]{2,59})` +
    `|(?:[${W}%-]{2,63}\\.)+(?:com|net|int|edu|gov|org|info|mil)` +
    "|(?:https?://)(?:(?:\\p{Nd}{1,3})(?:\\.\\p{Nd}{1,3}){3}|\\[(?:[\\p{Nd}a-f]{0,4}:){2}(?:[\\p{Nd}a-f]{0,4}:?){1,6}\\])" +
    `)(?::\\p{Nd}{1,5})?(?:[/?#]${S}*)?$`,
  "iu",
);
/**
 * `^\S+@\w[\w.-]*\.\w+$`: the domain part has no `@`, so it follows the last one; checked
 * that way it takes linear time on any word (the regex alone backtracks on `a@a@a@…`).
 */
const EMAIL_DOMAIN_RE = new RegExp(`^[${W}][${W}.-]*\\.[${W}]+$`, "u");
function isEmail(s: string): boolean {
  const at = s.lastIndexOf("@");
  return at >= 1 && EMAIL_DOMAIN_RE.test(s.slice(at + 1));
}
export const URI_SCHEME_RE = /^[\p{L}\p{N}_.+-]{2,}:\/{0,2}$/u;
const SPLIT_WS = new RegExp(`([${PY_WS}]+)`, "u");
const HEAD_RE = /^(?:[(<]|&lt;)+/;

/** Where `([)>.,\n]|&gt;)+$` would start (scanned from the end: linear, no backtracking). */
function tailStart(s: string): number {
  let i = s.length;
  for (;;) {
    if (i > 0 && ")>.,\n".includes(s[i - 1]!)) i -= 1;
    else if (i >= 4 && s.startsWith("&gt;", i - 4)) i -= 4;
    else return i;
  }
}

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

/** Python's `x[:n]` on code points (a negative n counts from the end). */
function head(x: string, n: number): string {
  const cps = Array.from(x);
  return cps.slice(0, n < 0 ? Math.max(0, cps.length + n) : n).join("");
}

export interface UrlizeOptions {
  trimUrlLimit: number | null;
  /** Already escaped. */
  rel: string | null;
  /** Already escaped. */
  target: string | null;
  extraSchemes: string[];
}

/** jinja2.utils.urlize over text already escaped (markupsafe.escape of the value). */
export function urlize(escaped: string, opts: UrlizeOptions): string {
  const limit = opts.trimUrlLimit;
  const trim = (x: string) => (limit !== null && Array.from(x).length > limit ? `${head(x, limit)}...` : x);
  const relAttr = opts.rel ? ` rel="${opts.rel}"` : "";
  const targetAttr = opts.target ? ` target="${opts.target}"` : "";
  const words = escaped.split(SPLIT_WS);
  for (let i = 0; i < words.length; i++) {
    let lead = "";
    let middle = words[i]!;
    let tail = "";
    const m = HEAD_RE.exec(middle);
    if (m) {
      lead = m[0];
      middle = middle.slice(m[0].length);
    }
    const cut = tailStart(middle);
    if (cut < middle.length) {
      tail = middle.slice(cut);
      middle = middle.slice(0, cut);
    }
    for (const [startChar, endChar] of [
      ["(", ")"],
      ["<", ">"],
      ["&lt;", "&gt;"],
    ] as const) {
      const starts = count(middle, startChar);
      if (starts <= count(middle, endChar)) continue;
      // Move as many end chars as balance it (and what precedes them) from the tail.
      const moves = Math.min(starts, count(tail, endChar));
      let end = 0;
      for (let k = 0; k < moves; k++) end = tail.indexOf(endChar, end) + endChar.length;
      middle += tail.slice(0, end);
      tail = tail.slice(end);
    }
    if (HTTP_RE.test(middle)) {
      const href =
        middle.startsWith("https://") || middle.startsWith("http://") ? middle : `https://${middle}`;
      middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
    } else if (middle.startsWith("mailto:") && isEmail(middle.slice(7))) {
      middle = `<a href="${middle}">${middle.slice(7)}</a>`;
    } else if (
      middle.includes("@") &&
      !middle.startsWith("www.") &&
      !middle.startsWith("@") &&
      !middle.includes(":") &&
      isEmail(middle)
    ) {
      middle = `<a href="mailto:${middle}">${middle}</a>`;
    } else {
      for (const scheme of opts.extraSchemes) {
        if (middle !== scheme && middle.startsWith(scheme))
          middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
      }
    }
    words[i] = `${lead}${middle}${tail}`;
  }
  return words.join("");
}

// ---- wordwrap ----------------------------------------------------------------------------------------

/** textwrap's own whitespace: ASCII only. */
const TW_WS = "\\t\\n\\x0b\\x0c\\r ";
const WP = `[${W}!"'&.,?]`;
const LT = "[\\p{L}\\p{Nl}\\p{No}_]";
const WORDSEP_RE = new RegExp(
  `([${TW_WS}]+` +
    `|(?<=${WP})-{2,}(?=[${W}])` +
    `|[^${TW_WS}]+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=[${TW_WS}]|$)|(?<=${WP})(?=-{2,}[${W}])))`,
  "u",
);
const WORDSEP_SIMPLE_RE = new RegExp(`([${TW_WS}]+)`, "u");
const ONLY_PY_WS = new RegExp(`^[${PY_WS}]*$`, "u");
const PY_WS_CHAR = new RegExp(`^[${PY_WS}]$`, "u");
/** str.splitlines() boundaries. */
const BREAK_CHARS = "\\n\\r\\x0b\\x0c\\x1c-\\x1e\\x85\\u2028\\u2029";
const LINE_BREAKS = new RegExp(`\\r\\n|[${BREAK_CHARS}]`);

export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

/** A chunk as code points; a long word being broken keeps its array and moves `from`. */
interface Chunk {
  cps: string[];
  from: number;
}
const size = (c: Chunk) => c.cps.length - c.from;
const text = (c: Chunk) => (c.from === 0 ? c.cps.join("") : c.cps.slice(c.from).join(""));
/** `chunk.strip() == ""`, stopping at its first other character. */
function blankChunk(c: Chunk): boolean {
  for (let i = c.from; i < c.cps.length; i++) if (!PY_WS_CHAR.test(c.cps[i]!)) return false;
  return true;
}

/** textwrap.wrap(text, width, expand_tabs=False, replace_whitespace=False, …) */
function wrapParagraph(paragraph: string, opts: WrapOptions): string[] {
  if (opts.width <= 0) throw new TemplateRenderError(`invalid width ${opts.width} (must be > 0)`);
  const chunks: Chunk[] = paragraph
    .split(opts.breakOnHyphens ? WORDSEP_RE : WORDSEP_SIMPLE_RE)
    .filter((c) => c)
    .map((c) => ({ cps: Array.from(c), from: 0 }))
    .reverse();
  const lines: string[] = [];
  const width = opts.width;
  const blank = (c: string) => ONLY_PY_WS.test(c);
  const last = () => chunks[chunks.length - 1]!;
  while (chunks.length) {
    const cur: string[] = [];
    let curLen = 0;
    if (lines.length && blankChunk(last())) chunks.pop();
    while (chunks.length && curLen + size(last()) <= width) {
      const c = chunks.pop()!;
      cur.push(text(c));
      curLen += size(c);
    }
    if (chunks.length && size(last()) > width) {
      // _handle_long_word
      const spaceLeft = width - curLen;
      if (opts.breakLongWords) {
        let end = spaceLeft;
        const chunk = last();
        if (opts.breakOnHyphens && size(chunk) > spaceLeft) {
          const hyphen = chunk.cps.slice(chunk.from, chunk.from + spaceLeft).lastIndexOf("-");
          if (hyphen > 0 && chunk.cps.slice(chunk.from, chunk.from + hyphen).some((c) => c !== "-"))
            end = hyphen + 1;
        }
        cur.push(chunk.cps.slice(chunk.from, chunk.from + end).join(""));
        curLen += end;
        chunk.from += end;
      } else if (!cur.length) {
        const c = chunks.pop()!;
        cur.push(text(c));
        curLen += size(c);
      }
    }
    if (cur.length && blank(cur[cur.length - 1]!)) {
      curLen -= Array.from(cur[cur.length - 1]!).length;
      cur.pop();
    }
    if (cur.length) lines.push(cur.join(""));
  }
  return lines;
}

/** Jinja2's wordwrap: each line of `s` (str.splitlines) wrapped on its own, joined by `wrapstring`. */
export function wordwrapLines(s: string, opts: WrapOptions): string[][] {
  if (s === "") return [];
  const parts = s.split(LINE_BREAKS);
  // splitlines() drops the empty string after a final line break.
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts.map((line) => wrapParagraph(line, opts));
}
