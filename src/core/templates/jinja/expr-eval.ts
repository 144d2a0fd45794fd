/** Evaluation of expressions, with Jinja2 3.1's semantics and the render's limits. */
import { getattr, getitem, iterate, SliceKey } from "./access.js";
import { binop, negate } from "./arith.js";
import type { Expr, Kwarg } from "./ast.js";
import { FILTERS, type FilterEnv, TESTS } from "./builtins.js";
import { callDateMethod } from "./dates.js";
import { type SourceMap, TemplateLimitError, TemplateRenderError } from "./errors.js";
import type { Budget, RenderLimits } from "./limits.js";
import { type LipsumOptions, lipsum } from "./lipsum.js";
import { callDictMethod, callSeqMethod, callStrMethod } from "./methods.js";
import { Loop, type Scope } from "./scope.js";
import {
  BlockRef,
  BoundMethod,
  BuiltinFn,
  Cycler,
  dictGet,
  dictKeys,
  isDict,
  isStr,
  Joiner,
  MacroRef,
  Markup,
  markupEscape,
  Namespace,
  PyDate,
  PyRange,
  PyTuple,
  pyCmp,
  pyEq,
  pyList,
  pyStr,
  strValue,
  truthy,
  typeName,
  Undefined,
} from "./values.js";

export abstract class ExprEvaluator implements FilterEnv, Budget {
  protected steps = 0;
  protected allocated = 0;
  /** Units of bulk work (items joined, sorted, compared, built) since the clock was last read. */
  private worked = 0;
  protected readonly deadline: number;
  readonly budget: Budget = this;
  /** Source positions of the template whose nodes are being evaluated (layouts have their own). */
  protected map!: SourceMap;
  /** The positions of the template the user wrote (set by the renderer). */
  protected userMap?: SourceMap;

  constructor(
    /** Whether output is escaped; `{% autoescape %}` changes it for its body. */
    public autoescape: boolean,
    protected readonly limits: RenderLimits,
    /** When the render must end (ms since the epoch); parts of one email share one deadline. */
    deadline?: number,
  ) {
    this.deadline = deadline ?? Date.now() + limits.maxMillis;
  }

  alloc(units: number): void {
    this.allocated += units;
    if (this.allocated > this.limits.maxAllocated)
      throw new TemplateLimitError(
        `memory limit exceeded (${this.limits.maxAllocated} characters or items allocated)`,
      );
  }

  work(units: number): void {
    this.worked += units;
    if (this.worked < 65_536) return;
    this.worked = 0;
    this.checkClock();
  }

  protected step(): void {
    if (++this.steps > this.limits.maxSteps)
      throw new TemplateLimitError(`step limit exceeded (${this.limits.maxSteps} evaluation steps)`);
    if ((this.steps & 1023) === 0) this.checkClock();
  }

  private checkClock(): void {
    if (Date.now() > this.deadline)
      throw new TemplateLimitError(`time limit exceeded (${this.limits.maxMillis} ms)`);
  }

