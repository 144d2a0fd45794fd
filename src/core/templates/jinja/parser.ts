/**
 * Recursive-descent parser mirroring jinja2/parser.py (same statements, precedence,
 * tuple/filter/test rules). What Jinja2 refuses at compile time is refused here, with
 * its position; so are the few things the sandbox never allows (names starting with `_`).
 */
import type { Expr, MacroDef, Node, Param, Target, TemplateAst } from "./ast.js";
import { markFolded } from "./fold.js";
import { MAX_DEPTH } from "./parser-base.js";
import { ExprParser } from "./parser-expr.js";

const UNSUPPORTED_TAGS = new Set(["do", "break", "continue", "trans", "pluralize"]);

export function parse(source: string): TemplateAst {
  return new Parser(source).parseTemplate();
}

/** `elif` branches along one path of the tree (each nests the tree one level deeper). */
const MAX_ELIF_DEPTH = 1000;

class Parser extends ExprParser {
  protected blockDepth = 0;
  protected elifDepth = 0;
  protected readonly blocks = new Map<string, Node & { k: "block" }>();
  protected readonly names = new Set<string>();
  /** The statements enclosing the current position (`extends` may only sit inside `if`). */
  protected readonly enclosing: string[] = [];

  constructor(source: string) {
    super(source);
  }

  parseTemplate(): TemplateAst {
    const body = this.subparse([]);
    markFolded(body);
    return { body, blocks: this.blocks, names: [...this.names] };
  }

  protected subparse(endTokens: string[]): Node[] {
    const body: Node[] = [];
    for (;;) {
      const t = this.cur;
      if (t.type === "eof") {
        if (endTokens.length)
          this.failExpecting(
            endTokens.join(", "),
            `unexpected end of template, expected ${endTokens.map((e) => `'${e}'`).join(" or ")}`,
          );
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
        const parsed = this.parseStatement(t.offset, endTokens);
        if (Array.isArray(parsed)) body.push(...parsed);
        else body.push(parsed);
      } else {
        this.fail(`unexpected '${this.describe(t)}'`, t.offset, {
          reason: "unexpected_token",
          params: { found: this.sourceOf(t) },
        });
      }
    }
  }

  /** Parses a body up to its end tag, consuming `{% end… %}` (optionally `{% end… name %}`). */
  protected bodyUntil(tag: string, end: string): Node[] {
    this.enclosing.push(tag);
    try {
      const body = this.subparse([end]);
      this.next();
      return body;
    } finally {
      this.enclosing.pop();
    }
  }

