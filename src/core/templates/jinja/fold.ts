/**
 * Jinja2 folds constant expressions at compile time (nodes.as_const and the optimizer), and a
 * folded expression behaves differently in two visible ways: a folded `~` joins with plain str
 * (dropping Markup), and a folded `{{ }}` is escaped before `finalize` runs (so a constant
 * `none` prints "None" in HTML). This pass marks the nodes Jinja2 would fold.
 */
import type { Expr, Node } from "./ast.js";

/** Filters Jinja2 passes the render context to: never folded. */
const CONTEXT_FILTERS = new Set(["random", "map", "select", "reject", "selectattr", "rejectattr"]);

function isConst(e: Expr): boolean {
  switch (e.k) {
    case "const":
      return true;
    case "name":
      return false;
    case "call":
      isConst(e.callee);
      all(e.args);
      all(e.kwargs.map((k) => k.value));
      if (e.dynArgs) isConst(e.dynArgs);
      if (e.dynKwargs) isConst(e.dynKwargs);
      return false;
    case "list":
    case "tuple":
      return all(e.items);
    case "dict":
      return all(e.keys) && all(e.values);
    case "getattr":
      return isConst(e.obj);
    case "getitem":
      return both(isConst(e.obj), isConst(e.index));
    case "slice":
      return all([e.start, e.stop, e.step].filter((x): x is Expr => x !== null));
    case "filter":
      if (CONTEXT_FILTERS.has(e.name)) {
        all(e.args);
        all(e.kwargs.map((k) => k.value));
        if (e.node) isConst(e.node);
        return false;
      }
      return both(e.node === null ? false : isConst(e.node), all(e.args), all(e.kwargs.map((k) => k.value)));
    case "test":
      return both(isConst(e.node), all(e.args), all(e.kwargs.map((k) => k.value)));
    case "not":
    case "neg":
    case "pos":
      return isConst(e.node);
    case "and":
    case "or":
    case "bin":
      return both(isConst(e.left), isConst(e.right));
    case "concat": {
      const c = all(e.items);
      e.folded = c;
      return c;
    }
    case "compare":
      return both(isConst(e.first), all(e.ops.map((o) => o.expr)));
    case "cond":
      return both(isConst(e.test), isConst(e.ifTrue), e.ifFalse ? isConst(e.ifFalse) : false);
  }
}

/** Visits every child (so nested concats get marked) and tells whether all were constant. */
function all(items: Expr[]): boolean {
  let ok = true;
  for (const x of items) ok = isConst(x) && ok;
  return ok;
}

function both(...flags: boolean[]): boolean {
  return flags.every(Boolean);
}

function exprsOf(n: Node): Expr[] {
  switch (n.k) {
    case "output":
      return [n.expr];
    case "if":
      return [n.test];
    case "for":
      return n.filter ? [n.iter, n.filter] : [n.iter];
    case "set":
      return [n.expr];
    case "setblock":
      return n.filter ? [n.filter] : [];
    case "filterblock":
      return [n.filter];
    case "autoescape":
      return [n.expr];
    case "extends":
    case "include":
    case "import":
    case "fromimport":
      return [n.template];
    case "with":
      return n.values;
    case "macro":
      return n.def.params.flatMap((p) => (p.dflt ? [p.dflt] : []));
    case "callblock":
      return [n.call, ...n.def.params.flatMap((p) => (p.dflt ? [p.dflt] : []))];
    default:
      return [];
  }
}

function bodiesOf(n: Node): Node[][] {
  switch (n.k) {
    case "if":
    case "for":
      return [n.body, n.else];
    case "setblock":
    case "block":
    case "with":
    case "filterblock":
    case "autoescape":
      return [n.body];
    case "macro":
    case "callblock":
      return [n.def.body];
    default:
      return [];
  }
}

export function markFolded(nodes: Node[]): void {
  for (const n of nodes) {
    if (n.k === "output") n.folded = isConst(n.expr);
    else if (n.k === "autoescape") n.constant = isConst(n.expr);
    else for (const e of exprsOf(n)) isConst(e);
    for (const b of bodiesOf(n)) markFolded(b);
  }
}