  /** Adds the position of the node being evaluated to an error that has none. */
  protected located<T>(at: number, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof TemplateRenderError && err.line === undefined) {
        const p = this.positionOf(at);
        if (p) throw err.at(p.line, p.column);
      }
      throw err;
    }
  }

  /**
   * A position in the source the user wrote, or none: an error in another template (a layout,
   * an include) must not give that template's lines as the user's; the user's node that led
   * there (a macro call, an include) gives its own when the error passes it.
   */
  protected positionOf(at: number): { line: number; column: number } | undefined {
    return this.userMap && this.map !== this.userMap ? undefined : this.map.position(at);
  }

  protected abstract callSuper(): unknown;

  eval(e: Expr, scope: Scope): unknown {
    this.step();
    switch (e.k) {
      case "const":
        return e.value;
      case "name":
        return scope.lookup(e.name);
      case "list":
        this.alloc(e.items.length);
        return pyList(e.items.map((x) => this.eval(x, scope)));
      case "tuple":
        return new PyTuple(e.items.map((x) => this.eval(x, scope)));
      case "dict": {
        const m = new Map<unknown, unknown>();
        e.keys.forEach((k, i) => {
          const key = this.eval(k, scope);
          // A str equals only a str (Markup keys are stored as str): found by the map itself.
          const existing =
            typeof key === "string" || key instanceof Markup
              ? m.has(strValue(key))
                ? strValue(key)
                : undefined
              : [...m.keys()].find((x) => {
                  this.work(1);
                  return pyEq(x, key);
                });
          m.set(
            existing === undefined ? (key instanceof Markup ? key.s : key) : existing,
            this.eval(e.values[i]!, scope),
          );
        });
        this.alloc(m.size);
        return m;
      }
      case "getattr": {
        const obj = this.eval(e.obj, scope);
        return this.located(e.at, () => getattr(obj, e.attr));
      }
      case "getitem": {
        const obj = this.eval(e.obj, scope);
        const key = this.eval(e.index, scope);
        return this.located(e.at, () => getitem(obj, key));
      }
      case "slice":
        return new SliceKey([
          e.start ? this.eval(e.start, scope) : null,
          e.stop ? this.eval(e.stop, scope) : null,
          e.step ? this.eval(e.step, scope) : null,
        ]);
      case "call":
        return this.located(e.at, () => this.call(e, scope));
      case "filter": {
        const value = e.node ? this.eval(e.node, scope) : null;
        return this.applyFilter(e, value, scope);
      }
      case "test": {
        const value = this.eval(e.node, scope);
        const args = e.args.map((a) => this.eval(a, scope));
        const kwargs = this.kwargs(e.kwargs, scope);
        return this.located(e.at, () => TESTS[e.name]!(this, value, args, kwargs));
      }
      case "not":
        return !truthy(this.eval(e.node, scope));
      case "neg":
      case "pos": {
        const v = this.eval(e.node, scope);
        return this.located(e.at, () => negate(v, e.k === "neg" ? "-" : "+"));
      }
      case "and": {
        const l = this.eval(e.left, scope);
        return truthy(l) ? this.eval(e.right, scope) : l;
      }
      case "or": {
        const l = this.eval(e.left, scope);
        return truthy(l) ? l : this.eval(e.right, scope);
      }
      case "bin": {
        const l = this.eval(e.left, scope);
        const r = this.eval(e.right, scope);
        return this.located(e.at, () => binop(e.op, l, r, this));
      }
      case "concat":
        return this.concat(
          e.items.map((x) => this.eval(x, scope)),
          e.folded === true,
        );
      case "compare":
        return this.compare(e, scope);
      case "cond":
        if (truthy(this.eval(e.test, scope))) return this.eval(e.ifTrue, scope);
        return e.ifFalse
          ? this.eval(e.ifFalse, scope)
          : new Undefined("the inline if-expression evaluated to false and no else section was defined");
    }
  }

  /** markup_join under autoescape, str_join otherwise. */
  concat(values: unknown[], folded: boolean): string | Markup {
    if (this.autoescape && !folded && values.some((v) => v instanceof Markup)) {
      const s = values.map((v) => markupEscape(v).s).join("");
      this.alloc(s.length);
      return new Markup(s);
    }
    const s = values.map(pyStr).join("");
    this.alloc(s.length);
    return s;
  }

  private compare(e: Expr & { k: "compare" }, scope: Scope): boolean {
    let left = this.eval(e.first, scope);
    for (const { op, at, expr } of e.ops) {
      const right = this.eval(expr, scope);
      const ok = this.located(at, () => compareOp(op, left, right, this));
      if (!ok) return false;
      left = right;
    }
    return true;
  }

  private kwargs(kwargs: Kwarg[], scope: Scope): Map<string, unknown> {
    return new Map(kwargs.map((k) => [k.name, this.eval(k.value, scope)]));
  }

  private applyFilter(e: Expr & { k: "filter" }, value: unknown, scope: Scope): unknown {
    const args = e.args.map((a) => this.eval(a, scope));
    const kwargs = this.kwargs(e.kwargs, scope);
    return this.located(e.at, () => FILTERS[e.name]!(this, value, args, kwargs));
  }

  private call(e: Expr & { k: "call" }, scope: Scope): unknown {
    const callee = e.callee;
    if (callee.k === "name" && callee.name === "super") {
      const fn = scope.lookup("super");
      if (fn instanceof Undefined) return this.callSuper();
    }
    const fn = this.eval(callee, scope);
    const { args, kwargs } = this.callArgs(e, scope);
    return this.invoke(fn, args, kwargs);
  }

  protected callArgs(
    e: Expr & { k: "call" },
    scope: Scope,
  ): { args: unknown[]; kwargs: Map<string, unknown> } {
    const args = e.args.map((a) => this.eval(a, scope));
    const kwargs = this.kwargs(e.kwargs, scope);
    if (e.dynArgs) {
      const extra = this.located(e.dynArgs.at, () => iterate(this.eval(e.dynArgs!, scope)));
      this.alloc(extra.length);
      args.push(...extra);
    }
    if (e.dynKwargs) {
      const d = this.eval(e.dynKwargs, scope);
      if (!isDict(d))
        throw new TemplateRenderError(`argument after ** must be a mapping, not ${typeName(d)}`);
      for (const k of dictKeys(d)) {
        if (!isStr(k)) throw new TemplateRenderError("keywords must be strings");
        kwargs.set(strValue(k), dictGet(d, k).value);
      }
    }
    return { args, kwargs };
  }

  /** Calls a value: a macro, a global function, a loop (recursive), a joiner, a method. */
  invoke(fn: unknown, args: unknown[], kwargs: Map<string, unknown>): unknown {
    if (fn instanceof Undefined) fn.fail();
    if (fn instanceof MacroRef) return this.callMacro(fn, args, kwargs);
    if (fn instanceof BlockRef) {
      if (args.length || kwargs.size) throw new TemplateRenderError("a block takes no arguments");
      return this.callBlock(fn.name);
    }
    if (fn instanceof BuiltinFn) return this.callBuiltin(fn.name, args, kwargs);
    if (fn instanceof Loop) {
      if (!fn.recurse)
        throw new TemplateRenderError(
          "Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.",
        );
      if (args.length !== 1 || kwargs.size)
        throw new TemplateRenderError("loop() takes exactly one argument");
      return fn.recurse(args[0]);
    }
    if (fn instanceof Joiner) {
      if (args.length || kwargs.size) throw new TemplateRenderError("joiner takes no arguments");
      if (!fn.used) {
        fn.used = true;
        return "";
      }
      return fn.sep;
    }
    if (fn instanceof BoundMethod) return this.callMethod(fn, args, kwargs);
    throw new TemplateRenderError(`'${typeName(fn)}' object is not callable`);
  }

  private callMethod(m: BoundMethod, args: unknown[], kwargs: Map<string, unknown>): unknown {
    const self = m.self;
    if (self instanceof Loop) {
      if (kwargs.size) throw new TemplateRenderError(`${m.name}() takes no keyword arguments`);
      return m.name === "cycle" ? self.cycle(args) : self.changed(args);
    }
    if (self instanceof Cycler) {
      if (args.length || kwargs.size) throw new TemplateRenderError(`${m.name}() takes no arguments`);
      if (m.name === "reset") {
        self.pos = 0;
        return null;
      }
      const v = self.items[self.pos];
      self.pos = (self.pos + 1) % self.items.length;
      return v;
    }
    if (self instanceof PyDate) {
      const out = callDateMethod(
        self,
        m.name,
        args.map((a) => (a instanceof Markup ? a.s : a)),
        kwargs,
      );
      if (typeof out === "string") this.alloc(out.length);
      return out;
    }
    if (isStr(self)) return callStrMethod(self, m.name, args, kwargs, this);
    if (isDict(self)) return callDictMethod(self, m.name, args, kwargs, this);
    if (
      (Array.isArray(self) || self instanceof PyTuple) &&
      (m.name === "count" || m.name === "index" || (m.name === "copy" && Array.isArray(self)))
    )
      return callSeqMethod(self, m.name, args, kwargs, this);
    throw new TemplateRenderError(
      `calling '${m.name}' on a ${typeName(self)} is not supported in notification templates`,
    );
  }

  private callBuiltin(name: string, args: unknown[], kwargs: Map<string, unknown>): unknown {
    switch (name) {
      case "range":
        if (kwargs.size) throw new TemplateRenderError("range() takes no keyword arguments");
        if (args.length < 1 || args.length > 3)
          throw new TemplateRenderError(`range expected at least 1 argument, got ${args.length}`);
        return this.range(args);
      case "dict":
      case "namespace": {
        if (args.length > 1)
          throw new TemplateRenderError(`${name} expected at most 1 argument, got ${args.length}`);
        const m = new Map<unknown, unknown>();
        if (args.length) {
          const src = args[0];
          if (isDict(src)) for (const k of dictKeys(src)) m.set(k, dictGet(src, k).value);
          else
            for (const pair of iterate(src)) {
              const kv = iterate(pair);
              if (kv.length !== 2)
                throw new TemplateRenderError("dictionary update sequence element has the wrong length");
              m.set(kv[0], kv[1]);
            }
        }
        for (const [k, v] of kwargs) m.set(k, v);
        this.alloc(m.size);
        return name === "dict" ? m : new Namespace(m);
      }
      case "lipsum":
        return lipsum(lipsumOptions(args, kwargs), () => this.random(), this);
      case "cycler":
        if (kwargs.size) throw new TemplateRenderError("cycler() takes no keyword arguments");
        if (!args.length) throw new TemplateRenderError("at least one item has to be provided");
        return new Cycler(args);
      case "joiner": {
        const params = ["sep"];
        if (args.length > 1) throw new TemplateRenderError("joiner() takes at most 1 argument");
        for (const k of kwargs.keys())
          if (!params.includes(k))
            throw new TemplateRenderError(`joiner() got an unexpected keyword argument '${k}'`);
        return new Joiner(args[0] ?? (kwargs.has("sep") ? kwargs.get("sep") : ", "));
      }
    }
    throw new TemplateRenderError(`'${name}' is undefined`);
  }

  abstract random(): number;

  /** `self.name()`: the current template's block, rendered. */
  protected abstract callBlock(name: string): unknown;

  protected abstract callMacro(m: MacroRef, args: unknown[], kwargs: Map<string, unknown>): unknown;

  private range(args: unknown[]): PyRange {
    const ints = args.map((a) => {
      if (typeof a === "bigint") return a;
      if (typeof a === "boolean") return a ? 1n : 0n;
      throw new TemplateRenderError(`'${typeName(a)}' object cannot be interpreted as an integer`);
    });
    const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
    if (step === 0n) throw new TemplateRenderError("range() arg 3 must not be zero");
    const count = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    const n = count > 0n ? Number(count) : 0;
    this.alloc(n);
    // Jinja2's sandbox refuses ranges longer than MAX_RANGE (100,000 items).
    if (n > 100_000)
      throw new TemplateRenderError(
        "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
      );
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      this.work(1);
      out.push(start + BigInt(i) * step);
    }
    return new PyRange(start, stop, step, out as bigint[]);
  }
}

