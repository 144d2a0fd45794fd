/** Statement execution and template inheritance (extends/block/super), as Jinja2 3.1 runs them. */

import { iterate } from "./access.js";
import type { Expr, Node, Target, TemplateAst } from "./ast.js";
import { FILTERS } from "./builtins.js";
import { type SourceMap, TemplateLayoutError, TemplateLimitError, TemplateRenderError } from "./errors.js";
import { ExprEvaluator } from "./expr-eval.js";
import type { RenderLimits } from "./limits.js";
import { Loop, Scope } from "./scope.js";
import { Markup, markupEscape, pyStr, truthy } from "./values.js";

export interface CompiledTemplate {
  ast: TemplateAst;
  map: SourceMap;
}

type BlockNode = Node & { k: "block" };
interface BlockImpl {
  node: BlockNode;
  map: SourceMap;
}

export interface RenderInput {
  template: CompiledTemplate;
  context: Record<string, unknown>;
  autoescape: boolean;
  limits: RenderLimits;
  /** Layouts a template may extend, resolved beforehand (the render itself is synchronous). */
  layouts: (name: string) => CompiledTemplate | undefined;
  /** When the render must end (ms since the epoch); by default `limits.maxMillis` from now. */
  deadline?: number;
}

export function renderTemplate(input: RenderInput): string {
  return new Renderer(input).run();
}

class Renderer extends ExprEvaluator {
  private out: string[] = [];
  private outLen = 0;
  /** Block implementations by name, the most derived first (super() walks down the list). */
  private readonly blocks = new Map<string, BlockImpl[]>();
  private readonly superStack: { name: string; level: number }[] = [];

  constructor(private readonly input: RenderInput) {
    super(input.autoescape, input.limits, input.deadline);
  }

  run(): string {
    const root = new Scope(null, this.input.context);
    const top = new Scope(root);
    this.top = top;
    let tpl: CompiledTemplate | undefined = this.input.template;
    let depth = 0;
    while (tpl) {
      this.map = tpl.map;
      for (const [name, node] of tpl.ast.blocks) {
        const list = this.blocks.get(name) ?? [];
        list.push({ node, map: tpl.map });
        this.blocks.set(name, list);
      }
      const parent = this.runTop(tpl.ast, top);
      if (parent === null) break;
      if (++depth > this.limits.maxLayoutDepth)
        throw new TemplateLimitError(
          `layout depth limit exceeded (${this.limits.maxLayoutDepth} levels of extends)`,
        );
      tpl = this.input.layouts(parent);
      if (!tpl) throw new TemplateLayoutError(`layout '${parent}' is not available`);
    }
    return this.out.join("");
  }

  /** Runs a template's top level; after `extends` nothing is output but assignments still run. */
  private runTop(ast: TemplateAst, scope: Scope): string | null {
    let parent: string | null = null;
    for (const node of ast.body) {
      if (node.k === "extends") {
        parent = node.name;
        continue;
      }
      if (parent !== null) {
        if (node.k === "data" || node.k === "output" || node.k === "block") continue;
        const saved = this.out;
        const savedLen = this.outLen;
        this.out = [];
        this.exec(node, scope);
        this.out = saved;
        this.outLen = savedLen;
      } else this.exec(node, scope);
    }
    return parent;
  }

  private write(s: string): void {
    if (!s) return;
    this.outLen += s.length;
    if (this.outLen > this.limits.maxOutputChars)
      throw new TemplateLimitError(`output size limit exceeded (${this.limits.maxOutputChars} characters)`);
    this.out.push(s);
  }

  private execAll(nodes: Node[], scope: Scope): void {
    for (const n of nodes) this.exec(n, scope);
  }

  private exec(node: Node, scope: Scope): void {
    this.step();
    switch (node.k) {
      case "data":
        this.write(node.text);
        return;
      case "output": {
        const v = this.eval(node.expr, scope);
        // Deviation (README, Template dialect): None prints as "" (Jinja2's `finalize` option).
        // Jinja2 escapes a compile-time constant before finalize sees it, so a literal none stays "None".
        if (v === null && !(node.folded && this.autoescape)) return;
        this.write(this.located(node.at, () => (this.autoescape ? markupEscape(v).s : pyStr(v))));
        return;
      }
      case "if":
        this.execAll(truthy(this.eval(node.test, scope)) ? node.body : node.else, scope);
        return;
      case "for":
        this.execFor(node, scope);
        return;
      case "set":
        this.assign(node.target, this.eval(node.expr, scope), scope, node.at);
        return;
      case "setblock": {
        let v: unknown = this.capture(() => this.execAll(node.body, new Scope(scope)));
        if (node.filter) v = this.applyChain(node.filter, v, scope);
        this.assign(node.target, v, scope, node.at);
        return;
      }
      case "block":
        this.renderBlock(node.name, 0);
        return;
      case "extends":
        return;
    }
  }

