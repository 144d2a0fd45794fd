import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let staff: string;
let patientLink: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  staff = await tokenFor(t.app, c.clinicId, "admin");
  const p = await http.request("POST", "/api/v1/patients", {
    token: staff,
    body: { first_name: "Ana", email: "ana@example.com" },
  });
  patientLink = await t.app.tokens.signPatientLink(c.clinicId, p.body.data.id, 3600);
});

/** The Content-Security-Policy header as directive → sources. */
function csp(headers: Headers): Map<string, string[]> {
  const value = headers.get("content-security-policy");
  expect(value, "Content-Security-Policy").toBeTruthy();
  return new Map(
    value!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectCommonHeaders(headers: Headers, label: string) {
  expect(headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(headers.get("x-frame-options"), label).toBe("DENY");
  expect(headers.get("referrer-policy"), label).toBe("no-referrer");
  expect(csp(headers).get("frame-ancestors"), label).toEqual(["'none'"]);
}

describe("security headers", () => {
  it("on API answers: nosniff, never framed, nothing to load", async () => {
    const me = await http.request("GET", "/api/v1/patients", { token: staff });
    expect(me.status).toBe(200);
    expectCommonHeaders(me.headers, "GET /api/v1/patients");
    expect(csp(me.headers).get("default-src")).toEqual(["'none'"]);
    const health = await http.request("GET", "/healthz");
    expectCommonHeaders(health.headers, "GET /healthz");
  });

  it("on problem+json errors: 401, 404, 400, 422", async () => {
    const answers = [
      await http.request("GET", "/api/v1/patients"),
      await http.request("GET", "/api/v1/no-such-route"),
      await http.request("POST", "/api/v1/patients", { token: staff, rawBody: "{not json" }),
      await http.request("POST", "/api/v1/patients", { token: staff, body: { first_name: "a\nb" } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 404, 400, 422]);
    for (const a of answers) {
      const label = `${a.status} ${a.text.slice(0, 80)}`;
      expect(a.status, label).toBeGreaterThanOrEqual(400);
      expect(a.headers.get("content-type"), label).toContain("application/problem+json");
      expectCommonHeaders(a.headers, label);
    }
  });

  it("on /p/ patient pages: a strict policy that allows exactly the page's own stylesheet", async () => {
    for (const path of [
      `/p/preferences/${patientLink}`,
      `/p/unsubscribe/${patientLink}`,
      "/p/preferences/not-a-valid-token",
    ]) {
      const page = await http.request("GET", path);
      expect(page.headers.get("content-type"), path).toContain("text/html");
      expectCommonHeaders(page.headers, path);
      const policy = csp(page.headers);
      expect(policy.get("default-src"), path).toEqual(["'none'"]);
      expect(policy.get("script-src"), path).toBeUndefined();
      expect(policy.get("form-action"), path).toEqual(["'self'"]);
      const styles = [...page.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles, path).toHaveLength(1);
      const hash = createHash("sha256").update(styles[0]!).digest("base64");
      expect(policy.get("style-src"), path).toEqual([`'sha256-${hash}'`]);
      expect(page.text, path).not.toMatch(/\sstyle=|<script/i);
    }
  });

  it("on the staff UI: scripts from the server only, and its index has no inline script", async () => {
    expect(existsSync("web/dist/index.html"), "run npm run build:web first").toBe(true);
    for (const path of ["/", "/settings/notifications"]) {
      const page = await http.request("GET", path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-type"), path).toContain("text/html");
      expectCommonHeaders(page.headers, path);
      const policy = csp(page.headers);
      expect(policy.get("script-src"), path).toEqual(["'self'"]);
      expect(policy.get("object-src"), path).toEqual(["'none'"]);
      const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs, path).toMatch(/\ssrc="\/assets\//);
        expect(body!.trim(), path).toBe("");
      }
    }
  });

  it("on Swagger UI at /docs: its own policy, still never framed", async () => {
    const docs = await http.request("GET", "/docs/");
    expect(docs.status).toBe(200);
    expectCommonHeaders(docs.headers, "/docs/");
    expect(csp(docs.headers).get("script-src")).toEqual(["'self'"]);
    const json = await http.request("GET", "/docs/json");
    expect(json.status).toBe(200);
    expect(json.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
