/** Variable scopes of a render: the context at the root, then template, block and loop frames. */

import type { LoopAttrs } from "./access.js";
import { BoundMethod, dictGet, LoopRef, PyTuple, pyEq, pyList, pyRepr, Undefined } from "./values.js";

export class Scope {
  private readonly vars = new Map<string, unknown>();

  constructor(
    private readonly parent: Scope | null,
    private readonly context: Record<string, unknown> | null = null,
  ) {}

  lookup(name: string): unknown {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.vars.has(name)) return s.vars.get(name);
      if (s.context) {
        const got = dictGet(s.context, name);
        if (got.found) return got.value;
      }
    }
    return new Undefined(`${pyRepr(name)} is undefined`);
  }

  set(name: string, value: unknown): void {
    this.vars.set(name, value);
  }

  /** The names assigned in this frame itself (what a template exports to `import`). */
  own(): Map<string, unknown> {
    return this.vars;
  }
}

const NO_VALUE = Symbol("no value");

/** Jinja2's LoopContext: attributes, `cycle`, `changed` and, in a recursive loop, `loop(…)`. */
export class Loop extends LoopRef implements LoopAttrs {
  index0 = 0;
  private lastChanged: unknown = NO_VALUE;

  constructor(
    private readonly items: unknown[],
    readonly depth0 = 0,
    /** Renders the loop's body over another iterable, one level deeper (recursive loops only). */
    readonly recurse: ((iterable: unknown) => unknown) | null = null,
  ) {
    super();
  }

  changed(args: unknown[]): boolean {
    const v = new PyTuple(args);
    if (this.lastChanged !== NO_VALUE && pyEq(this.lastChanged, v)) return false;
    this.lastChanged = v;
    return true;
  }

  attr(name: string): unknown {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case "index":
        return BigInt(i + 1);
      case "index0":
        return BigInt(i);
      case "revindex":
        return BigInt(n - i);
      case "revindex0":
        return BigInt(n - i - 1);
      case "first":
        return i === 0;
      case "last":
        return i === n - 1;
      case "length":
        return BigInt(n);
      case "depth":
        return BigInt(this.depth0 + 1);
      case "depth0":
        return BigInt(this.depth0);
      case "cycle":
      case "changed":
        return new BoundMethod(this, name);
      case "previtem":
        return i > 0 ? this.items[i - 1] : new Undefined("there is no previous item");
      case "nextitem":
        return i < n - 1 ? this.items[i + 1] : new Undefined("there is no next item");
      default:
        return new Undefined(`'LoopContext object' has no attribute ${pyRepr(name)}`);
    }
  }

  cycle(args: unknown[]): unknown {
    if (!args.length) throw new Undefined("no items for cycling given").fail();
    return args[this.index0 % args.length];
  }
}

export { pyList };
