/**
 * Statement execution: macros and call blocks, includes and imports, template inheritance
 * (extends anywhere Jinja2 allows it, blocks, scoped and required blocks, super()), recursive
 * loops; as Jinja2 3.1 runs them. Every nested call (macro, include, import, recursive loop,
 * block) counts against the nesting limit, so runaway recursion is a limit error.
 */

import { iterate } from "./access.js";
import type { Expr, MacroDef, Node, Target, TemplateAst } from "./ast.js";
import { FILTERS } from "./builtins.js";
import { type SourceMap, TemplateLimitError, TemplateMissingError, TemplateRenderError } from "./errors.js";
import { ExprEvaluator } from "./expr-eval.js";
import type { RenderLimits } from "./limits.js";
import { MAX_DEPTH } from "./parser-base.js";
import { Loop, Scope } from "./scope.js";
import { seededRandom } from "./seed.js";
import {
  BuiltinFn,
  isStr,
  MacroRef,
  Markup,
  markupEscape,
  Namespace,
  PyTuple,
  pyStr,
  softStr,
  strValue,
  TemplateModule,
  TemplateSelf,
  truthy,
  typeName,
  Undefined,
} from "./values.js";

export interface CompiledTemplate {
  /** The text it was compiled from (with `random`'s seed, see seed.ts). */
  source: string;
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
  /**
   * Templates this one may name in extends, include and import (the render is synchronous:
   * they are resolved beforehand, or the function throws to ask for one). Undefined: none.
   */
  layouts: (name: string) => CompiledTemplate | undefined;
  /** When the render must end (ms since the epoch); by default `limits.maxMillis` from now. */
  deadline?: number;
}

export function renderTemplate(input: RenderInput): string {
  return new Renderer(input).run();
}

/** One template's top-level render: its block table and the layout it extends, if any. */
interface RootState {
  blocks: Map<string, BlockImpl[]>;
  parent: CompiledTemplate | null;
  top: Scope;
}

interface MacroImpl {
  def: MacroDef;
  closure: Scope;
  map: SourceMap;
  /** The escaping where it was defined: its body is compiled under it (Jinja2's eval context). */
  autoescape: boolean;
}

const GLOBALS = new Scope(null);
for (const name of ["range", "dict", "namespace", "cycler", "joiner", "lipsum"])
  GLOBALS.set(name, new BuiltinFn(name));

class Renderer extends ExprEvaluator {
  private out: string[] = [];
  private outLen = 0;
  private state!: RootState;
  /** Whether output is dropped once the template has extended a layout (its top-level frames). */
  private outputCheck = true;
  private readonly superStack: { name: string; level: number; scope: Scope | null }[] = [];
  /** Nested macro calls, includes, imports, recursive loops and blocks. */
  private nesting = 0;
  /** The escaping constant outputs were compiled with (differs inside `{% autoescape flag %}`). */
  private fixedAutoescape: boolean;
  /** The `random` filter's generator, seeded when first used (hashing the context costs). */
  private draw: (() => number) | null = null;

  constructor(private readonly input: RenderInput) {
    super(input.autoescape, input.limits, input.deadline);
    this.fixedAutoescape = input.autoescape;
    this.userMap = input.template.map;
  }

  run(): string {
    const root = new Scope(GLOBALS, this.input.context);
    this.renderRoot(this.input.template, root);
    return this.out.join("");
  }

  random(): number {
    this.draw ??= seededRandom(this.input.template.source, this.input.context);
    return this.draw();
  }

  private enter<T>(what: string, fn: () => T): T {
    if (++this.nesting > MAX_DEPTH) {
      this.nesting--;
      throw new TemplateLimitError(`nesting depth limit exceeded (${MAX_DEPTH} nested ${what})`);
    }
    try {
      return fn();
    } finally {
      this.nesting--;
    }
  }

