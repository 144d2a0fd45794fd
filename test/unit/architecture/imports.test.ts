import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout's rules, checked on every run: no import cycle in src/ (type-only imports
 * included), and no reaching into another module's or another stage's inner files.
 */
const SRC = path.resolve("src");
const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    const base = path.resolve(path.dirname(file), spec);
    const candidates = [
      base.replace(/\.js$/, ".ts"),
      base.replace(/\.js$/, ".tsx"),
      `${base}.ts`,
      path.join(base, "index.ts"),
    ];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (hit) out.push(hit);
  }
  return out;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(SRC, f);

/** A module (`modules/x/`) or one of the notification module's stages: a folder with a public face. */
const STAGES = ["outbox", "dispatch", "delivery", "settings", "http"];
function facesOf(file: string): string[] {
  const parts = rel(file).split(path.sep);
  if (parts[0] !== "modules" || parts.length < 3) return [];
  const module = path.join(SRC, "modules", parts[1]!);
  const faces = [module];
  if (parts.length > 3 && STAGES.includes(parts[2]!)) faces.push(path.join(module, parts[2]!));
  return faces;
}

describe("the source layout", () => {
  it("has no import cycle", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, "open");
      stack.push(f);
      for (const dep of graph.get(f) ?? []) {
        if (state.get(dep) === "open")
          cycles.push([...stack.slice(stack.indexOf(dep)), dep].map(rel).join(" → "));
        else if (!state.has(dep)) visit(dep);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("imports another module or stage only through its index.ts (a module's http/index.ts for src/http)", () => {
    const deep: string[] = [];
    for (const [from, deps] of graph) {
      for (const to of deps) {
        // The outermost folder with a face that holds `to` but not `from`: its face is the way in.
        const face = facesOf(to).find((f) => !from.startsWith(f + path.sep));
        if (!face) continue;
        const isModule = path.dirname(face) === path.join(SRC, "modules");
        const allowed = [
          path.join(face, "index.ts"),
          ...(isModule ? [path.join(face, "http", "index.ts")] : []),
        ];
        if (!allowed.includes(to)) deep.push(`${rel(from)} → ${rel(to)}`);
      }
    }
    expect(deep).toEqual([]);
  });

  it("found the files it checks", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => rel(f) === path.join("modules", "notifications", "outbox", "index.ts"))).toBe(
      true,
    );
  });
});
