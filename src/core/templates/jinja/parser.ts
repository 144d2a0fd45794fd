/**
 * Recursive-descent parser mirroring jinja2/parser.py (same precedence, same
 * tuple/filter/test rules), restricted to the notification dialect: whatever
 * is outside it is refused here, with the construct and its position.
 */
import type { CmpOp, Expr, Kwarg, Node, Target, TemplateAst } from "./ast.js";
import { FILTER_NAMES, TEST_NAMES } from "./builtins.js";
import { SourceMap, TemplateSyntaxError } from "./errors.js";
import { markFolded } from "./fold.js";
import { normalizeSource, type Token, tokenize } from "./lexer.js";

const MAX_DEPTH = 100;
const CMP: Record<string, CmpOp> = {
  "==": "eq",
  "!=": "ne",
  "<": "lt",
  "<=": "lteq",
  ">": "gt",
  ">=": "gteq",
};
const UNSUPPORTED_TAGS = new Set([
  "macro",
  "call",
  "import",
  "from",
  "include",
  "filter",
  "with",
  "autoescape",
  "do",
  "break",
  "continue",
  "trans",
  "pluralize",
  "endtrans",
  "print",
  "endmacro",
  "endcall",
  "endfilter",
  "endwith",
]);
const METHODS_NO_ARGS = new Set(["items", "keys", "values"]);

