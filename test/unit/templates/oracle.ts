/** Runs real Jinja2 once per test file over a whole corpus (one Python process, JSON in and out). */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringifyJson } from "../../../src/core/json-floats.js";

const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/templates/jinja_oracle.py",
);

export interface OracleCase {
  id: string;
  source: string;
  context: Record<string, unknown>;
  autoescape: boolean;
  layouts?: Record<string, string>;
  /** Plain Jinja2 without the None-as-empty finalize (to show the documented deviation). */
  plain?: boolean;
}

export type OracleResult = { ok: true; out: string } | { ok: false; error: string };

export function runJinja2(cases: OracleCase[]): Map<string, OracleResult> {
  const res = spawnSync("python3", [SCRIPT], {
    // Boxed integral floats (contexts from JSON such as `1200.0`) reach Python as floats.
    input: stringifyJson({ cases }),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`jinja2 oracle failed: ${res.stderr}`);
  return new Map(Object.entries(JSON.parse(res.stdout) as Record<string, OracleResult>));
}
