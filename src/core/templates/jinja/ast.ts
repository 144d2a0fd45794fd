/** Syntax tree of the supported Jinja2 dialect. `at` is the offset of the node in the user's source. */
export type Expr =
  | { k: "const"; at: number; value: unknown }
  | { k: "name"; at: number; name: string }
  | { k: "list"; at: number; items: Expr[] }
  | { k: "tuple"; at: number; items: Expr[] }
  | { k: "dict"; at: number; keys: Expr[]; values: Expr[] }
  | { k: "getattr"; at: number; obj: Expr; attr: string }
  | { k: "getitem"; at: number; obj: Expr; index: Expr }
  | { k: "slice"; at: number; start: Expr | null; stop: Expr | null; step: Expr | null }
  | {
      k: "call";
      at: number;
      callee: Expr;
      args: Expr[];
      kwargs: Kwarg[];
      dynArgs?: Expr | null;
      dynKwargs?: Expr | null;
    }
  | { k: "filter"; at: number; node: Expr | null; name: string; args: Expr[]; kwargs: Kwarg[] }
  | { k: "test"; at: number; node: Expr; name: string; args: Expr[]; kwargs: Kwarg[] }
  | { k: "not"; at: number; node: Expr }
  | { k: "neg" | "pos"; at: number; node: Expr }
  | { k: "and" | "or"; at: number; left: Expr; right: Expr }
  | { k: "bin"; at: number; op: BinOp; left: Expr; right: Expr }
  | { k: "concat"; at: number; items: Expr[]; folded?: boolean }
  | { k: "compare"; at: number; first: Expr; ops: { op: CmpOp; at: number; expr: Expr }[] }
  | { k: "cond"; at: number; test: Expr; ifTrue: Expr; ifFalse: Expr | null };

export type BinOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";
export type CmpOp = "eq" | "ne" | "lt" | "lteq" | "gt" | "gteq" | "in" | "notin";
export interface Kwarg {
  name: string;
  value: Expr;
}

/** An assignment target: a name, a namespace attribute (`ns.x`) or a (possibly nested) tuple. */
export type Target =
  | { k: "name"; at: number; name: string }
  | { k: "nsref"; at: number; name: string; attr: string }
  | { k: "tuple"; at: number; items: Target[] };

/** A macro's (or a call block's caller's) parameter. */
export interface Param {
  name: string;
  dflt: Expr | null;
}

/** A macro definition: what `macro` and the caller of `call` compile to. */
export interface MacroDef {
  name: string;
  params: Param[];
  body: Node[];
  /** Whether the body reads `varargs`, `kwargs`, `caller` (then the macro accepts them). */
  catchVarargs: boolean;
  catchKwargs: boolean;
  caller: boolean;
}

export type Node =
  | { k: "data"; at: number; text: string }
  | { k: "output"; at: number; expr: Expr; folded?: boolean }
  | { k: "if"; at: number; test: Expr; body: Node[]; else: Node[] }
  | {
      k: "for";
      at: number;
      target: Target;
      iter: Expr;
      filter: Expr | null;
      body: Node[];
      else: Node[];
      recursive: boolean;
    }
  | { k: "set"; at: number; target: Target; expr: Expr }
  | { k: "setblock"; at: number; target: Target; filter: Expr | null; body: Node[] }
  | { k: "block"; at: number; name: string; body: Node[]; scoped: boolean; required: boolean }
  | { k: "extends"; at: number; template: Expr }
  | { k: "macro"; at: number; def: MacroDef }
  | { k: "callblock"; at: number; call: Expr & { k: "call" }; def: MacroDef }
  | { k: "include"; at: number; template: Expr; ignoreMissing: boolean; withContext: boolean }
  | { k: "import"; at: number; template: Expr; target: string; withContext: boolean }
  | {
      k: "fromimport";
      at: number;
      template: Expr;
      names: [string, string][];
      withContext: boolean;
    }
  | { k: "with"; at: number; targets: Target[]; values: Expr[]; body: Node[] }
  | { k: "filterblock"; at: number; filter: Expr; body: Node[] }
  /** `{% autoescape expr %}`: escaping on or off for its body (a scope of its own, as in Jinja2). */
  | { k: "autoescape"; at: number; expr: Expr; body: Node[]; constant?: boolean };

export interface TemplateAst {
  body: Node[];
  blocks: Map<string, Node & { k: "block" }>;
  /**
   * The template names written as string literals in `extends`, `include`, `import` and `from`
   * (looked up before the render; names computed at render time are asked for when reached).
   */
  names: string[];
}