  protected parseStatement(at: number, endTokens: string[]): Node | Node[] {
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
          return this.parseExtends(at);
        case "macro":
          return this.parseMacro(at);
        case "call":
          return this.parseCallBlock(at);
        case "include":
          return this.parseInclude(at);
        case "import":
          return this.parseImport(at);
        case "from":
          return this.parseFrom(at);
        case "with":
          return this.parseWith(at);
        case "filter":
          return this.parseFilterBlock(at);
        case "autoescape":
          return this.parseAutoescape(at);
        case "print":
          return this.parsePrint();
      }
      const name = { name: t.value };
      if (UNSUPPORTED_TAGS.has(t.value))
        this.fail(`'${t.value}' is not supported in notification templates`, t.offset, {
          reason: "unsupported_tag",
          params: name,
        });
      if (endTokens.length)
        this.failExpecting(
          endTokens.join(", "),
          `unexpected '${t.value}', expected ${endTokens.map((e) => `'${e}'`).join(" or ")}`,
        );
      return this.fail(`unknown tag '${t.value}'`, t.offset, { reason: "unknown_tag", params: name });
    } finally {
      this.blockDepth--;
    }
  }

  protected parseIf(at: number): Node {
    this.next();
    return this.parseIfRest(at);
  }

  protected parseIfRest(at: number): Node {
    const test = this.parseTuple(false);
    this.expect("block_end");
    this.enclosing.push("if");
    let body: Node[];
    try {
      body = this.subparse(["elif", "else", "endif"]);
    } finally {
      this.enclosing.pop();
    }
    const tok = this.next();
    let els: Node[] = [];
    if (tok.value === "elif") {
      // An elif is an `if` nested in the else branch, so a long chain is deep nesting.
      if (++this.elifDepth > MAX_ELIF_DEPTH)
        this.fail(`nesting depth limit (${MAX_ELIF_DEPTH} elif branches) exceeded`, tok.offset);
      try {
        els = [this.parseIfRest(tok.offset)];
      } finally {
        this.elifDepth--;
      }
    } else if (tok.value === "else") {
      this.expect("block_end");
      els = this.bodyUntil("if", "endif");
      this.expect("block_end");
    } else this.expect("block_end");
    return { k: "if", at, test, body, else: els };
  }

  protected parseFor(at: number): Node {
    this.next();
    const target = this.parseAssignTarget(["in"]);
    if (targetNames(target).includes("loop"))
      this.fail("Can't assign to special loop variable in for-loop target", target.at);
    this.expect("name", "in");
    const iter = this.parseTuple(false, ["recursive"]);
    let filter: Expr | null = null;
    if (this.isName("if")) {
      this.next();
      filter = this.parseExpression(true);
    }
    const recursive = this.isName("recursive");
    if (recursive) this.next();
    this.expect("block_end");
    this.enclosing.push("for");
    let body: Node[];
    try {
      body = this.subparse(["endfor", "else"]);
    } finally {
      this.enclosing.pop();
    }
    let els: Node[] = [];
    if (this.next().value === "else") {
      this.expect("block_end");
      els = this.bodyUntil("for", "endfor");
    }
    this.expect("block_end");
    return { k: "for", at, target, iter, filter, body, else: els, recursive };
  }

  protected parseSet(at: number): Node {
    this.next();
    const target = this.parseAssignTarget([], true);
    if (this.isOp("=")) {
      this.next();
      const expr = this.parseTuple(true);
      this.expect("block_end");
      return { k: "set", at, target, expr };
    }
    const filter = this.isOp("|") ? this.parseFilter(null, this.cur.offset) : null;
    this.expect("block_end");
    const body = this.bodyUntil("set", "endset");
    this.expect("block_end");
    return { k: "setblock", at, target, filter, body };
  }

  protected parseBlock(at: number): Node {
    this.next();
    const nameTok = this.expect("name");
    const scoped = this.isName("scoped");
    if (scoped) this.next();
    const required = this.isName("required");
    if (required) this.next();
    if (this.isOp("-"))
      this.fail(
        "Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.",
      );
    if (this.blocks.has(nameTok.value)) this.fail(`block '${nameTok.value}' defined twice`, nameTok.offset);
    this.expect("block_end");
    this.openBlocks++;
    let body: Node[];
    try {
      body = this.bodyUntil("block", "endblock");
    } finally {
      this.openBlocks--;
    }
    if (required && body.some((n) => n.k !== "data" || /\S/.test(n.text)))
      this.fail("Required blocks can only contain comments or whitespace", at);
    if (this.is("name")) {
      if (this.cur.value !== nameTok.value)
        this.fail(`'${nameTok.value}' block ends with 'endblock ${this.cur.value}'`);
      this.next();
    }
    this.expect("block_end");
    const node = { k: "block" as const, at, name: nameTok.value, body, scoped, required };
    this.blocks.set(nameTok.value, node);
    return node;
  }

  /** A template name: a string literal is looked up before the render. */
  protected templateExpr(): Expr {
    const e = this.parseExpression();
    const literal = (x: Expr) => {
      if (x.k === "const" && typeof x.value === "string") this.names.add(x.value);
    };
    literal(e);
    if (e.k === "list" || e.k === "tuple") e.items.forEach(literal);
    return e;
  }

  protected parseExtends(at: number): Node {
    const kw = this.next();
    if (this.enclosing.some((t) => t !== "if"))
      this.fail("cannot use extend from a non top-level scope", kw.offset);
    const template = this.templateExpr();
    this.expect("block_end");
    return { k: "extends", at, template };
  }

  /** `with context` / `without context` after an import or include. */
  protected parseContextFlag(dflt: boolean): boolean {
    if ((this.isName("with") || this.isName("without")) && this.is("name", "context", this.look())) {
      const v = this.next().value === "with";
      this.next();
      return v;
    }
    return dflt;
  }

  protected parseInclude(at: number): Node {
    this.next();
    const template = this.templateExpr();
    let ignoreMissing = false;
    if (this.isName("ignore") && this.is("name", "missing", this.look())) {
      this.next();
      this.next();
      ignoreMissing = true;
    }
    const withContext = this.parseContextFlag(true);
    this.expect("block_end");
    return { k: "include", at, template, ignoreMissing, withContext };
  }

  protected parseImport(at: number): Node {
    this.next();
    const template = this.templateExpr();
    this.expect("name", "as");
    const target = this.plainName();
    const withContext = this.parseContextFlag(false);
    this.expect("block_end");
    return { k: "import", at, template, target, withContext };
  }

  protected parseFrom(at: number): Node {
    this.next();
    const template = this.templateExpr();
    this.expect("name", "import");
    const names: [string, string][] = [];
    let withContext = false;
    const contextFlag = (): boolean => {
      if ((this.isName("with") || this.isName("without")) && this.is("name", "context", this.look())) {
        withContext = this.parseContextFlag(false);
        return true;
      }
      return false;
    };
    for (;;) {
      if (names.length) this.expectOp(",");
      if (this.is("name")) {
        if (contextFlag()) break;
        const tok = this.cur;
        if (tok.value.startsWith("_"))
          this.fail("names starting with an underline can not be imported", tok.offset);
        const name = this.plainName();
        let alias = name;
        if (this.isName("as")) {
          this.next();
          alias = this.plainName();
        }
        names.push([name, alias]);
        if (contextFlag() || !this.isOp(",")) break;
      } else this.expect("name");
    }
    this.expect("block_end");
    return { k: "fromimport", at, template, names, withContext };
  }

  protected plainName(): string {
    const t = this.expect("name");
    if (["true", "false", "none", "True", "False", "None"].includes(t.value))
      this.fail(`can't assign to '${t.value}'`, t.offset);
    return t.value;
  }

  protected parseSignature(): Param[] {
    const params: Param[] = [];
    this.expectOp("(");
    while (!this.isOp(")")) {
      if (params.length) this.expectOp(",");
      const name = this.plainName();
      let dflt: Expr | null = null;
      if (this.isOp("=")) {
        this.next();
        dflt = this.parseExpression();
      } else if (params.some((p) => p.dflt)) this.fail("non-default argument follows default argument");
      params.push({ name, dflt });
    }
    this.expectOp(")");
    return params;
  }

  protected macroDef(name: string, params: Param[], body: Node[]): MacroDef {
    const used = new Set<string>();
    collectNames(body, used);
    return {
      name,
      params,
      body,
      catchVarargs: used.has("varargs"),
      catchKwargs: used.has("kwargs"),
      caller: used.has("caller"),
    };
  }

  protected parseMacro(at: number): Node {
    this.next();
    const name = this.plainName();
    const params = this.parseSignature();
    this.expect("block_end");
    const body = this.bodyUntil("macro", "endmacro");
    this.expect("block_end");
    return { k: "macro", at, def: this.macroDef(name, params, body) };
  }

  protected parseCallBlock(at: number): Node {
    this.next();
    const params = this.isOp("(") ? this.parseSignature() : [];
    const callAt = this.cur.offset;
    const call = this.parseExpression();
    if (call.k !== "call") this.fail("expected call", callAt);
    this.expect("block_end");
    const body = this.bodyUntil("call", "endcall");
    this.expect("block_end");
    return { k: "callblock", at, call, def: this.macroDef("caller", params, body) };
  }

  protected parseWith(at: number): Node {
    this.next();
    const targets: Target[] = [];
    const values: Expr[] = [];
    while (!this.is("block_end")) {
      if (targets.length) this.expectOp(",");
      targets.push(this.parseAssignTarget([]));
      this.expectOp("=");
      values.push(this.parseExpression());
    }
    this.expect("block_end");
    const body = this.bodyUntil("with", "endwith");
    this.expect("block_end");
    return { k: "with", at, targets, values, body };
  }

  protected parseFilterBlock(at: number): Node {
    this.next();
    const filter = this.parseFilter(null, this.cur.offset, true);
    this.expect("block_end");
    const body = this.bodyUntil("filter", "endfilter");
    this.expect("block_end");
    return { k: "filterblock", at, filter, body };
  }

  protected parseAutoescape(at: number): Node {
    this.next();
    const expr = this.parseExpression();
    this.expect("block_end");
    const body = this.bodyUntil("autoescape", "endautoescape");
    this.expect("block_end");
    return { k: "autoescape", at, expr, body };
  }

  /** `{% print a, b %}`: the same as `{{ a }}{{ b }}`. */
  protected parsePrint(): Node[] {
    this.next();
    const outputs: Node[] = [];
    while (!this.is("block_end")) {
      if (outputs.length) this.expectOp(",");
      const at = this.cur.offset;
      outputs.push({ k: "output", at, expr: this.parseExpression() });
    }
    this.expect("block_end");
    return outputs;
  }

  protected parseAssignTarget(extraEnd: string[], withNamespace = false): Target {
    if (withNamespace && this.is("name") && this.is("operator", ".", this.look())) {
      const t = this.next();
      this.next();
      const attr = this.expect("name");
      this.checkAttr(attr.value, attr.offset);
      return { k: "nsref", at: t.offset, name: t.value, attr: attr.value };
    }
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
        this.next();
        if (this.isOp("."))
          this.fail("can't assign to attributes (only to a namespace's: {% set ns.x = … %})");
        items.push({ k: "name", at: t.offset, name: t.value });
      }
      if (this.isOp(",")) isTuple = true;
      else break;
    }
    if (!items.length) this.fail("expected a name to assign to");
    return isTuple ? { k: "tuple", at, items } : items[0]!;
  }
}

function targetNames(t: Target): string[] {
  if (t.k === "name" || t.k === "nsref") return [t.name];
  return t.items.flatMap(targetNames);
}

/** Names read anywhere in a body (Jinja2's find_undeclared: blocks are not entered). */
function collectNames(nodes: Node[], out: Set<string>): void {
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    if (!x || typeof x !== "object") return;
    const o = x as { k?: string; name?: string };
    if (o.k === "block") return;
    if (o.k === "name" && typeof o.name === "string") out.add(o.name);
    for (const [key, v] of Object.entries(o)) if (key !== "at" && v && typeof v === "object") visit(v);
  };
  visit(nodes);
}
