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
  | { k: "call"; at: number; callee: Expr; args: Expr[]; kwargs: Kwarg[] }
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

/** An assignment target: a name or a (possibly nested) tuple of names. */
export type Target = { k: "name"; at: number; name: string } | { k: "tuple"; at: number; items: Target[] };

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
    }
  | { k: "set"; at: number; target: Target; expr: Expr }
  | { k: "setblock"; at: number; target: Target; filter: Expr | null; body: Node[] }
  | { k: "block"; at: number; name: string; body: Node[] }
  | { k: "extends"; at: number; name: string };

export interface TemplateAst {
  body: Node[];
  blocks: Map<string, Node & { k: "block" }>;
  /** Whether the template extends a layout (only the first `extends` counts, as in Jinja2). */
  extends: string | null;
}
