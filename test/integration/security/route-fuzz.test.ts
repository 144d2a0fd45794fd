import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

/**
 * Every API route of the OpenAPI document, tried with what careless and hostile clients
 * send: wrong types, NUL bytes, huge and deep values, ids of nothing. None may answer 500.
 */
let admin: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
});

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema };
interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const deep = (n: number): unknown => {
  let v: unknown = "x";
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

const PATH_VALUES = [randomUUID(), "not-a-uuid", "a%00b", "x".repeat(1500), "%F0%28%8C%28", "..%2F..%2Fetc"];
const QUERY_VALUES = ["a%00b", "-1", "99999999999999999999", "x".repeat(3000), "%ZZ", "[]", "true"];
const WRONG_VALUES: unknown[] = [
  null,
  "a\u0000b",
  12.5,
  -1,
  true,
  [],
  {},
  "x".repeat(100_000),
  deep(200),
  "2026-13-45T99:99:99Z",
  "\ud800",
];

function bodiesFor(schema: Schema | undefined): unknown[] {
  const bodies: unknown[] = [{}, [], "text", 42, null, deep(2000)];
  const props = Object.keys(schema?.properties ?? {});
  for (const wrong of WRONG_VALUES) {
    if (props.length) bodies.push(Object.fromEntries(props.map((p) => [p, wrong])));
  }
  for (const p of props) {
    const sub = Object.keys(schema?.properties?.[p]?.properties ?? {});
    if (sub.length) {
      for (const wrong of WRONG_VALUES.slice(0, 4)) {
        bodies.push({ [p]: Object.fromEntries(sub.map((s) => [s, wrong])) });
      }
    }
  }
  return bodies;
}

describe("no route answers 500", () => {
  it("to hostile paths, queries and bodies", { timeout: 120_000 }, async () => {
    const doc = await http.request("GET", "/docs/json");
    const paths = doc.body.paths as Record<string, Record<string, Operation>>;
    const failures: string[] = [];
    let tried = 0;
    for (const [template, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        const queryParams = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
        const fill = (v: string) => pathParams.reduce((p, name) => p.replace(`{${name}}`, v), template);
        const tries: { path: string; body?: unknown }[] = [];
        for (const v of pathParams.length ? PATH_VALUES : [""]) tries.push({ path: fill(v) });
        for (const q of queryParams) {
          for (const v of QUERY_VALUES) tries.push({ path: `${fill(randomUUID())}?${q}=${v}` });
        }
        if (method !== "get" && method !== "delete") {
          const schema = op.requestBody?.content?.["application/json"]?.schema;
          for (const body of bodiesFor(schema)) tries.push({ path: fill(randomUUID()), body });
        }
        for (const attempt of tries) {
          tried++;
          const res = await http.request(method.toUpperCase(), attempt.path, {
            token: admin,
            rawBody: attempt.body === undefined ? undefined : JSON.stringify(attempt.body),
          });
          if (res.status >= 500)
            failures.push(`${method.toUpperCase()} ${attempt.path.slice(0, 80)} → ${res.status}`);
          else if (res.status >= 400 && res.headers.get("content-type")?.includes("json")) {
            expect(res.text).not.toMatch(/ at .+\.(ts|js):\d+/); // no stack trace
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });
});