export function parse(source: string): TemplateAst {
  return new Parser(source).parseTemplate();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  private depth = 0;
  private blockDepth = 0;
  private readonly map: SourceMap;
  private readonly blocks = new Map<string, Node & { k: "block" }>();
  private extendsName: string | null = null;
  /** How many `{% block %}` tags enclose the current position: `super()` is only meaningful inside one. */
  private openBlocks = 0;

  constructor(source: string) {
    this.map = new SourceMap(normalizeSource(source));
    this.tokens = tokenize(source);
  }

  parseTemplate(): TemplateAst {
    const body = this.subparse([]);
    markFolded(body);
    return { body, blocks: this.blocks, extends: this.extendsName };
  }

  // ---- token helpers -------------------------------------------------------------------------
  private get cur(): Token {
    return this.tokens[this.i]!;
  }
  private look(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.cur;
    if (t.type !== "eof") this.i++;
    return t;
  }
  private is(type: Token["type"], value?: string, t: Token = this.cur): boolean {
    return t.type === type && (value === undefined || t.value === value);
  }
  private isOp(value: string): boolean {
    return this.is("operator", value);
  }
  private isName(value: string): boolean {
    return this.is("name", value);
  }
  fail(msg: string, offset: number = this.cur.offset): never {
    const p = this.map.position(offset);
    throw new TemplateSyntaxError(msg, p.line, p.column);
  }
  private describe(t: Token): string {
    if (t.type === "eof") return "end of template";
    if (t.type === "block_end") return "end of statement block";
    if (t.type === "variable_end") return "end of print statement";
    if (t.type === "name" || t.type === "operator" || t.type === "integer" || t.type === "float")
      return t.value;
    return t.type;
  }
  private expectOp(value: string): Token {
    if (!this.isOp(value)) this.fail(`expected '${value}', got '${this.describe(this.cur)}'`);
    return this.next();
  }
  private expect(type: Token["type"], value?: string): Token {
    if (!this.is(type, value)) {
      const want =
        value ??
        (type === "block_end"
          ? "end of statement block"
          : type === "variable_end"
            ? "end of print statement"
            : type);
      this.fail(`expected '${want}', got '${this.describe(this.cur)}'`);
    }
    return this.next();
  }
  private checkName(name: string, offset: number): void {
    if (name.startsWith("_")) this.fail(`names starting with '_' are not allowed ('${name}')`, offset);
  }
  private enter(offset: number): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting depth limit (${MAX_DEPTH}) exceeded`, offset);
  }

  // ---- statements ----------------------------------------------------------------------------
  private subparse(endTokens: string[]): Node[] {
    const body: Node[] = [];
    for (;;) {
      const t = this.cur;
      if (t.type === "eof") {
        if (endTokens.length)
          this.fail(`unexpected end of template, expected ${endTokens.map((e) => `'${e}'`).join(" or ")}`);
        return body;
      }
      if (t.type === "data") {
        body.push({ k: "data", at: t.offset, text: t.value });
        this.next();
      } else if (t.type === "variable_begin") {
        this.next();
        body.push({ k: "output", at: t.offset, expr: this.parseTuple(true) });
        this.expect("variable_end");
      } else if (t.type === "block_begin") {
        this.next();
        if (endTokens.length && this.is("name") && endTokens.includes(this.cur.value)) return body;
        body.push(this.parseStatement(t.offset, endTokens));
      } else {
        this.fail(`unexpected '${this.describe(t)}'`);
      }
    }
  }

  private parseStatement(at: number, endTokens: string[]): Node {
    const t = this.cur;
    if (!this.is("name")) this.fail("tag name expected");
    if (++this.blockDepth > MAX_DEPTH) this.fail(`nesting depth limit (${MAX_DEPTH}) exceeded`);
    try {
      switch (t.value) {
        case "if":
          return this.parseIf(at);
        case "for":
          return this.parseFor(at);
        case "set":
          return this.parseSet(at);
        case "block":
          return this.parseBlock(at);
        case "extends":
          return this.parseExtends(at, endTokens);
      }
      if (UNSUPPORTED_TAGS.has(t.value))
        this.fail(`'${t.value}' is not supported in notification templates`, t.offset);
      if (endTokens.length)
        this.fail(
          `unexpected '${t.value}', expected ${endTokens.map((e) => `'${e}'`).join(" or ")}`,
          t.offset,
        );
      return this.fail(`unknown tag '${t.value}'`, t.offset);
    } finally {
      this.blockDepth--;
    }
  }

  private parseIf(at: number): Node {
    this.next();
    return this.parseIfRest(at);
  }

  private parseIfRest(at: number): Node {
    const test = this.parseTuple(false);
    this.expect("block_end");
    const body = this.subparse(["elif", "else", "endif"]);
    const tok = this.next();
    let els: Node[] = [];
    if (tok.value === "elif") els = [this.parseIfRest(tok.offset)];
    else if (tok.value === "else") {
      this.expect("block_end");
      els = this.subparse(["endif"]);
      this.next();
      this.expect("block_end");
    } else this.expect("block_end");
    return { k: "if", at, test, body, else: els };
  }

  private parseFor(at: number): Node {
    this.next();
    const target = this.parseAssignTarget(["in"]);
    this.expect("name", "in");
    const iter = this.parseTuple(false, ["recursive"]);
    let filter: Expr | null = null;
    if (this.isName("if")) {
      this.next();
      filter = this.parseExpression(true);
    }
    if (this.isName("recursive")) this.fail("recursive loops are not supported in notification templates");
    this.expect("block_end");
    const body = this.subparse(["endfor", "else"]);
    let els: Node[] = [];
    if (this.next().value === "else") {
      this.expect("block_end");
      els = this.subparse(["endfor"]);
      this.next();
    }
    this.expect("block_end");
    return { k: "for", at, target, iter, filter, body, else: els };
  }

  private parseSet(at: number): Node {
    this.next();
    const target = this.parseAssignTarget([]);
    if (this.isOp("=")) {
      this.next();
      const expr = this.parseTuple(true);
      this.expect("block_end");
      return { k: "set", at, target, expr };
    }
    const filter = this.isOp("|") ? this.parseFilter(null, this.cur.offset) : null;
    this.expect("block_end");
    const body = this.subparse(["endset"]);
    this.next();
    this.expect("block_end");
    return { k: "setblock", at, target, filter, body };
  }

  private parseBlock(at: number): Node {
    this.next();
    const nameTok = this.expect("name");
    this.checkName(nameTok.value, nameTok.offset);
    if (this.isName("scoped") || this.isName("required"))
      this.fail(`block modifier '${this.cur.value}' is not supported`);
    if (this.blocks.has(nameTok.value)) this.fail(`block '${nameTok.value}' defined twice`, nameTok.offset);
    this.expect("block_end");
    this.openBlocks++;
    const body = this.subparse(["endblock"]);
    this.openBlocks--;
    this.next();
    if (this.is("name")) {
      if (this.cur.value !== nameTok.value)
        this.fail(`'${nameTok.value}' block ends with 'endblock ${this.cur.value}'`);
      this.next();
    }
    this.expect("block_end");
    const node = { k: "block" as const, at, name: nameTok.value, body };
    this.blocks.set(nameTok.value, node);
    return node;
  }

  private parseExtends(at: number, endTokens: string[]): Node {
    const kw = this.next();
    if (endTokens.length || this.blockDepth > 1)
      this.fail("'extends' must be at the top level of the template", kw.offset);
    if (!this.is("string") || !this.is("block_end", undefined, this.look()))
      this.fail("'extends' takes the name of a layout as a quoted string, e.g. {% extends \"base.html\" %}");
    if (this.extendsName !== null) this.fail("the template extends a layout twice", kw.offset);
    const name = this.next().value;
    this.expect("block_end");
    this.extendsName = name;
    return { k: "extends", at, name };
  }

  private parseAssignTarget(extraEnd: string[]): Target {
    const items: Target[] = [];
    let isTuple = false;
    const at = this.cur.offset;
    for (;;) {
      if (items.length) this.expectOp(",");
      if (this.isTupleEnd(extraEnd) || this.isOp("=") || this.isOp("|")) break;
      const t = this.cur;
      if (this.isOp("(")) {
        this.next();
        items.push(this.parseAssignTarget([]));
        this.expectOp(")");
      } else {
        if (!this.is("name")) this.fail(`can't assign to '${this.describe(t)}'`);
        if (["true", "false", "none", "True", "False", "None"].includes(t.value))
          this.fail(`can't assign to '${t.value}'`);
        this.checkName(t.value, t.offset);
        this.next();
        if (this.isOp(".")) this.fail("assigning to attributes is not supported in notification templates");
        items.push({ k: "name", at: t.offset, name: t.value });
      }
      if (this.isOp(",")) isTuple = true;
      else break;
    }
    if (!items.length) this.fail("expected a name to assign to");
    return isTuple ? { k: "tuple", at, items } : items[0]!;
  }

  // ---- expressions ---------------------------------------------------------------------------
  private isTupleEnd(extra: string[] = []): boolean {
    const t = this.cur;
    if (t.type === "variable_end" || t.type === "block_end" || this.isOp(")")) return true;
    return t.type === "name" && extra.includes(t.value);
  }

  /** parse_tuple: a comma turns the expression into a tuple. */
  parseTuple(withCondexpr: boolean, extraEnd: string[] = [], explicitParens = false): Expr {
    const at = this.cur.offset;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expectOp(",");
      if (this.isTupleEnd(extraEnd)) break;
      items.push(this.parseExpression(withCondexpr));
      if (this.isOp(",")) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!explicitParens) this.fail(`expected an expression, got '${this.describe(this.cur)}'`);
    }
    return { k: "tuple", at, items };
  }

  parseExpression(withCondexpr = true): Expr {
    this.enter(this.cur.offset);
    try {
      return withCondexpr ? this.parseCondexpr() : this.parseOr();
    } finally {
      this.depth--;
    }
  }

  private parseCondexpr(): Expr {
    let expr = this.parseOr();
    while (this.isName("if")) {
      const at = this.next().offset;
      const test = this.parseOr();
      let els: Expr | null = null;
      if (this.isName("else")) {
        this.next();
        els = this.parseCondexpr();
      }
      expr = { k: "cond", at, test, then: expr, else: els };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName("or")) {
      const at = this.next().offset;
      left = { k: "or", at, left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName("and")) {
      const at = this.next().offset;
      left = { k: "and", at, left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName("not")) {
      const at = this.next().offset;
      this.enter(at);
      try {
        return { k: "not", at, node: this.parseNot() };
      } finally {
        this.depth--;
      }
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const first = this.parseMath1();
    const ops: { op: CmpOp; at: number; expr: Expr }[] = [];
    for (;;) {
      const t = this.cur;
      if (t.type === "operator" && CMP[t.value]) {
        this.next();
        ops.push({ op: CMP[t.value]!, at: t.offset, expr: this.parseMath1() });
      } else if (this.isName("in")) {
        this.next();
        ops.push({ op: "in", at: t.offset, expr: this.parseMath1() });
      } else if (this.isName("not") && this.is("name", "in", this.look())) {
        this.next();
        this.next();
        ops.push({ op: "notin", at: t.offset, expr: this.parseMath1() });
      } else break;
    }
    return ops.length ? { k: "compare", at: first.at, first, ops } : first;
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp("+") || this.isOp("-")) {
      const t = this.next();
      left = { k: "bin", at: t.offset, op: t.value as "+" | "-", left, right: this.parseConcat() };
    }
    return left;
  }

  private parseConcat(): Expr {
    const items = [this.parseMath2()];
    let at = 0;
    while (this.isOp("~")) {
      at = this.next().offset;
      items.push(this.parseMath2());
    }
    return items.length === 1 ? items[0]! : { k: "concat", at, items };
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const t = this.next();
      left = { k: "bin", at: t.offset, op: t.value as "*", left, right: this.parsePow() };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true);
    while (this.isOp("**")) {
      const t = this.next();
      left = { k: "bin", at: t.offset, op: "**", left, right: this.parseUnary(true) };
    }
    return left;
  }

  private parseUnary(withFilter: boolean): Expr {
    const t = this.cur;
    this.enter(t.offset);
    try {
      let node: Expr;
      if (this.isOp("-") || this.isOp("+")) {
        this.next();
        node = { k: t.value === "-" ? "neg" : "pos", at: t.offset, node: this.parseUnary(false) };
      } else node = this.parsePrimary();
      node = this.parsePostfix(node);
      return withFilter ? this.parseFilterExpr(node) : node;
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    if (t.type === "name") {
      this.next();
      if (t.value === "true" || t.value === "True") return { k: "const", at: t.offset, value: true };
      if (t.value === "false" || t.value === "False") return { k: "const", at: t.offset, value: false };
      if (t.value === "none" || t.value === "None") return { k: "const", at: t.offset, value: null };
      this.checkName(t.value, t.offset);
      return { k: "name", at: t.offset, name: t.value };
    }
    if (t.type === "string") {
      let value = this.next().value;
      while (this.is("string")) value += this.next().value;
      return { k: "const", at: t.offset, value };
    }
    if (t.type === "integer") {
      this.next();
      return { k: "const", at: t.offset, value: BigInt(t.value.replace(/_/g, "").toLowerCase()) };
    }
    if (t.type === "float") {
      this.next();
      return { k: "const", at: t.offset, value: Number(t.value.replace(/_/g, "")) };
    }
    if (this.isOp("(")) {
      this.next();
      const e = this.parseTuple(true, [], true);
      this.expectOp(")");
      return e;
    }
    if (this.isOp("[")) return this.parseList();
    if (this.isOp("{")) return this.parseDict();
    return this.fail(`unexpected '${this.describe(t)}'`);
  }

  private parseList(): Expr {
    const at = this.next().offset;
    const items: Expr[] = [];
    while (!this.isOp("]")) {
      if (items.length) this.expectOp(",");
      if (this.isOp("]")) break;
      items.push(this.parseExpression());
    }
    this.expectOp("]");
    return { k: "list", at, items };
  }

  private parseDict(): Expr {
    const at = this.next().offset;
    const keys: Expr[] = [];
    const values: Expr[] = [];
    while (!this.isOp("}")) {
      if (keys.length) this.expectOp(",");
      if (this.isOp("}")) break;
      keys.push(this.parseExpression());
      this.expectOp(":");
      values.push(this.parseExpression());
    }
    this.expectOp("}");
    return { k: "dict", at, keys, values };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp(".") || this.isOp("[")) node = this.parseSubscript(node);
      else if (this.isOp("(")) node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp("|")) node = this.parseFilter(node, this.cur.offset);
      else if (this.isName("is")) node = this.parseTest(node);
      else if (this.isOp("(")) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    if (t.value === ".") {
      const attr = this.next();
      if (attr.type === "name") {
        this.checkName(attr.value, attr.offset);
        return { k: "getattr", at: attr.offset, obj: node, attr: attr.value };
      }
      if (attr.type !== "integer") this.fail("expected name or number", attr.offset);
      return {
        k: "getitem",
        at: attr.offset,
        obj: node,
        index: { k: "const", at: attr.offset, value: BigInt(attr.value) },
      };
    }
    const args: Expr[] = [];
    let isTuple = false;
    while (!this.isOp("]")) {
      if (args.length) {
        this.expectOp(",");
        isTuple = true;
        if (this.isOp("]")) break;
      }
      args.push(this.parseSubscribed());
    }
    this.expectOp("]");
    const index: Expr = args.length === 1 && !isTuple ? args[0]! : { k: "tuple", at: t.offset, items: args };
    return { k: "getitem", at: t.offset, obj: node, index };
  }

  private parseSubscribed(): Expr {
    const at = this.cur.offset;
    const parts: (Expr | null)[] = [];
    if (this.isOp(":")) {
      this.next();
      parts.push(null);
    } else {
      const e = this.parseExpression();
      if (!this.isOp(":")) return e;
      this.next();
      parts.push(e);
    }
    parts.push(this.isOp("]") || this.isOp(",") || this.isOp(":") ? null : this.parseExpression());
    if (this.isOp(":")) {
      this.next();
      parts.push(this.isOp("]") || this.isOp(",") ? null : this.parseExpression());
    } else parts.push(null);
    return { k: "slice", at, start: parts[0] ?? null, stop: parts[1] ?? null, step: parts[2] ?? null };
  }

  private parseCallArgs(): { args: Expr[]; kwargs: Kwarg[] } {
    this.expectOp("(");
    const args: Expr[] = [];
    const kwargs: Kwarg[] = [];
    let first = true;
    while (!this.isOp(")")) {
      if (!first) {
        this.expectOp(",");
        if (this.isOp(")")) break;
      }
      first = false;
      if (this.isOp("*") || this.isOp("**"))
        this.fail("'*' and '**' arguments are not supported in notification templates");
      if (this.is("name") && this.is("operator", "=", this.look())) {
        const key = this.next();
        this.checkName(key.value, key.offset);
        this.next();
        kwargs.push({ name: key.value, value: this.parseExpression() });
      } else {
        if (kwargs.length) this.fail("positional argument after keyword argument");
        args.push(this.parseExpression());
      }
    }
    this.expectOp(")");
    return { args, kwargs };
  }

  private parseCall(callee: Expr): Expr {
    const at = this.cur.offset;
    const { args, kwargs } = this.parseCallArgs();
    const allowed =
      (callee.k === "name" &&
        callee.name === "super" &&
        this.insideBlock() &&
        !args.length &&
        !kwargs.length) ||
      (callee.k === "name" &&
        callee.name === "range" &&
        args.length >= 1 &&
        args.length <= 3 &&
        !kwargs.length) ||
      (callee.k === "getattr" && callee.attr === "strftime" && args.length === 1 && !kwargs.length) ||
      (callee.k === "getattr" && METHODS_NO_ARGS.has(callee.attr) && !args.length && !kwargs.length) ||
      (callee.k === "getattr" &&
        callee.attr === "cycle" &&
        callee.obj.k === "name" &&
        callee.obj.name === "loop");
    if (!allowed) {
      const what =
        callee.k === "name"
          ? `'${callee.name}()'`
          : callee.k === "getattr"
            ? `method '${callee.attr}()'`
            : "this expression";
      this.fail(
        `calling ${what} is not allowed in notification templates (allowed: .strftime(format), .items(), .keys(), .values(), loop.cycle(...), range(...), super())`,
        callee.k === "getattr" ? callee.at : at,
      );
    }
    return { k: "call", at, callee, args, kwargs };
  }

  private insideBlock(): boolean {
    return this.openBlocks > 0;
  }

  parseFilter(node: Expr | null, at: number): Expr {
    let out = node;
    while (this.isOp("|")) {
      this.next();
      const nameTok = this.expect("name");
      let name = nameTok.value;
      while (this.isOp(".")) {
        this.next();
        name += `.${this.expect("name").value}`;
      }
      if (!FILTER_NAMES.has(name)) this.fail(`unknown filter '${name}'`, nameTok.offset);
      const { args, kwargs } = this.isOp("(") ? this.parseCallArgs() : { args: [], kwargs: [] };
      out = { k: "filter", at: nameTok.offset, node: out, name, args, kwargs };
    }
    if (out === null) this.fail("expected a filter", at);
    return out;
  }

  private parseTest(node: Expr): Expr {
    const isTok = this.next();
    let negated = false;
    if (this.isName("not")) {
      this.next();
      negated = true;
    }
    const nameTok = this.expect("name");
    let name = nameTok.value;
    while (this.isOp(".")) {
      this.next();
      name += `.${this.expect("name").value}`;
    }
    if (!TEST_NAMES.has(name)) this.fail(`unknown test '${name}'`, nameTok.offset);
    let args: Expr[] = [];
    let kwargs: Kwarg[] = [];
    const c = this.cur;
    if (this.isOp("(")) ({ args, kwargs } = this.parseCallArgs());
    else if (
      (["name", "string", "integer", "float"].includes(c.type) || this.isOp("[") || this.isOp("{")) &&
      !["else", "or", "and"].includes(c.type === "name" ? c.value : "")
    ) {
      if (this.isName("is")) this.fail("You cannot chain multiple tests with is");
      args = [this.parsePostfix(this.parsePrimary())];
    }
    const test: Expr = { k: "test", at: nameTok.offset, node, name, args, kwargs };
    return negated ? { k: "not", at: isTok.offset, node: test } : test;
  }
}
