import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let admin: string;
let routes: { method: string; path: string; hasBody: boolean; params: string[]; query: boolean }[] = [];

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, null, [
    "notifications.settings.read",
    "notifications.settings.write",
    "notifications.templates.read",
    "notifications.templates.write",
    "notifications.preferences.read",
    "notifications.preferences.write",
    "notifications.logs.read",
    "notifications.send",
    "notifications.events.publish",
    "notifications.webhooks.manage",
    "notifications.suppressions.read",
    "notifications.suppressions.write",
  ]);
  const doc = (await http.request("GET", "/docs/json")).body as {
    paths: Record<
      string,
      Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>
    >;
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      routes.push({
        method: method.toUpperCase(),
        path,
        hasBody: Boolean(op.requestBody),
        params: (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
        query: (op.parameters ?? []).some((p) => p.in === "query"),
      });
    }
  }
  // Clinic routes only: the system-template and system-webhook routes take an installation token
  // (system-templates.test.ts and the webhooks tests cover them).
  routes = routes.filter(
    (r) =>
      r.path.startsWith("/api/") &&
      !r.path.includes("/system-templates") &&
      !r.path.includes("/system-webhooks"),
  );
});

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);
const UUID = "7b0b3d4e-2a57-4c1e-9d53-0f7bb1c1a111";

function expectProblem(res: { status: number; headers: Headers; body: any }, label: string) {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.headers.get("content-type"), label).toContain("application/problem+json");
  expect(JSON.stringify(res.body), label).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe("every route of the OpenAPI document answers bad input with a 4xx, never a 5xx", () => {
  it("found the routes", () => {
    expect(routes.length).toBeGreaterThan(25);
  });

  it("malformed JSON, wrong types and unknown fields", async () => {
    for (const r of routes.filter((x) => x.hasBody)) {
      const path = fill(r.path, UUID);
      const label = `${r.method} ${r.path}`;
      expectProblem(
        await http.request(r.method, path, { token: admin, rawBody: "{not json" }),
        `${label} malformed`,
      );
      expectProblem(
        await http.request(r.method, path, { token: admin, rawBody: "[1,2,3]" }),
        `${label} array`,
      );
      expectProblem(
        await http.request(r.method, path, { token: admin, rawBody: '"just a string"' }),
        `${label} string`,
      );
      const unknown = await http.request(r.method, path, { token: admin, body: { surely_not_a_field: 1 } });
      expectProblem(unknown, `${label} unknown field`);
      const wrongTypes = await http.request(r.method, path, {
        token: admin,
        body: {
          patient_id: 12,
          email: false,
          to_email: [],
          settings: "x",
          subject: 5,
          template_key: null,
          total: 9,
          start_time: 1,
        },
      });
      expectProblem(wrongTypes, `${label} wrong types`);
      if (wrongTypes.status === 422) expect(wrongTypes.body.errors?.[0]?.field, label).toBeTruthy();
    }
  });

  it("bad UUIDs in the path name the parameter", async () => {
    for (const r of routes.filter((x) => x.params.length)) {
      const res = await http.request(r.method, fill(r.path, "not-a-uuid"), {
        token: admin,
        body: r.hasBody ? {} : undefined,
      });
      expectProblem(res, `${r.method} ${r.path}`);
      expect(res.status, `${r.method} ${r.path}`).toBe(422);
      expect(res.body.errors[0].field).toMatch(/^params\./);
    }
  });

  it("unknown query parameters and bad query values", async () => {
    for (const r of routes.filter((x) => x.method === "GET")) {
      const res = await http.request(
        "GET",
        `${fill(r.path, UUID)}?page=0&page_size=1000&from=yesterday&zz=1`,
        { token: admin },
      );
      if (r.query) {
        expectProblem(res, `${r.path} query`);
        expect(res.body.errors[0].field, r.path).toMatch(/^query\./);
      } else {
        expect(res.status, r.path).toBeLessThan(500);
      }
    }
  });

  it("ids that exist nowhere are 404, not 500", async () => {
    for (const r of routes.filter((x) => x.params.length)) {
      const res = await http.request(r.method, fill(r.path, UUID), { token: admin });
      expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);
    }
  });
});
