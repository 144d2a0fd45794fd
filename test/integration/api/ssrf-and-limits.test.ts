import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../../../src/http/rate-limiter.js";
import { createTestApp, createTestClinic, type TestApp, tokenFor } from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";

let t: TestApp;
let http: TestServer;
let admin: string;

beforeAll(async () => {
  t = await createTestApp({ env: { SMTP_ALLOW_PRIVATE_HOSTS: "false" } });
  http = await startTestServer(t.app, { limits: { smtpTest: new RateLimiter(12) } });
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

describe("SMTP test guard", () => {
  it.each(["127.0.0.1", "localhost", "10.0.0.5", "192.168.1.10", "169.254.169.254", "[::1]"])(
    "refuses %s with a 422 naming host",
    async (host) => {
      const res = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
        token: admin,
        body: {
          to_email: "a@example.com",
          host,
          port: 25,
          use_tls: false,
          use_ssl: false,
          from_email: "c@example.com",
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe("host");
    },
  );

  it.each([
    "127.0.0.1",
    "localhost",
    "10.0.0.5",
    "172.16.0.1",
    "169.254.169.254",
    "[::1]",
    "::ffff:127.0.0.1",
  ])("refuses to save %s with a 422 naming host, and stores nothing", async (host) => {
    const res = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token: admin,
      body: { provider: "smtp", host, port: 587, from_email: "c@example.com", password: "secret" },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe("host");
    const got = await http.request("GET", "/api/v1/notifications/smtp-settings", { token: admin });
    expect(got.body.data.configured).toBe(false);
  });

  it("allows at least 10 tests a minute per clinic, then answers 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await http.request("POST", "/api/v1/notifications/test", {
        token: admin,
        body: { to_email: "a@example.com" },
      });
      statuses.push(res.status);
    }
    // 6 guarded tests above + 6 here reach the limit of 12; the rest are refused.
    expect(statuses.slice(0, 6).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});

describe("request bodies", () => {
  it("caps the body size with a 413", async () => {
    const res = await http.request("POST", "/api/v1/patients", {
      token: admin,
      rawBody: JSON.stringify({ first_name: "x".repeat(600_000) }),
    });
    expect(res.status).toBe(413);
  });
});