  private applyChain(filter: Expr, value: unknown, scope: Scope): unknown {
    // The filter chain of `{% set x | f %}` has a null innermost node, which stands for the captured body.
    const chain: (Expr & { k: "filter" })[] = [];
    for (let f: Expr | null = filter; f && f.k === "filter"; f = f.node) chain.unshift(f);
    let v = value;
    for (const f of chain) {
      const args = f.args.map((a) => this.eval(a, scope));
      const kwargs = new Map(f.kwargs.map((k) => [k.name, this.eval(k.value, scope)] as [string, unknown]));
      v = this.located(f.at, () => FILTERS[f.name]!(this, v, args, kwargs));
    }
    return v;
  }

  private capture(fn: () => void): string | Markup {
    const saved = this.out;
    this.out = [];
    try {
      fn();
      const s = this.out.join("");
      return this.autoescape ? new Markup(s) : s;
    } finally {
      this.out = saved;
    }
  }

  private execFor(node: Node & { k: "for" }, scope: Scope): void {
    const iterable = this.eval(node.iter, scope);
    let items = this.located(node.at, () => iterate(iterable));
    if (node.filter) {
      const filter = node.filter;
      items = items.filter((item) => {
        const s = new Scope(scope);
        this.assign(node.target, item, s, node.at);
        return truthy(this.eval(filter, s));
      });
    }
    if (!items.length) {
      this.execAll(node.else, new Scope(scope));
      return;
    }
    const loop = new Loop(items);
    for (let i = 0; i < items.length; i++) {
      this.step();
      loop.index0 = i;
      // Each iteration starts from a fresh frame: Jinja2 does not carry `set` values across iterations.
      const s = new Scope(scope);
      s.set("loop", loop);
      this.assign(node.target, items[i], s, node.at);
      this.execAll(node.body, s);
    }
  }

  private assign(target: Target, value: unknown, scope: Scope, at: number): void {
    if (target.k === "name") {
      scope.set(target.name, value);
      return;
    }
    const items = this.located(at, () => iterate(value));
    if (items.length !== target.items.length) {
      const p = this.map.position(at);
      const msg =
        items.length > target.items.length
          ? `too many values to unpack (expected ${target.items.length})`
          : `not enough values to unpack (expected ${target.items.length}, got ${items.length})`;
      throw new TemplateRenderError(msg, p.line, p.column);
    }
    for (let i = 0; i < target.items.length; i++) this.assign(target.items[i]!, items[i], scope, at);
  }

  private renderBlock(name: string, level: number): void {
    const impls = this.blocks.get(name);
    const impl = impls?.[level];
    if (!impl) return;
    if (this.superStack.length >= this.limits.maxLayoutDepth * 4)
      throw new TemplateLimitError(`layout depth limit exceeded (block nesting)`);
    const savedMap = this.map;
    this.map = impl.map;
    this.superStack.push({ name, level });
    try {
      // Blocks see the context and top-level assignments, not the enclosing loop's variables.
      this.execAll(impl.node.body, new Scope(this.topScope()));
    } finally {
      this.superStack.pop();
      this.map = savedMap;
    }
  }

  private top: Scope | null = null;
  private topScope(): Scope {
    if (!this.top) throw new TemplateRenderError("block rendered outside a template");
    return this.top;
  }

  protected callSuper(): unknown {
    const cur = this.superStack[this.superStack.length - 1];
    if (!cur) throw new TemplateRenderError("super() is only available inside a block");
    const impls = this.blocks.get(cur.name)!;
    if (cur.level + 1 >= impls.length)
      throw new TemplateRenderError(`there is no parent block called '${cur.name}'`);
    return this.capture(() => this.renderBlock(cur.name, cur.level + 1));
  }
}
