/**
 * Jinja2 3.1 lexer, configured as the notification templates are: default
 * delimiters, trim_blocks and lstrip_blocks on, keep_trailing_newline off.
 * It follows jinja2/lexer.py rule by rule so that whitespace handling is
 * byte-identical; every token keeps its offset for error positions.
 */
import { SourceMap, type SyntaxCause, TemplateSyntaxError } from "./errors.js";

export type TokenType =
  | "data"
  | "block_begin"
  | "block_end"
  | "variable_begin"
  | "variable_end"
  | "name"
  | "string"
  | "integer"
  | "float"
  | "operator"
  | "eof";

export interface Token {
  type: TokenType;
  /** Raw text (names, operators), the decoded value (strings, data) or the number's source. */
  value: string;
  offset: number;
}

/** Python's str.isspace() set, which is also what `\s` and str.strip() use in Jinja2. */
export const PY_WS =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const WS_RUN = new RegExp(`[${PY_WS}]+`, "y");
const ONLY_WS = new RegExp(`^[${PY_WS}]+$`);
const TRAILING_WS = new RegExp(`[${PY_WS}]+$`);
const BLOCK_END = new RegExp(`\\+%\\}|-%\\}[${PY_WS}]*|%\\}\\n?`, "y");
const VARIABLE_END = new RegExp(`-\\}\\}[${PY_WS}]*|\\}\\}`, "y");
const RAW_BEGIN = new RegExp(`\\{%(-|\\+|)[${PY_WS}]*raw[${PY_WS}]*(?:-%\\}[${PY_WS}]*|%\\})`, "y");
const RAW_END = new RegExp(
  `\\{%(-|\\+|)[${PY_WS}]*endraw[${PY_WS}]*(?:\\+%\\}|-%\\}[${PY_WS}]*|%\\}\\n?)`,
  "g",
);
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
/** Python identifiers (str.isidentifier): ID_Start or `_`, then ID_Continue (Other_ID_Start included). */
const NAME = /[\p{ID_Start}_][\p{ID_Continue}\u00b7\u0387\u1369-\u1371\u19da]*/uy;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATORS = [
  "//",
  "**",
  "==",
  "!=",
  ">=",
  "<=",
  "+",
  "-",
  "/",
  "*",
  "%",
  "~",
  "[",
  "]",
  "(",
  ")",
  "{",
  "}",
].concat([">", "<", "=", ".", ":", "|", ",", ";"]);
/** Jinja2's tag rules in its order: float before integer before name before string. */
const TAG_RULES: [TokenType, RegExp][] = [
  ["float", FLOAT],
  ["integer", INTEGER],
  ["name", NAME],
  ["string", STRING],
];
const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

export function rstripPy(s: string): string {
  return s.replace(TRAILING_WS, "");
}

/** Jinja2 normalises line endings to \n and drops one trailing newline before lexing. */
export function normalizeSource(source: string): string {
  const s = source.replace(/\r\n|\r/g, "\n");
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}

export function tokenize(source: string): Token[] {
  const src = normalizeSource(source);
  const map = new SourceMap(src);
  const fail = (msg: string, offset: number, cause?: SyntaxCause): never => {
    const p = map.position(offset);
    throw new TemplateSyntaxError(msg, p.line, p.column, undefined, cause);
  };
  const tokens: Token[] = [];
  let pos = 0;
  let lineStarting = true;

  /** OptionalLStrip: `-` strips all whitespace before a tag; lstrip_blocks strips indentation. */
  const pushData = (text: string, start: number, sign: string, isVariable: boolean) => {
    let data = text;
    if (sign === "-") data = rstripPy(text);
    else if (sign !== "+" && !isVariable) {
      const lPos = text.lastIndexOf("\n") + 1;
      if ((lPos > 0 || lineStarting) && ONLY_WS.test(text.slice(lPos))) data = text.slice(0, lPos);
    }
    if (data) tokens.push({ type: "data", value: data, offset: start });
  };

  while (pos < src.length) {
    let idx = src.indexOf("{", pos);
    while (idx !== -1 && !"{%#".includes(src[idx + 1] ?? "")) idx = src.indexOf("{", idx + 1);
    if (idx === -1) {
      tokens.push({ type: "data", value: src.slice(pos), offset: pos });
      break;
    }
    const text = src.slice(pos, idx);
    RAW_BEGIN.lastIndex = idx;
    const raw = RAW_BEGIN.exec(src);
    if (raw) {
      pushData(text, pos, raw[1]!, false);
      pos = idx + raw[0].length;
      lineStarting = raw[0].endsWith("\n");
      RAW_END.lastIndex = pos;
      const end = RAW_END.exec(src);
      if (!end) fail("Missing end of raw directive", idx);
      pushData(src.slice(pos, end!.index), pos, end![1]!, false);
      pos = end!.index + end![0].length;
      lineStarting = end![0].endsWith("\n");
      continue;
    }
    const kind = src[idx + 1]!;
    const signChar = src[idx + 2] ?? "";
    const sign = signChar === "-" || signChar === "+" ? signChar : "";
    pushData(text, pos, sign, kind === "{");
    pos = idx + 2 + sign.length;
    lineStarting = false;
    if (kind === "#") {
      const close = src.indexOf("#}", pos);
      if (close === -1) fail("Missing end of comment tag", idx);
      const prev = close > pos ? src[close - 1] : "";
      let end = close + 2;
      if (prev === "-") {
        WS_RUN.lastIndex = end;
        if (WS_RUN.exec(src)) end = WS_RUN.lastIndex;
      } else if (prev !== "+" && src[end] === "\n") end++;
      pos = end;
      lineStarting = src[end - 1] === "\n";
      continue;
    }
    const isBlock = kind === "%";
    tokens.push({
      type: isBlock ? "block_begin" : "variable_begin",
      value: src.slice(idx, pos),
      offset: idx,
    });
    pos = lexTag(src, idx, pos, isBlock, tokens, fail);
    lineStarting = src[pos - 1] === "\n";
  }
  tokens.push({ type: "eof", value: "", offset: src.length });
  return tokens;
}

