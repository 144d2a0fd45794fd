/** Token cursor shared by the expression and statement parsers: lookahead, expectations, errors. */
import { SourceMap, type SyntaxCause, TemplateSyntaxError } from "./errors.js";
import { normalizeSource, type Token, tokenize } from "./lexer.js";

export const MAX_DEPTH = 100;

export class TokenCursor {
  protected readonly tokens: Token[];
  protected i = 0;
  protected depth = 0;
  protected readonly map: SourceMap;
  /** How many `{% block %}` tags enclose the current position: `super()` is only meaningful inside one. */
  protected openBlocks = 0;

  constructor(source: string) {
    this.map = new SourceMap(normalizeSource(source));
    this.tokens = tokenize(source);
  }

  protected get cur(): Token {
    return this.tokens[this.i]!;
  }
  protected look(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  protected next(): Token {
    const t = this.cur;
    if (t.type !== "eof") this.i++;
    return t;
  }
  protected is(type: Token["type"], value?: string, t: Token = this.cur): boolean {
    return t.type === type && (value === undefined || t.value === value);
  }
  protected isOp(value: string): boolean {
    return this.is("operator", value);
  }
  protected isName(value: string): boolean {
    return this.is("name", value);
  }
  fail(msg: string, offset: number = this.cur.offset, cause?: SyntaxCause): never {
    const p = this.map.position(offset);
    throw new TemplateSyntaxError(msg, p.line, p.column, undefined, cause);
  }
  /**
   * Fails on the current token, which is not what was `expected` (for the params, as the
   * source writes it: `%}` rather than "end of statement block"; the message keeps Jinja2's words).
   */
  protected failExpecting(
    expected: string,
    msg = `expected '${expected}', got '${this.describe(this.cur)}'`,
  ): never {
    const t = this.cur;
    if (t.type === "eof")
      return this.fail(msg, t.offset, {
        reason: "unexpected_end",
        params: { expected: sourceText(expected) },
      });
    const params = { expected: sourceText(expected), found: this.sourceOf(t) };
    return this.fail(msg, t.offset, { reason: "unexpected_token", params });
  }
  /** A token as the source writes it (for the params of an error). */
  protected sourceOf(t: Token): string {
    if (t.type === "string") return JSON.stringify(t.value);
    return t.type === "eof" ? "" : sourceText(this.describe(t));
  }
  protected describe(t: Token): string {
    if (t.type === "eof") return "end of template";
    if (t.type === "block_end") return "end of statement block";
    if (t.type === "variable_end") return "end of print statement";
    if (t.type === "name" || t.type === "operator" || t.type === "integer" || t.type === "float")
      return t.value;
    return t.type;
  }
  protected expectOp(value: string): Token {
    if (!this.isOp(value)) this.failExpecting(value);
    return this.next();
  }
  protected expect(type: Token["type"], value?: string): Token {
    if (!this.is(type, value)) {
      const want =
        value ??
        (type === "block_end"
          ? "end of statement block"
          : type === "variable_end"
            ? "end of print statement"
            : type);
      this.failExpecting(want);
    }
    return this.next();
  }
  /**
   * Jinja2's sandbox hides attributes starting with `_` (`x.__class__`); refused when the
   * template is saved. Variable, parameter and block names may start with `_`, as in Jinja2.
   */
  protected checkAttr(name: string, offset: number): void {
    if (name.startsWith("_"))
      this.fail(`attribute names starting with '_' are not allowed ('${name}')`, offset);
  }
  protected enter(offset: number): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting depth limit (${MAX_DEPTH}) exceeded`, offset);
  }
  /**
   * Parses a left-deep chain (`a + b + c`, `x|f|g`, `a.b.c`, `x if c else y if d else z`): each
   * link nests the tree one level deeper, so the loop calls `enter` per link and the depth the
   * chain reached is given back when it ends. The tree, and every pass that recurses over it,
   * stays within MAX_DEPTH however long the chain.
   */
  protected chain<T>(parse: () => T): T {
    const base = this.depth;
    try {
      return parse();
    } finally {
      this.depth = base;
    }
  }
}

/** The delimiters Jinja2's messages name in words, as the source writes them. */
function sourceText(words: string): string {
  if (words === "end of statement block") return "%}";
  if (words === "end of print statement") return "}}";
  if (words === "block_begin") return "{%";
  if (words === "variable_begin") return "{{";
  return words;
}