/** lipsum(n=5, html=True, min=20, max=100)'s arguments, bound as Python binds them. */
function lipsumOptions(args: unknown[], kwargs: Map<string, unknown>): LipsumOptions {
  const names = ["n", "html", "min", "max"] as const;
  const values: unknown[] = [5n, true, 20n, 100n];
  if (args.length > names.length)
    throw new TemplateRenderError(
      `generate_lorem_ipsum() takes from 0 to 4 positional arguments but ${args.length} were given`,
    );
  args.forEach((a, i) => {
    values[i] = a;
  });
  for (const [k, v] of kwargs) {
    const i = names.indexOf(k as (typeof names)[number]);
    if (i < 0)
      throw new TemplateRenderError(`generate_lorem_ipsum() got an unexpected keyword argument '${k}'`);
    if (i < args.length)
      throw new TemplateRenderError(`generate_lorem_ipsum() got multiple values for argument '${k}'`);
    values[i] = v;
  }
  const int = (v: unknown): number => {
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    throw new TemplateRenderError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  };
  return { n: int(values[0]), html: truthy(values[1]), min: int(values[2]), max: int(values[3]) };
}

function contains(container: unknown, item: unknown, budget: Budget): boolean {
  if (isStr(container)) {
    if (!isStr(item))
      throw new TemplateRenderError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return strValue(container).includes(strValue(item));
  }
  if (isDict(container)) return dictGet(container, item).found;
  return iterate(container).some((x) => {
    budget.work(1);
    return pyEq(x, item);
  });
}

function compareOp(op: string, a: unknown, b: unknown, budget: Budget): boolean {
  switch (op) {
    case "eq":
      return pyEq(a, b);
    case "ne":
      return !pyEq(a, b);
    case "lt":
      return pyCmp(a, b, "<") < 0;
    case "lteq":
      return pyCmp(a, b, "<=") <= 0;
    case "gt":
      return pyCmp(a, b, ">") > 0;
    case "gteq":
      return pyCmp(a, b, ">=") >= 0;
    case "in":
      return contains(b, a, budget);
    default:
      return !contains(b, a, budget);
  }
}