type Fail = (msg: string, offset: number, cause?: SyntaxCause) => never;

/** Another tag's opening (`{%`, `{{`, `{#`): no expression holds one, so a tag that does was never closed. */
const TAG_OPENING = /\{[{%#]/;

function lexTag(
  src: string,
  begin: number,
  start: number,
  isBlock: boolean,
  tokens: Token[],
  fail: Fail,
): number {
  let pos = start;
  const balance: string[] = [];
  const endRe = isBlock ? BLOCK_END : VARIABLE_END;
  const opening = isBlock ? "{%" : "{{";
  const closing = isBlock ? "%}" : "}}";
  const match = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(src);
    return m ? m[0] : null;
  };
  /**
   * A tag that runs to the end of the template, or into the next tag, lacks its end: the error
   * is where the tag opens (where the user's mistake is), not where lexing gave up, maybe lines
   * later (Jinja2 says "unexpected char '¡' at 277" on the line after next).
   */
  const failInTag = (msg: string, offset: number, cause: SyntaxCause): never => {
    if (offset >= src.length || TAG_OPENING.test(src.slice(start, offset)))
      return fail(`'${opening}' is not closed, expected '${closing}'`, begin, {
        reason: "unclosed_tag",
        params: { tag: opening, expected: closing },
      });
    return fail(msg, offset, cause);
  };
  for (;;) {
    if (pos >= src.length)
      failInTag(`unexpected end of template, expected '${closing}'`, pos, {
        reason: "unexpected_end",
        params: { expected: closing },
      });
    const end = balance.length === 0 ? match(endRe) : null;
    if (end !== null) {
      tokens.push({ type: isBlock ? "block_end" : "variable_end", value: end, offset: pos });
      return pos + end.length;
    }
    const ws = match(WS_RUN);
    if (ws !== null) {
      pos += ws.length;
      continue;
    }
    let type: TokenType | null = null;
    let m: string | null = null;
    for (const [t, re] of TAG_RULES) {
      m = match(re);
      if (m !== null) {
        type = t;
        break;
      }
    }
    if (m === null) {
      m = OPERATORS.find((op) => src.startsWith(op, pos)) ?? null;
      if (m !== null) type = "operator";
    }
    if (type === null || m === null) {
      return failInTag(`unexpected char ${pyQuote(src[pos]!)} at ${pos}`, pos, {
        reason: "unexpected_char",
        params: { found: src[pos]! },
      });
    }
    if (type === "operator") {
      if (CLOSERS[m]) balance.push(CLOSERS[m]!);
      else if (m === ")" || m === "]" || m === "}") {
        const expected = balance.pop();
        if (expected === undefined)
          failInTag(`unexpected '${m}'`, pos, { reason: "unexpected_token", params: { found: m } });
        if (expected !== m)
          failInTag(`unexpected '${m}', expected '${expected}'`, pos, {
            reason: "unexpected_token",
            params: { found: m, expected: expected! },
          });
      }
    }
    const value = type === "string" ? unescapeString(m.slice(1, -1), pos, fail) : m;
    tokens.push({ type, value, offset: pos });
    pos += m.length;
  }
}

function pyQuote(ch: string): string {
  return ch === "'" ? `"'"` : `'${ch}'`;
}

/** Python's unicode-escape decoding of a string literal's body. */
function unescapeString(body: string, offset: number, fail: Fail): string {
  if (!body.includes("\\")) return body.replace(/\r\n|\r/g, "\n");
  return body
    .replace(/\r\n|\r/g, "\n")
    .replace(/\\(x.{0,2}|u.{0,4}|U.{0,8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (all, e: string) => {
      const c = e[0]!;
      const simple: Record<string, string> = {
        "\n": "",
        "\\": "\\",
        "'": "'",
        '"': '"',
        a: "\x07",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
        v: "\v",
      };
      if (e.length === 1 && c in simple) return simple[c]!;
      if (/^[0-7]/.test(e)) return String.fromCodePoint(Number.parseInt(e, 8));
      if (c === "x" || c === "u" || c === "U") {
        const want = c === "x" ? 2 : c === "u" ? 4 : 8;
        const hex = e.slice(1);
        if (hex.length !== want || !/^[0-9a-fA-F]+$/.test(hex)) {
          return fail(`truncated \\${c}${"X".repeat(want)} escape`, offset);
        }
        const cp = Number.parseInt(hex, 16);
        if (cp > 0x10ffff) return fail("illegal Unicode character", offset);
        return String.fromCodePoint(cp);
      }
      if (c === "N") return fail("named Unicode escapes are not supported", offset);
      return all;
    });
}
