/**
 * Recursive-descent parser mirroring jinja2/parser.py (same precedence, same
 * tuple/filter/test rules), restricted to the notification dialect: whatever
 * is outside it is refused here, with the construct and its position.
 */
import type { Expr, Node, Target, TemplateAst } from "./ast.js";
import { markFolded } from "./fold.js";
import { MAX_DEPTH } from "./parser-base.js";
import { ExprParser } from "./parser-expr.js";

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

export function parse(source: string): TemplateAst {
  return new Parser(source).parseTemplate();
}

/** `elif` branches along one path of the tree (each nests the tree one level deeper). */
const MAX_ELIF_DEPTH = 1000;

class Parser extends ExprParser {
  protected blockDepth = 0;
  protected elifDepth = 0;
  protected readonly blocks = new Map<string, Node & { k: "block" }>();
  protected extendsName: string | null = null;

  constructor(source: string) {
    super(source);
  }

  parseTemplate(): TemplateAst {
    const body = this.subparse([]);
    markFolded(body);
    return { body, blocks: this.blocks, extends: this.extendsName };
  }

  protected subparse(endTokens: string[]): Node[] {
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

  protected parseStatement(at: number, endTokens: string[]): Node {
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

  protected parseIf(at: number): Node {
    this.next();
    return this.parseIfRest(at);
  }

  protected parseIfRest(at: number): Node {
    const test = this.parseTuple(false);
    this.expect("block_end");
    const body = this.subparse(["elif", "else", "endif"]);
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
      els = this.subparse(["endif"]);
      this.next();
      this.expect("block_end");
    } else this.expect("block_end");
    return { k: "if", at, test, body, else: els };
  }

  protected parseFor(at: number): Node {
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

  protected parseSet(at: number): Node {
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

  protected parseBlock(at: number): Node {
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

  protected parseExtends(at: number, endTokens: string[]): Node {
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

  protected parseAssignTarget(extraEnd: string[]): Target {
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
}