  /**
   * Renders a template's top level and the layouts it extends, into the current output, in a
   * frame over `base` (the names it is given); returns that frame (what an import exports).
   */
  private renderRoot(tpl: CompiledTemplate, base: Scope): Scope {
    const blocks = new Map<string, BlockImpl[]>();
    // `self` sits between the names given and the template's own: the context's `self` does not win.
    const withSelf = new Scope(base);
    withSelf.set("self", new TemplateSelf(blocks));
    const top = new Scope(withSelf);
    // Every template (an included or imported one too) starts with the environment's escaping.
    const saved = {
      state: this.state,
      map: this.map,
      check: this.outputCheck,
      autoescape: this.autoescape,
      fixed: this.fixedAutoescape,
    };
    this.autoescape = this.fixedAutoescape = this.input.autoescape;
    this.state = { blocks, parent: null, top };
    this.outputCheck = true;
    try {
      let cur: CompiledTemplate | undefined = tpl;
      let depth = 0;
      while (cur) {
        this.map = cur.map;
        for (const [name, node] of cur.ast.blocks) {
          const list = this.state.blocks.get(name) ?? [];
          list.push({ node, map: cur.map });
          this.state.blocks.set(name, list);
        }
        this.state.parent = null;
        this.execAll(cur.ast.body, top);
        const parent: CompiledTemplate | null = this.state.parent;
        if (parent === null) break;
        if (++depth > this.limits.maxLayoutDepth)
          throw new TemplateLimitError(
            `layout depth limit exceeded (${this.limits.maxLayoutDepth} levels of extends)`,
          );
        cur = parent;
      }
      return top;
    } finally {
      this.state = saved.state;
      this.map = saved.map;
      this.outputCheck = saved.check;
      this.autoescape = saved.autoescape;
      this.fixedAutoescape = saved.fixed;
    }
  }

