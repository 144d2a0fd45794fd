/** Expressions, mirroring jinja2/parser.py's precedence, tuple, filter and test rules. */
import type { CmpOp, Expr, Kwarg } from "./ast.js";
import { FILTER_NAMES, TEST_NAMES } from "./builtins.js";
import { TokenCursor } from "./parser-base.js";

const CMP: Record<string, CmpOp> = {
  "==": "eq",
  "!=": "ne",
  "<": "lt",
  "<=": "lteq",
  ">": "gt",
  ">=": "gteq",
};

export class ExprParser extends TokenCursor {
  protected isTupleEnd(extra: string[] = []): boolean {
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
      if (!explicitParens)
        this.failExpecting("expression", `expected an expression, got '${this.describe(this.cur)}'`);
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

  protected parseCondexpr(): Expr {
    return this.chain(() => {
      let expr = this.parseOr();
      while (this.isName("if")) {
        const at = this.next().offset;
        this.enter(at);
        const test = this.parseOr();
        let els: Expr | null = null;
        if (this.isName("else")) {
          this.next();
          els = this.parseCondexpr();
        }
        expr = { k: "cond", at, test, ifTrue: expr, ifFalse: els };
      }
      return expr;
    });
  }

  protected parseOr(): Expr {
    return this.chain(() => {
      let left = this.parseAnd();
      while (this.isName("or")) {
        const at = this.next().offset;
        this.enter(at);
        left = { k: "or", at, left, right: this.parseAnd() };
      }
      return left;
    });
  }

  protected parseAnd(): Expr {
    return this.chain(() => {
      let left = this.parseNot();
      while (this.isName("and")) {
        const at = this.next().offset;
        this.enter(at);
        left = { k: "and", at, left, right: this.parseNot() };
      }
      return left;
    });
  }

  protected parseNot(): Expr {
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

  protected parseCompare(): Expr {
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

  protected parseMath1(): Expr {
    return this.chain(() => {
      let left = this.parseConcat();
      while (this.isOp("+") || this.isOp("-")) {
        const t = this.next();
        this.enter(t.offset);
        left = { k: "bin", at: t.offset, op: t.value as "+" | "-", left, right: this.parseConcat() };
      }
      return left;
    });
  }

  protected parseConcat(): Expr {
    const items = [this.parseMath2()];
    let at = 0;
    while (this.isOp("~")) {
      at = this.next().offset;
      items.push(this.parseMath2());
    }
    return items.length === 1 ? items[0]! : { k: "concat", at, items };
  }

  protected parseMath2(): Expr {
    return this.chain(() => {
      let left = this.parsePow();
      while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
        const t = this.next();
        this.enter(t.offset);
        left = { k: "bin", at: t.offset, op: t.value as "*", left, right: this.parsePow() };
      }
      return left;
    });
  }

  protected parsePow(): Expr {
    return this.chain(() => {
      let left = this.parseUnary(true);
      while (this.isOp("**")) {
        const t = this.next();
        this.enter(t.offset);
        left = { k: "bin", at: t.offset, op: "**", left, right: this.parseUnary(true) };
      }
      return left;
    });
  }

  protected parseUnary(withFilter: boolean): Expr {
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

  protected parsePrimary(): Expr {
    const t = this.cur;
    if (t.type === "name") {
      this.next();
      if (t.value === "true" || t.value === "True") return { k: "const", at: t.offset, value: true };
      if (t.value === "false" || t.value === "False") return { k: "const", at: t.offset, value: false };
      if (t.value === "none" || t.value === "None") return { k: "const", at: t.offset, value: null };
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
    if (t.type === "eof")
      return this.fail(`unexpected '${this.describe(t)}'`, t.offset, { reason: "unexpected_end" });
    return this.fail(`unexpected '${this.describe(t)}'`, t.offset, {
      reason: "unexpected_token",
      params: { found: this.sourceOf(t) },
    });
  }

  protected parseList(): Expr {
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

  protected parseDict(): Expr {
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

  protected parsePostfix(node: Expr): Expr {
    return this.chain(() => {
      for (;;) {
        if (this.isOp(".") || this.isOp("[")) {
          this.enter(this.cur.offset);
          node = this.parseSubscript(node);
        } else if (this.isOp("(")) {
          this.enter(this.cur.offset);
          node = this.parseCall(node);
        } else return node;
      }
    });
  }

  protected parseFilterExpr(node: Expr): Expr {
    return this.chain(() => {
      for (;;) {
        if (this.isOp("|")) node = this.parseFilter(node, this.cur.offset);
        else if (this.isName("is")) {
          this.enter(this.cur.offset);
          node = this.parseTest(node);
        } else if (this.isOp("(")) {
          this.enter(this.cur.offset);
          node = this.parseCall(node);
        } else return node;
      }
    });
  }

  protected parseSubscript(node: Expr): Expr {
    const t = this.next();
    if (t.value === ".") {
      const attr = this.next();
      if (attr.type === "name") {
        this.checkAttr(attr.value, attr.offset);
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

  protected parseSubscribed(): Expr {
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

  protected parseCallArgs(): { args: Expr[]; kwargs: Kwarg[]; dynArgs: Expr | null; dynKwargs: Expr | null } {
    this.expectOp("(");
    const args: Expr[] = [];
    const kwargs: Kwarg[] = [];
    let dynArgs: Expr | null = null;
    let dynKwargs: Expr | null = null;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail("invalid syntax for function call expression");
    };
    let first = true;
    while (!this.isOp(")")) {
      if (!first) {
        this.expectOp(",");
        if (this.isOp(")")) break;
      }
      first = false;
      if (this.isOp("*")) {
        ensure(dynArgs === null && dynKwargs === null);
        this.next();
        dynArgs = this.parseExpression();
      } else if (this.isOp("**")) {
        ensure(dynKwargs === null);
        this.next();
        dynKwargs = this.parseExpression();
      } else if (this.is("name") && this.is("operator", "=", this.look())) {
        ensure(dynKwargs === null);
        const key = this.next();
        this.next();
        kwargs.push({ name: key.value, value: this.parseExpression() });
      } else {
        ensure(dynArgs === null && dynKwargs === null && !kwargs.length);
        args.push(this.parseExpression());
      }
    }
    this.expectOp(")");
    return { args, kwargs, dynArgs, dynKwargs };
  }

  /** Arguments of a filter or test (Jinja2 also allows `*args` there; the dialect does not). */
  protected parseFilterArgs(): { args: Expr[]; kwargs: Kwarg[] } {
    const at = this.cur.offset;
    const { args, kwargs, dynArgs, dynKwargs } = this.parseCallArgs();
    if (dynArgs || dynKwargs) this.fail("'*' and '**' arguments are not supported in filters and tests", at);
    return { args, kwargs };
  }

  protected parseCall(callee: Expr): Expr {
    const at = this.cur.offset;
    const { args, kwargs, dynArgs, dynKwargs } = this.parseCallArgs();
    return { k: "call", at, callee, args, kwargs, dynArgs, dynKwargs };
  }

  parseFilter(node: Expr | null, at: number, startInline = false): Expr {
    return this.chain(() => this.parseFilterChain(node, at, startInline));
  }

  private parseFilterChain(node: Expr | null, at: number, startInline: boolean): Expr {
    let out = node;
    let inline = startInline;
    while (inline || this.isOp("|")) {
      this.enter(inline ? this.cur.offset : this.next().offset);
      inline = false;
      const nameTok = this.expect("name");
      let name = nameTok.value;
      while (this.isOp(".")) {
        this.next();
        name += `.${this.expect("name").value}`;
      }
      if (!FILTER_NAMES.has(name))
        this.fail(`unknown filter '${name}'`, nameTok.offset, { reason: "unknown_filter", params: { name } });
      const { args, kwargs } = this.isOp("(") ? this.parseFilterArgs() : { args: [], kwargs: [] };
      out = { k: "filter", at: nameTok.offset, node: out, name, args, kwargs };
    }
    if (out === null) this.fail("expected a filter", at);
    return out;
  }

  protected parseTest(node: Expr): Expr {
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
    if (!TEST_NAMES.has(name))
      this.fail(`unknown test '${name}'`, nameTok.offset, { reason: "unknown_test", params: { name } });
    let args: Expr[] = [];
    let kwargs: Kwarg[] = [];
    const c = this.cur;
    if (this.isOp("(")) ({ args, kwargs } = this.parseFilterArgs());
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