  /** True once the current template has extended a layout: its own output is dropped. */
  private suppressed(): boolean {
    return this.outputCheck && this.state.parent !== null;
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
        if (!this.suppressed()) this.write(node.text);
        return;
      case "output": {
        if (this.suppressed()) return;
        const v = this.eval(node.expr, scope);
        // Deviation (README, Template dialect): None prints as "" (Jinja2's `finalize` option).
        // Jinja2 escapes a compile-time constant before finalize sees it, so a literal none stays "None".
        const escapes = node.folded ? this.fixedAutoescape : this.autoescape;
        if (v === null && !(node.folded && escapes)) return;
        this.write(this.located(node.at, () => (escapes ? markupEscape(v).s : pyStr(v))));
        return;
      }
      case "if":
        this.execAll(truthy(this.eval(node.test, scope)) ? node.body : node.else, scope);
        return;
      case "for":
        this.located(node.at, () => this.execFor(node, this.eval(node.iter, scope), scope, 0));
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
        if (!this.suppressed()) this.renderBlock(node.name, 0, node.scoped ? scope : null);
        return;
      case "extends":
        this.located(node.at, () => this.extend(node.template, scope));
        return;
      case "macro":
        scope.set(node.def.name, this.macro(node.def, scope));
        return;
      case "callblock": {
        const caller = this.macro(node.def, scope, true);
        const v = this.located(node.at, () => {
          const callee = this.eval(node.call.callee, scope);
          const { args, kwargs } = this.callArgs(node.call, scope);
          kwargs.set("caller", caller);
          return this.invoke(callee, args, kwargs);
        });
        this.write(strValue(softStr(v)));
        return;
      }
      case "include":
        this.located(node.at, () => this.include(node, scope));
        return;
      case "import": {
        const mod = this.located(node.at, () => this.module(node.template, node.withContext, scope));
        scope.set(node.target, mod);
        return;
      }
      case "fromimport": {
        const mod = this.located(node.at, () => this.module(node.template, node.withContext, scope));
        for (const [name, alias] of node.names) {
          const v = mod.exports.has(name)
            ? mod.exports.get(name)
            : new Undefined(`the template does not export the requested name '${name}'`);
          scope.set(alias, v);
        }
        return;
      }
      case "with": {
        const values = node.values.map((v) => this.eval(v, scope));
        const inner = new Scope(scope);
        node.targets.forEach((t, i) => {
          this.assign(t, values[i], inner, node.at);
        });
        this.execAll(node.body, inner);
        return;
      }
      case "autoescape": {
        const on = truthy(this.located(node.at, () => this.eval(node.expr, scope)));
        this.withAutoescape(on, () => this.execAll(node.body, new Scope(scope)), node.constant === true);
        return;
      }
      case "filterblock": {
        const body = this.capture(() => this.execAll(node.body, new Scope(scope)));
        // Jinja2 writes a filter block's result as it is, unescaped.
        const v = this.applyChain(node.filter, body, scope);
        this.write(this.located(node.at, () => pyStr(v)));
        return;
      }
    }
  }

  /**
   * Runs `fn` with escaping on or off, as a template part compiled under that setting. A setting
   * known only at render time (`{% autoescape flag %}`) leaves constant outputs as they were:
   * Jinja2 escapes those when it compiles the template.
   */
  private withAutoescape<T>(on: boolean, fn: () => T, fixed = true): T {
    const saved = { autoescape: this.autoescape, fixed: this.fixedAutoescape };
    this.autoescape = on;
    if (fixed) this.fixedAutoescape = on;
    try {
      return fn();
    } finally {
      this.autoescape = saved.autoescape;
      this.fixedAutoescape = saved.fixed;
    }
  }

  private applyChain(filter: Expr, value: unknown, scope: Scope): unknown {
    // The filter chain of `{% set x | f %}` / `{% filter f %}` has a null innermost node: the captured body.
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

  private execFor(node: Node & { k: "for" }, iterable: unknown, scope: Scope, depth0: number): void {
    let items = iterate(iterable);
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
    const recurse = node.recursive
      ? (sub: unknown) =>
          this.enter("recursive loops", () =>
            this.capture(() => this.located(node.at, () => this.execFor(node, sub, scope, depth0 + 1))),
          )
      : null;
    const loop = new Loop(items, depth0, recurse);
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
    if (target.k === "nsref") {
      const ns = scope.lookup(target.name);
      if (!(ns instanceof Namespace)) {
        const p = this.positionOf(target.at);
        throw new TemplateRenderError("cannot assign attribute on non-namespace object", p?.line, p?.column);
      }
      ns.attrs.set(target.attr, value);
      return;
    }
    const items = this.located(at, () => iterate(value));
    if (items.length !== target.items.length) {
      const p = this.positionOf(at);
      const msg =
        items.length > target.items.length
          ? `too many values to unpack (expected ${target.items.length})`
          : `not enough values to unpack (expected ${target.items.length}, got ${items.length})`;
      throw new TemplateRenderError(msg, p?.line, p?.column);
    }
    for (let i = 0; i < target.items.length; i++) this.assign(target.items[i]!, items[i], scope, at);
  }

  // ---- other templates ----------------------------------------------------------------------

  /** Looks a template up by name; a list or tuple of names takes the first that exists. */
  private load(nameValue: unknown): CompiledTemplate {
    if (nameValue instanceof Undefined) nameValue.fail();
    const names = nameValue instanceof PyTuple || Array.isArray(nameValue) ? iterate(nameValue) : [nameValue];
    for (const n of names) {
      if (n instanceof Undefined) continue;
      if (!isStr(n)) throw new TemplateRenderError(`a template name must be a string, not ${typeName(n)}`);
      const tpl = this.input.layouts(strValue(n));
      if (tpl) return tpl;
    }
    if (names.length === 1 && isStr(names[0])) {
      throw new TemplateMissingError(
        `template '${strValue(names[0])}' not found (not among the clinic's, the system's or the shipped templates)`,
      );
    }
    throw new TemplateMissingError(
      `none of the templates given were found: ${names.map((n) => (isStr(n) ? strValue(n) : pyStr(n))).join(", ")}`,
    );
  }

  private extend(template: Expr, scope: Scope): void {
    if (this.state.parent !== null) throw new TemplateRenderError("extended multiple times");
    const name = this.eval(template, scope);
    // Jinja2 3.1 extends one name (get_template); only include and import take a list.
    if (Array.isArray(name) || name instanceof PyTuple)
      throw new TemplateRenderError("extends takes one template name, not a list");
    this.state.parent = this.load(name);
  }

  private include(node: Node & { k: "include" }, scope: Scope): void {
    let tpl: CompiledTemplate;
    try {
      tpl = this.load(this.eval(node.template, scope));
    } catch (err) {
      if (node.ignoreMissing && err instanceof TemplateMissingError) return;
      throw err;
    }
    const base = node.withContext ? scope : new Scope(GLOBALS, {});
    this.enter("includes", () => this.renderRoot(tpl, base));
  }

  private module(template: Expr, withContext: boolean, scope: Scope): TemplateModule {
    const tpl = this.load(this.eval(template, scope));
    const base = withContext ? scope : new Scope(GLOBALS, {});
    let top: Scope | null = null;
    const body = this.enter("imports", () =>
      this.capture(() => {
        top = this.renderRoot(tpl, base);
      }),
    );
    const exports = new Map<string, unknown>();
    for (const [k, v] of (top as Scope | null)!.own()) if (!k.startsWith("_")) exports.set(k, v);
    return new TemplateModule(exports, strValue(body));
  }

  // ---- macros -------------------------------------------------------------------------------

  private macro(def: MacroDef, closure: Scope, anonymous = false): MacroRef {
    const impl: MacroImpl = { def, closure, map: this.map, autoescape: this.autoescape };
    return new MacroRef(
      anonymous ? null : def.name,
      def.params.map((p) => p.name),
      { catchVarargs: def.catchVarargs, catchKwargs: def.catchKwargs, caller: def.caller },
      impl,
    );
  }

  protected callMacro(m: MacroRef, args: unknown[], kwargs: Map<string, unknown>): unknown {
    const { def, closure, map, autoescape } = m.impl as MacroImpl;
    const kw = new Map(kwargs);
    const n = def.params.length;
    const values: unknown[] = args.slice(0, n);
    const MISSING = Symbol.for("missing");
    let foundCaller = false;
    for (const p of def.params.slice(values.length)) {
      if (kw.has(p.name)) {
        values.push(kw.get(p.name));
        kw.delete(p.name);
      } else values.push(MISSING);
      if (p.name === "caller") foundCaller = true;
    }
    let caller: unknown = null;
    if (def.caller && !foundCaller) {
      caller = kw.get("caller") ?? null;
      kw.delete("caller");
      if (caller === null) caller = new Undefined("No caller defined");
    }
    if (!def.catchKwargs && kw.size) {
      if (kw.has("caller"))
        throw new TemplateRenderError(
          `macro '${def.name}' was invoked with two values for the special caller argument. This is most likely a bug.`,
        );
      throw new TemplateRenderError(
        `macro '${def.name}' takes no keyword argument '${kw.keys().next().value}'`,
      );
    }
    if (!def.catchVarargs && args.length > n)
      throw new TemplateRenderError(`macro '${def.name}' takes not more than ${n} argument(s)`);
    // The result is markup when the caller escapes (Jinja2's Macro.__call__ reads its eval context).
    const callerEscapes = this.autoescape;
    const out = this.enter("macro calls", () => {
      const saved = { map: this.map, check: this.outputCheck };
      this.map = map;
      this.outputCheck = false;
      try {
        const s = new Scope(closure);
        def.params.forEach((p, i) => {
          let v = values[i];
          if (v === MISSING)
            v = p.dflt ? this.eval(p.dflt, s) : new Undefined(`parameter '${p.name}' was not provided`);
          s.set(p.name, v);
        });
        if (def.caller && !foundCaller) s.set("caller", caller);
        if (def.catchKwargs) s.set("kwargs", kw);
        if (def.catchVarargs) s.set("varargs", new PyTuple(args.slice(n)));
        return strValue(this.withAutoescape(autoescape, () => this.capture(() => this.execAll(def.body, s))));
      } finally {
        this.map = saved.map;
        this.outputCheck = saved.check;
      }
    });
    return callerEscapes ? new Markup(out) : out;
  }

  // ---- blocks -------------------------------------------------------------------------------

  private renderBlock(name: string, level: number, scoped: Scope | null): void {
    const impls = this.state.blocks.get(name);
    const impl = impls?.[level];
    if (!impl) return;
    if (impl.node.required) throw new TemplateRenderError(`Required block '${name}' not found.`);
    this.enter("blocks", () => {
      const saved = { map: this.map, check: this.outputCheck };
      this.map = impl.map;
      this.outputCheck = false;
      this.superStack.push({ name, level, scope: scoped });
      try {
        // Blocks see the context and top-level assignments; a scoped block also the enclosing frame.
        // Jinja2 compiles a block's body apart, with the environment's escaping, even inside an
        // `{% autoescape %}` tag.
        this.withAutoescape(this.input.autoescape, () =>
          this.execAll(impl.node.body, new Scope(scoped ?? this.state.top)),
        );
      } finally {
        this.superStack.pop();
        this.map = saved.map;
        this.outputCheck = saved.check;
      }
    });
  }

  protected callBlock(name: string): unknown {
    if (!this.state.blocks.has(name))
      throw new TemplateRenderError(`'TemplateReference object' has no attribute '${name}'`);
    return this.capture(() => this.renderBlock(name, 0, null));
  }

  protected callSuper(): unknown {
    const cur = this.superStack[this.superStack.length - 1];
    if (!cur) throw new TemplateRenderError("'super' is undefined");
    const impls = this.state.blocks.get(cur.name)!;
    if (cur.level + 1 >= impls.length)
      throw new TemplateRenderError(`there is no parent block called '${cur.name}'`);
    return this.capture(() => this.renderBlock(cur.name, cur.level + 1, cur.scope));
  }
}
